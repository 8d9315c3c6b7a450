import { z } from 'zod';
import {
  UPLOAD_OVERWRITE_OPTIONS,
  UPLOAD_REPLACE_OPTIONS,
  type UploadOverwriteOption,
  type UploadReplaceOption,
} from '../engine/protocol';
import { isUuid } from './ids';
import { badRequest, fail, ok, type Outcome } from './problem';
import { checkName, parseRelativePath } from './relative-path';
import { planParts, type PlannedPart } from './upload-plan';

/** How a start request names its target, after validation. */
export type TargetLocator =
  /** existingAssetId (start) or relatedAssetId (start-related-asset): that asset's place. */
  | { by: 'asset'; assetId: string; mustBeRelatedTo: string | null }
  /** relatedContentId: the Incoming folder, under the display name. */
  | { by: 'related-content'; contentId: string; name: string }
  /** parentId (null = Incoming) + relativePath folders + file name. */
  | { by: 'path'; parentId: string | null; folders: string[]; name: string }
  /** A related asset placed in the folder of the asset it belongs to. */
  | { by: 'beside-asset'; assetId: string; folders: string[]; name: string };

export interface StartCommand {
  overwrite: UploadOverwriteOption;
  contentLength: number;
  chunkSize: number;
  parts: PlannedPart[];
  locator: TargetLocator;
  displayName: string | null;
  languageId: string | null;
  uploadReplaceOptions: UploadReplaceOption[];
  relatedToAssetId: string | null;
  relatedAssetMetadataType: string | null;
}

const uuid = z.string().refine(isUuid, 'must be a UUID');
const size = z.number().int('must be an integer').min(0, 'must be ≥ 0').refine(Number.isSafeInteger, 'is too large');
const overwrite = z.enum(UPLOAD_OVERWRITE_OPTIONS, {
  error: `must be one of ${UPLOAD_OVERWRITE_OPTIONS.join(', ')}`,
});

const assetStartSchema = z.object({
  displayName: z.string().nullish(),
  existingAssetId: uuid.nullish(),
  relatedContentId: uuid.nullish(),
  uploadOverwriteOption: overwrite,
  relativePath: z.string().nullish(),
  parentId: uuid.nullish(),
  languageId: uuid.nullish(),
  uploadReplaceOptions: z
    .array(z.enum(UPLOAD_REPLACE_OPTIONS, { error: `must be one of ${UPLOAD_REPLACE_OPTIONS.join(', ')}` }))
    .nullish(),
  contentLength: size,
  chunkSize: size,
});

const relatedStartSchema = z.object({
  existingAssetId: uuid.nullish(),
  relatedAssetId: uuid.nullish(),
  newRelatedAssetMetadataType: uuid.nullish(),
  relativePath: z.string().nullish(),
  languageId: uuid.nullish(),
  uploadOverwriteOption: overwrite,
  contentLength: size,
  chunkSize: size,
});

function schemaProblem(error: z.ZodError): Outcome<never> {
  const issues = error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`);
  return fail(badRequest(`Invalid request: ${issues.join('; ')}`));
}

type NamedFile = { folders: string[]; name: string };

function fileFromPath(relativePath: string): Outcome<NamedFile> {
  const parsed = parseRelativePath(relativePath);
  if (!parsed.ok) return fail(badRequest(parsed.reason));
  const folders = parsed.segments.slice(0, -1);
  const name = parsed.segments.at(-1) ?? '';
  return ok({ folders, name });
}

function validDisplayName(displayName: string | null | undefined): Outcome<string | null> {
  if (displayName === null || displayName === undefined) return ok(null);
  const reason = checkName(displayName, 'displayName');
  return reason ? fail(badRequest(reason)) : ok(displayName);
}

/** `POST /asset/upload/start`. Fields the spec says are ignored for a given target are not validated either. */
export function parseStartRequest(body: unknown): Outcome<StartCommand> {
  const parsed = assetStartSchema.safeParse(body);
  if (!parsed.success) return schemaProblem(parsed.error);
  const request = parsed.data;
  const plan = planParts(request.contentLength, request.chunkSize);
  if (!plan.ok) return fail(badRequest(plan.reason));

  let locator: TargetLocator;
  let displayName: string | null = null;
  if (request.existingAssetId) {
    locator = { by: 'asset', assetId: request.existingAssetId, mustBeRelatedTo: null };
  } else {
    const display = validDisplayName(request.displayName);
    if (!display.ok) return display;
    displayName = display.value;
    if (request.uploadOverwriteOption === 'AssetReplace') {
      return fail(badRequest('uploadOverwriteOption AssetReplace requires existingAssetId (the asset to replace)'));
    }
    if (request.relatedContentId) {
      let name = displayName;
      if (name === null && request.relativePath) {
        const file = fileFromPath(request.relativePath);
        if (!file.ok) return file;
        name = file.value.name;
      }
      if (name === null) return fail(badRequest('displayName is required with relatedContentId'));
      locator = { by: 'related-content', contentId: request.relatedContentId, name };
    } else if (request.relativePath !== null && request.relativePath !== undefined) {
      const file = fileFromPath(request.relativePath);
      if (!file.ok) return file;
      locator = { by: 'path', parentId: request.parentId ?? null, ...file.value };
    } else if (displayName !== null) {
      locator = { by: 'path', parentId: request.parentId ?? null, folders: [], name: displayName };
    } else {
      return fail(badRequest('relativePath (or displayName) is required to name the file'));
    }
  }

  return ok({
    overwrite: request.uploadOverwriteOption,
    contentLength: request.contentLength,
    chunkSize: request.chunkSize,
    parts: plan.parts,
    locator,
    displayName,
    languageId: request.languageId ?? null,
    uploadReplaceOptions: request.uploadReplaceOptions ?? [],
    relatedToAssetId: null,
    relatedAssetMetadataType: null,
  });
}

/** `POST /asset/upload/start-related-asset`: existingAssetId is the asset the new file belongs to. */
export function parseRelatedStartRequest(body: unknown): Outcome<StartCommand> {
  const parsed = relatedStartSchema.safeParse(body);
  if (!parsed.success) return schemaProblem(parsed.error);
  const request = parsed.data;
  if (!request.existingAssetId) return fail(badRequest('existingAssetId (the asset this file relates to) is required'));
  const plan = planParts(request.contentLength, request.chunkSize);
  if (!plan.ok) return fail(badRequest(plan.reason));

  let locator: TargetLocator;
  if (request.relatedAssetId) {
    locator = { by: 'asset', assetId: request.relatedAssetId, mustBeRelatedTo: request.existingAssetId };
  } else {
    if (request.uploadOverwriteOption === 'AssetReplace') {
      return fail(badRequest('uploadOverwriteOption AssetReplace requires relatedAssetId (the related asset to replace)'));
    }
    if (request.relativePath === null || request.relativePath === undefined) {
      return fail(badRequest('relativePath is required to name the related file'));
    }
    const file = fileFromPath(request.relativePath);
    if (!file.ok) return file;
    locator = { by: 'beside-asset', assetId: request.existingAssetId, ...file.value };
  }

  return ok({
    overwrite: request.uploadOverwriteOption,
    contentLength: request.contentLength,
    chunkSize: request.chunkSize,
    parts: plan.parts,
    locator,
    displayName: null,
    languageId: request.languageId ?? null,
    uploadReplaceOptions: [],
    relatedToAssetId: request.existingAssetId,
    relatedAssetMetadataType: request.newRelatedAssetMetadataType ?? null,
  });
}
