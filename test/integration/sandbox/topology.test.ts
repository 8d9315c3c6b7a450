// Real topology: with directUrls the sandbox hands out pre-signed URLs that point straight at
// S3 (as a real Nomad server does) and verifies parts with S3 itself; with publicUrl every URL
// it hands out starts with a proxy's base. The default (gateway) is covered everywhere else.
import { afterEach, describe, expect, test } from 'vitest';
import S3rver from 's3rver';
import type { AssetPartUpload } from '../../../main/engine/protocol';
import { startSandbox } from '../../../main/sandbox';
import { startForwardingProxy, type ForwardingProxy } from './forwarding-proxy';
import {
  call,
  completeUpload,
  confirmPart,
  login,
  md5,
  MiB,
  partBytes,
  putPart,
  sendParts,
  sha256,
  startRequest,
  startUpload,
  testBytes,
  uploadFile,
  useSandboxes,
} from './sandbox-harness';

const harness = useSandboxes();
const proxies: ForwardingProxy[] = [];
const externals: S3rver[] = [];
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
  await Promise.all(externals.splice(0).map((server) => server.close()));
});

async function proxy(prefix = ''): Promise<ForwardingProxy> {
  const started = await startForwardingProxy(prefix);
  proxies.push(started);
  return started;
}

describe('direct URLs: part PUTs go straight to S3', () => {
  test('an upload is byte-exact, its part URLs name the S3 endpoint, and the gateway sees nothing', async () => {
    const sandbox = await harness.start({ directUrls: true });
    expect(sandbox.partUrls).toBe('direct');
    expect(sandbox.storage).toEqual({ kind: 'embedded', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), bucket: 'nomad-sandbox' });
    expect(sandbox.storage.url).not.toBe(sandbox.url);
    const { token } = await login(sandbox);
    const source = testBytes(12 * MiB + 7, 60);

    const upload = await startUpload(sandbox, token, startRequest({ relativePath: 'direct/clip.mov', contentLength: source.length }));
    expect(upload.parts?.map((p) => new URL(p.url ?? '').origin)).toEqual([sandbox.storage.url, sandbox.storage.url, sandbox.storage.url]);
    expect(upload.parts?.[0]?.url).toContain('/nomad-sandbox/objects/');
    expect(upload.parts?.[0]?.url).toContain('X-Amz-Signature=');

    await sendParts(sandbox, token, upload, source);
    expect((await completeUpload(sandbox, token, upload.id)).status).toBe(200);
    expect(await sandbox.assets()).toEqual([expect.objectContaining({ path: 'Incoming/direct/clip.mov', size: source.length, sha256: sha256(source) })]);
    expect(sandbox.stats()).toMatchObject({ partPuts: 0, partBytesReceived: 0, partCompletes: 3, completes: 1 });
  });

  test('part-complete checks the reported ETag against what S3 holds: a wrong or missing part is refused', async () => {
    const sandbox = await harness.start({ directUrls: true });
    const { token } = await login(sandbox);
    const source = testBytes(6 * MiB, 61);
    const upload = await startUpload(sandbox, token, startRequest({ relativePath: 'checked.bin', contentLength: source.length }));
    const [first, second] = upload.parts as [AssetPartUpload, AssetPartUpload];

    // Not PUT yet: nothing to confirm.
    const early = await confirmPart(sandbox, token, first.id, `"${md5(partBytes(source, first))}"`);
    expect(early.status).toBe(400);
    expect(early.json).toMatchObject({ detail: expect.stringContaining('not in storage') });

    const put = await putPart(first.url ?? '', partBytes(source, first));
    expect(put.status).toBe(200);
    expect(put.etag).toBe(`"${md5(partBytes(source, first))}"`);
    const wrong = await confirmPart(sandbox, token, first.id, `"${md5(Buffer.from('other bytes'))}"`);
    expect(wrong.status).toBe(400);
    expect(wrong.json).toMatchObject({ detail: expect.stringContaining('ETag mismatch for part 1') });
    expect((await confirmPart(sandbox, token, first.id, put.etag ?? '')).status).toBe(200);

    // A part stored with the wrong length (bytes of another range) is refused by size.
    const short = await putPart(second.url ?? '', source.subarray(0, 1000));
    expect(short.status).toBe(200);
    const sized = await confirmPart(sandbox, token, second.id, short.etag ?? '');
    expect(sized.status).toBe(400);
    expect(sized.json).toMatchObject({ detail: expect.stringContaining('1000 bytes') });
    expect((await completeUpload(sandbox, token, upload.id)).status).toBe(400);
  });

  test('storage faults are refused (they could never fire), API faults still work', async () => {
    const sandbox = await harness.start({ directUrls: true });
    const partFault = await call(sandbox, 'POST', '/_sandbox/faults', { json: { kind: 'part-status', status: 500 } });
    expect(partFault.status).toBe(400);
    expect(partFault.json).toMatchObject({ detail: expect.stringContaining('direct storage URLs') });
    expect((await call(sandbox, 'POST', '/_sandbox/faults', { json: { kind: 'expire-urls' } })).status).toBe(400);
    expect((await call(sandbox, 'POST', '/_sandbox/faults', { json: { kind: 'api-status', route: 'start', status: 503 } })).status).toBe(200);
  });

  test('storagePublicUrl: part URLs name a proxy in front of S3, signed for its host, and the upload is byte-exact', async () => {
    const storageProxy = await proxy();
    const sandbox = await harness.start({ directUrls: true, storagePublicUrl: storageProxy.origin });
    storageProxy.setUpstream(sandbox.storage.url ?? '');
    const { token } = await login(sandbox);
    const source = testBytes(7 * MiB, 62);

    const upload = await uploadFile(sandbox, token, source, { relativePath: 'via-proxy.bin' });
    expect(upload.parts?.every((p) => p.url?.startsWith(`${storageProxy.origin}/nomad-sandbox/`))).toBe(true);
    expect(new URL(upload.parts?.[0]?.url ?? '').searchParams.get('X-Amz-SignedHeaders')).toBe('host');
    expect(storageProxy.forwarded.filter((line) => line.startsWith('PUT '))).toHaveLength(2);
    expect(storageProxy.refused).toEqual([]);
    expect((await sandbox.assets())[0]).toMatchObject({ path: 'Incoming/via-proxy.bin', sha256: sha256(source) });
  });

  test('an S3 endpoint without ListParts cannot verify direct parts: the start is refused, saying why', async () => {
    const external = new S3rver({ port: 0, address: '127.0.0.1', directory: await harness.tempDir(), silent: true, configureBuckets: [{ name: 'media' }] });
    const { port } = await external.run();
    externals.push(external);
    const storage = { kind: 's3' as const, endpoint: `http://127.0.0.1:${port}`, bucket: 'media', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
    await expect(startSandbox({ dataDir: await harness.tempDir(), directUrls: true, storage })).rejects.toThrow(/ListParts/);
    // The same endpoint behind the gateway is fine (the gateway saw what storage answered).
    const sandbox = await harness.start({ storage });
    expect(sandbox.partUrls).toBe('gateway');
  });

  test('options that cannot work together are refused', async () => {
    const dataDir = await harness.tempDir();
    await expect(startSandbox({ dataDir, directUrls: true, storage: { kind: 'discard' } })).rejects.toThrow(/keeps the parts/);
    await expect(startSandbox({ dataDir, storagePublicUrl: 'http://proxy.test' })).rejects.toThrow(/needs directUrls/);
    await expect(startSandbox({ dataDir, directUrls: true, storagePublicUrl: 'http://proxy.test/s3' })).rejects.toThrow(/without a path/);
    await expect(startSandbox({ dataDir, publicUrl: 'ftp://proxy.test' })).rejects.toThrow(/http\(s\)/);
    await expect(startSandbox({ dataDir, publicUrl: 'http://proxy.test/?x=1' })).rejects.toThrow(/plain base URL/);
  });
});

describe('publicUrl: the sandbox behind a proxy', () => {
  test('every URL handed out starts with the public base, and an upload through the proxy is byte-exact', async () => {
    const front = await proxy('/nomad');
    const sandbox = await harness.start({ publicUrl: `${front.base}/` });
    front.setUpstream(sandbox.url);
    expect(sandbox.publicUrl).toBe(front.base);
    const viaProxy = { url: front.base };
    const { token } = await login(viaProxy);
    const source = testBytes(11 * MiB + 3, 63);

    const upload = await startUpload(viaProxy, token, startRequest({ relativePath: 'behind/proxy.mov', contentLength: source.length }));
    expect(upload.parts?.every((p) => p.url?.startsWith(`${front.base}/_storage/`))).toBe(true);
    await sendParts(viaProxy, token, upload, source, [1]);
    // The admin listing's fresh URLs, too.
    const listed = await call<AssetPartUpload[]>(viaProxy, 'GET', `/api/admin/asset/upload/${upload.id}`, { token });
    expect(listed.json.filter((p) => !p.isCompleted).every((p) => p.url?.startsWith(`${front.base}/_storage/`))).toBe(true);
    await sendParts(viaProxy, token, { ...upload, parts: listed.json }, source);
    expect((await completeUpload(viaProxy, token, upload.id)).status).toBe(200);

    expect((await sandbox.assets())[0]).toMatchObject({ path: 'Incoming/behind/proxy.mov', sha256: sha256(source) });
    expect(front.forwarded.filter((line) => line.startsWith('PUT /nomad/_storage/'))).toHaveLength(3);
    expect(front.refused).toEqual([]);
    expect(sandbox.stats()).toMatchObject({ partPuts: 3, partBytesReceived: source.length });
  });
});
