// A destination given by names ("Projects/Shoot 1/Day 2"), turned into the folder id the
// start request needs — walking the tree one name at a time, and creating what is missing
// when asked. Nobody knows their folder's UUID; everybody knows its path.

import type { NomadApi } from './api';
import { createFolder, listAllFolders, listFolders, ROOT_FOLDER_ID, type FolderNode } from './api-folders';
import { UploadError } from './errors';

/**
 * The name of the folder that takes uploads sent without a parentId. The spec calls it "the
 * incoming folder" and does not say how to find it; Nomad (and the sandbox) show it at the
 * root under this name.
 */
export const INCOMING_FOLDER_NAME = 'Incoming';

export interface ParsedFolderPath {
  /** `/Media/Projects` starts at the root; `Projects/Shoot 1` in the incoming folder. */
  fromRoot: boolean;
  names: string[];
}

/** Splits a path given by a person; empty, `.` and `..` segments are refused, never guessed at. */
export function parseFolderPath(raw: string): ParsedFolderPath {
  const text = raw.trim();
  const fromRoot = text.startsWith('/');
  const names = text
    .split('/')
    .map((segment) => segment.trim())
    .filter((segment, index, all) => !(segment === '' && (index === 0 || index === all.length - 1)));
  if (names.some((name) => name === '' || name === '.' || name === '..')) {
    throw new UploadError('bad-request', `"${raw}" is not a folder path: use names separated by "/", without empty, "." or ".." parts.`);
  }
  if (fromRoot && names.length === 0) {
    throw new UploadError('bad-request', 'The root holds buckets only: give a bucket, e.g. "/Media/Projects".');
  }
  return { fromRoot, names };
}

export interface ResolvedFolder {
  id: string;
  /** Every folder from the root down to the destination (the root itself left out). */
  chain: FolderNode[];
  /** Names of the folders this call created, top down. */
  created: string[];
}

export interface ResolveOptions {
  /** Create the folders that do not exist yet (`--create-folders`). */
  create?: boolean;
  signal?: AbortSignal;
}

/** The one folder among `candidates` called `name`: exact first, then ignoring case if that is unique. */
export function pickByName(candidates: readonly FolderNode[], name: string, where: string): FolderNode | null {
  const exact = candidates.filter((folder) => folder.name === name);
  const matches = exact.length > 0 ? exact : candidates.filter((folder) => folder.name.toLocaleLowerCase() === name.toLocaleLowerCase());
  if (matches.length > 1) {
    throw new UploadError('name-ambiguous', `${where} holds ${matches.length} folders called "${name}": rename one, or choose it in the app.`);
  }
  return matches[0] ?? null;
}

/** The incoming folder: where a path without a leading "/" starts. */
export async function findIncomingFolder(api: NomadApi, signal?: AbortSignal): Promise<FolderNode> {
  const rootFolders = await listAllFolders(api, ROOT_FOLDER_ID, { signal });
  const incoming = pickByName(rootFolders, INCOMING_FOLDER_NAME, 'The root');
  if (incoming) return incoming;
  throw new UploadError(
    'folder-missing',
    `The server shows no "${INCOMING_FOLDER_NAME}" folder at the root: give the path from a bucket, e.g. "/${rootFolders[0]?.name ?? 'Media'}/…".`,
  );
}

export async function resolveFolderPath(api: NomadApi, raw: string, options: ResolveOptions = {}): Promise<ResolvedFolder> {
  const path = parseFolderPath(raw);
  const chain: FolderNode[] = [];
  if (!path.fromRoot) chain.push(await findIncomingFolder(api, options.signal));
  const created: string[] = [];
  for (const [index, name] of path.names.entries()) {
    const parent = chain.at(-1);
    const parentId = parent?.id ?? ROOT_FOLDER_ID;
    const where = parent ? `"${chain.map((f) => f.name).join('/')}"` : 'The root';
    // Asking the server for this name (not listing every sibling) keeps a folder with
    // thousands of sub-folders one request per level.
    const { folders } = await listFolders(api, parentId, { nameContains: name, signal: options.signal });
    let folder = pickByName(folders, name, where);
    if (!folder) {
      if (!options.create) {
        const wanted = path.names.slice(index).join('/');
        throw new UploadError('folder-missing', `${where} has no folder "${name}" (looking for "${wanted}"). Create it with --create-folders, or check the spelling.`);
      }
      if (parentId === ROOT_FOLDER_ID) throw new UploadError('folder-missing', `There is no bucket "${name}" at the root, and buckets cannot be created here.`);
      folder = await createFolder(api, parentId, name, options.signal);
      created.push(name);
    }
    chain.push(folder);
  }
  const last = chain.at(-1);
  if (!last) throw new UploadError('bad-request', 'Give the folder to upload into.');
  return { id: last.id, chain, created };
}
