// Each variant changes one behaviour where the spec is silent. First what each one does, in
// raw HTTP; then a correct client (tolerant-client.ts) uploading byte-exact under each variant
// alone and under all of them at once (one of each exclusive group, both ways).
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { AssetPartUpload, AssetUpload, LoginResponse } from '../../../main/engine/protocol';
import { EXCLUSIVE_VARIANTS, SANDBOX_VARIANTS, startSandbox, type SandboxVariant } from '../../../main/sandbox';
import { call, completeUpload, confirmPart, login, md5, MiB, partBytes, putPart, sendParts, sha256, startRequest, startUpload, testBytes, uploadFile, useSandboxes } from './sandbox-harness';
import { TolerantClient } from './tolerant-client';

const harness = useSandboxes();
afterEach(() => {
  vi.useRealTimers();
});

const contentMd5 = (bytes: Buffer): string => createHash('md5').update(bytes).digest('base64');

describe('error bodies', () => {
  test.each([
    ['(none)', [], (body: unknown) => expect(body).toMatchObject({ status: 404, title: 'Not Found', detail: expect.stringContaining('unknown') })],
    ['errors-array', ['errors-array'], (body: unknown) => expect(body).toEqual({ errors: [{ code: 'NotFound', field: null, message: expect.stringContaining('unknown') }] })],
    ['errors-message', ['errors-message'], (body: unknown) => expect(body).toEqual({ message: expect.stringContaining('unknown') })],
    ['errors-string', ['errors-string'], (body: unknown) => expect(body).toEqual(expect.stringContaining('unknown'))],
  ] as const)('%s', async (_name, variants, check) => {
    const sandbox = await harness.start({ variants: [...variants] });
    const { token } = await login(sandbox);
    const missing = await call(sandbox, 'POST', '/api/asset/upload/00000000-0000-4000-8000-000000000000/complete', { token });
    expect(missing.status).toBe(404);
    check(missing.json);
    // Auth failures take the same shape.
    const unauthenticated = await call(sandbox, 'GET', '/api/admin/asset/upload');
    expect(unauthenticated.status).toBe(401);
    expect(JSON.stringify(unauthenticated.json)).toContain('bearer token is required');
  });
});

describe('"already exists" under Cancel', () => {
  test.each([
    ['(none)', [], 409],
    ['conflict-400', ['conflict-400'], 400],
    ['conflict-422', ['conflict-422'], 422],
  ] as const)('%s', async (_name, variants, status) => {
    const sandbox = await harness.start({ variants: [...variants] });
    const { token } = await login(sandbox);
    await uploadFile(sandbox, token, testBytes(10, 80), { relativePath: 'twice.bin' });
    const again = await call<Record<string, unknown>>(sandbox, 'POST', '/api/asset/upload/start', { token, json: startRequest({ relativePath: 'twice.bin', contentLength: 10 }) });
    expect(again.status).toBe(status);
    expect(again.json.detail).toContain('already exists');
    // Only the default names the existing asset (the sandbox's ProblemDetails extension).
    expect('assetId' in again.json).toBe(status === 409);
  });
});

describe('resuming', () => {
  test('continue-pending-only: a Continue start lists only the parts still to upload', async () => {
    const sandbox = await harness.start({ variants: ['continue-pending-only'] });
    const { token } = await login(sandbox);
    const source = testBytes(12 * MiB, 81);
    const upload = await startUpload(sandbox, token, startRequest({ relativePath: 'partial.bin', contentLength: source.length }));
    await sendParts(sandbox, token, upload, source, [2]);
    const continued = await startUpload(sandbox, token, startRequest({ relativePath: 'partial.bin', contentLength: source.length, uploadOverwriteOption: 'Continue' }));
    expect(continued.id).toBe(upload.id);
    expect(continued.parts?.map((p) => [p.partNumber, p.isCompleted])).toEqual([[1, false], [3, false]]);
    await sendParts(sandbox, token, continued, source);
    expect((await completeUpload(sandbox, token, upload.id)).status).toBe(200);
    expect((await sandbox.assets())[0]?.sha256).toBe(sha256(source));
  });

  test('no-resign: the admin listing hands back the expired URLs; a Continue start re-signs', async () => {
    const sandbox = await harness.start({ variants: ['no-resign'], urlTtlSeconds: 60 });
    const { token } = await login(sandbox);
    const source = testBytes(6 * MiB, 82);
    const upload = await startUpload(sandbox, token, startRequest({ relativePath: 'stale.bin', contentLength: source.length }));
    const listed = await call<AssetPartUpload[]>(sandbox, 'GET', `/api/admin/asset/upload/${upload.id}`, { token });
    expect(listed.json.map((p) => p.url)).toEqual(upload.parts?.map((p) => p.url));

    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    vi.setSystemTime(Date.now() + 61_000);
    const stale = await call<AssetPartUpload[]>(sandbox, 'GET', `/api/admin/asset/upload/${upload.id}`, { token });
    expect(stale.json.map((p) => p.url)).toEqual(upload.parts?.map((p) => p.url));
    const first = upload.parts?.[0] as AssetPartUpload;
    const expired = await putPart(stale.json[0]?.url ?? '', partBytes(source, first));
    expect(expired.status).toBe(403);
    expect(expired.text).toContain('Request has expired');

    const continued = await startUpload(sandbox, token, startRequest({ relativePath: 'stale.bin', contentLength: source.length, uploadOverwriteOption: 'Continue' }));
    expect(continued.parts?.[0]?.url).not.toBe(first.url);
    // The listing now repeats the re-signed URLs; confirmed parts have none.
    await sendParts(sandbox, token, continued, source, [1]);
    const after = await call<AssetPartUpload[]>(sandbox, 'GET', `/api/admin/asset/upload/${upload.id}`, { token });
    expect(after.json.map((p) => p.url)).toEqual([null, continued.parts?.[1]?.url]);
    await sendParts(sandbox, token, continued, source);
    expect((await completeUpload(sandbox, token, upload.id)).status).toBe(200);
  });
});

describe('ETags and Content-MD5', () => {
  test('kms-etag: random ETags, Content-MD5 checked, part-complete checks the ETag storage answered', async () => {
    const sandbox = await harness.start({ variants: ['kms-etag'] });
    const { token } = await login(sandbox);
    const source = testBytes(6 * MiB, 83);
    const upload = await startUpload(sandbox, token, startRequest({ relativePath: 'kms.bin', contentLength: source.length }));
    const [first] = upload.parts as [AssetPartUpload];
    const bytes = partBytes(source, first);

    const wrong = await putPart(first.url ?? '', bytes, { 'content-md5': contentMd5(Buffer.from('other')) });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('<Code>BadDigest</Code>');
    expect((await confirmPart(sandbox, token, first.id, md5(bytes))).status).toBe(400);

    const put = await putPart(first.url ?? '', bytes, { 'content-md5': contentMd5(bytes) });
    expect(put.status).toBe(200);
    expect(put.etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(put.etag).not.toBe(`"${md5(bytes)}"`);
    const again = await putPart(first.url ?? '', bytes);
    expect(again.etag).not.toBe(put.etag);
    // Only the latest ETag storage answered is true now; the MD5 never was.
    expect((await confirmPart(sandbox, token, first.id, md5(bytes))).status).toBe(400);
    expect((await confirmPart(sandbox, token, first.id, put.etag ?? '')).status).toBe(400);
    expect((await confirmPart(sandbox, token, first.id, again.etag ?? '')).status).toBe(200);
    await sendParts(sandbox, token, upload, source);
    expect((await completeUpload(sandbox, token, upload.id)).status).toBe(200);
    expect((await sandbox.assets())[0]?.sha256).toBe(sha256(source));
  });

  test.each([['embedded storage', 'embedded'], ['discard storage', 'discard']] as const)('without variants too, storage verifies Content-MD5 (%s)', async (_name, kind) => {
    const sandbox = await harness.start({ storage: { kind } });
    const { token } = await login(sandbox);
    const source = testBytes(1000, 84);
    const upload = await startUpload(sandbox, token, startRequest({ relativePath: 'md5.bin', contentLength: source.length }));
    const url = upload.parts?.[0]?.url ?? '';
    const bad = await putPart(url, source, { 'content-md5': contentMd5(Buffer.from('x')) });
    expect([bad.status, /<Code>(\w+)</.exec(bad.text)?.[1]]).toEqual([400, 'BadDigest']);
    const malformed = await putPart(url, source, { 'content-md5': 'not-a-digest' });
    expect([malformed.status, /<Code>(\w+)</.exec(malformed.text)?.[1]]).toEqual([400, 'InvalidDigest']);
    const good = await putPart(url, source, { 'content-md5': contentMd5(source) });
    expect(good.status).toBe(200);
    expect(good.etag).toBe(`"${md5(source)}"`);
  });
});

describe('tokens', () => {
  test('refresh-null: refresh answers refreshToken null and the refresh token in use keeps working', async () => {
    const sandbox = await harness.start({ variants: ['refresh-null'] });
    const session = await login(sandbox);
    for (let i = 0; i < 2; i++) {
      const refreshed = await call<LoginResponse>(sandbox, 'POST', '/api/account/refresh-token', { json: { refreshToken: session.refreshToken } });
      expect(refreshed.status).toBe(200);
      expect(refreshed.json.refreshToken).toBeNull();
      expect((await call(sandbox, 'GET', '/api/admin/asset/upload', { token: refreshed.json.token ?? '' })).status).toBe(200);
    }
  });

  test('api-403-expiry: an expired access token is a 403; a forged one is still a 401', async () => {
    const sandbox = await harness.start({ variants: ['api-403-expiry'], tokenTtlSeconds: 60 });
    const { token } = await login(sandbox);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    vi.setSystemTime(Date.now() + 61_000);
    const expired = await call(sandbox, 'GET', '/api/admin/asset/upload', { token });
    expect(expired.status).toBe(403);
    expect(expired.json).toMatchObject({ detail: expect.stringContaining('expired') });
    expect((await call(sandbox, 'GET', '/api/admin/asset/upload', { token: 'forged' })).status).toBe(401);
  });
});

describe('0-byte files', () => {
  test('zero-byte-no-parts: no parts at all; complete stores the empty object', async () => {
    const sandbox = await harness.start({ variants: ['zero-byte-no-parts'] });
    const { token } = await login(sandbox);
    const upload = await startUpload(sandbox, token, startRequest({ relativePath: 'empty.txt', contentLength: 0 }));
    expect(upload.parts).toEqual([]);
    expect((await completeUpload(sandbox, token, upload.id)).status).toBe(200);
    expect(await sandbox.assets()).toEqual([expect.objectContaining({ path: 'Incoming/empty.txt', size: 0, sha256: sha256(Buffer.alloc(0)) })]);
  });

  test('zero-byte-single-part: one part [0, 0], sent with no bytes', async () => {
    const sandbox = await harness.start({ variants: ['zero-byte-single-part'] });
    const { token } = await login(sandbox);
    const upload = await startUpload(sandbox, token, startRequest({ relativePath: 'empty.txt', contentLength: 0 }));
    expect(upload.parts?.map((p) => [p.partNumber, p.startingPosition, p.endingPosition])).toEqual([[1, 0, 0]]);
    const put = await putPart(upload.parts?.[0]?.url ?? '', Buffer.alloc(0));
    expect((await confirmPart(sandbox, token, upload.parts?.[0]?.id ?? '', put.etag ?? '')).status).toBe(200);
    expect((await completeUpload(sandbox, token, upload.id)).status).toBe(200);
    expect((await sandbox.assets())[0]).toMatchObject({ size: 0, sha256: sha256(Buffer.alloc(0)) });
  });
});

describe('options', () => {
  test('unknown and clashing variants are refused, saying which', async () => {
    const dataDir = await harness.tempDir();
    await expect(startSandbox({ dataDir, variants: ['errors-xml' as SandboxVariant] })).rejects.toThrow(/unknown variant "errors-xml"/);
    await expect(startSandbox({ dataDir, variants: ['conflict-400', 'conflict-422'] })).rejects.toThrow(/conflict-400 and conflict-422 exclude each other/);
    await expect(startSandbox({ dataDir, variants: ['kms-etag'], directUrls: true })).rejects.toThrow(/needs the gateway/);
  });
});

/** Every variant but the other members of its exclusive group, with `pick` chosen from each group. */
function allAtOnce(pick: (group: readonly SandboxVariant[]) => SandboxVariant): SandboxVariant[] {
  const excluded = new Set(EXCLUSIVE_VARIANTS.flatMap((group) => group.filter((name) => name !== pick(group))));
  return SANDBOX_VARIANTS.filter((name) => !excluded.has(name));
}

const matrix: Array<[string, SandboxVariant[]]> = [
  ['no variant', []],
  ...SANDBOX_VARIANTS.map((name): [string, SandboxVariant[]] => [name, [name]]),
  ['all at once (first of each group)', allAtOnce((group) => group[0] as SandboxVariant)],
  ['all at once (last of each group)', allAtOnce((group) => group.at(-1) as SandboxVariant)],
];

describe('a correct client works under every variant', () => {
  test.each(matrix)('%s', async (_name, variants) => {
    const sandbox = await harness.start({ variants, urlTtlSeconds: 60, tokenTtlSeconds: 60 });
    const client = new TolerantClient(sandbox);
    await client.login();
    const big = testBytes(11 * MiB + 5, 90);
    const empty = Buffer.alloc(0);

    // Part 1 only, then the clock passes the URL and token lifetimes: the resume needs fresh
    // URLs and a refreshed token, and the conflict answer of a Cancel start to find the upload.
    await client.upload(big, 'matrix/big.bin', { only: [1] });
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    vi.setSystemTime(Date.now() + 61_000);
    await new TolerantClient(sandbox).login();
    await client.upload(big, 'matrix/big.bin', { resume: true });
    await client.upload(empty, 'matrix/empty.txt');

    expect(client.refreshes).toBeGreaterThanOrEqual(1);
    const assets = await sandbox.assets();
    expect(assets.map((a) => [a.path, a.size, a.sha256])).toEqual([
      ['Incoming/matrix/big.bin', big.length, sha256(big)],
      ['Incoming/matrix/empty.txt', 0, sha256(empty)],
    ]);
    expect((await call<AssetUpload[]>(sandbox, 'GET', '/api/admin/asset/upload', { token: (await login(sandbox)).token })).json).toEqual([]);
  });
});
