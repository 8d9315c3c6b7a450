// `nomad-upload doctor` against the sandbox playing each kind of server it can tell apart:
// every reading of the spec the sandbox can emulate (--variant) must be named in the report,
// a web app's address must be recognised as one, and nothing secret may appear in the output.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { main } from '../../../main/cli';
import { parseCliArgs, type DoctorArgs } from '../../../main/cli/args';
import { runDoctor } from '../../../main/cli/run-doctor';
import type { PromptingIo } from '../../../main/cli/run-login';
import { noPrompter } from '../../../main/cli/terminal-prompt';
import type { ConnectionReport } from '../../../main/app-core/connection-checks';
import { notNomadMessage } from '../../../main/app-core/server-probe';
import type { SandboxVariant } from '../../../main/sandbox/variants';
import { startTestSandbox } from '../../support/sandbox';
import { capture } from './support/scripted-prompter';

const noSandbox = async () => {
  throw new Error('doctor --server starts no sandbox');
};

async function doctor(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = capture();
  const stderr = capture();
  const io: PromptingIo = { stdout: stdout.stream, stderr: stderr.stream, onInterrupt: () => () => undefined, prompter: noPrompter };
  const code = await main(['doctor', ...argv], io, {});
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

async function doctorJson(variants: SandboxVariant[], extra: string[] = ['--write-test']): Promise<ConnectionReport & { code: number }> {
  const env = await startTestSandbox({ variants });
  const run = await doctor(['--server', env.sandbox.url, '--user', 'demo', '--password', 'demo', '--json', ...extra]);
  await env.close();
  return { ...(JSON.parse(run.stdout) as ConnectionReport), code: run.code };
}

const statusOf = (report: ConnectionReport, id: string) => report.checks.find((c) => c.id === id);

describe('a server that behaves like the sandbox by default', () => {
  it('passes every check, names no variant, and says it in plain words', async () => {
    const env = await startTestSandbox();
    const run = await doctor(['--server', `${env.sandbox.url}/api`, '--user', 'demo', '--password', 'demo', '--write-test']);
    await env.close();

    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(`Checking ${env.sandbox.url}/api`);
    expect(lines).toContain(`  ✓ Admin API: ${env.sandbox.url}/api is a Nomad admin API.`);
    expect(lines).toContain('  ✓ Sign-in: Signed in with password as demo.');
    expect(lines).toContain('  ✓ Token lifetime: The access token lives 60 minutes.');
    expect(lines).toContain('  ✓ Refresh: Refresh works and rotates the refresh token (a new one each time).');
    expect(lines).toContain('  ✓ Session: POST /account/ping answers Normal.');
    expect(lines).toContain('  · Error bodies: Error answers are ProblemDetails (title, detail) (HTTP 404 to a refused refresh).');
    expect(lines).toContain('  ✓ Write test: 1-byte upload to your incoming folder: the byte was stored (HTTP 200); storage answers MD5 ETags; cancelled and gone.');
    expect(lines).toContain('Behaves like the sandbox without variants, as far as these checks can tell.');
  });

  it('without --write-test writes nothing', async () => {
    const env = await startTestSandbox();
    const run = await doctor(['--server', env.sandbox.url, '--user', 'demo', '--password', 'demo', '--json']);
    const stats = env.sandbox.stats();
    await env.close();

    const report = JSON.parse(run.stdout) as ConnectionReport;
    expect(statusOf(report, 'write-test')).toMatchObject({ status: 'skipped' });
    expect(stats).toMatchObject({ starts: 0, partPuts: 0 });
  });
});

describe('each reading of the spec is named', () => {
  it.each([
    [['errors-array'], 'error-style', { style: 'errors-array' }],
    [['errors-message'], 'error-style', { style: 'errors-message' }],
    [['errors-string'], 'error-style', { style: 'errors-string' }],
    [['refresh-null'], 'refresh', { rotation: 'kept-previous' }],
    [['kms-etag'], 'write-test', { etagKind: 'not-md5', cancelDeleted: true }],
    [['zero-byte-no-parts'], 'zero-byte', { plan: 'no-parts' }],
    [['zero-byte-single-part'], 'zero-byte', { plan: 'single-part-0-0' }],
  ] as const)('%j shows in %s', async (variants, check, data) => {
    const report = await doctorJson([...variants]);

    expect(report.code).toBe(0);
    expect(report.variants).toEqual(variants);
    expect(statusOf(report, check)?.data).toMatchObject(data);
  });

  it('all of them at once', async () => {
    const variants: SandboxVariant[] = ['errors-array', 'kms-etag', 'refresh-null', 'zero-byte-no-parts'];
    const report = await doctorJson(variants);

    expect(report.code).toBe(0);
    expect([...report.variants].sort()).toEqual([...variants].sort());
  });

  it.each([
    [['api-403-expiry'], 403, ['api-403-expiry']],
    [[], 401, []],
  ] as const)('an access token that expires during the check (%j) is answered %i, and refreshing fixes it', async (variants, status, named) => {
    const env = await startTestSandbox({ variants: [...variants] });
    const stdout = capture();
    const io: PromptingIo = { stdout: stdout.stream, stderr: capture().stream, onInterrupt: () => () => undefined, prompter: noPrompter };
    const args = parseCliArgs(['doctor', '--server', env.sandbox.url, '--user', 'demo', '--password', 'demo', '--json'], {}) as DoctorArgs;

    // As an hour passing would: every access token issued so far expires once the refresh check is done.
    const code = await runDoctor(args, io, noSandbox, { onResult: (result) => void (result.id === 'refresh' && env.sandbox.faults.add({ kind: 'expire-tokens' })) });
    await env.close();

    const report = JSON.parse(stdout.text()) as ConnectionReport;
    expect(code).toBe(0);
    expect(statusOf(report, 'expiry-answer')).toMatchObject({ data: { status } });
    expect(report.variants).toEqual(named);
  });
});

describe('addresses that are not an admin API', () => {
  it('a web page says it looks like the Nomad web app and names the admin address', async () => {
    const webApp = await serveHtml();
    const address = `http://127.0.0.1:${(webApp.address() as AddressInfo).port}`;
    const run = await doctor(['--server', address, '--user', 'demo', '--password', 'demo']);
    webApp.close();

    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`  ✗ Admin API: ${new URL(address).host} answers with a web page: `);
    expect(run.stdout).toContain('this looks like the Nomad web app; use the admin API address (admin-app.…) instead.');
    expect(run.stdout).toContain('  – Sign-in: Not run: the address is not a Nomad admin API.');
  });

  it('an address nothing answers on fails at the first check', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const run = await doctor(['--server', `http://127.0.0.1:${port}`, '--json']);

    const report = JSON.parse(run.stdout) as ConnectionReport;
    expect(run.code).toBe(1);
    expect(report.checks[0]).toMatchObject({ id: 'reachable', status: 'fail', data: { reason: 'ECONNREFUSED' } });
    expect(report.checks.slice(1).every((c) => c.status === 'skipped')).toBe(true);
  });
});

describe('sign-in methods', () => {
  it('without credentials it checks the address and skips the sign-in', async () => {
    const env = await startTestSandbox({ variants: ['errors-message'] });
    const run = await doctor(['--server', env.sandbox.url, '--json']);
    await env.close();

    const report = JSON.parse(run.stdout) as ConnectionReport;
    expect(run.code).toBe(0);
    expect(statusOf(report, 'admin-api')?.status).toBe('pass');
    expect(statusOf(report, 'sign-in')).toMatchObject({ status: 'skipped', summary: expect.stringContaining('no credentials given') });
    expect(report.variants).toEqual(['errors-message']);
  });

  it('with an API key it says so, and the key never shows', async () => {
    const env = await startTestSandbox({ variants: ['kms-etag'] });
    const run = await doctor(['--server', env.sandbox.url, '--api-key', 'demo-api-key', '--write-test', '--json']);
    await env.close();

    const report = JSON.parse(run.stdout) as ConnectionReport;
    expect(statusOf(report, 'sign-in')).toMatchObject({ status: 'pass', data: { method: 'API key', user: 'demo' } });
    expect(statusOf(report, 'refresh')?.status).toBe('skipped');
    expect(report.variants).toEqual(['kms-etag']);
    expect(run.stdout + run.stderr).not.toMatch(/demo-api-key|X-Amz-Signature=[^R]|Bearer [^R]/);
  });

  it('a refused account fails the sign-in check with its own words', async () => {
    const env = await startTestSandbox();
    const run = await doctor(['--server', env.sandbox.url, '--user', 'disabled', '--password', 'disabled', '--json']);
    await env.close();

    const report = JSON.parse(run.stdout) as ConnectionReport;
    expect(run.code).toBe(1);
    expect(statusOf(report, 'sign-in')).toMatchObject({ status: 'fail', summary: expect.stringContaining('This account is disabled.') });
  });
});

async function serveHtml(): Promise<Server> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><html><body><div id="root">Nomad</div></body></html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

describe('the admin address hint', () => {
  it.each([
    ['https://app.nomad-cms.com', ', probably https://admin-app.nomad-cms.com.'],
    ['https://acme-app.nomad-cms.com', ', probably https://admin-app.nomad-cms.com.'],
    ['https://media.acme.com', ' instead.'],
  ])('for %s ends "%s"', (address, ending) => {
    expect(notNomadMessage(address, { kind: 'web-app', status: 200, contentType: 'text/html' })).toMatch(new RegExp(`${ending.replace(/[.]/g, '\\.')}$`));
  });
});
