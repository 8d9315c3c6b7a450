// Settings: defaults, validation and merging. Plain data; where it is stored is the
// SettingsStore's business (electron-store in the app, memory in tests).

import { z } from 'zod';
import { UPLOAD_OVERWRITE_OPTIONS, UPLOAD_REPLACE_OPTIONS } from '../../shared/upload-options';
import { BANDWIDTH_LIMITS, CONCURRENCY_LIMITS } from '../../shared/limits';
import { PROFILE_NAME_MAX, SERVER_URL_MAX, serverAddressProblem } from '../../shared/profile-rules';
import { UI_LOCALES, type Settings } from '../../preload/contract';

/** The built-in profile of the embedded local sandbox (also its journal key): always there, never removed. */
export const SANDBOX_PROFILE_ID = 'local-sandbox';
/** Saved servers a person keeps ("Production", "Staging", …): enough for any desk, few enough for a menu. */
export const MAX_PROFILES = 20;
/** What uploads of a profile that is not shown do: keep running, or wait (a system pause) until it is shown again. */
export const BACKGROUND_UPLOADS = ['continue', 'pause'] as const;

export const DEFAULT_SETTINGS: Settings = {
  target: { kind: 'sandbox' },
  defaultParentId: null,
  defaultParentPath: null,
  recentDestinations: [],
  languageId: null,
  concurrency: CONCURRENCY_LIMITS.default,
  bandwidthLimit: 0,
  overwrite: 'Ask',
  replaceOptions: [],
  uiLocale: null,
  attachSidecars: false,
  profiles: [],
  activeProfileId: SANDBOX_PROFILE_ID,
  backgroundUploads: 'continue',
};

const id = z.string().trim().min(1).max(200);

export const httpUrlSchema = z
  .string()
  .trim()
  .max(SERVER_URL_MAX)
  .refine((value) => serverAddressProblem(value) === null, 'Enter the server address, e.g. https://nomad.example.com');

export const profileIdSchema = z.string().regex(/^[a-z0-9-]{1,64}$/, 'A profile id is 1 to 64 lowercase letters, digits or dashes.');
export const profileNameSchema = z.string().trim().min(1, 'Give the server a name.').max(PROFILE_NAME_MAX, `A server name has at most ${PROFILE_NAME_MAX} characters.`);

export const serverProfileSchema = z.object({ id: profileIdSchema, name: profileNameSchema, url: httpUrlSchema }).strict();
export type ServerProfile = z.infer<typeof serverProfileSchema>;

export const settingsSchema = z
  .object({
    target: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('sandbox') }).strict(),
      z.object({ kind: z.literal('server'), url: httpUrlSchema }).strict(),
    ]),
    /** Folder asset id uploads go to; null = the server's incoming folder. Chosen in the folder browser, never typed. */
    defaultParentId: id.nullable(),
    /** That folder by its path, as the server named it when it was chosen (kept by main). */
    defaultParentPath: z.string().max(4096).nullable(),
    /** Folders chosen before, newest first (kept by main). */
    recentDestinations: z.array(z.object({ id, path: z.string().max(4096) }).strict()).max(32),
    languageId: id.nullable(),
    /** In-flight part budget shared by all uploads (shared/limits.ts). */
    concurrency: z
      .number()
      .int()
      .min(CONCURRENCY_LIMITS.min, `At least ${CONCURRENCY_LIMITS.min} part at a time`)
      .max(CONCURRENCY_LIMITS.max, `At most ${CONCURRENCY_LIMITS.max} parts at a time`),
    /** Bytes per second, 0 = unlimited. Applies while uploads run. */
    bandwidthLimit: z.number().int().min(BANDWIDTH_LIMITS.unlimited).max(BANDWIDTH_LIMITS.max),
    overwrite: z.enum(['Ask', ...UPLOAD_OVERWRITE_OPTIONS]),
    replaceOptions: z.array(z.enum(UPLOAD_REPLACE_OPTIONS)).max(UPLOAD_REPLACE_OPTIONS.length),
    /** Language of the window; null = the operating system's. */
    uiLocale: z.enum(UI_LOCALES).nullable(),
    /**
     * A dropped folder holding `clip.mov` and `clip.srt`: attach the subtitle to the clip instead
     * of uploading it as an asset of its own. Off by default.
     */
    attachSidecars: z.boolean(),
    /** Saved servers, each with its own sign-in (in the secret store, keyed by the profile's id). */
    profiles: z.array(serverProfileSchema).max(MAX_PROFILES),
    /** The profile shown: SANDBOX_PROFILE_ID or one of `profiles`. `target` is where it points. */
    activeProfileId: profileIdSchema,
    backgroundUploads: z.enum(BACKGROUND_UPLOADS),
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
  // Every field is valid on its own (read or default); the parse types the whole.
  return settingsSchema.parse(merged);
}
