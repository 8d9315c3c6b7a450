// Command-line arguments of `nomad-upload`: parsing and validation only, so every usage
// error is a unit test and exits 2 with one line that says what to fix.

import { parseArgs } from 'node:util';
import { CONCURRENCY_LIMITS } from '../engine/limits';
import { UPLOAD_REPLACE_OPTIONS, type UploadReplaceOption } from '../engine/protocol';
import type { OverwritePolicy } from '../engine/views';
import { LOG_LEVELS, type LogLevel } from '../engine/log';
import type { ResumeCheck } from '../engine/resume-check';
import { isValidIgnorePattern, SYSTEM_LITTER } from '../../shared/ignore-patterns';
import { FOLDERS_USAGE, parseAttachCommand, parseFoldersCommand, parseUploadDestination, type AttachArgs, type FoldersArgs, type UploadDestinationArgs } from './args-folders';
import { WATCH_OPTIONS, WATCH_USAGE, parseWatchArgs, rejectWatchFlags, type WatchArgs } from './watch-args';

export const USAGE = `Usage: nomad-upload upload [options] PATH...
       nomad-upload watch [options] --journal DIR FOLDER
       nomad-upload leftovers [target options] [--json]
       nomad-upload discard [target options] UPLOAD_ID...
       nomad-upload folders [target options] [PATH] [--json]
       nomad-upload attach [target options] --to-asset ID [--kind KIND] FILE...
       nomad-upload login [target options] [--json]
       nomad-upload doctor [target options] [--write-test] [--json]

Uploads files and folders to a Nomad Media server. A folder keeps its structure:
uploading "shoot" that holds "day 1/a.mov" creates shoot/day 1/a.mov on the server.

Target
  --server URL            Nomad server base URL (the client appends /api)
  --user NAME             user name (or env NOMAD_USER)
  --password PASSWORD     password (or env NOMAD_PASSWORD; prefer the variable)
  --sandbox               start a local sandbox server and upload to it (user demo/demo)
  --sandbox-data DIR      keep the sandbox's data in DIR (default: a temporary folder)

Sign-in (with --server; nothing is ever written to disk: each run signs in anew)
  --mfa-code CODE         two-factor code (or env NOMAD_MFA_CODE); asked for on a terminal
  NOMAD_NEW_PASSWORD      env only: the new password when the server requires one (asked
                          for, twice, on a terminal)
  --api-key KEY           sign in with an API key instead (or env NOMAD_API_KEY; prefer it)
  --sso PROVIDER          single sign-on: prints the page to open, then reads the address
                          the sign-in ended on (pasted on the terminal, or one line on stdin)
  --application-id ID     applicationId sent with the login (or env NOMAD_APPLICATION_ID)

Where and how
  --parent ID             folder asset id to upload into (default: the incoming folder)
  --overwrite MODE        when the asset exists: cancel (default: fail), continue,
                          replace, asset-replace (needs --existing-asset)
  --existing-asset ID     asset to replace (asset-replace)
  --replace-options A,B   ${UPLOAD_REPLACE_OPTIONS.join(', ')}
  --related-content ID    content record to associate the asset with
  --language NAME|ID      language of the asset (see Destinations)

${FOLDERS_USAGE}

Transfer
  --concurrency N         parts in flight across all files, at most (default ${CONCURRENCY_LIMITS.default}): starts at ${CONCURRENCY_LIMITS.start}, more only while faster
  --limit RATE            bandwidth limit in bytes per second: 500K, 5M (powers of 1000)
                          or 5MiB (powers of 1024); 0 or left out: no limit
  --journal DIR           remember progress in DIR: run again with the same DIR to resume
  --verify-resume MODE    when resuming, read back what was sent and check it against the
                          file: sample (default: first, last and a few parts) or full
  --stall-timeout SECONDS abort and retry a part when no byte moves for this long (default 60)
  --storage-timeout SECONDS
                          fail a file when storage has taken none of it for this long while
                          the server answers (default 600; the upload stays resumable)

What goes
  --ignore GLOB           also leave out files and folders matching GLOB (repeatable; always
                          left out: ${SYSTEM_LITTER.join(', ')})
  --follow-links          follow links to folders outside the dropped folder (default: skip
                          and report them)

Output
  --json                  newline-delimited JSON events on stdout; the last line is the summary
  --log LEVEL             write a diagnostic log to stderr: debug, info, warn or error
                          (tokens, passwords and URL signatures are never written)
  -h, --help              show this help

${WATCH_USAGE}

Checks
  login                   signs in by the method given, says as whom and for how long, then
                          signs out again
  doctor                  checks a server: reachable, admin API (not the web app), sign-in,
                          token lifetime, refresh rotation, error style; with --write-test
                          also a 1-byte upload into your incoming folder (then cancelled)
                          and the ETag kind. Never prints a secret. Send us its --json output.

Unfinished uploads
  leftovers               lists uploads the server holds open for you (from runs without a
                          journal, or another computer); resume one by uploading the same
                          file again with --overwrite continue
  discard ID...           cancels those uploads on the server and deletes their parts

Exit status: 0 every file uploaded, 1 any file failed, 2 usage error.`;

const OVERWRITE_MODES: Record<string, OverwritePolicy> = {
  cancel: 'Cancel',
  continue: 'Continue',
  replace: 'Replace',
  'asset-replace': 'AssetReplace',
};

export interface UploadArgs extends UploadDestinationArgs {
  command: 'upload';
  paths: string[];
  server: string | null;
  user: string | null;
  password: string | null;
  sandbox: boolean;
  sandboxData: string | null;
  parentId: string | null;
  overwrite: OverwritePolicy;
  existingAssetId: string | null;
  replaceOptions: UploadReplaceOption[];
  relatedContentId: string | null;
  languageId: string | null;
  concurrency: number;
  limit: number;
  journal: string | null;
  verifyResume: ResumeCheck;
  stallTimeoutMs: number;
  storageTimeoutMs: number;
  /** Patterns left out on top of the system litter. */
  ignore: string[];
  followLinks: boolean;
  json: boolean;
  log: LogLevel | null;
}

export interface TargetArgs {
  server: string | null;
  user: string | null;
  password: string | null;
  sandbox: boolean;
  sandboxData: string | null;
  /** Sign-in options (run-login.ts, sign-in.ts). */
  mfaCode?: string | null;
  newPassword?: string | null;
  apiKey?: string | null;
  sso?: string | null;
  applicationId?: string | null;
}

export type LeftoversArgs = TargetArgs & { command: 'leftovers'; json: boolean };
export type DiscardArgs = TargetArgs & { command: 'discard'; uploadIds: string[]; json: boolean };

export type LoginArgs = TargetArgs & { command: 'login'; json: boolean };
export type DoctorArgs = TargetArgs & { command: 'doctor'; writeTest: boolean; json: boolean };

export type ParsedCommand = UploadArgs | WatchArgs | LeftoversArgs | DiscardArgs | FoldersArgs | AttachArgs | LoginArgs | DoctorArgs | { command: 'help' };

export class UsageError extends Error {
  override name = 'UsageError';
}

export function parseCliArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}): ParsedCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        server: { type: 'string' },
        user: { type: 'string' },
        password: { type: 'string' },
        sandbox: { type: 'boolean' },
        'sandbox-data': { type: 'string' },
        parent: { type: 'string' },
        overwrite: { type: 'string' },
        'existing-asset': { type: 'string' },
        'replace-options': { type: 'string' },
        'related-content': { type: 'string' },
        language: { type: 'string' },
        concurrency: { type: 'string' },
        limit: { type: 'string' },
        journal: { type: 'string' },
        'verify-resume': { type: 'string' },
        'stall-timeout': { type: 'string' },
        'storage-timeout': { type: 'string' },
        ignore: { type: 'string', multiple: true },
        'follow-links': { type: 'boolean' },
        json: { type: 'boolean' },
        log: { type: 'string' },
        // destinations, attachments, reports (args-folders.ts)
        to: { type: 'string' },
        'create-folders': { type: 'boolean' },
        report: { type: 'string' },
        'to-asset': { type: 'string' },
        kind: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        ...WATCH_OPTIONS,
        // sign-in (login, doctor and every target command)
        'mfa-code': { type: 'string' },
        'new-password': { type: 'string' },
        'api-key': { type: 'string' },
        sso: { type: 'string' },
        'application-id': { type: 'string' },
        // doctor
        'write-test': { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  const [command, ...paths] = positionals;
  if (command === undefined) throw new UsageError('missing command: use "nomad-upload upload PATH..."');
  if (command === 'help') return { command: 'help' };
  if (command !== 'watch') rejectWatchFlags(values);
  if (command === 'folders') return parseFoldersCommand(paths, values, parseTarget(values, env));
  if (command === 'attach') return parseAttachCommand(paths, values, parseTarget(values, env));
  if (command !== 'upload' && command !== 'watch' && command !== 'leftovers' && command !== 'discard' && command !== 'login' && command !== 'doctor') {
    throw new UsageError(`unknown command "${command}": use upload, leftovers, discard, folders, attach, watch, login or doctor`);
  }
  if (values['write-test'] && command !== 'doctor') throw new UsageError('--write-test belongs to "nomad-upload doctor"');
  if (command === 'login') {
    if (paths.length > 0) throw new UsageError('login takes no paths');
    return { command, ...parseTarget(values, env), json: values.json ?? false };
  }
  if (command === 'doctor') {
    if (paths.length > 0) throw new UsageError('doctor takes no paths');
    return { command, ...parseTarget(values, env, { credentialsOptional: true }), writeTest: values['write-test'] ?? false, json: values.json ?? false };
  }
  if (command === 'leftovers') {
    if (paths.length > 0) throw new UsageError('leftovers takes no paths');
    return { command, ...parseTarget(values, env), json: values.json ?? false };
  }
  if (command === 'discard') {
    if (paths.length === 0) throw new UsageError('discard needs the id of at least one upload (see "nomad-upload leftovers")');
    return { command, ...parseTarget(values, env), uploadIds: paths, json: values.json ?? false };
  }
  if (paths.length === 0) throw new UsageError(command === 'watch' ? 'watch needs the folder to watch' : 'nothing to upload: give at least one file or folder');

  const { server, user, password, sandbox, sandboxData, ...signInOptions } = parseTarget(values, env);

  const mode = values.overwrite ?? 'cancel';
  // Own keys only: `constructor` or `toString` would otherwise find Object.prototype's functions.
  const overwrite = Object.hasOwn(OVERWRITE_MODES, mode) ? OVERWRITE_MODES[mode] : undefined;
  if (!overwrite) throw new UsageError(`--overwrite must be one of ${Object.keys(OVERWRITE_MODES).join(', ')}`);
  const existingAssetId = values['existing-asset'] ?? null;
  if (overwrite === 'AssetReplace' && !existingAssetId) throw new UsageError('--overwrite asset-replace needs --existing-asset ID');
  if (existingAssetId && paths.length !== 1) throw new UsageError('--existing-asset replaces one asset: give exactly one file');

  const upload: UploadArgs = {
    command: 'upload',
    paths,
    ...signInOptions,
    server,
    user,
    password,
    sandbox,
    sandboxData,
    parentId: values.parent ?? null,
    ...parseUploadDestination(values, values.parent ?? null),
    overwrite,
    existingAssetId,
    replaceOptions: parseReplaceOptions(values['replace-options']),
    relatedContentId: values['related-content'] ?? null,
    languageId: values.language ?? null,
    concurrency: parseInteger('--concurrency', values.concurrency, CONCURRENCY_LIMITS.default, CONCURRENCY_LIMITS.min, CONCURRENCY_LIMITS.max),
    limit: parseByteRate(values.limit),
    journal: values.journal ?? null,
    verifyResume: parseVerifyResume(values['verify-resume']),
    stallTimeoutMs: parseInteger('--stall-timeout', values['stall-timeout'], 60, 1, 3600) * 1000,
    storageTimeoutMs: parseInteger('--storage-timeout', values['storage-timeout'], 600, 1, 7 * 24 * 3600) * 1000,
    ignore: parseIgnore(values.ignore),
    followLinks: values['follow-links'] ?? false,
    json: values.json ?? false,
    log: parseLogLevel(values.log),
  };
  return command === 'watch' ? parseWatchArgs(upload, values) : upload;
}

function parseVerifyResume(raw: string | undefined): ResumeCheck {
  if (raw === undefined) return 'sample';
  if (raw !== 'sample' && raw !== 'full') throw new UsageError('--verify-resume must be sample or full');
  return raw;
}

function parseIgnore(raw: string[] | undefined): string[] {
  const patterns = raw ?? [];
  const bad = patterns.find((p) => !isValidIgnorePattern(p));
  if (bad !== undefined) throw new UsageError('--ignore takes a name or a glob such as "*.tmp" (no folder separators)');
  return patterns;
}

function parseLogLevel(raw: string | undefined): LogLevel | null {
  if (raw === undefined) return null;
  if (!(LOG_LEVELS as readonly string[]).includes(raw)) throw new UsageError(`--log must be one of ${LOG_LEVELS.join(', ')}`);
  return raw as LogLevel;
}

type TargetValues = {
  server?: string;
  user?: string;
  password?: string;
  sandbox?: boolean;
  'sandbox-data'?: string;
} & SignInValues;

function parseTarget(values: TargetValues, env: NodeJS.ProcessEnv, { credentialsOptional = false } = {}): TargetArgs {
  const sandbox = values.sandbox ?? false;
  const server = values.server ?? null;
  if (sandbox && server) throw new UsageError('choose either --server or --sandbox, not both');
  if (!sandbox && !server) throw new UsageError('no target: give --server URL (or --sandbox for a local test server)');
  if (server) checkUrl(server);
  // An empty variable is no credential: `NOMAD_PASSWORD= nomad-upload …` must not try ''.
  const user = values.user || env.NOMAD_USER || null;
  const password = values.password || env.NOMAD_PASSWORD || null;
  const signIn = parseSignIn(values, env, { user, password });
  const hasCredentials = (user && password) || signIn.apiKey || signIn.sso;
  if (server && !hasCredentials && !credentialsOptional) {
    throw new UsageError('--server needs --user and --password (or NOMAD_USER and NOMAD_PASSWORD), --api-key, or --sso PROVIDER');
  }
  return { server, user, password, sandbox, sandboxData: values['sandbox-data'] ?? null, ...signIn };
}

// --- sign-in options (signin) -----------------------------------------------------------

type SignInOptions = Pick<TargetArgs, 'mfaCode' | 'newPassword' | 'apiKey' | 'sso' | 'applicationId'>;
type SignInValues = { user?: string; password?: string; 'mfa-code'?: string; 'new-password'?: string; 'api-key'?: string; sso?: string; 'application-id'?: string };

function parseSignIn(
  values: SignInValues,
  env: NodeJS.ProcessEnv,
  { user, password }: { user: string | null; password: string | null },
): SignInOptions {
  // A flag's value is visible to every user of the machine (ps, shell history): a new password never goes there.
  if (values['new-password'] !== undefined) {
    throw new UsageError('the new password is read only from env NOMAD_NEW_PASSWORD (or asked for on a terminal), never from a flag');
  }
  const mfaCode = values['mfa-code'] || env.NOMAD_MFA_CODE || null;
  if (mfaCode !== null && !/^\s*\d{4,10}\s*$/.test(mfaCode)) throw new UsageError('--mfa-code must be the digits your authenticator app shows');
  const sso = values.sso ?? null;
  if (sso !== null && !/^[A-Za-z0-9_-]{1,64}$/.test(sso)) throw new UsageError('--sso takes the provider name, e.g. --sso azure');
  // Flags are what the person chose for this run: two of them is a mistake. Variables are
  // the environment's defaults: NOMAD_API_KEY applies only when no user name and password do.
  const flags = [values.user !== undefined || values.password !== undefined ? '--user/--password' : null, values['api-key'] ? '--api-key' : null, sso ? '--sso' : null];
  const chosen = flags.filter((flag): flag is string => flag !== null);
  if (chosen.length > 1) throw new UsageError(`choose one way to sign in: ${chosen.join(' and ')} were both given`);
  const apiKey = sso ? null : values['api-key'] || (user && password ? null : env.NOMAD_API_KEY || null);
  const applicationId = values['application-id'] || env.NOMAD_APPLICATION_ID || null;
  const chosenOptions = { mfaCode: mfaCode?.trim() ?? null, newPassword: env.NOMAD_NEW_PASSWORD || null, apiKey, sso, applicationId };
  // Only what was given: a plain password sign-in parses exactly as before these options existed.
  return Object.fromEntries(Object.entries(chosenOptions).filter(([, value]) => value !== null)) as SignInOptions;
}

function checkUrl(raw: string): void {
  // The address is never echoed back: it may hold a password, or characters a terminal acts on.
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError('--server is not a URL (e.g. https://nomad.example.com)');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError('--server must be an http(s) URL');
  if (url.username || url.password) {
    throw new UsageError('--server must not hold a user name or password: give them with --user and NOMAD_PASSWORD');
  }
}

function parseReplaceOptions(raw: string | undefined): UploadReplaceOption[] {
  if (!raw) return [];
  const known = new Map(UPLOAD_REPLACE_OPTIONS.map((o) => [o.toLowerCase(), o]));
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((item) => {
      const option = known.get(item.toLowerCase());
      if (!option) throw new UsageError(`unknown replace option "${item}": use ${UPLOAD_REPLACE_OPTIONS.join(', ')}`);
      return option;
    });
}

export function parseInteger(flag: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  // Digits only: Number() would take "0x10", "1e1" and " 8 " too.
  const value = /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

// K, M, G are powers of 1000, as every speed in the app and the terminal is shown; KiB,
// MiB, GiB are powers of 1024 for those who mean them.
const RATE_UNITS: Record<string, number> = { '': 1, k: 1000, m: 1000 ** 2, g: 1000 ** 3 };
const BINARY_UNITS: Record<string, number> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

export function parseByteRate(raw: string | undefined): number {
  if (raw === undefined) return 0;
  const match = /^(\d+(?:\.\d+)?)\s*([kmg]?)(i?)(?:b)?(?:\/s)?$/i.exec(raw.trim());
  if (!match || (match[3] && !match[2])) throw new UsageError(`--limit "${raw}" is not a rate: use bytes per second, e.g. 500K or 5M`);
  const unit = match[2]!.toLowerCase();
  const factor = match[3] ? BINARY_UNITS[unit]! : RATE_UNITS[unit]!;
  const value = Number(match[1]);
  const rate = Math.floor(value * factor);
  // 0 means "no limit": a rate that only rounds down to it (0.5) is a mistake, not that wish.
  if (value > 0 && rate < 1) throw new UsageError(`--limit "${raw}" is less than 1 byte per second; use 0 (or leave --limit out) for no limit`);
  return rate;
}
