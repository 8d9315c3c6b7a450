import { json, problem, type ApiRoute } from './api-route';
import { listResult } from './asset-catalog';
import { jobHistory } from './job-history';
import { LANGUAGES } from './languages';
import { badRequest, notFound } from './problem';
import type { SandboxState } from './state-store';

export interface LookupRouteDeps {
  state: SandboxState;
}

/** LookupTypes the sandbox fills; every other type of the spec's enum answers an empty list, anything else is a 400. */
const ASSET_TYPES = ['Folder', 'File', 'Bucket'] as const;

/** Lookups (languages) and the processing history of an asset. */
export function lookupRoutes({ state }: LookupRouteDeps): ApiRoute[] {
  return [
    {
      method: 'GET',
      pattern: '/api/lookup/{lookupType}',
      auth: true,
      body: 'ignored',
      handle: async ({ params }) => {
        const type = params.lookupType ?? '';
        let items: Record<string, unknown>[];
        switch (type.toLowerCase()) {
          case 'languages':
            // LookupModel: description is the human-readable name, name the internal one (the ISO code).
            items = LANGUAGES.map((language, index) => ({ id: language.id, description: language.name, name: language.code, type: 'Languages', rankSeq: index, enumValue: null }));
            break;
          case 'assettypes':
            items = ASSET_TYPES.map((name, index) => ({ id: null, description: name, name, type: 'AssetTypes', rankSeq: index, enumValue: index }));
            break;
          default:
            if (!/^[A-Z][A-Za-z]+$/.test(type)) return problem({ ...badRequest(`"${type}" is not a lookup type`), field: 'lookupType' });
            items = [];
        }
        return json(listResult(items, items.length, null));
      },
    },
    {
      method: 'GET',
      pattern: '/api/admin/asset/{assetId:uuid}/job-history',
      auth: true,
      body: 'ignored',
      handle: async ({ params }) => {
        const id = params.assetId ?? '';
        const asset = state.assets.get(id);
        // Folders and uploads still running have had no processing yet.
        if (!asset) return state.folders.has(id) || [...state.uploads.values()].some((u) => u.assetId === id) ? json([]) : problem(notFound(`asset ${id} is unknown`));
        return json(jobHistory(asset));
      },
    },
  ];
}
