// `nomad-upload doctor`: the connection checks (app-core/connection-checks.ts, the same the
// app's "Test connection" runs) against the server given, in plain words or as one JSON line.
// It signs in only when credentials were given, and signs out at the end: nothing is kept.

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forTerminal, jsonLine } from '../../shared/visible-text';
import { runConnectionChecks, type CheckResult, type CheckSignIn, type ConnectionReport } from '../app-core/connection-checks';
import type { NomadApi } from '../engine/api';
import type { DoctorArgs } from './args';
import type { PromptingIo } from './run-login';
import { signIn, type SandboxHandle, type SandboxStarter } from './sign-in';

const MARKS: Record<CheckResult['status'], string> = { pass: '✓', warn: '!', fail: '✗', info: '·', skipped: '–' };

const TITLES: Record<CheckResult['id'], string> = {
  reachable: 'Reachable',
  'admin-api': 'Admin API',
  'sign-in': 'Sign-in',
  'token-lifetime': 'Token lifetime',
  refresh: 'Refresh',
  session: 'Session',
  'error-style': 'Error bodies',
  'write-test': 'Write test',
  'zero-byte': 'Empty files',
  'expiry-answer': 'Expired token',
};

export interface DoctorSeams {
  /** Called with each result as it is known (tests act between checks, as time would). */
  onResult?: (result: CheckResult) => void | Promise<void>;
}

export async function runDoctor(args: DoctorArgs, io: PromptingIo, startSandbox: SandboxStarter, seams: DoctorSeams = {}): Promise<number> {
  const say = (text: string): void => void io.stdout.write(`${forTerminal(text)}\n`);
  const note = (text: string): void => void io.stderr.write(`${forTerminal(text)}\n`);
  let sandbox: SandboxHandle | null = null;
  let api: NomadApi | null = null;
  let target = args;
  if (args.sandbox) {
    // Started here, not by signIn: the address is needed before the first check.
    sandbox = await startSandbox(args.sandboxData ?? (await mkdtemp(join(tmpdir(), 'nomad-sandbox-'))));
    note(`Checking the local sandbox at ${sandbox.url}.`);
    const named = Boolean((args.user && args.password) || args.apiKey || args.sso);
    target = { ...args, sandbox: false, server: sandbox.url, ...(named ? {} : { user: 'demo', password: 'demo' }) };
  }
  const serverUrl = target.server ?? '';
  const hasCredentials = Boolean((target.user && target.password) || target.apiKey || target.sso);
  const checkSignIn: CheckSignIn | null = hasCredentials
    ? async () => {
        const result = await signIn(target, note, startSandbox, undefined, io.prompter);
        if (!result.ok) return result;
        api = result.api;
        return { ok: true, api: result.api, method: result.method, userName: result.userName };
      }
    : null;
  try {
    const report = await runConnectionChecks({ serverUrl, signIn: checkSignIn, writeTest: args.writeTest, onResult: seams.onResult });
    if (args.json) io.stdout.write(`${jsonLine({ event: 'doctor', ...report })}\n`);
    else printReport(report, say);
    return report.ok ? 0 : 1;
  } finally {
    await (api as NomadApi | null)?.logout();
    await sandbox?.close();
  }
}

function printReport(report: ConnectionReport, say: (text: string) => void): void {
  say(`Checking ${report.apiBase}`);
  for (const check of report.checks) say(`  ${MARKS[check.status]} ${TITLES[check.id]}: ${check.summary}`);
  say(
    report.variants.length > 0
      ? `Behaves like the sandbox with --variant ${report.variants.join(',')}.`
      : 'Behaves like the sandbox without variants, as far as these checks can tell.',
  );
  say(report.ok ? 'The uploader should work with this server.' : 'The uploader will not work with this server as it is: see the ✗ lines.');
  say('To report a problem, send us the output of the same command with --json (it holds no password, token or signed URL).');
}
