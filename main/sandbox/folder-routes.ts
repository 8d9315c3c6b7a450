import { z } from 'zod';
import { json, problem, type ApiRoute } from './api-route';
import { ancestorsOf, assetModel, childrenOf, entryName, findEntry, listResult, ROOT_ID, searchResult } from './asset-catalog';
import { search } from './asset-search';
import { newId } from './ids';
import { badRequest, notFound } from './problem';
import { checkName } from './relative-path';
import type { SandboxState } from './state-store';

export interface FolderRouteDeps {
  state: SandboxState;
  commit: () => Promise<void>;
  /** The storage bucket name AssetModel.bucketName shows. */
  bucketName: string;
}

const createFolderSchema = z.object({ displayName: z.string() });
/** getAssetChildNodes' default page size (the spec's). */
const CHILD_NODES_PAGE_SIZE = 200;


function intParam(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number | string {
  const raw = query.get(name);
  if (raw === null) return fallback;
  const value = Number(raw);
  return /^\d+$/.test(raw) && value >= min && value <= max ? value : `${name} must be an integer from ${min} to ${max}`;
}

/** The folder tree: create-folder, search, child nodes, parent folders, and an asset by id. */
export function folderRoutes({ state, commit, bucketName }: FolderRouteDeps): ApiRoute[] {
  return [
    {
      method: 'POST',
      pattern: '/api/admin/asset/{parentId:uuid}/create-folder',
      auth: true,
      body: 'json',
      handle: async ({ params, body }) => {
        const parsed = createFolderSchema.safeParse(body);
        if (!parsed.success) return problem({ ...badRequest('displayName is required'), field: 'displayName' });
        const name = parsed.data.displayName.trim();
        const reason = checkName(name, 'displayName');
        if (reason) return problem({ ...badRequest(reason), field: 'displayName' });
        const parentId = params.parentId ?? '';
        const parent = state.folders.get(parentId);
        if (!parent) {
          const detail = parentId === ROOT_ID ? 'folders are created inside a bucket or folder, not at the root' : state.assets.has(parentId) ? `${parentId} is a file, not a folder` : `folder ${parentId} is unknown`;
          return problem(badRequest(detail));
        }
        const path = `${state.folderPath(parent.id)}/${name}`;
        // The spec does not say what a second folder of the same name does; the sandbox keeps
        // names unique per folder (uploads find folders by name) and answers 400 with its id.
        const existing = state.childFolder(parent.id, name);
        if (existing) return problem(badRequest(`"${path}" already exists`, { id: existing.id }));
        if (state.assetAt({ parentId: parent.id, name })) return problem(badRequest(`"${path}" is a file`));
        const folder = { id: newId(), parentId: parent.id, name, createdAt: new Date().toISOString() };
        state.putFolder(folder);
        await commit();
        return json({ id: folder.id });
      },
    },
    {
      method: 'POST',
      pattern: '/api/admin/search',
      auth: true,
      body: 'json',
      handle: async ({ body }) => {
        const found = search(state, body);
        if (!found.ok) return problem(found.problem);
        const { entries, totalItemCount, nextPageOffset } = found.value;
        return json(listResult(entries.map((entry) => searchResult(state, entry)), totalItemCount, nextPageOffset));
      },
    },
    {
      method: 'GET',
      pattern: '/api/admin/asset/{id}/getAssetChildNodes',
      auth: true,
      body: 'ignored',
      handle: async ({ params, query }) => {
        // Deprecated, and its 200 has no schema in the spec: the sandbox answers the same list model as search.
        const parentId = query.get('folderId') ?? params.id ?? ROOT_ID;
        if (parentId !== ROOT_ID && !state.folders.has(parentId)) return problem(notFound(`folder ${parentId} is unknown`));
        const pageIndex = intParam(query, 'pageIndex', 0, 0, 1_000_000);
        const pageSize = intParam(query, 'pageSize', CHILD_NODES_PAGE_SIZE, 1, 10_000);
        if (typeof pageIndex === 'string' || typeof pageSize === 'string') return problem(badRequest(String(typeof pageIndex === 'string' ? pageIndex : pageSize)));
        const descending = (query.get('isDesc') ?? 'false').toLowerCase() === 'true';
        const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
        const folders = childrenOf(state, parentId).filter((entry) => entry.kind === 'folder');
        folders.sort((a, b) => (descending ? -1 : 1) * collator.compare(entryName(a), entryName(b)));
        const page = folders.slice(pageIndex * pageSize, (pageIndex + 1) * pageSize);
        return json(listResult(page.map((entry) => searchResult(state, entry)), folders.length, (pageIndex + 1) * pageSize < folders.length ? pageIndex + 1 : null));
      },
    },
    {
      method: 'GET',
      pattern: '/api/admin/asset/{id:uuid}/parent-folders',
      auth: true,
      body: 'ignored',
      handle: async ({ params }, principal) => {
        const entry = findEntry(state, params.id ?? '', principal.userName);
        if (!entry) return problem(notFound(`asset ${params.id ?? ''} is unknown`));
        // Root first; each folder's identifiers name the next one down as `children`.
        const chain = ancestorsOf(state, entry);
        const items = chain.map((folder, index) => searchResult(state, { kind: 'folder', folder }, { children: chain[index + 1]?.id ?? null }));
        return json(listResult(items, items.length, null));
      },
    },
    {
      method: 'GET',
      pattern: '/api/admin/asset/{id:uuid}',
      auth: true,
      body: 'ignored',
      handle: async ({ params }, principal) => {
        const entry = findEntry(state, params.id ?? '', principal.userName);
        if (!entry) return problem(notFound(`asset ${params.id ?? ''} is unknown`));
        return json(assetModel(state, entry, bucketName));
      },
    },
  ];
}
