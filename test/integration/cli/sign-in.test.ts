// `nomad-upload login` and every command's sign-in, as a person runs them against the sandbox's
// built-in accounts: a second factor (from the flag, the variable, or typed when asked), a
// two-factor setup, a new password, an API key, single sign-on with a pasted address, and the
// accounts the server refuses — each ending in words that say what happened and what to do.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../main/cli';
import type { PromptingIo } from '../../../main/cli/run-login';
import { noPrompter } from '../../../main/cli/terminal-prompt';
import { printedLoginUrl, signInOnSandboxPage } from '../../support/sso-browser';
import { startTestSandbox, type TestSandbox } from '../../support/sandbox';
import { ScriptedPrompter, capture, type ScriptedAnswer } from './support/scripted-prompter';

let env: TestSandbox;
let server: string[];

beforeAll(async () => {
  env = await startTestSandbox();
  server = ['--server', env.sandbox.url];
});

afterAll(async () => {
  await env?.close();
});

async function login(args: string[], options: { env?: NodeJS.ProcessEnv; answers?: ScriptedAnswer[] } = {}) {
  const stdout = capture();
  const stderr = capture();
  const prompter = options.answers ? new ScriptedPrompter(options.answers) : null;
  const io: PromptingIo = { stdout: stdout.stream, stderr: stderr.stream, onInterrupt: () => () => undefined, prompter: prompter ?? noPrompter };
  const code = await main(['login', ...server, ...args], io, options.env ?? {});
  return { code, stdout: stdout.text(), stderr: stderr.text(), asked: prompter?.asked ?? [] };
}

describe('two-factor sign-in', () => {
  it('takes the code from --mfa-code', async () => {
    const run = await login(['--user', 'mfa', '--password', 'mfa', '--mfa-code', '123456']);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Signed in to ${new URL(env.sandbox.url).host} as mfa (password + two-factor code).`);
    expect(run.stdout).toContain('Nothing was saved');
  });

  it('takes the code from NOMAD_MFA_CODE', async () => {
    const run = await login(['--json'], { env: { NOMAD_USER: 'mfa', NOMAD_PASSWORD: 'mfa', NOMAD_MFA_CODE: '123456' } });

    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ event: 'login', ok: true, user: 'mfa', method: 'password + two-factor code', tokenLifetimeSeconds: 3600, refreshable: true, kept: false });
  });

  it('asks for it on a terminal, without echo, and asks again after a mistyped one', async () => {
    const run = await login(['--user', 'mfa', '--password', 'mfa'], { answers: ['111111', '123456'] });

    expect(run.code).toBe(0);
    expect(run.asked).toEqual([
      { question: 'Two-factor code: ', secret: true },
      { question: 'Two-factor code: ', secret: true },
    ]);
    expect(run.stderr).toContain('The two-factor code was refused');
  });

  it('without a terminal and without a code, says how to give one', async () => {
    const run = await login(['--user', 'mfa', '--password', 'mfa']);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe('nomad-upload: The server asks for a two-factor code: give --mfa-code CODE (or NOMAD_MFA_CODE), or run this on a terminal to be asked.\n');
  });

  it('a wrong code from the flag is refused in plain words', async () => {
    const run = await login(['--user', 'mfa', '--password', 'mfa', '--mfa-code', '000000']);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Sign-in failed: The two-factor code was refused: it is wrong or has expired.');
  });

  it('two-factor setup shows the manual code on the terminal, then takes the first code', async () => {
    const run = await login(['--user', 'mfa-setup', '--password', 'mfa-setup'], { answers: ['123456'] });

    expect(run.code).toBe(0);
    expect(run.stderr).toContain('Two-factor setup: add this account to your authenticator app with the code JBSWY3DPEHPK3PXPNOMADSBX.');
    expect(run.stdout).toContain('(password + two-factor setup)');
  });

  it('two-factor setup without a terminal says where to finish it', async () => {
    const run = await login(['--user', 'mfa-setup', '--password', 'mfa-setup']);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('set up two-factor sign-in for this account first');
    expect(run.stderr).not.toContain('JBSWY3DP');
  });
});

describe('a new password', () => {
  it('is asked for twice on a terminal; typed differently, both are asked again', async () => {
    const sandbox = await startTestSandbox();
    const person = new ScriptedPrompter(['first-pass', 'other-pass', 'a-new-password', 'a-new-password']);
    const stderr = capture();
    const io: PromptingIo = { ...ioWith([]), stderr: stderr.stream, prompter: person };
    const code = await main(['login', '--server', sandbox.sandbox.url, '--user', 'newpass', '--password', 'newpass'], io, {});
    await sandbox.close();

    expect(code).toBe(0);
    expect(person.asked.map((q) => [q.question, q.secret])).toEqual([
      ['New password: ', true],
      ['New password again: ', true],
      ['New password: ', true],
      ['New password again: ', true],
    ]);
    expect(stderr.text()).toBe('The server requires a new password for this account.\nThe two passwords differ; type them again.\n');
  });

  it('comes from NOMAD_NEW_PASSWORD, and is the password afterwards', async () => {
    const sandbox = await startTestSandbox();
    const target = ['login', '--server', sandbox.sandbox.url, '--user', 'newpass'];
    const first = await main(target, ioWith([]), { NOMAD_PASSWORD: 'newpass', NOMAD_NEW_PASSWORD: 'a-new-password' });
    const withOld = await main(target, ioWith([]), { NOMAD_PASSWORD: 'newpass' });
    const withNew = await main(target, ioWith([]), { NOMAD_PASSWORD: 'a-new-password' });
    await sandbox.close();

    expect([first, withOld, withNew]).toEqual([0, 1, 0]);
  });

  it('one the server refuses says why', async () => {
    const sandbox = await startTestSandbox();
    const stderr = capture();
    const code = await main(['login', '--server', sandbox.sandbox.url, '--user', 'newpass', '--password', 'newpass'], { ...ioWith([]), stderr: stderr.stream }, { NOMAD_NEW_PASSWORD: 'short' });
    await sandbox.close();

    expect(code).toBe(1);
    expect(stderr.text()).toBe('nomad-upload: Sign-in failed: The server did not accept the new password. The server said: newPassword must be at least 8 characters\n');
  });

  it('without one, says where to give it — never as a flag', async () => {
    const run = await login(['--user', 'newpass', '--password', 'newpass']);
    const flag = await login(['--user', 'newpass', '--password', 'newpass', '--new-password', 'x']);

    expect(run.stderr).toBe('nomad-upload: The server requires a new password for this account: set it in NOMAD_NEW_PASSWORD, or run this on a terminal to be asked.\n');
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('the new password is read only from env NOMAD_NEW_PASSWORD');
  });
});

describe('accounts the server refuses', () => {
  it.each([
    ['disabled', 'This account is disabled. Ask your Nomad administrator to enable it.'],
    ['expired', 'This account has expired. Ask your Nomad administrator to extend it.'],
    ['invited', "This account's invitation is not accepted yet"],
    ['approval', "This account is waiting for an administrator's approval."],
  ])('%s gets its own words', async (account, words) => {
    const run = await login(['--user', account, '--password', account]);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`nomad-upload: Sign-in failed: ${words}`);
    expect(run.stderr).not.toMatch(/403|does not answer like/);
  });
});

describe('API keys', () => {
  it('sign in with --api-key or NOMAD_API_KEY, as the key’s account', async () => {
    const flag = await login(['--api-key', 'demo-api-key']);
    const variable = await login(['--json'], { env: { NOMAD_API_KEY: 'demo-api-key' } });

    expect(flag.code).toBe(0);
    expect(flag.stdout).toContain('as demo (API key)');
    expect(flag.stdout).toContain('An API key does not expire with a session');
    expect(JSON.parse(variable.stdout)).toMatchObject({ ok: true, method: 'API key', user: 'demo', tokenLifetimeSeconds: null, refreshable: false });
  });

  it('a wrong key is refused, and the key is never printed', async () => {
    const run = await login(['--api-key', 'not-the-key']);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`nomad-upload: Sign-in failed: the server at ${env.sandbox.url}/api refused the API key.\n`);
    expect(run.stderr + run.stdout).not.toContain('not-the-key');
  });

  it('cannot be mixed with a password on the command line', async () => {
    const run = await login(['--api-key', 'demo-api-key', '--user', 'demo', '--password', 'demo']);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('choose one way to sign in: --user/--password and --api-key were both given');
  });
});

describe('single sign-on', () => {
  it('prints the page to open and takes the pasted address the sign-in ended on', async () => {
    const stdout = capture();
    const stderr = capture();
    // The person opens the printed page, signs in, and copies the address the browser shows.
    const person = new ScriptedPrompter([async () => signInOnSandboxPage(printedLoginUrl(stderr.text()))]);
    const io: PromptingIo = { stdout: stdout.stream, stderr: stderr.stream, onInterrupt: () => () => undefined, prompter: person };

    const code = await main(['login', ...server, '--sso', 'sandbox'], io, {});

    expect(code).toBe(0);
    expect(stderr.text()).toMatch(/Open this page in your browser to sign in with sandbox:\n {2}http:\/\/127\.0\.0\.1:\d+\/api\/auth\/sandbox\/login\?state=[0-9a-f]{32}\n/);
    expect(person.asked).toEqual([{ question: 'Paste the address the sign-in ended on (it is not shown): ', secret: true }]);
    expect(stdout.text()).toContain('as demo (single sign-on)');
    expect(stdout.text() + stderr.text()).not.toContain('azurePortal_token');
  });

  it('an address without the sign-in answer is refused clearly', async () => {
    const run = await login(['--sso', 'sandbox'], { answers: [`${env.sandbox.url}/api/auth/sandbox/callback`] });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('nomad-upload: Sign-in failed: That address holds no sign-in token');
  });
});

function ioWith(answers: ScriptedAnswer[]): PromptingIo {
  return { stdout: capture().stream, stderr: capture().stream, onInterrupt: () => () => undefined, prompter: new ScriptedPrompter(answers) };
}
