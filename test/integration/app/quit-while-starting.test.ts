// Quit while the app is still starting: the sandbox it was starting must not come up after the
// quit and keep running (it kept writing into the user-data folder, which the packaged
// start-up test then could not remove: ENOTEMPTY, in CI).

import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { MemorySecretStore } from '../../../main/app-core/secret-store';
import type { SandboxHandle } from '../../../main/app-core/service-types';
import { MemorySettingsStore } from '../../../main/app-core/settings';
import { UploaderService } from '../../../main/app-core/uploader-service';
import { startSandbox } from '../../../main/sandbox';
import { makeTempDir } from '../../support/files';

let temp: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  temp = await makeTempDir('nomad-quit-starting-');
});
afterEach(async () => {
  await temp.cleanup();
});

it('a quit while the sandbox is still starting waits for the start, then closes the sandbox', async () => {
  const events: string[] = [];
  let sandboxAsked!: () => void;
  const asked = new Promise<void>((resolve) => (sandboxAsked = resolve));
  let letItStart!: () => void;
  const mayStart = new Promise<void>((resolve) => (letItStart = resolve));
  const service = new UploaderService({
    settings: new MemorySettingsStore(),
    secrets: new MemorySecretStore(),
    journalDir: join(temp.dir, 'journal'),
    startSandbox: async (): Promise<SandboxHandle> => {
      sandboxAsked();
      await mayStart;
      const sandbox = await startSandbox({ dataDir: join(temp.dir, 'sandbox') });
      events.push('sandbox up');
      return { url: sandbox.url, close: async () => (await sandbox.close(), void events.push('sandbox closed')) };
    },
  });

  const started = service.start();
  await asked;
  const quitting = service.quit().then(() => void events.push('quit done'));
  letItStart();
  await Promise.all([started, quitting]);

  expect(events).toEqual(['sandbox up', 'sandbox closed', 'quit done']);
});
