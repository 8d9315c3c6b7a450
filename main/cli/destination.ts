// Where an upload run goes, from what a person typed: `--to` by folder names (created with
// --create-folders), `--language` by name or code. Resolved once, after sign-in and before
// any file is started, so a typo stops the run with one line and nothing sent.

import type { NomadApi } from '../engine/api';
import { chainPath, folderChain } from '../engine/api-folders';
import { findLanguage, listLanguages } from '../engine/api-languages';
import { UploadError, toUploadError } from '../engine/errors';
import { INCOMING_FOLDER_NAME, resolveFolderPath } from '../engine/folder-paths';

export interface Destination {
  parentId: string | null;
  languageId: string | null;
  /** The folder by its path, for the output and the report. */
  path: string;
  /** Folders --create-folders made, top down. */
  created: string[];
  /** The language as the server names it; null = the server's default. */
  languageName: string | null;
}

export type DestinationResult = { ok: true; destination: Destination } | { ok: false; message: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface DestinationWanted {
  to?: string | null;
  createFolders?: boolean;
  parentId?: string | null;
  language?: string | null;
}

export async function resolveDestination(api: NomadApi, wanted: DestinationWanted): Promise<DestinationResult> {
  try {
    let parentId = wanted.parentId ?? null;
    let path = INCOMING_FOLDER_NAME;
    let created: string[] = [];
    if (wanted.to) {
      const resolved = await resolveFolderPath(api, wanted.to, { create: wanted.createFolders ?? false });
      parentId = resolved.id;
      path = chainPath(resolved.chain);
      created = resolved.created;
    } else if (parentId !== null) {
      // A folder given by id is still shown by its path; a server that cannot say keeps the id.
      path = await folderChain(api, parentId).then(chainPath, () => parentId!);
    }
    const language = wanted.language ? await resolveLanguage(api, wanted.language) : null;
    return { ok: true, destination: { parentId, languageId: language?.id ?? null, path, created, languageName: language?.name ?? null } };
  } catch (error) {
    return { ok: false, message: toUploadError(error).message };
  }
}

async function resolveLanguage(api: NomadApi, wanted: string): Promise<{ id: string; name: string | null }> {
  try {
    return findLanguage(await listLanguages(api), wanted);
  } catch (error) {
    // A server without the languages lookup can still take an id it knows.
    const lookupMissing = error instanceof UploadError && (error.context.status === 404 || error.context.status === 405);
    if (lookupMissing && UUID.test(wanted.trim())) return { id: wanted.trim(), name: null };
    throw error;
  }
}

/** One line saying where a run goes, when a person named it (or folders were created). */
export function destinationNote(destination: Destination, named: boolean): string | null {
  const created = destination.created.length > 0 ? ` (created ${destination.created.map((name) => `"${name}"`).join(', ')})` : '';
  const language = destination.languageName ? `, language ${destination.languageName}` : '';
  if (!named && created === '' && language === '') return null;
  return `Destination: ${destination.path}${created}${language}.`;
}
