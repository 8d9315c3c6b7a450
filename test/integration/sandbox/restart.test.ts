import { once } from 'node:events';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { AssetUpload, LoginResponse } from '../../../main/engine/protocol';
import { startSandbox } from '../../../main/sandbox';
import {
  call,
  completeUpload,
  login,
  MiB,
  sendParts,
  sha256,
  startRequest,
  startUpload,
  testBytes,
  uploadFile,
  useSandboxes,
} from './sandbox-harness';
import { useSandboxProcesses } from './sandbox-process';

const harness = useSandboxes();
const processes = useSandboxProcesses();

describe('a sandbox restarted on the same data dir continues where it stopped', () => {
  test('uploads in progress resume, tokens stay valid, assets stay listed', async () => {
    const dataDir = await harness.tempDir();
    const before = await harness.start({ dataDir });
    const session = await login(before);
    const kept = testBytes(2000, 40);
    const keptUpload = await uploadFile(before, session.token, kept, { relativePath: 'kept/a.bin' });
    const source = testBytes(12 * MiB, 41);
    const upload = await startUpload(before, session.token, startRequest({ relativePath: 'kept/big.bin', contentLength: source.length }));
    await sendParts(before, session.token, upload, source, [1, 2]);
    await before.close();
    await before.close(); // idempotent

    // Same data dir and the same port (the one the OS gave the first run): URLs issued before still work.
    const port = Number(new URL(before.url).port);
    const after = await harness.start({ dataDir, port });
    expect(after.url).toBe(before.url);
    expect(await after.assets()).toEqual([expect.objectContaining({ id: keptUpload.assetId, path: 'Incoming/kept/a.bin', sha256: sha256(kept) })]);

    const listed = await call<AssetUpload[]>(after, 'GET', '/api/admin/asset/upload', { token: session.token });
    expect(listed.status).toBe(200);
    expect(listed.json.map((u) => u.id)).toEqual([upload.id]);
    const resumed = listed.json[0] as AssetUpload;
    expect(resumed.parts?.map((p) => p.isCompleted)).toEqual([true, true, false]);
    expect(resumed.parts?.[2]?.url?.startsWith(`${after.url}/_storage/`)).toBe(true);

    await sendParts(after, session.token, upload, source, [3]);
    expect((await completeUpload(after, session.token, upload.id)).status).toBe(200);
    expect((await after.assets()).find((a) => a.path === 'Incoming/kept/big.bin')?.sha256).toBe(sha256(source));

    // The refresh token issued before the restart rotates as usual.
    const refreshed = await call<LoginResponse>(after, 'POST', '/api/account/refresh-token', { json: { refreshToken: session.refreshToken } });
    expect(refreshed.status).toBe(200);
  });

  test('after a restart on another port, the listing hands out URLs for the new origin', async () => {
    const dataDir = await harness.tempDir();
    const before = await harness.start({ dataDir });
    const { token } = await login(before);
    const source = testBytes(6 * MiB, 42);
    const upload = await startUpload(before, token, startRequest({ relativePath: 'moved.bin', contentLength: source.length }));
    await before.close();

    const after = await harness.start({ dataDir });
    const [listed] = (await call<AssetUpload[]>(after, 'GET', '/api/admin/asset/upload', { token })).json;
    expect(listed?.parts?.every((p) => p.url?.startsWith(`${after.url}/_storage/`))).toBe(true);
    await sendParts(after, token, listed as AssetUpload, source);
    expect((await completeUpload(after, token, upload.id)).status).toBe(200);
    expect((await after.assets())[0]?.sha256).toBe(sha256(source));
  });

  test('the state file is JSON without usable credentials, and one data dir serves one sandbox at a time', async () => {
    const dataDir = await harness.tempDir();
    const sandbox = await harness.start({ dataDir, users: { demo: 'hunter2-password' } });
    const session = await login(sandbox, 'demo', 'hunter2-password');

    const snapshot = await readFile(join(dataDir, 'state.json'), 'utf8');
    expect(JSON.parse(snapshot)).toMatchObject({ version: 1 });
    // The session itself is in the journal: one JSON change per line.
    const journal = await readFile(join(dataDir, 'state-0.log'), 'utf8');
    expect(journal.trimEnd().split('\n').map((line) => (JSON.parse(line) as { op: string }).op)).toEqual(['session.put', 'token.put', 'token.put']);
    for (const saved of [snapshot, journal]) {
      expect(saved).not.toContain(session.token);
      expect(saved).not.toContain(session.refreshToken);
      expect(saved).not.toContain('hunter2-password');
    }

    await expect(startSandbox({ port: 0, dataDir })).rejects.toThrow(/already used by another sandbox/);
  });

  test('a corrupt state file stops the start with a clear error instead of losing uploads silently', async () => {
    const dataDir = await harness.tempDir();
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(dataDir, 'state.json'), '{"version": 1, "sessions": [');
    await expect(startSandbox({ port: 0, dataDir })).rejects.toThrow(/state\.json is not valid JSON/);
    // The failed start left no lock behind.
    const sandbox = await harness.start({ dataDir: await harness.tempDir() });
    expect((await call(sandbox, 'GET', '/_sandbox/stats')).status).toBe(200);
    await writeFile(join(dataDir, 'state.json'), JSON.stringify({ version: 1, incomingFolderId: 'x', sessions: [], tokens: [], folders: [], assets: [], uploads: [], urlCutoff: null }));
    const recovered = await harness.start({ dataDir });
    expect(await recovered.assets()).toEqual([]);
  });

  test('kill -9 of the sandbox process loses nothing it answered', async () => {
    const dataDir = await harness.tempDir();
    const killed = await processes.spawn(['--port', '0', '--data', dataDir]);
    const before = { url: killed.url };
    const session = await login(before);
    const small = testBytes(3000, 43);
    const done = await uploadFile(before, session.token, small, { relativePath: 'killed/done.bin' });
    const source = testBytes(11 * MiB, 44);
    const open = await startUpload(before, session.token, startRequest({ relativePath: 'killed/open.bin', contentLength: source.length }));
    await sendParts(before, session.token, open, source, [2]);
    const refreshed = await call<LoginResponse>(before, 'POST', '/api/account/refresh-token', { json: { refreshToken: session.refreshToken } });
    expect(refreshed.status).toBe(200);
    // The last answer has arrived: kill at once, with no chance to flush anything.
    killed.child.kill('SIGKILL');
    await once(killed.child, 'exit');

    const after = await harness.start({ dataDir });
    expect(await after.assets()).toEqual([expect.objectContaining({ id: done.assetId, path: 'Incoming/killed/done.bin', sha256: sha256(small) })]);
    const listed = await call<AssetUpload[]>(after, 'GET', '/api/admin/asset/upload', { token: refreshed.json.token ?? '' });
    expect(listed.json.map((u) => [u.id, u.parts?.map((p) => p.isCompleted)])).toEqual([[open.id, [false, true, false]]]);
    await sendParts(after, refreshed.json.token ?? '', listed.json[0] as AssetUpload, source);
    expect((await completeUpload(after, refreshed.json.token ?? '', open.id)).status).toBe(200);
    expect((await after.assets()).find((a) => a.path === 'Incoming/killed/open.bin')?.sha256).toBe(sha256(source));
    // Refresh rotated before the kill: the old refresh token stays used, the new one works.
    expect((await call(after, 'POST', '/api/account/refresh-token', { json: { refreshToken: session.refreshToken } })).status).toBe(404);
    expect((await call(after, 'POST', '/api/account/refresh-token', { json: { refreshToken: refreshed.json.refreshToken } })).status).toBe(200);
    expect((await readdir(dataDir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  }, 30_000);
});
