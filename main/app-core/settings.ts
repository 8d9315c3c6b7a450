// Settings: defaults, validation and merging. Plain data; where it is stored is the
// SettingsStore's business (electron-store in the app, memory in tests).

import { z } from 'zod';
import { UPLOAD_OVERWRITE_OPTIONS, UPLOAD_REPLACE_OPTIONS } from '../engine/protocol';
import { UI_LOCALES, type Settings } from '../../preload/contract';

export const DEFAULT_SETTINGS: Settings = {
  target: { kind: 'sandbox' },
  defaultParentId: null,
  defaultParentPath: null,
  recentDestinations: [],
  languageId: null,
  concurrency: 6,
  bandwidthLimit: 0,
  overwrite: 'Ask',
  replaceOptions: [],
  uiLocale: null,
  attachSidecars: false,
};

const id = z.string().trim().min(1).max(200);

export const httpUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
    } catch {
      return false;
    }
  }, 'Enter the server address, e.g. https://nomad.example.com');

export const settingsSchema = z
  .object({
    target: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('sandbox') }).strict(),
      z.object({ kind: z.literal('server'), url: httpUrlSchema }).strict(),
    ]),
    defaultParentId: id.nullable(),
    defaultParentPath: z.string().max(4096).nullable(),
    recentDestinations: z.array(z.object({ id, path: z.string().max(4096) }).strict()).max(32),
    languageId: id.nullable(),
    concurrency: z.number().int().min(1, 'At least 1 part at a time').max(32, 'At most 32 parts at a time'),
    bandwidthLimit: z.number().int().min(0).max(100 * 1024 ** 3),
    overwrite: z.enum(['Ask', ...UPLOAD_OVERWRITE_OPTIONS]),
    replaceOptions: z.array(z.enum(UPLOAD_REPLACE_OPTIONS)).max(UPLOAD_REPLACE_OPTIONS.length),
    uiLocale: z.enum(UI_LOCALES).nullable(),
    attachSidecars: z.boolean(),
  })
  .strict();

export const settingsPatchSchema = settingsSchema.partial().strict();

export interface SettingsStore {
  read(): unknown;
  write(settings: Settings): void;
}

export class MemorySettingsStore implements SettingsStore {
  #value: unknown;

  constructor(initial: unknown = undefined) {
    this.#value = initial;
  }

  read(): unknown {
    return this.#value;
  }

  write(settings: Settings): void {
    this.#value = structuredClone(settings);
  }
}

/** Stored settings that no longer validate (older version, hand edits) fall back field by field. */
export function loadSettings(store: SettingsStore): Settings {
  const raw = store.read();
  if (raw === null || typeof raw !== 'object') return structuredClone(DEFAULT_SETTINGS);
  const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(DEFAULT_SETTINGS) as Array<keyof Settings>) {
    const field = settingsSchema.shape[key].safeParse((raw as Record<string, unknown>)[key]);
    if (field.success) merged[key] = field.data;
  }
  return merged as unknown as Settings;
}
