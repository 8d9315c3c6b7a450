// Run-time validation of every command payload, in step with preload/contract.ts: the
// `satisfies` below fails to compile when a command is added to the contract without a
// schema here, and test/unit/ipc checks that each schema accepts what the type allows.
// The renderer is treated as untrusted: whatever it sends, main gets a typed value or a
// validation error, never an exception.

import { z } from 'zod';
import { UPLOAD_REPLACE_OPTIONS } from '../engine/protocol';
import type { JobAction } from '../../preload/contract';
import type { CommandName, CommandPayload } from '../../preload/contract';
import { httpUrlSchema, profileIdSchema, profileNameSchema, settingsPatchSchema } from '../app-core/settings';
import { absolutePathSchema, watchDraftSchema, watchIdSchema } from '../app-core/watches-config';

// Ids end up as path segments of API URLs (`/asset/upload/{id}/cancel`). encodeURIComponent
// leaves `.` alone and URL parsing resolves dot segments, so an id of `..` would turn
// `/asset/upload/../cancel` into `/asset/cancel`: refuse them here, whatever the engine does.
const id = z
  .string()
  .min(1)
  .max(200)
  .refine((value) => value !== '.' && value !== '..', 'Not a valid id.');
const empty = z.object({}).strict();

/** Absolute local paths (watches-config.ts: the watch folder's path is checked the same way). */
const localPath = absolutePathSchema;

export const payloadSchemas = {
  enqueuePaths: z
    .object({ paths: z.array(localPath).min(1).max(100_000), parentId: id.nullable().optional(), again: z.boolean().optional() })
    .strict(),
  addFromDialog: z.object({ kind: z.enum(['files', 'folder']) }).strict(),
  pauseJob: z.object({ id }).strict(),
  resumeJob: z.object({ id }).strict(),
  cancelJob: z.object({ id }).strict(),
  retryJob: z.object({ id }).strict(),
  removeJob: z.object({ id }).strict(),
  pauseAll: empty,
  resumeAll: empty,
  retryFailed: empty,
  clearFinished: empty,
  removeFailed: empty,
  applyToJobs: z
    .object({
      action: z.enum(['pause', 'resume', 'retry', 'cancel', 'remove'] satisfies JobAction[]),
      // A bulk action over the biggest queue the app handles (a 10,000-file card, ten times).
      ids: z.array(id).min(1).max(100_000),
    })
    .strict(),
  locateFile: z.object({ id }).strict(),
  retryWithSettings: z.object({ ids: z.array(id).min(1).max(100_000) }).strict(),
  resolveConflict: z
    .object({
      id,
      action: z.enum(['continue', 'replace', 'asset-replace', 'skip']),
      replaceOptions: z.array(z.enum(UPLOAD_REPLACE_OPTIONS)).max(UPLOAD_REPLACE_OPTIONS.length),
      applyToAll: z.boolean(),
    })
    .strict(),
  getSnapshot: empty,
  getSettings: empty,
  updateSettings: z.object({ patch: settingsPatchSchema }).strict(),
  getAccount: empty,
  signIn: z
    .object({
      serverUrl: httpUrlSchema,
      userName: z.string().trim().min(1, 'Enter your user name.').max(320),
      password: z.string().min(1, 'Enter your password.').max(1024),
    })
    .strict(),
  signInStep: z
    .object({
      serverUrl: httpUrlSchema,
      userName: z.string().trim().min(1, 'Enter your user name.').max(320),
      password: z.string().min(1, 'Enter your password.').max(1024),
      // Authenticator codes are 6–8 digits; a little room for servers with longer ones.
      code: z.string().trim().regex(/^\d{4,10}$/, 'Enter the digits your authenticator app shows.').optional(),
      newPassword: z.string().min(1, 'Enter a new password.').max(1024).optional(),
    })
    .strict(),
  signInWithApiKey: z
    .object({ serverUrl: httpUrlSchema, apiKey: z.string().trim().min(1, 'Enter the API key.').max(4096).regex(/^\S+$/, 'An API key has no spaces.') })
    .strict(),
  signInWithSso: z
    .object({ serverUrl: httpUrlSchema, provider: z.string().trim().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Enter the name of the sign-in provider, e.g. azure.') })
    .strict(),
  cancelSso: empty,
  testConnection: z.object({ writeTest: z.boolean() }).strict(),
  signOut: empty,
  useSandbox: empty,
  addProfile: z.object({ name: profileNameSchema, url: httpUrlSchema }).strict(),
  switchProfile: z.object({ id: profileIdSchema }).strict(),
  renameProfile: z.object({ id: profileIdSchema, name: profileNameSchema }).strict(),
  removeProfile: z.object({ id: profileIdSchema }).strict(),
  listLeftovers: empty,
  discardLeftover: z.object({ uploadId: id }).strict(),
  openExternal: z.object({ url: z.string().max(2048) }).strict(),
  getUpdates: empty,
  checkForUpdates: empty,
  restartToUpdate: empty,
  setAutoUpdate: z.object({ on: z.boolean() }).strict(),
  listFolders: z
    .object({ parentId: id.nullable(), nameContains: z.string().max(200).optional(), pageOffset: z.number().int().min(0).max(1_000_000).optional() })
    .strict(),
  folderPath: z.object({ id }).strict(),
  createFolder: z
    .object({
      parentId: id,
      // A folder name, not a path: a "/" would make a folder the person did not mean.
      name: z.string().trim().min(1, 'Give the folder a name.').max(255).refine((n) => !/[\\/\u0000-\u001f\u007f]/.test(n), 'A folder name cannot hold "/", "\\" or control characters.'),
    })
    .strict(),
  listLanguages: empty,
  processingStatus: z.object({ assetId: id }).strict(),
  openInNomad: z.object({ assetId: id }).strict(),
  attachFiles: z.object({ assetId: id, paths: z.array(localPath).min(1).max(1000).optional() }).strict(),
  listHistory: z.object({ query: z.string().max(500).optional() }).strict(),
  exportHistory: z.object({ format: z.enum(['csv', 'json']), query: z.string().max(500).optional() }).strict(),
  clearHistory: empty,
  listWatches: empty,
  pickWatchFolder: empty,
  addWatch: z.object({ watch: watchDraftSchema }).strict(),
  updateWatch: z.object({ id: watchIdSchema, watch: watchDraftSchema }).strict(),
  setWatchPaused: z.object({ id: watchIdSchema, paused: z.boolean() }).strict(),
  removeWatch: z.object({ id: watchIdSchema }).strict(),
  rescanWatch: z.object({ id: watchIdSchema }).strict(),
} satisfies { [K in CommandName]: z.ZodType<CommandPayload<K>> };
