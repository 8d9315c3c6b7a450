// Languages of the server (`GET /lookup/Languages`): a picker shows their names, the start
// request sends the id. A person types "German" or "de", never a UUID.

import { z } from 'zod';
import type { NomadApi } from './api';
import { UploadError } from './errors';

export interface Language {
  id: string;
  /** The human-readable name (LookupModel.description), e.g. "German". */
  name: string;
  /** The internal name (LookupModel.name), e.g. the ISO code "de"; null when the server gives none. */
  code: string | null;
}

const lookupSchema = z.object({
  items: z
    .array(
      z
        .object({
          id: z.string().nullable().optional(),
          description: z.string().nullable().optional(),
          name: z.string().nullable().optional(),
          rankSeq: z.number().nullable().optional(),
        })
        .passthrough(),
    )
    .nullable()
    .optional()
    .transform((v) => v ?? []),
});

/** The server's languages, by name: entries without an id cannot be sent and are left out. */
export async function listLanguages(api: NomadApi, signal?: AbortSignal): Promise<Language[]> {
  const answer = await api.send('GET', '/lookup/Languages', { route: 'GET /lookup/{lookupType}', schema: lookupSchema, signal });
  const languages: Language[] = [];
  for (const item of answer.items) {
    if (!item.id) continue;
    const name = item.description?.trim() || item.name?.trim() || item.id;
    languages.push({ id: item.id, name, code: item.name?.trim() || null });
  }
  const collator = new Intl.Collator('en', { sensitivity: 'base' });
  return languages.sort((a, b) => collator.compare(a.name, b.name));
}

/** The language a person named: by id, by name or by code, ignoring case. */
export function findLanguage(languages: readonly Language[], wanted: string): Language {
  const text = wanted.trim();
  const lower = text.toLocaleLowerCase();
  const byId = languages.find((language) => language.id.toLowerCase() === lower);
  if (byId) return byId;
  const matches = languages.filter((language) => language.name.toLocaleLowerCase() === lower || language.code?.toLocaleLowerCase() === lower);
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    throw new UploadError('name-ambiguous', `"${text}" names ${matches.length} languages (${matches.map((l) => l.name).join(', ')}): give its id.`);
  }
  const close = languages.filter((language) => language.name.toLocaleLowerCase().startsWith(lower.slice(0, 2))).slice(0, 5);
  const hint = close.length > 0 ? ` Did you mean ${close.map((l) => l.name).join(', ')}?` : '';
  throw new UploadError('language-unknown', `The server has no language "${text}".${hint}`, { request: 'GET /lookup/{lookupType}' });
}
