import { describe, expect, test } from 'vitest';
import type { AssetPartUpload, AssetUpload, BatchResult } from '../../../main/engine/protocol';
import {
  call,
  CHUNK,
  completeUpload,
  confirmPart,
  login,
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
import type { StoredAsset } from '../../../main/sandbox';

const harness = useSandboxes();

describe('a client uploads files through the sandbox', () => {
  test('a 12 MiB file in three 5 MiB parts arrives byte-exact at Incoming/<name>', async () => {
    const sandbox = await harness.start();
    const { token } = await login(sandbox);
    const source = testBytes(12 * MiB);

    const upload = await startUpload(sandbox, token, startRequest({ relativePath: 'clip.mov', contentLength: source.length }));
    expect(upload.etag).toBeNull();
    expect(upload.contentLength).toBe(source.length);
    expect(upload.parts?.map((p) => [p.partNumber, p.startingPosition, p.endingPosition, p.isCompleted])).toEqual([
      [1, 0, CHUNK - 1, false],
      [2, CHUNK, 2 * CHUNK - 1, false],
      [3, 2 * CHUNK, source.length - 1, false],
    ]);
    expect(upload.parts?.every((p) => p.url?.startsWith(`${sandbox.url}/_storage/`))).toBe(true);

    for (const part of upload.parts ?? []) {
      const put = await putPart(part.url ?? '', partBytes(source, part));
      expect(put.status).toBe(200);
      expect((await confirmPart(sandbox, token, part.id, put.etag ?? '')).status).toBe(200);
    }
    const done = await completeUpload(sandbox, token, upload.id);
    expect(done.status).toBe(200);
    expect(done.json).toEqual({ items: [{ id: upload.assetId, uploadId: upload.id, size: source.length }], totalItemCount: 1 });

    const assets = await call<StoredAsset[]>(sandbox, 'GET', '/_sandbox/assets');
    expect(assets.json).toEqual([
      expect.objectContaining({ id: upload.assetId, path: 'Incoming/clip.mov', size: source.length, sha256: sha256(source) }),
    ]);
    expect(await sandbox.assets()).toEqual(assets.json);
    expect(sandbox.stats()).toMatchObject({ starts: 1, partPuts: 3, partBytesReceived: source.length, partCompletes: 3, completes: 1, partPutsByStatus: { '200': 3 } });
  });

  test('a 0-byte file is one part [0, -1] sent with Content-Length 0', async () => {
    const sandbox = await harness.start();
    const { token } = await login(sandbox);
    const upload = await startUpload(sandbox, token, startRequest({ relativePath: 'empty.txt', contentLength: 0 }));
    expect(upload.parts?.map((p) => [p.partNumber, p.startingPosition, p.endingPosition])).toEqual([[1, 0, -1]]);

    await sendParts(sandbox, token, upload, Buffer.alloc(0));
    expect((await completeUpload(sandbox, token, upload.id)).status).toBe(200);
    expect(await sandbox.assets()).toEqual([expect.objectContaining({ path: 'Incoming/empty.txt', size: 0, sha256: sha256(Buffer.alloc(0)) })]);
  });

  test('relativePath creates the folders below Incoming, and later uploads reuse them', async () => {
    const sandbox = await harness.start();
    const { token } = await login(sandbox);
    const a = testBytes(1000, 2);
    const b = testBytes(2000, 3);

    await uploadFile(sandbox, token, a, { relativePath: 'shoot/day 1/a.mov' });
    await uploadFile(sandbox, token, b, { relativePath: 'shoot/day 1/b.mov', displayName: 'Take B.mov' });

    const folders = await call<{ id: string; parentId: string | null; path: string }[]>(sandbox, 'GET', '/_sandbox/folders');
    expect(folders.json.map((f) => f.path)).toEqual(['Incoming', 'Incoming/shoot', 'Incoming/shoot/day 1', 'Media']);
    const day1 = folders.json.find((f) => f.path === 'Incoming/shoot/day 1');
    const assets = await sandbox.assets();
    expect(assets.map((x) => [x.path, x.displayName, x.parentId, x.sha256])).toEqual([
      ['Incoming/shoot/day 1/a.mov', 'a.mov', day1?.id, sha256(a)],
      ['Incoming/shoot/day 1/b.mov', 'Take B.mov', day1?.id, sha256(b)],
    ]);
  });

  test('parentId puts the file (and its relativePath folders) below that folder; an unknown parentId is refused', async () => {
    const sandbox = await harness.start();
    const { token } = await login(sandbox);
    await uploadFile(sandbox, token, testBytes(10), { relativePath: 'projects/x.txt' });
    const projects = (await call<{ id: string; path: string }[]>(sandbox, 'GET', '/_sandbox/folders')).json.find((f) => f.path === 'Incoming/projects');

    await uploadFile(sandbox, token, testBytes(20), { parentId: projects?.id ?? '', relativePath: 'cuts/y.txt' });
    expect((await sandbox.assets()).map((x) => x.path)).toContain('Incoming/projects/cuts/y.txt');

    const unknown = await call(sandbox, 'POST', '/api/asset/upload/start', {
      token,
      json: startRequest({ parentId: '00000000-0000-4000-8000-000000000000', relativePath: 'z.txt', contentLength: 1 }),
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json).toMatchObject({ status: 400, detail: expect.stringContaining('parentId') });
  });

  test('part-complete checks the ETag against storage, and complete insists on every part', async () => {
    const sandbox = await harness.start();
    const { token } = await login(sandbox);
    const source = testBytes(11 * MiB, 4);
    const upload = await startUpload(sandbox, token, startRequest({ relativePath: 'strict.bin', contentLength: source.length }));
    const [first, second] = upload.parts as [AssetPartUpload, AssetPartUpload, AssetPartUpload];

    const notYetSent = await confirmPart(sandbox, token, first.id, '"0123456789abcdef0123456789abcdef"');
    expect(notYetSent.status).toBe(400);
    expect(notYetSent.json).toMatchObject({ detail: expect.stringContaining('not in storage') });

    const put = await putPart(first.url ?? '', partBytes(source, first));
    const wrong = await confirmPart(sandbox, token, first.id, '"0123456789abcdef0123456789abcdef"');
    expect(wrong.status).toBe(400);
    expect(wrong.json).toMatchObject({ detail: expect.stringContaining('ETag mismatch') });

    const missingEtag = await call(sandbox, 'POST', `/api/asset/upload/part/${first.id}/complete`, { token, json: {} });
    expect(missingEtag.status).toBe(400);

    // Quotes and case do not matter; confirming twice is fine.
    expect((await confirmPart(sandbox, token, first.id, (put.etag ?? '').replace(/"/g, '').toUpperCase())).status).toBe(200);
    expect((await confirmPart(sandbox, token, first.id, put.etag ?? '')).status).toBe(200);

    const unknownPart = await confirmPart(sandbox, token, '00000000-0000-4000-8000-000000000000', put.etag ?? '');
    expect(unknownPart.status).toBe(404);

    const early = await completeUpload(sandbox, token, upload.id);
    expect(early.status).toBe(400);
    expect(early.json).toMatchObject({ detail: expect.stringMatching(/^2 of 3 parts are not confirmed/) });

    // A part PUT with the wrong bytes is stored, but its size gives it away at confirmation.
    const short = await putPart(second.url ?? '', partBytes(source, second).subarray(1));
    const shortConfirm = await confirmPart(sandbox, token, second.id, short.etag ?? '');
    expect(shortConfirm.status).toBe(400);
    expect(shortConfirm.json).toMatchObject({ detail: expect.stringContaining('bytes') });

    await sendParts(sandbox, token, { ...upload, parts: (upload.parts ?? []).slice(1) }, source);
    const done = await completeUpload(sandbox, token, upload.id);
    expect(done.status).toBe(200);
    // Completing again answers the same (a client whose first answer was lost may retry).
    const again = await completeUpload(sandbox, token, upload.id);
    expect(again.status).toBe(200);
    expect(again.json).toEqual(done.json as BatchResult);
    expect((await sandbox.assets())[0]?.sha256).toBe(sha256(source));
  });

  test('the admin listing shows the user\'s in-progress uploads with fresh URLs for the parts still to send', async () => {
    const sandbox = await harness.start();
    const { token } = await login(sandbox);
    const source = testBytes(11 * MiB, 5);
    const upload = await startUpload(sandbox, token, startRequest({ relativePath: 'listed.bin', contentLength: source.length }));
    await sendParts(sandbox, token, upload, source, [2]);
    const finished = await uploadFile(sandbox, token, testBytes(100), { relativePath: 'done.bin' });

    const list = await call<AssetUpload[]>(sandbox, 'GET', '/api/admin/asset/upload', { token });
    expect(list.status).toBe(200);
    expect(list.json.map((u) => u.id)).toEqual([upload.id]);
    expect(list.json[0]?.parts?.map((p) => [p.partNumber, p.isCompleted, p.url === null])).toEqual([
      [1, false, false],
      [2, true, true],
      [3, false, false],
    ]);

    const withCompleted = await call<AssetUpload[]>(sandbox, 'GET', '/api/admin/asset/upload?includeCompletedUploads=true', { token });
    expect(withCompleted.json.map((u) => [u.id, u.etag !== null])).toEqual([
      [upload.id, false],
      [finished.id, true],
    ]);

    const parts = await call<AssetPartUpload[]>(sandbox, 'GET', `/api/admin/asset/upload/${upload.id}`, { token });
    expect(parts.json.map((p) => p.isCompleted)).toEqual([false, true, false]);
    const unknown = await call(sandbox, 'GET', '/api/admin/asset/upload/00000000-0000-4000-8000-000000000000', { token });
    expect(unknown.status).toBe(404);

    // Another user sees none of it.
    const other = await harness.start({ users: { demo: 'demo', eve: 'pw' } });
    const eve = await login(other, 'eve', 'pw');
    expect((await call<AssetUpload[]>(other, 'GET', '/api/admin/asset/upload', { token: eve.token })).json).toEqual([]);
  });

  test('cancel deletes the parts and removes the upload from the listings', async () => {
    const sandbox = await harness.start();
    const { token } = await login(sandbox);
    const source = testBytes(6 * MiB, 6);
    const upload = await startUpload(sandbox, token, startRequest({ relativePath: 'cancelled.bin', contentLength: source.length }));
    await sendParts(sandbox, token, upload, source, [1]);
    const leftover = upload.parts?.[1] as AssetPartUpload;

    const cancel = await call(sandbox, 'POST', `/api/asset/upload/${upload.id}/cancel?message=user%20said%20so`, { token });
    expect(cancel.status).toBe(200);
    expect(sandbox.stats().cancels).toBe(1);
    expect((await call<AssetUpload[]>(sandbox, 'GET', '/api/admin/asset/upload', { token })).json).toEqual([]);
    // Storage no longer knows the multipart upload: late PUTs are refused as S3 would.
    const late = await putPart(leftover.url ?? '', partBytes(source, leftover));
    expect(late.status).toBe(404);
    expect(late.text).toContain('<Code>NoSuchUpload</Code>');
    expect((await completeUpload(sandbox, token, upload.id)).status).toBe(404);
    expect((await call(sandbox, 'POST', `/api/asset/upload/${upload.id}/cancel`, { token })).status).toBe(200);
    expect((await call(sandbox, 'POST', '/api/asset/upload/00000000-0000-4000-8000-000000000000/cancel', { token })).status).toBe(404);
    expect(await sandbox.assets()).toEqual([]);

    // The target is free again.
    await uploadFile(sandbox, token, source, { relativePath: 'cancelled.bin' });
    expect((await sandbox.assets())[0]?.sha256).toBe(sha256(source));
  });

  test('related uploads: a file related to an asset, and a file for a content record', async () => {
    const sandbox = await harness.start();
    const { token } = await login(sandbox);
    const video = await uploadFile(sandbox, token, testBytes(300), { relativePath: 'show/ep1.mov' });

    const subtitle = testBytes(50, 7);
    const related = await call<AssetUpload>(sandbox, 'POST', '/api/asset/upload/start-related-asset', {
      token,
      json: {
        existingAssetId: video.assetId,
        newRelatedAssetMetadataType: '11111111-1111-4111-8111-111111111111',
        relativePath: 'ep1.en.srt',
        uploadOverwriteOption: 'Cancel',
        contentLength: subtitle.length,
        chunkSize: CHUNK,
      },
    });
    expect(related.status).toBe(200);
    await sendParts(sandbox, token, related.json, subtitle);
    expect((await completeUpload(sandbox, token, related.json.id)).status).toBe(200);

    const contentId = '22222222-2222-4222-8222-222222222222';
    await uploadFile(sandbox, token, testBytes(40), { relatedContentId: contentId, displayName: 'poster.jpg', relativePath: 'ignored/for/content.jpg' });

    const assets = await sandbox.assets();
    expect(assets.find((a) => a.path === 'Incoming/show/ep1.en.srt')).toMatchObject({
      relatedToAssetId: video.assetId,
      relatedAssetMetadataType: '11111111-1111-4111-8111-111111111111',
      sha256: sha256(subtitle),
    });
    expect(assets.find((a) => a.path === 'Incoming/poster.jpg')).toMatchObject({ relatedContentId: contentId });

    const noParent = await call(sandbox, 'POST', '/api/asset/upload/start-related-asset', {
      token,
      json: { relativePath: 'x.srt', uploadOverwriteOption: 'Cancel', contentLength: 1, chunkSize: CHUNK },
    });
    expect(noParent.status).toBe(400);
    const unknownParent = await call(sandbox, 'POST', '/api/asset/upload/start-related-asset', {
      token,
      json: { existingAssetId: '00000000-0000-4000-8000-000000000000', relativePath: 'x.srt', uploadOverwriteOption: 'Cancel', contentLength: 1, chunkSize: CHUNK },
    });
    expect(unknownParent.status).toBe(400);
  });
});
