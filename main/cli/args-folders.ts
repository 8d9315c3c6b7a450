// The flags and commands of destinations, attachments and run reports (issue 13), parsed
// apart from args.ts so that file only gains one hook per command.

import { historyFormatOf } from '../engine/history-export';
import { SIDECAR_KINDS, type SidecarKind } from '../engine/sidecars';
import type { OverwritePolicy } from '../engine/views';
import { UsageError, type TargetArgs } from './args';

export const FOLDERS_USAGE = `Destinations (upload)
  --to PATH               folder to upload into, by name: "Projects/Shoot 1/Day 2" inside
                          the incoming folder, "/Media/Projects/…" from the root (a bucket)
  --create-folders        create the folders of --to that do not exist yet
  --language NAME|ID      language of the assets: a name ("German"), a code ("de") or an id
  --report FILE           write what this run uploaded to FILE.csv or FILE.json (file,
                          destination, size, duration, speed, asset id, SHA-256)

Folders and attachments
  folders [PATH]          lists the folders in PATH (default: the root: buckets and Incoming)
  attach --to-asset ID FILE...
                          attaches subtitles, captions, proxies or thumbnails to an asset
    --kind KIND|ID        subtitle, caption, proxy, thumbnail or other (default: from the
                          file name), or the server's related-asset metadata type id
    --overwrite MODE      an attachment of the same name exists: cancel (default: fail),
                          continue, replace`;

/** The raw values this module reads of node:util parseArgs' result. */
export interface FolderFlagValues {
  to?: string;
  'create-folders'?: boolean;
  report?: string;
  'to-asset'?: string;
  kind?: string;
  overwrite?: string;
  language?: string;
  json?: boolean;
}

export interface UploadDestinationArgs {
  /** `--to`: a folder path by names; null = `--parent` or the incoming folder. */
  to: string | null;
  createFolders: boolean;
  /** `--report`: where to write the run's record, and as what. */
  report: { path: string; format: 'csv' | 'json' } | null;
}

/** A kind by name (kept for the output and the report) or the server's metadata type id (sent). */
export type AttachKind = { by: 'name'; kind: SidecarKind } | { by: 'id'; metadataType: string } | { by: 'file-name' };

export type FoldersArgs = TargetArgs & { command: 'folders'; path: string | null; json: boolean };
export type AttachArgs = TargetArgs & {
  command: 'attach';
  assetId: string;
  paths: string[];
  kind: AttachKind;
  overwrite: Exclude<OverwritePolicy, 'Ask' | 'AssetReplace'>;
  languageId: string | null;
  report: UploadDestinationArgs['report'];
  json: boolean;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function parseReport(raw: string | undefined): UploadDestinationArgs['report'] {
  if (raw === undefined) return null;
  const format = historyFormatOf(raw);
  if (!format) throw new UsageError('--report must name a .csv or .json file');
  return { path: raw, format };
}

export function parseUploadDestination(values: FolderFlagValues, parentId: string | null): UploadDestinationArgs {
  const to = values.to?.trim() ?? null;
  if (to !== null && parentId !== null) throw new UsageError('choose either --to PATH or --parent ID, not both');
  if (to === '') throw new UsageError('--to needs a folder path, e.g. --to "Projects/Shoot 1"');
  if (values['create-folders'] && to === null) throw new UsageError('--create-folders needs --to PATH');
  return { to, createFolders: values['create-folders'] ?? false, report: parseReport(values.report) };
}

export function parseFoldersCommand(positionals: readonly string[], values: FolderFlagValues, target: TargetArgs): FoldersArgs {
  if (positionals.length > 1) throw new UsageError('folders takes one PATH (quote a path with spaces)');
  return { command: 'folders', ...target, path: positionals[0] ?? null, json: values.json ?? false };
}

const ATTACH_OVERWRITE: Record<string, AttachArgs['overwrite']> = { cancel: 'Cancel', continue: 'Continue', replace: 'Replace' };

export function parseAttachCommand(positionals: readonly string[], values: FolderFlagValues, target: TargetArgs): AttachArgs {
  const assetId = values['to-asset']?.trim();
  if (!assetId) throw new UsageError('attach needs --to-asset ID: the asset the files belong to');
  if (positionals.length === 0) throw new UsageError('nothing to attach: give at least one file');
  const mode = values.overwrite ?? 'cancel';
  const overwrite = Object.hasOwn(ATTACH_OVERWRITE, mode) ? ATTACH_OVERWRITE[mode] : undefined;
  if (!overwrite) throw new UsageError(`attach --overwrite must be one of ${Object.keys(ATTACH_OVERWRITE).join(', ')}`);
  return {
    command: 'attach',
    ...target,
    assetId,
    paths: [...positionals],
    kind: parseKind(values.kind),
    overwrite,
    languageId: values.language ?? null,
    report: parseReport(values.report),
    json: values.json ?? false,
  };
}

function parseKind(raw: string | undefined): AttachKind {
  if (raw === undefined) return { by: 'file-name' };
  if (UUID.test(raw)) return { by: 'id', metadataType: raw };
  const kind = SIDECAR_KINDS.find((k) => k === raw.toLowerCase());
  if (!kind) throw new UsageError(`--kind must be one of ${SIDECAR_KINDS.join(', ')}, or a metadata type id`);
  return { by: 'name', kind };
}
