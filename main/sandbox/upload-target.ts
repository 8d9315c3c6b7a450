import { newId } from './ids';
import { badRequest, fail, ok, type Outcome } from './problem';
import type { AssetRecord, UploadRecord, UploadTarget } from './state-model';
import type { SandboxState } from './state-store';
import type { TargetLocator } from './start-request';

export type TargetParent =
  | { kind: 'folder'; folderId: string }
  /** Folders named by relativePath that do not exist yet: created when an upload actually begins. */
  | { kind: 'to-create'; baseFolderId: string; names: string[] };

export interface ResolvedTarget {
  /** Full path from the root, e.g. `Incoming/shoot/day 1/a.mov`: names the target in answers and locks. */
  path: string;
  parent: TargetParent;
  name: string;
  /** The completed asset at the target, if any. */
  asset: AssetRecord | null;
  /** The in-progress upload to the target, if any (there is at most one). */
  inProgress: UploadRecord | null;
}

/** Resolves without changing anything; unknown ids and file/folder clashes are 400s. */
export function resolveTarget(state: SandboxState, locator: TargetLocator): Outcome<ResolvedTarget> {
  switch (locator.by) {
    case 'asset': {
      const asset = state.assets.get(locator.assetId);
      if (!asset) return fail(badRequest(`asset ${locator.assetId} is unknown`));
      if (locator.mustBeRelatedTo !== null && asset.relatedToAssetId !== locator.mustBeRelatedTo) {
        return fail(badRequest(`asset ${locator.assetId} is not a related asset of ${locator.mustBeRelatedTo}`));
      }
      return ok(atFolder(state, asset.parentId, asset.name));
    }
    case 'related-content':
      return walk(state, state.incomingFolderId, [], locator.name);
    case 'path': {
      const baseId = locator.parentId ?? state.incomingFolderId;
      if (!state.folders.has(baseId)) {
        return fail(
          badRequest(
            state.assets.has(baseId) ? `parentId ${baseId} is a file, not a folder` : `parentId ${baseId} is unknown`,
          ),
        );
      }
      return walk(state, baseId, locator.folders, locator.name);
    }
    case 'beside-asset': {
      const asset = state.assets.get(locator.assetId);
      if (!asset) return fail(badRequest(`existingAssetId ${locator.assetId} is unknown`));
      return walk(state, asset.parentId, locator.folders, locator.name);
    }
  }
}

/** Creates the folders a target still needs; returns the id of the file's parent folder. */
export function ensureParentFolder(state: SandboxState, parent: TargetParent): string {
  if (parent.kind === 'folder') return parent.folderId;
  let currentId = parent.baseFolderId;
  for (const name of parent.names) {
    // Reuse what exists: a concurrent start for a sibling may have created part of the chain.
    const existing = state.childFolder(currentId, name);
    if (existing) {
      currentId = existing.id;
      continue;
    }
    const folder = { id: newId(), parentId: currentId, name };
    state.putFolder(folder);
    currentId = folder.id;
  }
  return currentId;
}

function atFolder(state: SandboxState, folderId: string, name: string): ResolvedTarget {
  const target: UploadTarget = { parentId: folderId, name };
  return {
    path: state.targetPath(target),
    parent: { kind: 'folder', folderId },
    name,
    asset: state.assetAt(target) ?? null,
    inProgress: state.inProgressUploadAt(target) ?? null,
  };
}

function walk(state: SandboxState, baseId: string, folders: string[], name: string): Outcome<ResolvedTarget> {
  let currentId = baseId;
  for (const [index, folderName] of folders.entries()) {
    const child = state.childFolder(currentId, folderName);
    if (child) {
      currentId = child.id;
      continue;
    }
    const path = `${state.folderPath(currentId)}/${folderName}`;
    if (state.assetAt({ parentId: currentId, name: folderName })) {
      return fail(badRequest(`"${path}" is a file, so it cannot be used as a folder`));
    }
    const names = folders.slice(index);
    return ok({
      path: `${state.folderPath(currentId)}/${[...names, name].join('/')}`,
      parent: { kind: 'to-create', baseFolderId: currentId, names },
      name,
      asset: null,
      inProgress: null,
    });
  }
  if (state.childFolder(currentId, name)) {
    return fail(badRequest(`"${state.folderPath(currentId)}/${name}" is a folder, so a file cannot be uploaded there`));
  }
  return ok(atFolder(state, currentId, name));
}
