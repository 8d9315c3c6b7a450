import type { SandboxState } from './state-store';

/** A completed file asset as the inspection route shows it. */
export interface StoredAsset {
  id: string;
  parentId: string;
  /** Full path from the root, e.g. `Incoming/shoot/day 1/a.mov`. */
  path: string;
  displayName: string;
  size: number;
  /** SHA-256 of the stored bytes (asset-digests.ts); null for discard storage. */
  sha256: string | null;
  relatedContentId?: string;
  relatedToAssetId?: string;
  relatedAssetMetadataType?: string;
  /** Ids of the assets attached to this one (subtitles, proxies, thumbnails: start-related-asset). */
  relatedAssets?: string[];
}

export interface StoredFolder {
  id: string;
  parentId: string | null;
  path: string;
  /** 'bucket' for the storage bucket at the root. */
  kind: 'folder' | 'bucket';
}

/** `digests`: asset id → SHA-256 of its stored bytes, for every asset (AssetDigests.of). */
export function storedAssets(state: SandboxState, digests: ReadonlyMap<string, string | null>): StoredAsset[] {
  const attached = new Map<string, string[]>();
  for (const asset of state.assets.values()) {
    if (asset.relatedToAssetId) attached.set(asset.relatedToAssetId, [...(attached.get(asset.relatedToAssetId) ?? []), asset.id]);
  }
  return [...state.assets.values()]
    .map((asset) => ({
      id: asset.id,
      parentId: asset.parentId,
      path: state.targetPath(asset),
      displayName: asset.displayName,
      size: asset.size,
      sha256: digests.get(asset.id) ?? null,
      ...(asset.relatedContentId ? { relatedContentId: asset.relatedContentId } : {}),
      ...(asset.relatedToAssetId ? { relatedToAssetId: asset.relatedToAssetId } : {}),
      ...(asset.relatedAssetMetadataType ? { relatedAssetMetadataType: asset.relatedAssetMetadataType } : {}),
      ...(attached.has(asset.id) ? { relatedAssets: attached.get(asset.id) } : {}),
    }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

export function storedFolders(state: SandboxState): StoredFolder[] {
  return [...state.folders.values()]
    .map((folder) => ({ id: folder.id, parentId: folder.parentId, path: state.folderPath(folder.id), kind: folder.kind ?? ('folder' as const) }))
    .sort((a, b) => a.path.localeCompare(b.path));
}
