// The sandbox's state survives as a snapshot plus an append-only journal: an answered call
// appends a few hundred bytes whatever the size of the state, a torn last append is dropped,
// compaction folds the journal into the snapshot, and sessions end when their tokens expire.
import { appendFile, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { LoginResponse } from '../../../main/engine/protocol';
import { StateJournal } from '../../../main/sandbox/state-journal';
import { call, login, testBytes, uploadFile, useSandboxes } from './sandbox-harness';

const harness = useSandboxes();
afterEach(() => {
  vi.useRealTimers();
});

async function dataBytes(dataDir: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(dataDir)) if (name.startsWith('state')) total += (await stat(join(dataDir, name))).size;
  return total;
}

describe('the state journal', () => {
  test('a login writes the same few hundred bytes after 300 logins as the first one did', async () => {
    const dataDir = await harness.tempDir();
    const sandbox = await harness.start({ dataDir });
    const start = await dataBytes(dataDir);
    await login(sandbox);
    const first = (await dataBytes(dataDir)) - start;
    for (let i = 0; i < 300; i++) await login(sandbox);
    const before = await dataBytes(dataDir);
    await login(sandbox);
    const later = (await dataBytes(dataDir)) - before;

    // One session and two tokens (digests), never the whole state.
    expect(first).toBeLessThan(1024);
    expect(later).toBe(first);
  });

  test('a torn last append is dropped at start-up; the rest of the journal is replayed', async () => {
    const dataDir = await harness.tempDir();
    const sandbox = await harness.start({ dataDir });
    const session = await login(sandbox);
    await uploadFile(sandbox, session.token, testBytes(100, 50), { relativePath: 'kept.bin' });
    await sandbox.close();
    const journal = join(dataDir, 'state-0.log');
    const intact = await readFile(journal, 'utf8');
    // A kill in the middle of an append: half a line, no newline.
    await appendFile(journal, '{"op":"asset.put","value":{"id":"half');

    const lines: string[] = [];
    const after = await harness.start({ dataDir, log: (line) => lines.push(line) });
    expect((await after.assets()).map((a) => a.path)).toEqual(['Incoming/kept.bin']);
    expect((await call(after, 'GET', '/api/admin/asset/upload', { token: session.token })).status).toBe(200);
    expect(lines.some((line) => line.includes('dropped') && line.includes('never completed'))).toBe(true);
    expect(await readFile(journal, 'utf8')).toBe(intact);
  });

  test('damage in the middle of the journal stops the start with a clear error instead of losing changes', async () => {
    const dataDir = await harness.tempDir();
    const sandbox = await harness.start({ dataDir });
    await login(sandbox);
    await sandbox.close();
    const journal = join(dataDir, 'state-0.log');
    const [first, ...rest] = (await readFile(journal, 'utf8')).split('\n');
    await writeFile(journal, [first, 'garbage', ...rest].join('\n'));
    await expect(harness.start({ dataDir })).rejects.toThrow(/state-0\.log line 2 is not a state change/);
  });

  test('compaction folds the journal into a new snapshot; nothing is lost, old journals are gone', async () => {
    const dataDir = await harness.tempDir();
    const journal = await StateJournal.open(dataDir, { minCompactionBytes: 4096 });
    const { state } = journal;
    for (let i = 0; i < 200; i++) {
      state.putSession({ id: `s-${i}`, userName: 'demo', createdAt: new Date(0).toISOString() });
      state.putToken({ digest: `d-${i}`, sessionId: `s-${i}`, kind: 'refresh', expiresAt: i });
      await journal.commit();
    }
    state.deleteToken('d-7');
    await journal.commit();
    expect(journal.generation).toBeGreaterThan(1);
    await journal.close();

    // Only the snapshot and the current generation's journal remain (no older journal, no temp file).
    const files = await readdir(dataDir);
    expect(files).toContain('state.json');
    expect(files.filter((name) => name !== 'state.json')).toEqual(files.includes(`state-${journal.generation}.log`) ? [`state-${journal.generation}.log`] : []);
    const reopened = await StateJournal.open(dataDir);
    expect(reopened.generation).toBe(journal.generation);
    expect(reopened.state.sessions.size).toBe(199);
    expect(reopened.state.tokens.has('d-7')).toBe(false);
    expect(reopened.state.tokens.get('d-199')).toEqual({ digest: 'd-199', sessionId: 's-199', kind: 'refresh', expiresAt: 199 });
    await reopened.close();
  });
});

describe('sessions expire', () => {
  test('a session whose refresh token has expired is refused and then forgotten, on disk too', async () => {
    const dataDir = await harness.tempDir();
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const sandbox = await harness.start({ dataDir, tokenTtlSeconds: 60, refreshTokenTtlSeconds: 600 });
    const old = await login(sandbox);
    expect((await call(sandbox, 'GET', '/api/admin/asset/upload', { token: old.token })).status).toBe(200);

    vi.setSystemTime(Date.now() + 601_000);
    expect((await call(sandbox, 'GET', '/api/admin/asset/upload', { token: old.token })).status).toBe(401);
    expect((await call<LoginResponse>(sandbox, 'POST', '/api/account/refresh-token', { json: { refreshToken: old.refreshToken } })).status).toBe(404);

    // An hour past expiry the next login sweeps the dead session away.
    vi.setSystemTime(Date.now() + 3601_000);
    const fresh = await login(sandbox);
    await sandbox.close();
    const reopened = await StateJournal.open(dataDir);
    expect([...reopened.state.sessions.keys()]).toEqual([fresh.userSessionId]);
    expect(reopened.state.tokens.size).toBe(2);
    await reopened.close();
  });
});
