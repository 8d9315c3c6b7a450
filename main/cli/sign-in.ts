// Every CLI command starts the same way: pick the target (a server, or an embedded sandbox)
// and sign in, with one clear line when that fails.

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NomadApi } from '../engine/api';
import { toUploadError, type UploadError } from '../engine/errors';
import type { TargetArgs } from './args';
import { silentLogger, type Logger } from '../engine/log';

export interface SandboxHandle {
  url: string;
  close(): Promise<void>;
}

export type SandboxStarter = (dataDir: string) => Promise<SandboxHandle>;

export type SignInResult =
  | { ok: true; api: NomadApi; sandbox: SandboxHandle | null }
  | { ok: false; message: string; sandbox: SandboxHandle | null };

export async function signIn(
  args: TargetArgs,
  note: (message: string) => void,
  startSandbox: SandboxStarter,
  log: Logger = silentLogger,
): Promise<SignInResult> {
  let sandbox: SandboxHandle | null = null;
  let credentials = { userName: args.user ?? '', password: args.password ?? '' };
  let serverUrl = args.server ?? '';
  if (args.sandbox) {
    const dataDir = args.sandboxData ?? (await mkdtemp(join(tmpdir(), 'nomad-sandbox-')));
    sandbox = await startSandbox(dataDir);
    serverUrl = sandbox.url;
    credentials = { userName: 'demo', password: 'demo' };
    note(`Using the local sandbox at ${sandbox.url} (files stay on this computer).`);
  }
  // The CLI keeps the password for the run: a refused refresh token falls back to a login.
  const api = new NomadApi({
    serverUrl,
    credentials,
    log: (event) => log.debug('api', { request: event.request, status: event.status, ms: Math.round(event.ms), error: event.error }),
  });
  try {
    await api.login(credentials);
  } catch (error) {
    return { ok: false, message: describeLoginFailure(toUploadError(error), api.baseUrl), sandbox };
  }
  return { ok: true, api, sandbox };
}

function describeLoginFailure(error: UploadError, apiUrl: string): string {
  switch (error.code) {
    case 'auth-failed':
      return `Sign-in failed: wrong user name or password for ${apiUrl}.`;
    case 'network':
    case 'timeout':
      return `Cannot reach the server at ${apiUrl} (${error.message.replace(/\.$/, '')}).`;
    case 'invalid-response':
      return `${apiUrl} does not answer like a Nomad server (${error.message})`;
    default:
      return `Sign-in failed: ${error.message}`;
  }
}
