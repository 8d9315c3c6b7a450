export type StorageOptions =
  | { kind: 'embedded' }
  | { kind: 's3'; endpoint: string; bucket: string; region?: string; accessKeyId?: string; secretAccessKey?: string }
  | { kind: 'discard' };

export interface SandboxOptions {
  /** Default 0: a free port. Never a fixed port in tests. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** The state file and the embedded s3rver data live here; survives restarts. */
  dataDir: string;
  /** User name → password. Default { demo: 'demo' }. */
  users?: Record<string, string>;
  /** Pre-signed URL lifetime, default 3600. */
  urlTtlSeconds?: number;
  /** Access-token lifetime, default 3600 (refresh tokens: 30 days). */
  tokenTtlSeconds?: number;
  /** Default { kind: 'embedded' }. */
  storage?: StorageOptions;
  /** Default: no logging. Never receives tokens, passwords or URL signatures. */
  log?: (line: string) => void;
}

export interface ResolvedOptions {
  port: number;
  host: string;
  dataDir: string;
  users: Record<string, string>;
  urlTtlSeconds: number;
  tokenTtlSeconds: number;
  storage: StorageOptions;
  log: (line: string) => void;
}

/** SigV4 pre-signed URLs live at most 7 days. */
const MAX_URL_TTL_SECONDS = 7 * 24 * 3600;

export function resolveOptions(options: SandboxOptions): ResolvedOptions {
  const resolved: ResolvedOptions = {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    dataDir: options.dataDir,
    users: options.users ?? { demo: 'demo' },
    urlTtlSeconds: options.urlTtlSeconds ?? 3600,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
    storage: options.storage ?? { kind: 'embedded' },
    log: options.log ?? (() => {}),
  };
  if (typeof resolved.dataDir !== 'string' || resolved.dataDir === '') throw new TypeError('dataDir is required');
  if (!Number.isInteger(resolved.port) || resolved.port < 0 || resolved.port > 65535) {
    throw new RangeError(`port must be an integer 0..65535, got ${resolved.port}`);
  }
  if (!Number.isInteger(resolved.urlTtlSeconds) || resolved.urlTtlSeconds < 1 || resolved.urlTtlSeconds > MAX_URL_TTL_SECONDS) {
    throw new RangeError(`urlTtlSeconds must be an integer 1..${MAX_URL_TTL_SECONDS} (SigV4 limit), got ${resolved.urlTtlSeconds}`);
  }
  if (!(resolved.tokenTtlSeconds > 0) || !Number.isFinite(resolved.tokenTtlSeconds)) {
    throw new RangeError(`tokenTtlSeconds must be a positive number, got ${resolved.tokenTtlSeconds}`);
  }
  if (Object.keys(resolved.users).length === 0) throw new RangeError('users must name at least one user');
  return resolved;
}
