import type { AssetRecord, FolderRecord, UploadRecord } from './state-model';
import type { SandboxState } from './state-store';

/** The root of the asset tree: getAssetChildNodes of it lists the buckets (and Incoming). */
export const ROOT_ID = '00000000-0000-0000-0000-000000000000';

export type AssetType = 'Folder' | 'File' | 'Bucket';

/** A node of the tree: a bucket, a folder, a completed file, or a file whose upload is still running. */
export type CatalogEntry =
  | { kind: 'folder'; folder: FolderRecord }
  | { kind: 'file'; asset: AssetRecord }
  | { kind: 'uploading'; upload: UploadRecord };

export function assetTypeOf(entry: CatalogEntry): AssetType {
  if (entry.kind === 'folder') return entry.folder.kind === 'bucket' ? 'Bucket' : 'Folder';
  return 'File';
}

export function entryId(entry: CatalogEntry): string {
  switch (entry.kind) {
    case 'folder':
      return entry.folder.id;
    case 'file':
      return entry.asset.id;
    case 'uploading':
      return entry.upload.assetId;
  }
}

export function entryName(entry: CatalogEntry): string {
  switch (entry.kind) {
    case 'folder':
      return entry.folder.name;
    case 'file':
      return entry.asset.displayName;
    case 'uploading':
      return entry.upload.metadata.displayName;
  }
}

/** The parent id as the API shows it: the root's children name ROOT_ID. */
export function entryParentId(entry: CatalogEntry): string {
  switch (entry.kind) {
    case 'folder':
      return entry.folder.parentId ?? ROOT_ID;
    case 'file':
      return entry.asset.parentId;
    case 'uploading':
      return entry.upload.target.parentId;
  }
}

/** Looks an id up among folders, assets, and the asset ids of uploads still running. */
export function findEntry(state: SandboxState, id: string, owner: string): CatalogEntry | null {
  const folder = state.folders.get(id);
  if (folder) return { kind: 'folder', folder };
  const asset = state.assets.get(id);
  if (asset) return { kind: 'file', asset };
  for (const upload of state.uploads.values()) {
    if (upload.assetId === id && upload.status.state === 'in-progress' && upload.owner === owner) return { kind: 'uploading', upload };
  }
  return null;
}

/** Every folder and completed file below `parentId` (ROOT_ID: the root), one level. */
export function childrenOf(state: SandboxState, parentId: string): CatalogEntry[] {
  const folders = state.childFolders(parentId === ROOT_ID ? null : parentId).map((folder): CatalogEntry => ({ kind: 'folder', folder }));
  const files = parentId === ROOT_ID ? [] : state.assetsIn(parentId).map((asset): CatalogEntry => ({ kind: 'file', asset }));
  return [...folders, ...files];
}

/** Folders from the root down to the entry's parent (the entry itself excluded). */
export function ancestorsOf(state: SandboxState, entry: CatalogEntry): FolderRecord[] {
  const chain: FolderRecord[] = [];
  let parentId: string | null = entryParentId(entry);
  // The bound guards against a corrupted state file with a cycle.
  for (let depth = 0; parentId !== null && parentId !== ROOT_ID && depth < 10_000; depth++) {
    const folder = state.folders.get(parentId);
    if (!folder) break;
    chain.unshift(folder);
    parentId = folder.parentId;
  }
  return chain;
}

/** Full path, e.g. `Media/Projects/clip.mov`: the object key the sandbox shows (its real S3 keys are opaque ids). */
export function entryPath(state: SandboxState, entry: CatalogEntry): string {
  switch (entry.kind) {
    case 'folder':
      return state.folderPath(entry.folder.id);
    case 'file':
      return state.targetPath(entry.asset);
    case 'uploading':
      return state.targetPath(entry.upload.target);
  }
}

function dateOf(entry: CatalogEntry): string | null {
  switch (entry.kind) {
    case 'folder':
      return entry.folder.createdAt ?? null;
    case 'file':
      return entry.asset.updatedAt;
    case 'uploading':
      return entry.upload.startDate;
  }
}

/** AssetModel of `GET /admin/asset/{id}`. */
export function assetModel(state: SandboxState, entry: CatalogEntry, bucketName: string): Record<string, unknown> {
  const type = assetTypeOf(entry);
  const path = entryPath(state, entry);
  return {
    id: entryId(entry),
    parentId: entry.kind === 'folder' && entry.folder.parentId === null ? null : entryParentId(entry),
    displayName: entryName(entry),
    displayDate: dateOf(entry),
    bucketName,
    // Folders end with a slash, as S3 "folder" keys do.
    objectKey: type === 'File' ? path : `${path}/`,
    fullUrl: null,
    assetStatus: entry.kind === 'uploading' ? 'Uploading' : 'Available',
    storageClass: 'Standard',
    assetType: type,
  };
}

/**
 * SearchResultModel of `POST /admin/search` and `parent-folders`. The spec leaves
 * `identifiers` open ("free-form"); the sandbox puts there what a folder browser needs.
 */
export function searchResult(state: SandboxState, entry: CatalogEntry, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: entryId(entry),
    title: entryName(entry),
    score: null,
    lastModifiedDate: dateOf(entry),
    createdDate: dateOf(entry),
    languageId: entry.kind === 'file' ? entry.asset.languageId : null,
    identifiers: {
      assetType: assetTypeOf(entry),
      parentId: entryParentId(entry),
      displayName: entryName(entry),
      fullPath: entryPath(state, entry),
      ...(entry.kind === 'file' ? { contentLength: entry.asset.size, relatedToAssetId: entry.asset.relatedToAssetId } : {}),
      ...extra,
    },
  };
}

/** ListResultModel<T> of the spec (search, parent folders, lookups): one page and how to get the next. */
export function listResult(items: unknown[], totalItemCount: number, nextPageOffset: number | null): Record<string, unknown> {
  return { items, totalItemCount, nextPageOffset, hasItems: items.length > 0, relatedItems: null, message: null };
}
