// `nomad-upload watch`: its own flags and checks, on top of the upload options it shares
// (target, destination, overwrite, transfer, output). Parsing only; see run-watch.ts.

import { WATCH_DEFAULT_IGNORES } from '../../shared/ignore-patterns';
import { WATCH_QUIET_PERIOD, WATCH_RESCAN } from '../engine/watch/watch-settings';
import { parseInteger, UsageError, type UploadArgs } from './args';

export const WATCH_OPTIONS = {
  'quiet-period': { type: 'string' },
  rescan: { type: 'string' },
  'no-recursive': { type: 'boolean' },
  'move-uploaded': { type: 'boolean' },
} as const;

export const WATCH_USAGE = `Watch (nomad-upload watch FOLDER: runs until Ctrl-C or SIGTERM)
  Uploads every file that appears or changes in FOLDER once it has stopped changing, each
  once: the index of what went up is kept under --journal DIR (required), so a restart, a
  rescan or a renamed parent folder uploads nothing twice. A changed file goes up again
  according to --overwrite (replace: as the new version). Takes every upload option above.
  --quiet-period SECONDS  a file counts as complete once its size and times stayed the same
                          this long (default ${WATCH_QUIET_PERIOD.defaultMs / 1000})
  --ignore GLOB           also leave out names matching GLOB (repeatable; always left out:
                          ${WATCH_DEFAULT_IGNORES.join(', ')})
  --no-recursive          only FOLDER itself, not its sub-folders
  --move-uploaded         move each uploaded file into FOLDER/Uploaded/ (default: leave it)
  --rescan SECONDS        look through the whole folder this often, for changes no file
                          event told (network shares; default ${WATCH_RESCAN.defaultMs / 1000})`;

export interface WatchArgs extends Omit<UploadArgs, 'command' | 'paths' | 'ignore' | 'followLinks' | 'report'> {
  command: 'watch';
  folder: string;
  quietPeriodMs: number;
  rescanIntervalMs: number;
  recursive: boolean;
  moveUploaded: boolean;
  /** The whole list: the watch defaults and the user's own. */
  ignore: string[];
}

interface WatchValues {
  'quiet-period'?: string;
  rescan?: string;
  'no-recursive'?: boolean;
  'move-uploaded'?: boolean;
  'follow-links'?: boolean;
}

export function parseWatchArgs(upload: UploadArgs, values: WatchValues): WatchArgs {
  const { command: _upload, paths, ignore, followLinks: _links, report: _report, ...shared } = upload;
  if (paths.length !== 1) throw new UsageError('watch takes one folder');
  if (!upload.journal) throw new UsageError('watch needs --journal DIR: the index of what was uploaded lives there, so a restart uploads nothing twice');
  if (upload.existingAssetId) throw new UsageError('--existing-asset replaces one asset; a watch uploads many files');
  if (values['follow-links']) throw new UsageError('watch does not follow links to folders (--follow-links is for upload)');
  if (upload.report) throw new UsageError('--report is for upload: a watch has no end to report at; use --json for its events');
  return {
    ...shared,
    command: 'watch',
    folder: paths[0]!,
    quietPeriodMs: parseInteger('--quiet-period', values['quiet-period'], WATCH_QUIET_PERIOD.defaultMs / 1000, WATCH_QUIET_PERIOD.minMs / 1000, WATCH_QUIET_PERIOD.maxMs / 1000) * 1000,
    rescanIntervalMs: parseInteger('--rescan', values.rescan, WATCH_RESCAN.defaultMs / 1000, WATCH_RESCAN.minMs / 1000, WATCH_RESCAN.maxMs / 1000) * 1000,
    recursive: !values['no-recursive'],
    moveUploaded: values['move-uploaded'] ?? false,
    ignore: [...WATCH_DEFAULT_IGNORES, ...ignore],
  };
}

/** The watch's flags given to another command are a mistake worth one line, not silence. */
export function rejectWatchFlags(values: WatchValues): void {
  for (const flag of Object.keys(WATCH_OPTIONS) as Array<keyof typeof WATCH_OPTIONS>) {
    if (values[flag] !== undefined) throw new UsageError(`--${flag} is for "nomad-upload watch"`);
  }
}
