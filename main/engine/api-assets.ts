// Asset lookups (`GET /admin/asset/{id}`): a route family of its own over NomadApi.send.
// Used to refuse a folder id that does not exist before it is saved, and to name the file
// of an upload the server holds open (leftovers) instead of showing a bare asset id.

import { z } from 'zod';
import { pathSegment, type NomadApi } from './api';

/** Nomad's AssetTypes; anything else a server sends is kept as `other`, not refused. */
export const ASSET_TYPES = ['Folder', 'File', 'Bucket'] as const;
export type AssetType = (typeof ASSET_TYPES)[number] | 'other';

export const assetSchema = z.object({
  id: z.string().min(1),
  parentId: z.string().nullable().optional().transform((v) => v ?? null),
  displayName: z.string().nullable().optional().transform((v) => v ?? null),
  assetType: z
    .string()
    .nullable()
    .optional()
    .transform((v): AssetType | null => (v == null ? null : (ASSET_TYPES as readonly string[]).includes(v) ? (v as AssetType) : 'other')),
});

export type AssetSummary = z.infer<typeof assetSchema>;

/** The asset with this id; throws `not-found` (with the server's words) when there is none. */
export function getAsset(api: NomadApi, id: string, signal?: AbortSignal): Promise<AssetSummary> {
  return api.send('GET', `/admin/asset/${pathSegment(id)}`, { route: 'GET /admin/asset/{id}', schema: assetSchema, signal });
}

/** A folder (or bucket) can hold uploads; a file cannot. An unknown type is given the benefit of the doubt. */
export function canHoldUploads(asset: AssetSummary): boolean {
  return asset.assetType !== 'File';
}
