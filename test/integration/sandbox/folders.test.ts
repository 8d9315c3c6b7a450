// The folder tree (buckets and Incoming at the root, create-folder, search, child nodes,
// parent folders, an asset by id), the languages lookup, and the processing history that
// follows an upload: with the spec's shapes, as a folder browser and "Open in Nomad" use them.
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { AssetUpload } from '../../../main/engine/protocol';
import { call, CHUNK, completeUpload, login, sendParts, sha256, testBytes, uploadFile, useSandboxes } from './sandbox-harness';

const harness = useSandboxes();
afterEach(() => {
  vi.useRealTimers();
});
const ROOT = '00000000-0000-0000-0000-000000000000';

interface ListResult<T> {
  items: T[];
  totalItemCount: number;
  nextPageOffset: number | null;
  hasItems: boolean;
}
interface SearchItem {
  id: string;
  title: string;
  identifiers: { assetType: string; parentId: string; fullPath: string; children?: string | null };
}

async function createFolder(sandbox: { url: string }, token: string, parentId: string, displayName: string): Promise<string> {
  const answer = await call<{ id: string }>(sandbox, 'POST', `/api/admin/asset/${parentId}/create-folder`, { token, json: { displayName } });
  if (answer.status !== 200) throw new Error(`create-folder ${displayName}: ${answer.status} ${answer.text}`);
  return answer.json.id;
}

describe('the folder tree', () => {
  test('the root holds the bucket and Incoming; folders are created inside them, named once per folder', async () => {
    const sandbox = await harness.start();
    const { token } = await login(sandbox);
    const root = await call<ListResult<SearchItem>>(sandbox, 'GET', `/api/admin/asset/${ROOT}/getAssetChildNodes`, { token });
    expect(root.json.items.map((i) => [i.title, i.identifiers.assetType])).toEqual([['Incoming', 'Folder'], ['Media', 'Bucket']]);
    const media = root.json.items.find((i) => i.title === 'Media')?.id ?? '';

    const projects = await createFolder(sandbox, token, media, 'Projects');
    const again = await call<Record<string, unknown>>(sandbox, 'POST', `/api/admin/asset/${media}/create-folder`, { token, json: { displayName: 'Projects' } });
    expect(again.status).toBe(400);
    expect(again.json).toMatchObject({ detail: '"Media/Projects" already exists', id: projects });
    for (const bad of ['', '..', 'a/b', 'x\u0007']) {
      expect({ bad, status: (await call(sandbox, 'POST', `/api/admin/asset/${media}/create-folder`, { token, json: { displayName: bad } })).status }).toEqual({ bad, status: 400 });
    }
    expect((await call(sandbox, 'POST', `/api/admin/asset/${ROOT}/create-folder`, { token, json: { displayName: 'Top' } })).status).toBe(400);
    expect((await call(sandbox, 'POST', `/api/admin/asset/${media}/create-folder`, { token, json: {} })).status).toBe(400);
    const folders = (await call<{ path: string; kind: string }[]>(sandbox, 'GET', '/_sandbox/folders')).json;
    expect(folders.map((f) => [f.path, f.kind])).toEqual([['Incoming', 'folder'], ['Media', 'bucket'], ['Media/Projects', 'folder']]);
  });

  test('search lists the folders of a parent sorted by name, paged, and finds folders by name', async () => {
    const sandbox = await harness.start();
    const { token } = await login(sandbox);
    const incoming = (await call<{ id: string; path: string }[]>(sandbox, 'GET', '/_sandbox/folders')).json.find((f) => f.path === 'Incoming')?.id ?? '';
    for (const name of ['Day 10', 'day 2', 'Archive', 'Day 1']) await createFolder(sandbox, token, incoming, name);
    await uploadFile(sandbox, token, testBytes(10, 1), { relativePath: 'a-file.bin' });
    const byParent = (pageOffset: number) => ({
      pageSize: 3,
      pageOffset,
      filters: [
        { fieldName: 'parentId', operator: 'Equals', values: incoming },
        { fieldName: 'assetType', operator: 0, values: ['Folder'] },
      ],
      sortFields: [{ fieldName: 'title', sortType: 'Ascending' }],
    });
    const first = await call<ListResult<SearchItem>>(sandbox, 'POST', '/api/admin/search', { token, json: byParent(0) });
    expect(first.json).toMatchObject({ totalItemCount: 4, nextPageOffset: 1, hasItems: true });
    expect(first.json.items.map((i) => i.title)).toEqual(['Archive', 'Day 1', 'day 2']);
    const second = await call<ListResult<SearchItem>>(sandbox, 'POST', '/api/admin/search', { token, json: byParent(1) });
    expect([second.json.items.map((i) => i.title), second.json.nextPageOffset]).toEqual([['Day 10'], null]);

    const named = await call<ListResult<SearchItem>>(sandbox, 'POST', '/api/admin/search', {
      token,
      json: { searchQuery: 'day', filters: [{ fieldName: 'assetType', values: 'Folder' }], sortFields: [{ fieldName: 'title', sortType: 1 }] },
    });
    expect(named.json.items.map((i) => i.identifiers.fullPath)).toEqual(['Incoming/Day 10', 'Incoming/day 2', 'Incoming/Day 1']);
    const bad = await call(sandbox, 'POST', '/api/admin/search', { token, json: { filters: [{ fieldName: 'colour', values: 'red' }] } });
    expect(bad.status).toBe(400);
    expect((await call(sandbox, 'POST', '/api/admin/search', { token, json: { filters: [{ fieldName: 'title', operator: 'GreaterThan', values: 'a' }] } })).status).toBe(400);
  });

  test('an upload with parentId of a created folder lands under its path; the asset, its folder and its parents are shown by id', async () => {
    const sandbox = await harness.start();
    const { token } = await login(sandbox);
    const media = (await call<{ id: string; path: string }[]>(sandbox, 'GET', '/_sandbox/folders')).json.find((f) => f.path === 'Media')?.id ?? '';
    const projects = await createFolder(sandbox, token, media, 'Projects');
    const shoot = await createFolder(sandbox, token, projects, 'Shoot 1');
    const source = testBytes(2000, 2);
    const upload = await uploadFile(sandbox, token, source, { parentId: shoot, relativePath: 'day 2/clip.mov' });
    expect((await sandbox.assets())[0]).toMatchObject({ path: 'Media/Projects/Shoot 1/day 2/clip.mov', sha256: sha256(source) });

    const asset = await call<Record<string, unknown>>(sandbox, 'GET', `/api/admin/asset/${upload.assetId}`, { token });
    expect(asset.json).toMatchObject({ id: upload.assetId, displayName: 'clip.mov', assetType: 'File', assetStatus: 'Available', objectKey: 'Media/Projects/Shoot 1/day 2/clip.mov', storageClass: 'Standard' });
    expect((await call(sandbox, 'GET', `/api/admin/asset/${shoot}`, { token })).json).toMatchObject({ assetType: 'Folder', parentId: projects, objectKey: 'Media/Projects/Shoot 1/' });
    expect((await call(sandbox, 'GET', `/api/admin/asset/${media}`, { token })).json).toMatchObject({ assetType: 'Bucket', parentId: null });
    expect((await call(sandbox, 'GET', `/api/admin/asset/${ROOT.replace(/0$/, '1')}`, { token })).status).toBe(404);

    const parents = await call<ListResult<SearchItem>>(sandbox, 'GET', `/api/admin/asset/${upload.assetId}/parent-folders`, { token });
    expect(parents.json.items.map((i) => [i.title, i.identifiers.children])).toEqual([
      ['Media', projects],
      ['Projects', shoot],
      ['Shoot 1', expect.any(String)],
      ['day 2', null],
    ]);
    const children = await call<ListResult<SearchItem>>(sandbox, 'GET', `/api/admin/asset/${projects}/getAssetChildNodes`, { token });
    expect(children.json.items.map((i) => i.title)).toEqual(['Shoot 1']);
  });

  test('a subtitle attached with start-related-asset shows on its asset in the inspection route', async () => {
    const sandbox = await harness.start();
    const { token } = await login(sandbox);
    const video = await uploadFile(sandbox, token, testBytes(300, 3), { relativePath: 'show/ep1.mov' });
    const subtitle = testBytes(50, 4);
    const related = await call<AssetUpload>(sandbox, 'POST', '/api/asset/upload/start-related-asset', {
      token,
      json: { existingAssetId: video.assetId, relativePath: 'ep1.en.srt', uploadOverwriteOption: 'Cancel', contentLength: subtitle.length, chunkSize: CHUNK },
    });
    await sendParts(sandbox, token, related.json, subtitle);
    expect((await completeUpload(sandbox, token, related.json.id)).status).toBe(200);
    const assets = await sandbox.assets();
    expect(assets.find((a) => a.id === video.assetId)?.relatedAssets).toEqual([related.json.assetId]);
    expect(assets.find((a) => a.id === related.json.assetId)).toMatchObject({ path: 'Incoming/show/ep1.en.srt', relatedToAssetId: video.assetId });
  });
});

describe('languages', () => {
  test('GET /lookup/Languages lists languages by name with ids that stay the same', async () => {
    const sandbox = await harness.start();
    const { token } = await login(sandbox);
    const languages = await call<ListResult<{ id: string; description: string; name: string }>>(sandbox, 'GET', '/api/lookup/Languages', { token });
    expect(languages.json.totalItemCount).toBeGreaterThan(20);
    const english = languages.json.items.find((l) => l.description === 'English');
    expect(english).toMatchObject({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: 'en' });
    const other = await harness.start();
    const again = await call<ListResult<{ id: string; description: string }>>(other, 'GET', '/api/lookup/Languages', { token: (await login(other)).token });
    expect(again.json.items.find((l) => l.description === 'English')?.id).toBe(english?.id);
    expect((await call<ListResult<unknown>>(sandbox, 'GET', '/api/lookup/Collections', { token })).json).toMatchObject({ items: [], totalItemCount: 0 });
    expect((await call(sandbox, 'GET', '/api/lookup/not-a-type!', { token })).status).toBe(400);
  });
});

describe('processing after an upload', () => {
  test('job-history progresses after the upload completes, then ends with every job complete', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const sandbox = await harness.start();
    const { token } = await login(sandbox);
    const upload = await uploadFile(sandbox, token, testBytes(100, 5), { relativePath: 'processed.mov' });
    type Job = { jobType: string; startDate: string | null; completeDate: string | null; isErrored: boolean };
    const history = async (): Promise<Job[]> => (await call<Job[]>(sandbox, 'GET', `/api/admin/asset/${upload.assetId}/job-history`, { token })).json;

    const early = await history();
    expect(early.map((j) => j.jobType)).toEqual(['Ingest', 'Thumbnail', 'Transcode', 'Transcription', 'AiAnalysis']);
    expect(early.every((j) => j.completeDate === null)).toBe(true);
    vi.setSystemTime(Date.now() + 3000);
    const middle = await history();
    expect(middle.filter((j) => j.completeDate !== null).map((j) => j.jobType)).toEqual(['Ingest', 'Thumbnail']);
    expect(middle.some((j) => j.startDate !== null && j.completeDate === null)).toBe(true);
    vi.setSystemTime(Date.now() + 10_000);
    const done = await history();
    expect(done.every((j) => j.completeDate !== null && !j.isErrored)).toBe(true);
    expect(done.map((j) => (j as { id?: string }).id)).toEqual(early.map((j) => (j as { id?: string }).id));

    const folder = (await call<{ id: string }[]>(sandbox, 'GET', '/_sandbox/folders')).json[0]?.id ?? '';
    expect((await call(sandbox, 'GET', `/api/admin/asset/${folder}/job-history`, { token })).json).toEqual([]);
    expect((await call(sandbox, 'GET', `/api/admin/asset/${ROOT.replace(/0$/, '2')}/job-history`, { token })).status).toBe(404);
  });
});
