import { describe, expect, test } from 'vitest';
import type { AssetUpload } from '../../../main/engine/protocol';
import { call, CHUNK, login, MiB, startRequest, useSandboxes } from './sandbox-harness';

const harness = useSandboxes();

describe('start refuses requests it cannot honour, with a 400 that says why', () => {
  test('relativePath must be a clean relative path', async () => {
    const sandbox = await harness.start();
    const { token } = await login(sandbox);
    const start = (relativePath: string) =>
      call(sandbox, 'POST', '/api/asset/upload/start', { token, json: startRequest({ relativePath, contentLength: 1 }) });

    for (const [path, says] of [
      ['../escape.mov', '".." segments'],
      ['shoot/../../etc/passwd', '".." segments'],
      ['shoot\\..\\x.mov', '".." segments'],
      ['/etc/passwd', 'absolute'],
      ['\\\\server\\share\\a.mov', 'absolute'],
      ['C:\\Users\\a.mov', 'absolute'],
      ['c:/a.mov', 'absolute'],
      ['a\u0000.mov', 'control characters'],
      ['a\n.mov', 'control characters'],
      ['shoot//a.mov', 'empty path segment'],
      ['shoot/', 'empty path segment'],
      ['', 'empty'],
      ['./a.mov', '"." segments'],
    ] as const) {
      const reply = await start(path);
      expect({ path, status: reply.status }).toEqual({ path, status: 400 });
      expect(reply.json).toMatchObject({ detail: expect.stringContaining(says) });
    }
    expect((await call<{ path: string }[]>(sandbox, 'GET', '/_sandbox/folders')).json.map((f) => f.path)).toEqual(['Incoming', 'Media']);
  });

  test('chunkSize must be at least 5 MiB and the file must fit in 10,000 parts', async () => {
    const sandbox = await harness.start();
    const { token } = await login(sandbox);
    const start = (contentLength: number, chunkSize: number) =>
      call(sandbox, 'POST', '/api/asset/upload/start', { token, json: startRequest({ relativePath: 'big.bin', contentLength, chunkSize }) });

    const small = await start(10 * MiB, 5 * MiB - 1);
    expect(small.status).toBe(400);
    expect(small.json).toMatchObject({ detail: expect.stringContaining('5 MiB') });

    const tooMany = await start(10_001 * CHUNK, CHUNK);
    expect(tooMany.status).toBe(400);
    expect(tooMany.json).toMatchObject({ detail: expect.stringContaining('10000') });

    const exactlyTenThousand = await call<AssetUpload>(sandbox, 'POST', '/api/asset/upload/start', {
      token,
      json: startRequest({ relativePath: 'edge.bin', contentLength: 10_000 * CHUNK, chunkSize: CHUNK }),
    });
    expect(exactlyTenThousand.status).toBe(200);
    expect(exactlyTenThousand.json.parts).toHaveLength(10_000);
    expect(exactlyTenThousand.json.parts?.at(-1)).toMatchObject({ partNumber: 10_000, endingPosition: 10_000 * CHUNK - 1 });
    expect(new Set(exactlyTenThousand.json.parts?.map((p) => p.url)).size).toBe(10_000);
  });

  test('every field is checked: enums, integers, UUIDs, known ids', async () => {
    const sandbox = await harness.start();
    const { token } = await login(sandbox);
    const start = (body: Record<string, unknown>) =>
      call(sandbox, 'POST', '/api/asset/upload/start', { token, json: { relativePath: 'a.bin', contentLength: 1, chunkSize: CHUNK, uploadOverwriteOption: 'Cancel', ...body } });

    for (const body of [
      { uploadOverwriteOption: 'Overwrite' },
      { uploadOverwriteOption: undefined },
      { contentLength: -1 },
      { contentLength: 1.5 },
      { contentLength: '12' },
      { chunkSize: 8 * MiB + 0.5 },
      { uploadReplaceOptions: ['ReplaceEverything'] },
      { parentId: 'not-a-uuid' },
      { languageId: 42 },
      { existingAssetId: '00000000-0000-4000-8000-000000000000' },
      { uploadOverwriteOption: 'AssetReplace' },
      { relativePath: null, displayName: null },
      { relativePath: undefined, displayName: 'a/b.mov' },
    ]) {
      const reply = await start(body);
      expect({ body, status: reply.status }).toEqual({ body, status: 400 });
    }
    const valid = await start({ uploadReplaceOptions: ['ReplaceDisplayName', 'RecreateThumbnail'], languageId: '33333333-3333-4333-8333-333333333333' });
    expect(valid.status).toBe(200);
  });

  test('a file cannot take a folder\'s place, nor a folder a file\'s', async () => {
    const sandbox = await harness.start();
    const { token } = await login(sandbox);
    const first = await call<AssetUpload>(sandbox, 'POST', '/api/asset/upload/start', { token, json: startRequest({ relativePath: 'shoot/a.mov', contentLength: 1 }) });
    expect(first.status).toBe(200);
    const fileOverFolder = await call(sandbox, 'POST', '/api/asset/upload/start', { token, json: startRequest({ relativePath: 'shoot', contentLength: 1 }) });
    expect(fileOverFolder.status).toBe(400);
    expect(fileOverFolder.json).toMatchObject({ detail: expect.stringContaining('is a folder') });
  });
});
