// The server's folder tree (a route family over NomadApi.send): list a folder's sub-folders,
// create one, and name a folder by its path. Children are listed with `POST /admin/search`
// (filtered on the parent and the folder asset types, sorted by name, paged), as the spec
// recommends; `GET /admin/asset/{id}/getAssetChildNodes` is deprecated and used only where a
// server has no search (404/405), remembered per client so each listing asks once.

import { z } from 'zod';
import { pathSegment, type NomadApi } from './api';
import { getAsset } from './api-assets';
import { UploadError } from './errors';

/**
 * The root of the asset tree is the empty GUID: getAssetChildNodes of it lists the top-level
 * storage buckets (the spec's words), and the root's children name it as their parent.
 */
export const ROOT_FOLDER_ID = '00000000-0000-0000-0000-000000000000';

/** Folder-like asset types: buckets at the root, folders below them. */
export const FOLDER_ASSET_TYPES = ['Bucket', 'Folder'] as const;
export type FolderKind = 'bucket' | 'folder';

export interface FolderNode {
  id: string;
  name: string;
  kind: FolderKind;
}

export interface FolderPage {
  folders: FolderNode[];
  totalItemCount: number;
  /** The `pageOffset` of the next page; null on the last one. */
  nextPageOffset: number | null;
}

export interface ListFoldersOptions {
  /** Only folders whose name contains this (case-insensitive). */
  nameContains?: string;
  pageOffset?: number;
  pageSize?: number;
  signal?: AbortSignal;
}

/** One page of a folder browser: enough to fill a dialog, small enough to answer at once. */
export const FOLDER_PAGE_SIZE = 100;

// SearchResultModel: `identifiers` is free-form in the spec; a server that puts the asset type
// there lets buckets be told apart, one that does not still lists the folders.
const searchItemSchema = z.object({
  id: z.string().min(1),
  title: z.string().nullable().optional(),
  identifiers: z
    .object({ assetType: z.string().nullable().optional(), displayName: z.string().nullable().optional() })
    .passthrough()
    .nullable()
    .optional(),
});

const listSchema = z.object({
  items: z.array(searchItemSchema).nullable().optional().transform((v) => v ?? []),
  totalItemCount: z.number().int().nonnegative().optional(),
  nextPageOffset: z.union([z.number().int().nonnegative(), z.string(), z.null()]).optional(),
});

const createdSchema = z.object({ id: z.string().min(1) }).passthrough();

function toNode(item: z.infer<typeof searchItemSchema>): FolderNode {
  const name = item.title ?? item.identifiers?.displayName ?? '';
  const type = item.identifiers?.assetType ?? 'Folder';
  return { id: item.id, name, kind: type.toLowerCase() === 'bucket' ? 'bucket' : 'folder' };
}

function nextOffset(raw: number | string | null | undefined): number | null {
  if (raw === null || raw === undefined) return null;
  const value = typeof raw === 'number' ? raw : Number(raw);
  return Number.isInteger(value) && value >= 0 ? value : null;
}

/** Clients whose server answered search with 404/405: they list with getAssetChildNodes. */
const withoutSearch = new WeakSet<NomadApi>();

/** The folders (and, at the root, buckets) directly inside `parentId`, by name. */
export async function listFolders(api: NomadApi, parentId: string, options: ListFoldersOptions = {}): Promise<FolderPage> {
  if (!withoutSearch.has(api)) {
    try {
      return await searchFolders(api, parentId, options);
    } catch (error) {
      const status = error instanceof UploadError ? error.context.status : undefined;
      if (status !== 404 && status !== 405) throw error;
      withoutSearch.add(api);
    }
  }
  return childNodes(api, parentId, options);
}

async function searchFolders(api: NomadApi, parentId: string, options: ListFoldersOptions): Promise<FolderPage> {
  const pageSize = options.pageSize ?? FOLDER_PAGE_SIZE;
  const query = options.nameContains?.trim() ?? '';
  const filters: Record<string, unknown>[] = [
    { fieldName: 'parentId', operator: 'Equals', values: parentId },
    { fieldName: 'assetType', operator: 'Equals', values: [...FOLDER_ASSET_TYPES] },
  ];
  // A filter on the name, not searchQuery: searchQuery matches every text field (transcripts,
  // tags), and a folder browser's search is by name.
  if (query !== '') filters.push({ fieldName: 'title', operator: 'Contains', values: query });
  const answer = await api.send('POST', '/admin/search', {
    route: 'POST /admin/search',
    body: {
      pageSize,
      pageOffset: options.pageOffset ?? 0,
      filters,
      filterBinder: 'And',
      sortFields: [{ fieldName: 'title', sortType: 'Ascending' }],
    },
    schema: listSchema,
    signal: options.signal,
  });
  const folders = answer.items.map(toNode);
  return { folders, totalItemCount: answer.totalItemCount ?? folders.length, nextPageOffset: nextOffset(answer.nextPageOffset) };
}

async function childNodes(api: NomadApi, parentId: string, options: ListFoldersOptions): Promise<FolderPage> {
  const pageSize = options.pageSize ?? FOLDER_PAGE_SIZE;
  const answer = await api.send('GET', `/admin/asset/${pathSegment(parentId)}/getAssetChildNodes`, {
    route: 'GET /admin/asset/{id}/getAssetChildNodes',
    query: {
      folderId: parentId,
      sortColumn: 'title',
      isDesc: 'false',
      pageIndex: String(options.pageOffset ?? 0),
      pageSize: String(pageSize),
    },
    schema: listSchema,
    signal: options.signal,
  });
  // The deprecated route has no name filter: a search by name narrows the page here.
  const query = options.nameContains?.trim().toLocaleLowerCase() ?? '';
  const all = answer.items.map(toNode);
  const folders = query === '' ? all : all.filter((f) => f.name.toLocaleLowerCase().includes(query));
  return { folders, totalItemCount: answer.totalItemCount ?? all.length, nextPageOffset: nextOffset(answer.nextPageOffset) };
}

/** Every page of a listing, bounded: a folder with more sub-folders than this is not browsed by name. */
const MAX_PAGES = 100;

export async function listAllFolders(api: NomadApi, parentId: string, options: Omit<ListFoldersOptions, 'pageOffset'> = {}): Promise<FolderNode[]> {
  const folders: FolderNode[] = [];
  let offset: number | null = 0;
  for (let page = 0; offset !== null && page < MAX_PAGES; page++) {
    const answer: FolderPage = await listFolders(api, parentId, { ...options, pageOffset: offset });
    folders.push(...answer.folders);
    offset = answer.nextPageOffset !== null && answer.nextPageOffset > offset ? answer.nextPageOffset : null;
  }
  return folders;
}

/**
 * Creates a folder `name` in `parentId`. A server that already has a folder of that name
 * answers 400; the caller that wants "create if missing" looks it up first.
 */
export async function createFolder(api: NomadApi, parentId: string, name: string, signal?: AbortSignal): Promise<FolderNode> {
  const displayName = name.trim();
  if (displayName === '') throw new UploadError('bad-request', 'A folder needs a name.', { request: 'POST /admin/asset/{parentId}/create-folder' });
  const created = await api.send('POST', `/admin/asset/${pathSegment(parentId)}/create-folder`, {
    route: 'POST /admin/asset/{parentId}/create-folder',
    body: { displayName },
    schema: createdSchema,
    signal,
  });
  return { id: created.id, name: displayName, kind: 'folder' };
}

const parentFoldersSchema = z.object({ items: z.array(searchItemSchema).nullable().optional().transform((v) => v ?? []) });

/**
 * The folders from the root down to `id`, the folder itself last: what a person reads as
 * its path ("Media / Projects / Shoot 1"). parent-folders leaves the asset itself out.
 */
export async function folderChain(api: NomadApi, id: string, signal?: AbortSignal): Promise<FolderNode[]> {
  if (id === ROOT_FOLDER_ID) return [];
  const [parents, self] = await Promise.all([
    api.send('GET', `/admin/asset/${pathSegment(id)}/parent-folders`, {
      route: 'GET /admin/asset/{id}/parent-folders',
      schema: parentFoldersSchema,
      signal,
    }),
    getAsset(api, id, signal),
  ]);
  const kind: FolderKind = self.assetType === 'Bucket' ? 'bucket' : 'folder';
  return [...parents.items.map(toNode), { id: self.id, name: self.displayName ?? '', kind }];
}

/** "Media/Projects/Shoot 1": a chain as one path, the way `--to` takes it. */
export function chainPath(chain: readonly FolderNode[]): string {
  return chain.map((folder) => folder.name).join('/');
}
