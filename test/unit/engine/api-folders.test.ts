// The folder, language, job-history and related-asset routes as the client drives them,
// against a scripted server: what is sent, what comes back, and how refusals read.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NomadApi, type Session } from '../../../main/engine/api';
import { chainPath, createFolder, folderChain, listAllFolders, listFolders, ROOT_FOLDER_ID } from '../../../main/engine/api-folders';
import { getJobHistory, processingStatus } from '../../../main/engine/api-job-history';
import { findLanguage, listLanguages } from '../../../main/engine/api-languages';
import { relatedUploadApi } from '../../../main/engine/api-related';
import { parseFolderPath, resolveFolderPath } from '../../../main/engine/folder-paths';
import { FakeNomad, SERVER, problem, uploadAnswer } from './support/fake-nomad';

const NOW = 1_700_000_000_000;
const session: Session = { token: 't1', refreshToken: 'r1', expiresAt: NOW + 3_600_000, userName: 'demo' };
const INCOMING = '10000000-0000-4000-8000-000000000001';
const MEDIA = '10000000-0000-4000-8000-000000000002';
const PROJECTS = '10000000-0000-4000-8000-000000000003';

let nomad: FakeNomad;
let api: NomadApi;
beforeEach(() => {
  nomad = new FakeNomad();
  api = new NomadApi({ serverUrl: SERVER, dispatcher: nomad.agent, now: () => NOW, session });
});
afterEach(async () => {
  await nomad.close();
});

const item = (id: string, title: string, assetType = 'Folder') => ({ id, title, identifiers: { assetType, displayName: title } });
const list = (items: unknown[], nextPageOffset: number | null = null) => ({
  status: 200,
  body: { items, totalItemCount: items.length, nextPageOffset, hasItems: items.length > 0 },
});

describe('listing folders', () => {
  it('asks search for the folders and buckets of one parent, by name, one page at a time', async () => {
    nomad.on('POST', '/admin/search', list([item(INCOMING, 'Incoming'), item(MEDIA, 'Media', 'Bucket')]));

    const page = await listFolders(api, ROOT_FOLDER_ID);

    expect(page).toEqual({
      folders: [
        { id: INCOMING, name: 'Incoming', kind: 'folder' },
        { id: MEDIA, name: 'Media', kind: 'bucket' },
      ],
      totalItemCount: 2,
      nextPageOffset: null,
    });
    const [sent] = nomad.to('POST', '/admin/search');
    expect(sent!.headers.authorization).toBe('Bearer t1');
    expect(sent!.body).toEqual({
      pageSize: 100,
      pageOffset: 0,
      filters: [
        { fieldName: 'parentId', operator: 'Equals', values: ROOT_FOLDER_ID },
        { fieldName: 'assetType', operator: 'Equals', values: ['Bucket', 'Folder'] },
      ],
      filterBinder: 'And',
      sortFields: [{ fieldName: 'title', sortType: 'Ascending' }],
    });
  });

  it('a search by name filters on the title, not on every text field', async () => {
    nomad.on('POST', '/admin/search', list([item(PROJECTS, 'Projects')]));
    await listFolders(api, INCOMING, { nameContains: ' proj ' });
    const filters = (nomad.to('POST', '/admin/search')[0]!.body as { filters: unknown[] }).filters;
    expect(filters).toContainEqual({ fieldName: 'title', operator: 'Contains', values: 'proj' });
  });

  it('listAllFolders follows nextPageOffset to the last page', async () => {
    nomad.on('POST', '/admin/search', list([item('a', 'A')], 1));
    nomad.on('POST', '/admin/search', list([item('b', 'B')], null));
    const folders = await listAllFolders(api, INCOMING);
    expect(folders.map((f) => f.name)).toEqual(['A', 'B']);
    expect(nomad.to('POST', '/admin/search').map((r) => (r.body as { pageOffset: number }).pageOffset)).toEqual([0, 1]);
  });

  it('a server without search (404) is listed with the deprecated getAssetChildNodes, and asked that way from then on', async () => {
    nomad.on('POST', '/admin/search', problem(404, { title: 'Not Found' }));
    nomad.on('GET', `/admin/asset/${INCOMING}/getAssetChildNodes`, list([item(PROJECTS, 'Projects'), item('x', 'Archive')]), { times: 2 });

    const first = await listFolders(api, INCOMING);
    const second = await listFolders(api, INCOMING, { nameContains: 'proj' });

    expect(first.folders.map((f) => f.name)).toEqual(['Projects', 'Archive']);
    expect(second.folders.map((f) => f.name)).toEqual(['Projects']);
    expect(nomad.to('POST', '/admin/search')).toHaveLength(1);
    const [asked] = nomad.to('GET', `/admin/asset/${INCOMING}/getAssetChildNodes`);
    expect(Object.fromEntries(asked!.query)).toEqual({ folderId: INCOMING, sortColumn: 'title', isDesc: 'false', pageIndex: '0', pageSize: '100' });
    nomad.assertDone();
  });

  it('a search the server refuses (400) is an error with its words, not a silent fallback', async () => {
    nomad.on('POST', '/admin/search', problem(400, { detail: 'filter field "assetType" is not indexed' }));
    await expect(listFolders(api, INCOMING)).rejects.toMatchObject({
      code: 'bad-request',
      context: { request: 'POST /admin/search', status: 400, detail: 'filter field "assetType" is not indexed' },
    });
  });

  it('an answer that is not a list is invalid-response', async () => {
    nomad.on('POST', '/admin/search', { status: 200, body: { items: [{ title: 'no id' }] } });
    await expect(listFolders(api, INCOMING)).rejects.toMatchObject({ code: 'invalid-response', context: { request: 'POST /admin/search' } });
  });
});

describe('creating folders and naming them by path', () => {
  it('create-folder posts the trimmed display name and answers the new folder', async () => {
    nomad.on('POST', `/admin/asset/${PROJECTS}/create-folder`, { status: 200, body: { id: 'new-1' } });
    const folder = await createFolder(api, PROJECTS, '  Day 2 ');
    expect(folder).toEqual({ id: 'new-1', name: 'Day 2', kind: 'folder' });
    expect(nomad.to('POST', `/admin/asset/${PROJECTS}/create-folder`)[0]!.body).toEqual({ displayName: 'Day 2' });
  });

  it('an empty name is refused before anything is sent', async () => {
    await expect(createFolder(api, PROJECTS, '   ')).rejects.toMatchObject({ code: 'bad-request' });
    expect(nomad.requests).toEqual([]);
  });

  it('a folder is named by its parents from the root down, itself last', async () => {
    nomad.on('GET', `/admin/asset/${PROJECTS}/parent-folders`, list([item(INCOMING, 'Incoming')]));
    nomad.on('GET', `/admin/asset/${PROJECTS}`, { status: 200, body: { id: PROJECTS, displayName: 'Projects', assetType: 'Folder', parentId: INCOMING } });
    const chain = await folderChain(api, PROJECTS);
    expect(chainPath(chain)).toBe('Incoming/Projects');
  });

  it('the root has no path and costs no request', async () => {
    expect(await folderChain(api, ROOT_FOLDER_ID)).toEqual([]);
    expect(nomad.requests).toEqual([]);
  });
});

describe('--to paths', () => {
  it('splits names, trims them, and refuses empty, "." and ".." parts', () => {
    expect(parseFolderPath(' Projects / Shoot 1/Day 2/ ')).toEqual({ fromRoot: false, names: ['Projects', 'Shoot 1', 'Day 2'] });
    expect(parseFolderPath('/Media/Projects')).toEqual({ fromRoot: true, names: ['Media', 'Projects'] });
    expect(() => parseFolderPath('Projects//Day 2')).toThrow(/not a folder path/);
    expect(() => parseFolderPath('Projects/../x')).toThrow(/not a folder path/);
    expect(() => parseFolderPath('/')).toThrow(/buckets/);
  });

  it('a relative path starts in the incoming folder and walks it one name at a time', async () => {
    nomad.on('POST', '/admin/search', list([item(MEDIA, 'Media', 'Bucket'), item(INCOMING, 'Incoming')]));
    nomad.on('POST', '/admin/search', list([item(PROJECTS, 'Projects'), item('p2', 'Projects old')]));
    const resolved = await resolveFolderPath(api, 'projects');
    expect(resolved).toEqual({
      id: PROJECTS,
      chain: [
        { id: INCOMING, name: 'Incoming', kind: 'folder' },
        { id: PROJECTS, name: 'Projects', kind: 'folder' },
      ],
      created: [],
    });
    const asked = nomad.to('POST', '/admin/search').map((r) => (r.body as { filters: { values: unknown }[] }).filters[0]!.values);
    expect(asked).toEqual([ROOT_FOLDER_ID, INCOMING]);
  });

  it('a missing folder stops with what is missing, unless --create-folders creates it', async () => {
    nomad.on('POST', '/admin/search', list([item(MEDIA, 'Media', 'Bucket')]));
    nomad.on('POST', '/admin/search', list([]));
    await expect(resolveFolderPath(api, '/Media/Projects/Day 2')).rejects.toMatchObject({
      code: 'folder-missing',
      message: expect.stringContaining('"Media" has no folder "Projects" (looking for "Projects/Day 2")'),
    });

    nomad.on('POST', '/admin/search', list([item(MEDIA, 'Media', 'Bucket')]));
    nomad.on('POST', '/admin/search', list([]), { times: 2 });
    nomad.on('POST', `/admin/asset/${MEDIA}/create-folder`, { status: 200, body: { id: 'c1' } });
    nomad.on('POST', '/admin/asset/c1/create-folder', { status: 200, body: { id: 'c2' } });
    const resolved = await resolveFolderPath(api, '/Media/Projects/Day 2', { create: true });
    expect(resolved.id).toBe('c2');
    expect(resolved.created).toEqual(['Projects', 'Day 2']);
    expect(chainPath(resolved.chain)).toBe('Media/Projects/Day 2');
    nomad.assertDone();
  });

  it('two folders answering to one name are ambiguous, not a guess', async () => {
    nomad.on('POST', '/admin/search', list([item('a', 'media', 'Bucket'), item('b', 'MEDIA', 'Bucket')]));
    await expect(resolveFolderPath(api, '/Media')).rejects.toMatchObject({ code: 'name-ambiguous' });
  });
});

describe('languages', () => {
  const languages = {
    status: 200,
    body: {
      items: [
        { id: 'l-de', description: 'German', name: 'de', type: 'Languages' },
        { id: 'l-en', description: 'English', name: 'en', type: 'Languages' },
        { id: null, description: 'No id', name: 'xx' },
      ],
    },
  };

  it('GET /lookup/Languages, sorted by name, entries without an id left out', async () => {
    nomad.on('GET', '/lookup/Languages', languages);
    expect(await listLanguages(api)).toEqual([
      { id: 'l-en', name: 'English', code: 'en' },
      { id: 'l-de', name: 'German', code: 'de' },
    ]);
  });

  it('a person names a language by name, code or id; an unknown one is refused with a hint', async () => {
    nomad.on('GET', '/lookup/Languages', languages);
    const all = await listLanguages(api);
    expect(findLanguage(all, 'german').id).toBe('l-de');
    expect(findLanguage(all, 'EN').id).toBe('l-en');
    expect(findLanguage(all, 'L-DE').id).toBe('l-de');
    expect(() => findLanguage(all, 'Germn')).toThrow(expect.objectContaining({ code: 'language-unknown', message: expect.stringContaining('Did you mean German?') }));
  });
});

describe('processing after the upload', () => {
  it('job-history entries become queued, running, done or failed, and the status says when it has ended', async () => {
    nomad.on('GET', '/admin/asset/asset-1/job-history', {
      status: 200,
      body: [
        { jobType: 'Ingest', startDate: '2026-01-01T00:00:00Z', completeDate: '2026-01-01T00:00:01Z', displayMessage: 'Ingest complete' },
        { jobType: 'Transcode', startDate: '2026-01-01T00:00:01Z', completeDate: null },
        { jobType: 'AiAnalysis', startDate: null },
      ],
    });
    const jobs = await getJobHistory(api, 'asset-1');
    expect(jobs.map((j) => j.state)).toEqual(['done', 'running', 'queued']);
    expect(processingStatus(jobs)).toMatchObject({ state: 'running', finished: 1 });
    expect(processingStatus([{ type: 'A', state: 'done', message: null }, { type: 'B', state: 'failed', message: 'x' }])).toMatchObject({ state: 'ended', failed: 1 });
    expect(processingStatus([])).toEqual({ state: 'none' });
  });
});

describe('related assets', () => {
  it('the adapter sends the start to start-related-asset with the asset it belongs to and the file name only', async () => {
    nomad.on('POST', '/asset/upload/start-related-asset', uploadAnswer('up-9', 'side-1'));
    const related = relatedUploadApi(api, { metadataType: null });
    const upload = await related.startUpload({
      displayName: 'clip.srt',
      existingAssetId: 'asset-1',
      uploadOverwriteOption: 'Cancel',
      relativePath: 'shoot/clip.srt',
      parentId: 'ignored-folder',
      languageId: 'l-de',
      contentLength: 10,
      chunkSize: 8 * 1024 * 1024,
    });
    expect(upload.assetId).toBe('side-1');
    expect(nomad.to('POST', '/asset/upload/start-related-asset')[0]!.body).toEqual({
      existingAssetId: 'asset-1',
      relativePath: 'clip.srt',
      languageId: 'l-de',
      newRelatedAssetMetadataType: null,
      contentLength: 10,
      chunkSize: 8 * 1024 * 1024,
      uploadOverwriteOption: 'Cancel',
    });
  });

  it('an "already exists" answer of the related start is the same conflict as an upload\'s', async () => {
    nomad.on('POST', '/asset/upload/start-related-asset', problem(409, { detail: 'clip.srt already exists', assetId: 'side-1' }));
    const related = relatedUploadApi(api);
    await expect(
      related.startUpload({ existingAssetId: 'asset-1', uploadOverwriteOption: 'Cancel', relativePath: 'clip.srt', contentLength: 1, chunkSize: 8 * 1024 * 1024 }),
    ).rejects.toMatchObject({ code: 'asset-exists', context: { conflict: { assetId: 'side-1', uploadId: null } } });
  });

  it('an attachment without its asset, or one that would replace another asset, is refused before sending', async () => {
    const related = relatedUploadApi(api);
    await expect(related.startUpload({ uploadOverwriteOption: 'Cancel', relativePath: 'a.srt', contentLength: 1, chunkSize: 1 })).rejects.toThrow(/needs the asset/);
    await expect(related.startUpload({ existingAssetId: 'x', uploadOverwriteOption: 'AssetReplace', relativePath: 'a.srt', contentLength: 1, chunkSize: 1 })).rejects.toThrow(/cannot replace/);
    expect(nomad.requests).toEqual([]);
  });
});
