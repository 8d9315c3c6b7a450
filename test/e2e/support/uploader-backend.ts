// Everything main runs, in plain Node: a sandbox server, the real UploaderService (memory
// settings and secrets, a file journal in a temp folder) and the handler map main registers
// with ipcMain. The page bridge sends every command through dispatchCommand, so the e2e
// tests exercise the same payload validation as the app.

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CommandHandlers, Result } from '../../../preload/contract';
import { UploaderService } from '../../../main/app-core/uploader-service';
import { MemorySecretStore } from '../../../main/app-core/secret-store';
import { MemorySettingsStore } from '../../../main/app-core/settings';
import { createCommandHandlers, dispatchCommand } from '../../../main/ipc/command-handlers';
import { startSandbox, type Sandbox } from '../../../main/sandbox';
import { makeTempDir } from '../../support/files';
import { ScriptedShell } from './scripted-shell';

export interface UploaderBackend {
  sandbox: Sandbox;
  service: UploaderService;
  shell: ScriptedShell;
  /** Where tests create the files a person would drop (inside the backend's temp folder). */
  filesDir: string;
  /** The service's journal: one `<job id>.json` per unfinished upload it would resume. */
  journalDir: string;
  dispatch(name: string, payload: unknown): Promise<Result<unknown>>;
  close(): Promise<void>;
}

export async function startUploaderBackend(): Promise<UploaderBackend> {
  const temp = await makeTempDir('nomad-e2e-');
  const filesDir = join(temp.dir, 'files');
  await mkdir(filesDir);
  const journalDir = join(temp.dir, 'journal');
  const sandbox = await startSandbox({ dataDir: join(temp.dir, 'sandbox') });
  const shell = new ScriptedShell();
  const service = new UploaderService({
    settings: new MemorySettingsStore(),
    secrets: new MemorySecretStore(),
    journalDir,
    // The service's embedded sandbox is the one the test inspects.
    startSandbox: async () => sandbox,
  });
  await service.start();
  const handlers: CommandHandlers = createCommandHandlers(service, shell);
  return {
    sandbox,
    service,
    shell,
    filesDir,
    journalDir,
    dispatch: (name, payload) => dispatchCommand(handlers, name, payload),
    async close() {
      // shutdown stops uploads without cancelling them, as quitting the app does.
      await service.shutdown();
      await sandbox.close();
      await temp.cleanup();
    },
  };
}
