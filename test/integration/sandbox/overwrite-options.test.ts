import { describe, expect, test } from 'vitest';
import type { AssetUpload } from '../../../main/engine/protocol';
import {
  call,
  completeUpload,
  login,
  MiB,
  putPart,
  partBytes,
  sendParts,
  sha256,
  startRequest,
  startUpload,
  testBytes,
  uploadFile,
  useSandboxes,
} from './sandbox-harness';

const harness = useSandboxes();

describe('what happens when the asset already exists', () => {
  test('Cancel: a start for an existing asset or a running upload is refused with 409 "Asset exists"', async () => {
    const sandbox = await harness.start();
    const { token } = await login(sandbox);
    const existing = await uploadFile(sandbox, token, testBytes(100), { relativePath: 'shoot/a.mov' });

    const conflict = await call(sandbox, 'POST', '/api/asset/upload/start', { token, json: startRequest({ relativePath: 'shoot/a.mov', contentLength: 100 }) });
    expect(conflict.status).toBe(409);
    expect(conflict.json).toEqual({
      type: expect.any(String),
      title: 'Asset exists',
      status: 409,
      detail: expect.stringContaining('Incoming/shoot/a.mov'),
      assetId: existing.assetId,
    });

    const running = await startUpload(sandbox, token, startRequest({ relativePath: 'shoot/b.mov', contentLength: 6 * MiB }));
    const busy = await call(sandbox, 'POST', '/api/asset/upload/start', { token, json: startRequest({ relativePath: 'shoot/b.mov', contentLength: 6 * MiB }) });
    expect(busy.status).toBe(409);
    expect(busy.json).toMatchObject({ title: 'Asset exists', assetId: running.assetId, uploadId: running.id });

    // The same name in another folder is another asset.
    expect((await call(sandbox, 'POST', '/api/asset/upload/start', { token, json: startRequest({ relativePath: 'other/a.mov', contentLength: 100 }) })).status).toBe(200);
  });

  test('Continue resumes the upload in progress: same ids, completed flags, fresh URLs for the rest', async () => {
    const sandbox = await harness.start();
    const { token } = await login(sandbox);
    const source = testBytes(12 * MiB, 8);
    const first = await startUpload(sandbox, token, startRequest({ relativePath: 'resume/big.mov', contentLength: source.length }));
    await sendParts(sandbox, token, first, source, [1, 3]);

    // URLs are signed with one-second resolution: wait so that the fresh ones differ visibly.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const resumed = await startUpload(sandbox, token, startRequest({ relativePath: 'resume/big.mov', contentLength: source.length, uploadOverwriteOption: 'Continue' }));
    expect(resumed.id).toBe(first.id);
    expect(resumed.assetId).toBe(first.assetId);
    expect(resumed.parts?.map((p) => [p.id, p.isCompleted])).toEqual(first.parts?.map((p) => [p.id, p.partNumber !== 2]));
    const second = resumed.parts?.[1];
    expect(second?.url).toMatch(/^http/);
    expect(second?.url).not.toBe(first.parts?.[1]?.url);
    expect(resumed.parts?.[0]?.url).toBeNull();

    await sendParts(sandbox, token, resumed, source);
    expect((await completeUpload(sandbox, token, resumed.id)).status).toBe(200);
    expect((await sandbox.assets())[0]).toMatchObject({ id: first.assetId, path: 'Incoming/resume/big.mov', sha256: sha256(source) });
  });

  test('Continue with a different size is a 400 that says to use Replace', async () => {
    const sandbox = await harness.start();
    const { token } = await login(sandbox);
    await startUpload(sandbox, token, startRequest({ relativePath: 'sized.mov', contentLength: 6 * MiB }));
    const differs = await call(sandbox, 'POST', '/api/asset/upload/start', {
      token,
      json: startRequest({ relativePath: 'sized.mov', contentLength: 7 * MiB, uploadOverwriteOption: 'Continue' }),
    });
    expect(differs.status).toBe(400);
    expect(differs.json).toMatchObject({ detail: expect.stringContaining('exists with a different size; use Replace') });
  });

  test('Continue on a completed asset of the same size returns the completed upload, and complete answers 200 again', async () => {
    const sandbox = await harness.start();
    const { token } = await login(sandbox);
    const source = testBytes(6 * MiB, 9);
    const original = await uploadFile(sandbox, token, source, { relativePath: 'done.mov' });

    const again = await startUpload(sandbox, token, startRequest({ relativePath: 'done.mov', contentLength: source.length, uploadOverwriteOption: 'Continue' }));
    expect(again.id).toBe(original.id);
    expect(again.assetId).toBe(original.assetId);
    expect(again.etag).toEqual(expect.any(String));
    expect(again.parts?.every((p) => p.isCompleted && p.url === null)).toBe(true);
    expect((await completeUpload(sandbox, token, again.id)).status).toBe(200);

    const otherSize = await call(sandbox, 'POST', '/api/asset/upload/start', {
      token,
      json: startRequest({ relativePath: 'done.mov', contentLength: source.length + 1, uploadOverwriteOption: 'Continue' }),
    });
    expect(otherSize.status).toBe(400);
    expect(otherSize.json).toMatchObject({ detail: expect.stringContaining('use Replace') });

    const fresh = await startUpload(sandbox, token, startRequest({ relativePath: 'new.mov', contentLength: 10, uploadOverwriteOption: 'Continue' }));
    expect(fresh.parts?.[0]?.isCompleted).toBe(false);
  });

  test('Replace aborts the upload in progress, and its completion replaces the asset in place (same id, same path)', async () => {
    const sandbox = await harness.start();
    const { token } = await login(sandbox);
    const v1 = testBytes(3000, 10);
    const v2 = testBytes(6 * MiB, 11);
    const original = await uploadFile(sandbox, token, v1, { relativePath: 'cut/final.mov' });

    const abandoned = await startUpload(sandbox, token, startRequest({ relativePath: 'cut/final.mov', contentLength: v2.length, uploadOverwriteOption: 'Replace' }));
    expect(abandoned.assetId).toBe(original.assetId);
    const replacement = await startUpload(sandbox, token, startRequest({ relativePath: 'cut/final.mov', contentLength: v2.length, uploadOverwriteOption: 'Replace' }));
    expect(replacement.id).not.toBe(abandoned.id);
    // The abandoned upload's parts are gone from storage.
    const late = await putPart(abandoned.parts?.[0]?.url ?? '', partBytes(v2, abandoned.parts?.[0] ?? { startingPosition: 0, endingPosition: -1, id: '', url: null, partNumber: 1, isCompleted: false }));
    expect(late.status).toBe(404);

    // Until completion, the old content stays.
    expect((await sandbox.assets())[0]?.sha256).toBe(sha256(v1));
    await sendParts(sandbox, token, replacement, v2);
    expect((await completeUpload(sandbox, token, replacement.id)).status).toBe(200);
    expect(await sandbox.assets()).toEqual([expect.objectContaining({ id: original.assetId, path: 'Incoming/cut/final.mov', size: v2.length, sha256: sha256(v2) })]);

    // Replace where nothing exists is simply a new upload.
    const created = await uploadFile(sandbox, token, v1, { relativePath: 'cut/new.mov', uploadOverwriteOption: 'Replace' });
    expect((await sandbox.assets()).find((a) => a.path === 'Incoming/cut/new.mov')?.id).toBe(created.assetId);
  });

  test('AssetReplace replaces the content of the asset named by existingAssetId and keeps its id and path', async () => {
    const sandbox = await harness.start();
    const { token } = await login(sandbox);
    const original = await uploadFile(sandbox, token, testBytes(500, 12), { relativePath: 'library/logo.png' });
    const newContent = testBytes(700, 13);

    const replacing = await call<AssetUpload>(sandbox, 'POST', '/api/asset/upload/start', {
      token,
      json: startRequest({
        existingAssetId: original.assetId,
        uploadOverwriteOption: 'AssetReplace',
        relativePath: 'ignored/elsewhere.png',
        displayName: 'ignored.png',
        contentLength: newContent.length,
      }),
    });
    expect(replacing.status).toBe(200);
    expect(replacing.json.assetId).toBe(original.assetId);
    await sendParts(sandbox, token, replacing.json, newContent);
    expect((await completeUpload(sandbox, token, replacing.json.id)).status).toBe(200);

    expect(await sandbox.assets()).toEqual([
      expect.objectContaining({ id: original.assetId, path: 'Incoming/library/logo.png', displayName: 'logo.png', size: 700, sha256: sha256(newContent) }),
    ]);
  });
});
