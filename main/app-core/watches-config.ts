// What a watch folder of the app is: the person's choices (a draft, as the form sends it),
// the saved configuration (the draft plus what main keeps: id, the destination's path, paused)
// and what the window shows of a running watch. One zod schema per shape, used for the IPC
// payloads and for the file the watches are saved in, so both refuse the same things.

import { z } from 'zod';
import { isValidIgnorePattern, WATCH_DEFAULT_IGNORES } from '../../shared/ignore-patterns';
import { WATCH_QUIET_PERIOD } from '../../shared/watch-limits';
import type { OverwritePolicy } from '../engine/views';
import { settingsSchema } from './settings';

/** Watches one app keeps: more is a configuration mistake (each holds an index in memory). */
export const WATCHES_LIMIT = 50;
/** Ignore patterns of one watch. */
export const WATCH_IGNORE_LIMIT = 200;

/** The person's choices for a watch: what the form sends to add or edit one. */
export interface WatchDraft {
  /** The local folder, absolute. */
  folder: string;
  /** Folder asset id on the server; null = its Incoming folder. Chosen in the folder browser. */
  parentId: string | null;
  overwrite: OverwritePolicy;
  /** Sub-folders count (their files keep their place under the destination). */
  recursive: boolean;
  /** Names never uploaded; the defaults (WATCH_DEFAULT_IGNORES) unless the person edited them. */
  ignore: string[];
  /** A file is taken once its size and times stayed the same this long. */
  quietPeriodMs: number;
  /** After an upload, move the file into `Uploaded/` under the watched folder. */
  moveUploaded: boolean;
}

/** A saved watch. */
export interface WatchConfig extends WatchDraft {
  /** Names its index too: [A-Za-z0-9_-]. */
  id: string;
  /** The destination by its path on the server, as it was when chosen (kept by main). */
  parentPath: string;
  paused: boolean;
}

/** Where a watch is, with the data each state has to show. */
export type WatchStateView =
  | { kind: 'starting' }
  | { kind: 'watching'; liveEvents: boolean }
  | { kind: 'paused' }
  /** Signed out (or not yet connected): the watch starts once there is a queue to fill. */
  | { kind: 'waiting-for-sign-in' }
  /** The folder is gone or unreadable (a card pulled, a share unmounted): looked for again on each rescan. */
  | { kind: 'folder-missing'; message: string }
  /** The watch could not start (its index unreadable): what went wrong. */
  | { kind: 'failed'; message: string };

export type WatchStateKind = WatchStateView['kind'];

export interface WatchView {
  config: WatchConfig;
  state: WatchStateView;
  /** Files in the folder at the last scan (ignored ones apart). */
  files: number;
  /** Waiting for a file to stop changing. */
  settling: number;
  /** In the queue and not finished. */
  uploading: number;
  /** Uploaded since the app started. */
  uploaded: number;
  failed: number;
}

/** What the Watch folders screen starts a new watch with, and the limits of its fields. */
export interface WatchDefaults {
  ignore: string[];
  quietPeriodMs: { default: number; min: number; max: number };
}

export const WATCH_DEFAULTS: WatchDefaults = {
  ignore: [...WATCH_DEFAULT_IGNORES],
  quietPeriodMs: { default: WATCH_QUIET_PERIOD.defaultMs, min: WATCH_QUIET_PERIOD.minMs, max: WATCH_QUIET_PERIOD.maxMs },
};

/** Absolute local paths: no NUL (it truncates paths in C APIs), bounded length. */
export const absolutePathSchema = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), 'Paths cannot contain NUL characters.')
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'), 'Paths must be absolute.');

export const watchIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Not a watch id.');

export const watchDraftSchema = z
  .object({
    folder: absolutePathSchema,
    parentId: settingsSchema.shape.defaultParentId,
    overwrite: settingsSchema.shape.overwrite,
    recursive: z.boolean(),
    ignore: z
      .array(z.string().refine(isValidIgnorePattern, 'An ignore pattern is a name or a glob such as *.tmp, without "/" or "\\".'))
      .max(WATCH_IGNORE_LIMIT, `At most ${WATCH_IGNORE_LIMIT} ignore patterns.`),
    quietPeriodMs: z
      .number()
      .int()
      .min(WATCH_QUIET_PERIOD.minMs, `The quiet period is at least ${WATCH_QUIET_PERIOD.minMs / 1000} s.`)
      .max(WATCH_QUIET_PERIOD.maxMs, `The quiet period is at most ${WATCH_QUIET_PERIOD.maxMs / 1000} s.`),
    moveUploaded: z.boolean(),
  })
  .strict() satisfies z.ZodType<WatchDraft>;

export const watchConfigSchema = watchDraftSchema
  .extend({ id: watchIdSchema, parentPath: z.string().max(4096), paused: z.boolean() })
  .strict() satisfies z.ZodType<WatchConfig>;
