// The handler of every command in the contract, in plain Node: main registers these with
// ipcMain, the e2e bridge with Playwright's exposeBinding, tests call them directly.

import type { CommandHandlers, CommandName, Result } from '../../preload/contract';
import { UploadError } from '../engine/errors';
import { toResultError, type UploaderService } from '../app-core/uploader-service';
import { SsoSignIn, signInWithApiKey, testConnection } from '../app-core/sign-in-flows';
import { openExternalSafely } from './external-url';
import { payloadSchemas } from './payload-schemas';
import { AppError } from '../app-core/app-errors';
import type { UpdatePolicy } from '../app-core/update-policy';
import { folderHandlers } from './folder-handlers';
import { watchHandlers } from './watch-handlers';

export interface ShellPorts {
  /** Native Add files… / Add folder… dialog; [] when the user cancels. */
  pickPaths(kind: 'files' | 'folder'): Promise<string[]>;
  /**
   * Opens a URL in the user's browser. Only ever called with a URL that passed
   * parseExternalUrl (main/ipc/external-url.ts); in the app it is that same gate again.
   */
  openExternal(url: string): Promise<void>;
  /** The app's updater (main/electron/updater.ts); absent where there is none (tests, the e2e bridge). */
  updates?: UpdatesPort;
}

/** What the update commands drive: the UpdatePolicy (main/app-core/update-policy.ts). */
export type UpdatesPort = Pick<UpdatePolicy, 'view' | 'checkNow' | 'restartNow' | 'setAutoCheck'>;

const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export function createCommandHandlers(service: UploaderService, shell: ShellPorts): CommandHandlers {
  const updates = (): UpdatesPort => {
    if (!shell.updates) throw new AppError('updates-unavailable', 'This copy of the app cannot update itself.');
    return shell.updates;
  };
  const sso = new SsoSignIn();
  return {
    enqueuePaths: async ({ paths, parentId, again }) => ok({ added: await service.enqueuePaths(paths, parentId, again) }),
    addFromDialog: async ({ kind }) => {
      // Signed out, say so before the picker: choosing files that cannot go anywhere is a dead end.
      void service.jobs.activeQueue;
      const paths = await shell.pickPaths(kind);
      return ok({ added: paths.length > 0 ? await service.enqueuePaths(paths) : 0 });
    },
    pauseJob: async ({ id }) => ok((service.jobs.pause(id), null)),
    // Resuming or retrying starts network work: refused (with "sign in") while signed out.
    resumeJob: async ({ id }) => ok((service.jobs.resume(id), null)),
    cancelJob: async ({ id }) => ok((await service.jobs.cancel(id), null)),
    retryJob: async ({ id }) => ok((service.jobs.retry(id), null)),
    removeJob: async ({ id }) => ok((await service.jobs.remove(id), null)),
    pauseAll: async () => ok((service.jobs.pauseAll(), null)),
    resumeAll: async () => ok((service.jobs.resumeAll(), null)),
    retryFailed: async () => ok({ retried: service.jobs.retryFailed() }),
    clearFinished: async () => ok({ removed: service.jobs.clearFinished() }),
    removeFailed: async () => ok({ removed: await service.jobs.removeFailed() }),
    applyToJobs: async ({ action, ids }) => ok({ affected: await service.jobs.applyToJobs(action, ids) }),
    locateFile: async ({ id }) => {
      service.jobs.requireJob(id);
      const [picked] = await shell.pickPaths('files');
      if (picked === undefined) return ok({ located: false });
      await service.jobs.locateFile(id, picked);
      return ok({ located: true });
    },
    retryWithSettings: async ({ ids }) => ok({ retried: await service.jobs.retryWithSettings(ids) }),
    resolveConflict: async ({ id, action, replaceOptions, applyToAll }) =>
      ok((service.jobs.resolveConflict(id, { action, replaceOptions, applyToAll }), null)),
    getSnapshot: async () => ok(service.jobs.snapshot()),
    getSettings: async () => ok(service.settings()),
    updateSettings: async ({ patch }) => ok(await service.updateSettings(patch)),
    getAccount: async () => ok(service.account()),
    signIn: async ({ serverUrl, userName, password }) => ok(await service.signIn(serverUrl, userName, password)),
    signInStep: async ({ serverUrl, userName, password, code, newPassword }) =>
      ok(await service.signInStep(serverUrl, { userName, password, token: code ?? null, newPassword: newPassword ?? null })),
    signInWithApiKey: async ({ serverUrl, apiKey }) => ok(await signInWithApiKey(service, serverUrl, apiKey)),
    // The provider's page opens in the person's browser, through the same gate as every link.
    signInWithSso: async ({ serverUrl, provider }) =>
      ok(await sso.run(service, serverUrl, provider, async (url) => (await openExternalSafely(url, (safe) => shell.openExternal(safe))) !== null)),
    cancelSso: async () => ok((sso.cancel(), null)),
    testConnection: async ({ writeTest }) => ok(await testConnection(service, writeTest)),
    signOut: async () => ok(await service.signOut()),
    useSandbox: async () => ok(await service.useSandbox()),
    addProfile: async ({ name, url }) => ok(await service.addProfile(name, url)),
    switchProfile: async ({ id }) => ok(await service.switchProfile(id)),
    renameProfile: async ({ id, name }) => ok(service.renameProfile(id, name)),
    removeProfile: async ({ id }) => ok(await service.removeProfile(id)),
    listLeftovers: async () => ok(await service.jobs.listLeftovers()),
    discardLeftover: async ({ uploadId }) => ok((await service.jobs.discardLeftover(uploadId), null)),
    openExternal: async ({ url }) => {
      const opened = await openExternalSafely(url, (safe) => shell.openExternal(safe));
      if (opened === null) throw new UploadError('bad-request', 'Only web links (http or https) can be opened.');
      return ok(null);
    },
    getUpdates: async () => ok(updates().view()),
    checkForUpdates: async () => {
      await updates().checkNow();
      return ok(updates().view());
    },
    restartToUpdate: async () => ok((await updates().restartNow(), null)),
    setAutoUpdate: async ({ on }) => ok((updates().setAutoCheck(on), updates().view())),
    ...folderHandlers(service, shell),
    ...watchHandlers(service, shell),
  };
}

export { parseExternalUrl } from './external-url';

/**
 * Validates the payload, runs the handler, and turns every outcome into a Result: the one
 * entry point for untrusted input, whatever transport it came over.
 */
export async function dispatchCommand(handlers: CommandHandlers, name: string, payload: unknown): Promise<Result<unknown>> {
  if (!Object.hasOwn(payloadSchemas, name)) {
    return { ok: false, error: { code: 'unknown-command', message: 'Unknown command.', retryable: false } };
  }
  const command = name as CommandName;
  const parsed = payloadSchemas[command].safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` (${issue.path.join('.')})` : '';
    return {
      ok: false,
      error: { code: 'invalid-payload', message: `${issue?.message ?? 'Invalid request'}${where}`, retryable: false },
    };
  }
  try {
    const handler = handlers[command] as (p: unknown) => Promise<Result<unknown>>;
    return await handler(parsed.data);
  } catch (error) {
    return { ok: false, error: toResultError(error) };
  }
}
