// Where the app's uploads go, by path: the folder browser's listings, the path of the chosen
// folder (kept in Settings beside its id, so the window names it without asking the server),
// and the recent destinations a person picks from again.

import type { NomadApi } from '../engine/api';
import { chainPath, createFolder, folderChain, listFolders, ROOT_FOLDER_ID, type FolderNode, type FolderPage } from '../engine/api-folders';
import { INCOMING_FOLDER_NAME } from '../engine/folder-paths';
import type { RecentDestination, Settings } from '../../preload/contract';

/** Recent destinations kept: a short list to pick from, not a log (that is the history). */
export const RECENT_DESTINATIONS_LIMIT = 8;

/** Paths of folders by id, asked once per folder and run. */
export class FolderPaths {
  readonly #known = new Map<string, Promise<string>>();

  pathOf(api: NomadApi, id: string | null): Promise<string> {
    if (id === null) return Promise.resolve(INCOMING_FOLDER_NAME);
    let path = this.#known.get(id);
    if (!path) {
      path = folderChain(api, id).then(chainPath);
      // A failed lookup is not remembered: the next drop asks again.
      path.catch(() => this.#known.delete(id));
      this.#known.set(id, path);
    }
    return path;
  }

  remember(id: string, path: string): void {
    this.#known.set(id, Promise.resolve(path));
  }
}

/**
 * Settings after a change, with the destination's path and the recent list kept by main:
 * whatever the renderer sent for those two is ignored, the server's names are the truth.
 */
export async function withDestinationPath(api: NomadApi, paths: FolderPaths, previous: Settings, next: Settings): Promise<Settings> {
  if (next.defaultParentId === previous.defaultParentId) {
    return { ...next, defaultParentPath: previous.defaultParentPath, recentDestinations: previous.recentDestinations };
  }
  if (next.defaultParentId === null) {
    return { ...next, defaultParentPath: null, recentDestinations: previous.recentDestinations };
  }
  const id = next.defaultParentId;
  const path = await paths.pathOf(api, id);
  const recent: RecentDestination[] = [{ id, path }, ...previous.recentDestinations.filter((r) => r.id !== id)].slice(0, RECENT_DESTINATIONS_LIMIT);
  return { ...next, defaultParentPath: path, recentDestinations: recent };
}

export function browseFolders(api: NomadApi, parentId: string | null, nameContains: string | undefined, pageOffset: number | undefined): Promise<FolderPage> {
  return listFolders(api, parentId ?? ROOT_FOLDER_ID, { nameContains, pageOffset });
}

export async function newFolder(api: NomadApi, paths: FolderPaths, parentId: string, name: string): Promise<FolderNode> {
  const folder = await createFolder(api, parentId, name);
  const parentPath = await paths.pathOf(api, parentId).catch(() => null);
  if (parentPath !== null) paths.remember(folder.id, `${parentPath}/${folder.name}`);
  return folder;
}

/**
 * The asset's page in Nomad's web app. The spec describes only the API; the web app is
 * served from the same origin, with assets under /assets/{id}.
 */
export function assetPageUrl(apiBaseUrl: string, assetId: string): string {
  const origin = apiBaseUrl.replace(/\/api$/i, '');
  return `${origin}/assets/${encodeURIComponent(assetId)}`;
}
