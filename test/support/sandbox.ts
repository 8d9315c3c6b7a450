// A sandbox server per test file, on a free port with its own data folder.

import { NomadApi } from '../../main/engine/api';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../main/sandbox';
import { makeTempDir } from './files';

export interface TestSandbox {
  sandbox: Sandbox;
  dataDir: string;
  /** A signed-in API client for the demo user. */
  api(): Promise<NomadApi>;
  close(): Promise<void>;
}

export async function startTestSandbox(options: Partial<SandboxOptions> = {}): Promise<TestSandbox> {
  const temp = await makeTempDir('nomad-sandbox-');
  const sandbox = await startSandbox({ dataDir: temp.dir, ...options });
  return {
    sandbox,
    dataDir: temp.dir,
    async api() {
      const api = new NomadApi({ serverUrl: sandbox.url, credentials: { userName: 'demo', password: 'demo' } });
      await api.login({ userName: 'demo', password: 'demo' });
      return api;
    },
    async close() {
      await sandbox.close();
      await temp.cleanup();
    },
  };
}

/** The stored asset at `Incoming/<relativePath>`, or undefined. */
export async function assetAt(sandbox: Sandbox, relativePath: string) {
  const assets = await sandbox.assets();
  return assets.find((a) => a.path === `Incoming/${relativePath}`);
}
