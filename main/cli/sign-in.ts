// Every CLI command starts the same way: pick the target (a server, or an embedded sandbox)
// and sign in by the method the person chose — a password (with a two-factor code or a new
// password when the server asks), an API key, or single sign-on — with one clear line when
// that fails. Nothing is written to disk: tokens live as long as the run.

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NomadApi, apiBaseUrl, type Credentials, type Session } from '../engine/api';
import { fetchProfile } from '../engine/auth-account';
import { refusalMessage } from '../engine/auth-outcome';
import { sessionFromCallback, ssoLoginUrl } from '../engine/auth-sso';
import { toUploadError, type UploadError } from '../engine/errors';
import { silentLogger, type Logger } from '../engine/log';
import { notNomadMessage, probeNomadApi } from '../app-core/server-probe';
import { forTerminal } from '../../shared/visible-text';
import type { TargetArgs } from './args';
import { terminalPrompter, type Prompter } from './terminal-prompt';

export interface SandboxHandle {
  url: string;
  close(): Promise<void>;
}

export type SandboxStarter = (dataDir: string) => Promise<SandboxHandle>;

/** How the run signed in (login and doctor say it). */
export type SignInMethod = 'password' | 'password + two-factor code' | 'password + two-factor setup' | 'password + new password' | 'API key' | 'single sign-on';

export type SignInResult =
  | { ok: true; api: NomadApi; sandbox: SandboxHandle | null; method: SignInMethod; userName: string | null }
  | { ok: false; message: string; sandbox: SandboxHandle | null };

/** A typed two-factor code may be retried this often before the run gives up. */
const CODE_ATTEMPTS = 3;

type Attempt = { ok: true; session: Session; method: SignInMethod; credentials: Credentials | null } | { ok: false; message: string };

/**
 * The shape of every command that only needs a signed-in client: sign in, run `work`, and
 * always close the sandbox it started. A failed sign-in is one line and exit 1.
 */
export async function withSignedIn(
  args: TargetArgs,
  startSandbox: SandboxStarter,
  out: { note(message: string): void; fatal(message: string): void },
  work: (api: NomadApi) => Promise<number>,
): Promise<number> {
  const session = await signIn(args, (message) => out.note(message), startSandbox);
  try {
    if (!session.ok) {
      out.fatal(session.message);
      return 1;
    }
    return await work(session.api);
  } finally {
    await session.sandbox?.close();
  }
}

export async function signIn(
  args: TargetArgs,
  note: (message: string) => void,
  startSandbox: SandboxStarter,
  log: Logger = silentLogger,
  prompter: Prompter = terminalPrompter(),
): Promise<SignInResult> {
  let sandbox: SandboxHandle | null = null;
  let serverUrl = args.server ?? '';
  let user = args.user;
  let password = args.password;
  if (args.sandbox) {
    const dataDir = args.sandboxData ?? (await mkdtemp(join(tmpdir(), 'nomad-sandbox-')));
    sandbox = await startSandbox(dataDir);
    serverUrl = sandbox.url;
    // The sandbox's own accounts (README): demo/demo unless another one was named.
    if (!args.apiKey && !args.sso && !(user && password)) [user, password] = ['demo', 'demo'];
    note(`Using the local sandbox at ${sandbox.url} (files stay on this computer).`);
  }
  const apiLog = (event: { request: string; status: number | null; ms: number; error?: string }): void =>
    log.debug('api', { request: event.request, status: event.status, ms: Math.round(event.ms), error: event.error });
  const common = { serverUrl, applicationId: args.applicationId ?? null, log: apiLog };
  try {
    if (args.apiKey) {
      const api = new NomadApi({ ...common, apiKey: args.apiKey });
      // An API key has no login: the first authenticated call is what proves it.
      const profile = await fetchProfile(api);
      return { ok: true, api, sandbox, method: 'API key', userName: profile.displayName };
    }
    const attempt = args.sso
      ? await signInWithSso(serverUrl, args.sso, note, prompter)
      : await signInWithPassword(new NomadApi(common), { userName: user ?? '', password: password ?? '' }, args, note, prompter);
    if (!attempt.ok) return { ok: false, message: attempt.message, sandbox };
    // The CLI keeps the password for the run: a refused refresh token falls back to a login.
    const api = new NomadApi({ ...common, session: attempt.session, credentials: attempt.credentials });
    if (attempt.session.userName === null) {
      const profile = await fetchProfile(api);
      api.adoptSession({ ...attempt.session, userName: profile.displayName });
    }
    return { ok: true, api, sandbox, method: attempt.method, userName: api.session?.userName ?? null };
  } catch (error) {
    return { ok: false, message: await describeLoginFailure(toUploadError(error), serverUrl, Boolean(args.apiKey)), sandbox };
  } finally {
    prompter.close();
  }
}

async function signInWithPassword(
  api: NomadApi,
  base: Credentials,
  args: TargetArgs,
  note: (message: string) => void,
  prompter: Prompter,
): Promise<Attempt> {
  let credentials: Credentials = { ...base };
  let method: SignInMethod = 'password';
  let codeGiven = args.mfaCode ?? null;
  let codesTried = 0;
  let newPasswordFromEnv = args.newPassword ?? null;
  // Each answer asks for at most one more thing; a server that keeps asking is stopped here.
  for (let round = 0; round < CODE_ATTEMPTS + 3; round += 1) {
    const step = await api.signIn(credentials);
    switch (step.kind) {
      case 'signed-in':
        // A set new password is the password from now on (a fallback login uses it).
        return { ok: true, session: step.session, method, credentials: { userName: credentials.userName, password: credentials.newPassword ?? credentials.password } };
      case 'needs-setup':
      case 'needs-code': {
        if (step.kind === 'needs-setup' && codeGiven === null) {
          if (!prompter.interactive) {
            return { ok: false, message: 'The server asks to set up two-factor sign-in for this account first. Run this on a terminal (it shows the setup code), or finish the setup in the Nomad web app and then give --mfa-code.' };
          }
          // The manual code is the authenticator's secret: shown on the terminal only, never logged or in JSON.
          note(`Two-factor setup: add this account to your authenticator app with the code ${forTerminal(step.manualCode ?? '(the server sent none: scan the QR code in the Nomad web app)')}.`);
        }
        const code = codeGiven ?? (codesTried < CODE_ATTEMPTS ? await prompter.ask('Two-factor code: ', { secret: true }) : null);
        codeGiven = null;
        if (code === null || code.trim() === '') {
          return { ok: false, message: 'The server asks for a two-factor code: give --mfa-code CODE (or NOMAD_MFA_CODE), or run this on a terminal to be asked.' };
        }
        codesTried += 1;
        credentials = { ...credentials, token: code.trim() };
        method = step.kind === 'needs-setup' ? 'password + two-factor setup' : 'password + two-factor code';
        break;
      }
      case 'needs-new-password': {
        const next = newPasswordFromEnv ?? (await askNewPassword(prompter, note));
        newPasswordFromEnv = null;
        if (next === null) {
          return { ok: false, message: 'The server requires a new password for this account: set it in NOMAD_NEW_PASSWORD, or run this on a terminal to be asked.' };
        }
        credentials = { ...credentials, newPassword: next };
        method = 'password + new password';
        break;
      }
      case 'refused':
        // A mistyped code can be typed again; a code from a flag cannot change.
        if (step.reason === 'wrong-code' && prompter.interactive && codesTried < CODE_ATTEMPTS) {
          note(refusalMessage(step.reason, null));
          credentials = { ...credentials, token: null };
          const code = await prompter.ask('Two-factor code: ', { secret: true });
          if (code === null || code.trim() === '') return { ok: false, message: `Sign-in failed: ${refusalMessage(step.reason, null)}` };
          codesTried += 1;
          credentials = { ...credentials, token: code.trim() };
          break;
        }
        if (step.reason === 'wrong-password') return { ok: false, message: `Sign-in failed: wrong user name or password for ${api.baseUrl}.` };
        return { ok: false, message: `Sign-in failed: ${refusalMessage(step.reason, step.detail)}` };
    }
  }
  return { ok: false, message: 'Sign-in failed: the server kept asking for another step.' };
}

async function askNewPassword(prompter: Prompter, note: (message: string) => void): Promise<string | null> {
  if (!prompter.interactive) return null;
  note('The server requires a new password for this account.');
  for (let tries = 0; tries < 3; tries += 1) {
    const first = await prompter.ask('New password: ', { secret: true });
    if (first === null || first === '') return null;
    const again = await prompter.ask('New password again: ', { secret: true });
    if (again === null) return null;
    if (first === again) return first;
    note('The two passwords differ; type them again.');
  }
  return null;
}

async function signInWithSso(serverUrl: string, provider: string, note: (message: string) => void, prompter: Prompter): Promise<Attempt> {
  const start = ssoLoginUrl(serverUrl, provider);
  note(`Open this page in your browser to sign in with ${provider}:`);
  note(`  ${start.url}`);
  // The address holds the tokens: not echoed.
  const pasted = await prompter.ask('Paste the address the sign-in ended on (it is not shown): ', { secret: true, fromPipe: true });
  if (pasted === null || pasted.trim() === '') {
    return { ok: false, message: 'Single sign-on needs the address the sign-in ended on, pasted on the terminal (or one line on stdin).' };
  }
  return { ok: true, session: sessionFromCallback(pasted, start.state), method: 'single sign-on', credentials: null };
}

async function describeLoginFailure(error: UploadError, serverUrl: string, apiKey: boolean): Promise<string> {
  const apiUrl = apiBaseUrl(serverUrl);
  switch (error.code) {
    case 'auth-failed':
      return apiKey ? `Sign-in failed: the server at ${apiUrl} refused the API key.` : `Sign-in failed: ${error.message.replace(/\.$/, '')} (${apiUrl}).`;
    case 'account-refused':
    case 'sign-in-incomplete':
      return `Sign-in failed: ${error.message}`;
    case 'network':
    case 'timeout':
      return `Cannot reach the server at ${apiUrl} (${error.message.replace(/\.$/, '')}).`;
    case 'invalid-response':
    case 'not-found':
    case 'bad-request': {
      const probe = await probeNomadApi(serverUrl);
      if (probe.kind === 'web-app' || probe.kind === 'not-nomad') return notNomadMessage(serverUrl, probe);
      return error.code === 'invalid-response' ? `${apiUrl} does not answer like a Nomad server (${error.message})` : `Sign-in failed: ${error.message}`;
    }
    default:
      return `Sign-in failed: ${error.message}`;
  }
}
