import { Accounts, BUILT_IN_ACCOUNTS, type AccountSpec } from './accounts';
import { DEFAULT_REFRESH_TOKEN_TTL_SECONDS } from './auth';
import { parseVariants, type SandboxVariant } from './variants';

export type StorageOptions =
  /** port: the embedded s3rver's port (default 0: a free one); matters only with directUrls, where clients reach it. */
  | { kind: 'embedded'; port?: number }
  | { kind: 's3'; endpoint: string; bucket: string; region?: string; accessKeyId?: string; secretAccessKey?: string }
  | { kind: 'discard' };

export interface SandboxOptions {
  /** Default 0: a free port. Never a fixed port in tests. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** The state file and the embedded s3rver data live here; survives restarts. */
  dataDir: string;
  /** User name → password: plain accounts, and only those. Default: the built-in accounts (accounts.ts, README). */
  users?: Record<string, string>;
  /** Pre-signed URL lifetime, default 3600. */
  urlTtlSeconds?: number;
  /** Access-token lifetime, default 3600. */
  tokenTtlSeconds?: number;
  /** Refresh-token lifetime, default 30 days: a session ends when its refresh token has expired. */
  refreshTokenTtlSeconds?: number;
  /** Default { kind: 'embedded' }. */
  storage?: StorageOptions;
  /**
   * Hand out pre-signed URLs that point straight at the S3 endpoint, as a real Nomad server
   * does, instead of at the sandbox's storage gateway. Part-complete then verifies with S3
   * (ListParts; for the embedded s3rver, which has none, the part file s3rver wrote). No
   * part faults and no byte counts: the sandbox never sees the bytes. Default false.
   */
  directUrls?: boolean;
  /**
   * Base of every URL the sandbox hands out that leads back to itself (storage gateway part
   * URLs, sign-in pages), e.g. `https://proxy.example/nomad` when a proxy forwards that base
   * to the sandbox's root. Default: the listen origin.
   */
  publicUrl?: string;
  /**
   * With directUrls: the base that part URLs start with (signed for that host), when clients
   * reach storage through a proxy while the sandbox talks to the endpoint itself. Default: the
   * storage endpoint.
   */
  storagePublicUrl?: string;
  /** Behaviours where the spec is silent (variants.ts); default none. */
  variants?: readonly SandboxVariant[];
  /** Default: no logging. Never receives tokens, passwords or URL signatures. */
  log?: (line: string) => void;
}

export interface ResolvedOptions {
  port: number;
  host: string;
  dataDir: string;
  accounts: AccountSpec[];
  urlTtlSeconds: number;
  tokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  storage: StorageOptions;
  directUrls: boolean;
  /** Without a trailing slash; null: the listen origin. */
  publicUrl: string | null;
  storagePublicUrl: string | null;
  variants: SandboxVariant[];
  log: (line: string) => void;
}

/** SigV4 pre-signed URLs live at most 7 days. */
const MAX_URL_TTL_SECONDS = 7 * 24 * 3600;

export function resolveOptions(options: SandboxOptions): ResolvedOptions {
  const resolved: ResolvedOptions = {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    dataDir: options.dataDir,
    accounts: options.users === undefined ? [...BUILT_IN_ACCOUNTS] : Accounts.plain(options.users),
    urlTtlSeconds: options.urlTtlSeconds ?? 3600,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
    refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? DEFAULT_REFRESH_TOKEN_TTL_SECONDS,
    storage: options.storage ?? { kind: 'embedded' },
    directUrls: options.directUrls ?? false,
    publicUrl: options.publicUrl === undefined ? null : baseUrl(options.publicUrl, 'publicUrl'),
    storagePublicUrl: options.storagePublicUrl === undefined ? null : originUrl(options.storagePublicUrl, 'storagePublicUrl'),
    variants: parseVariants(options.variants ?? []),
    log: options.log ?? (() => {}),
  };
  if (typeof resolved.dataDir !== 'string' || resolved.dataDir === '') throw new TypeError('dataDir is required');
  checkPort(resolved.port, 'port');
  if (resolved.storage.kind === 'embedded' && resolved.storage.port !== undefined) checkPort(resolved.storage.port, 'storage.port');
  if (!Number.isInteger(resolved.urlTtlSeconds) || resolved.urlTtlSeconds < 1 || resolved.urlTtlSeconds > MAX_URL_TTL_SECONDS) {
    throw new RangeError(`urlTtlSeconds must be an integer 1..${MAX_URL_TTL_SECONDS} (SigV4 limit), got ${resolved.urlTtlSeconds}`);
  }
  for (const name of ['tokenTtlSeconds', 'refreshTokenTtlSeconds'] as const) {
    if (!(resolved[name] > 0) || !Number.isFinite(resolved[name])) throw new RangeError(`${name} must be a positive number, got ${resolved[name]}`);
  }
  if (resolved.accounts.length === 0) throw new RangeError('users must name at least one user');
  if (resolved.directUrls && resolved.storage.kind === 'discard') {
    throw new RangeError('directUrls needs storage that keeps the parts (embedded or s3); discard storage exists only behind the gateway');
  }
  if (resolved.directUrls && resolved.variants.includes('kms-etag')) {
    throw new RangeError('the kms-etag variant needs the gateway (storage answers part PUTs itself with directUrls)');
  }
  if (resolved.storagePublicUrl !== null && !resolved.directUrls) {
    throw new RangeError('storagePublicUrl needs directUrls: gateway part URLs start with publicUrl');
  }
  return resolved;
}

function checkPort(port: number, name: string): void {
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`${name} must be an integer 0..65535, got ${port}`);
}

/** SigV4 signs the path: a proxy that strips a path prefix would break every signature, so storage bases are origins. */
export function originUrl(value: string, name: string): string {
  const base = baseUrl(value, name);
  if (new URL(base).pathname !== '/') throw new RangeError(`${name} must be an origin without a path (the signature covers the path), got "${value}"`);
  return new URL(base).origin;
}

/** An http(s) URL without query or fragment; the trailing slash is dropped so paths can be appended. */
export function baseUrl(value: string, name: string): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new RangeError(`${name} is not a URL: "${value}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new RangeError(`${name} must be an http(s) URL, got "${value}"`);
  if (parsed.search !== '' || parsed.hash !== '' || parsed.username !== '' || parsed.password !== '') {
    throw new RangeError(`${name} must be a plain base URL (no query, fragment or credentials), got "${value}"`);
  }
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
}
