import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { baseUrl, originUrl, type SandboxOptions } from './options';
import { startSandbox, type Sandbox } from './sandbox';
import { parseVariants, SANDBOX_VARIANTS, type SandboxVariant } from './variants';

export const USAGE = `Usage: npm run sandbox -- [options]

Runs the local Nomad-compatible sandbox server (API base <url>/api).

  --port N             port to listen on (default 0: a free port)
  --host HOST          address to bind (default 127.0.0.1)
  --data DIR           state and storage directory (default: ${join(tmpdir(), 'nomad-sandbox')})
  --user U --password P   the one user that may log in (default demo / demo)
  --url-ttl S          pre-signed URL lifetime in seconds (default 3600)
  --token-ttl S        access-token lifetime in seconds (default 3600)
  --refresh-ttl S      refresh-token lifetime in seconds (default 30 days); a session ends
                       with its refresh token
  --s3-endpoint URL --s3-bucket NAME [--s3-region R]
                       store parts in an S3-compatible endpoint (path-style); credentials
                       from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY
  --storage KIND       embedded (default: s3rver in this process) or discard (keep no bytes)
  --direct-urls        part URLs point straight at the S3 endpoint, as a real Nomad server's
                       do (no gateway: no part faults, no byte counts); parts are verified
                       with ListParts (the embedded s3rver: from its part files). Prints a
                       second line "storage <endpoint> bucket <name>"
  --storage-port N     port of the embedded s3rver (default 0: a free one; for --direct-urls)
  --storage-public-url URL
                       with --direct-urls: part URLs start with this origin (a proxy in
                       front of storage) instead of the endpoint's
  --public-url URL     base of every URL the sandbox hands out that leads back to it (part
                       URLs through the gateway, sign-in pages), for a proxy in front of it
  --variant NAME[,NAME…]
                       behave as a server that reads the spec another way where it is
                       silent (repeatable): ${SANDBOX_VARIANTS.join(', ')}
  --log                log requests to stderr (never tokens, passwords or URL signatures)
  --help               show this text
`;

export type ParsedSandboxArgs =
  /** verbose: --log was given (runSandboxMain then logs requests to its stderr). */
  | { kind: 'run'; options: SandboxOptions; verbose: boolean }
  | { kind: 'help' }
  | { kind: 'error'; message: string };

export interface Writer {
  write(text: string): unknown;
}

export type SandboxMainResult = { kind: 'running'; sandbox: Sandbox } | { kind: 'exit'; code: number };

function positiveInteger(value: string | undefined, flag: string, min: number, max: number): number | string | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < min || number > max) return `${flag} must be an integer from ${min} to ${max}, got "${value}"`;
  return number;
}

export function parseSandboxArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ParsedSandboxArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        data: { type: 'string' },
        user: { type: 'string' },
        password: { type: 'string' },
        'url-ttl': { type: 'string' },
        'token-ttl': { type: 'string' },
        'refresh-ttl': { type: 'string' },
        's3-endpoint': { type: 'string' },
        's3-bucket': { type: 'string' },
        's3-region': { type: 'string' },
        storage: { type: 'string' },
        'direct-urls': { type: 'boolean' },
        'storage-port': { type: 'string' },
        'storage-public-url': { type: 'string' },
        'public-url': { type: 'string' },
        variant: { type: 'string', multiple: true },
        log: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    return { kind: 'error', message: (error as Error).message };
  }
  if (values.help) return { kind: 'help' };

  const port = positiveInteger(values.port, '--port', 0, 65535);
  const urlTtl = positiveInteger(values['url-ttl'], '--url-ttl', 1, 7 * 24 * 3600);
  const tokenTtl = positiveInteger(values['token-ttl'], '--token-ttl', 1, 365 * 24 * 3600);
  const refreshTtl = positiveInteger(values['refresh-ttl'], '--refresh-ttl', 1, 365 * 24 * 3600);
  const storagePort = positiveInteger(values['storage-port'], '--storage-port', 0, 65535);
  for (const checked of [port, urlTtl, tokenTtl, refreshTtl, storagePort]) {
    if (typeof checked === 'string') return { kind: 'error', message: checked };
  }
  if ((values.user === undefined) !== (values.password === undefined)) {
    return { kind: 'error', message: '--user and --password go together' };
  }
  if (values.user === '' || values.password === '') return { kind: 'error', message: '--user and --password must not be empty' };

  const endpoint = values['s3-endpoint'];
  const bucket = values['s3-bucket'];
  if ((endpoint === undefined) !== (bucket === undefined)) {
    return { kind: 'error', message: '--s3-endpoint and --s3-bucket go together' };
  }
  if (values['s3-region'] !== undefined && endpoint === undefined) {
    return { kind: 'error', message: '--s3-region needs --s3-endpoint' };
  }
  if (values.storage !== undefined && values.storage !== 'embedded' && values.storage !== 'discard') {
    return { kind: 'error', message: `--storage must be embedded or discard, got "${values.storage}"` };
  }
  if (values.storage !== undefined && endpoint !== undefined) {
    return { kind: 'error', message: '--storage and --s3-endpoint exclude each other' };
  }

  const directUrls = values['direct-urls'] === true;
  if (typeof storagePort === 'number' && (endpoint !== undefined || values.storage === 'discard')) {
    return { kind: 'error', message: '--storage-port is the embedded s3rver\'s port; it does not go with --s3-endpoint or --storage discard' };
  }
  if (directUrls && values.storage === 'discard') return { kind: 'error', message: '--direct-urls needs storage that keeps the parts: not --storage discard' };
  if (values['storage-public-url'] !== undefined && !directUrls) {
    return { kind: 'error', message: '--storage-public-url needs --direct-urls (gateway part URLs start with --public-url)' };
  }
  const urls: Pick<SandboxOptions, 'publicUrl' | 'storagePublicUrl'> = {};
  for (const [flag, key] of [['public-url', 'publicUrl'], ['storage-public-url', 'storagePublicUrl']] as const) {
    const value = values[flag];
    if (value === undefined) continue;
    try {
      urls[key] = key === 'publicUrl' ? baseUrl(value, `--${flag}`) : originUrl(value, `--${flag}`);
    } catch (error) {
      return { kind: 'error', message: (error as Error).message };
    }
  }

  let storage: SandboxOptions['storage'] =
    values.storage === 'discard' ? { kind: 'discard' } : { kind: 'embedded', ...(typeof storagePort === 'number' ? { port: storagePort } : {}) };
  if (endpoint !== undefined && bucket !== undefined) {
    let parsed: URL;
    try {
      parsed = new URL(endpoint);
    } catch {
      return { kind: 'error', message: `--s3-endpoint is not a URL: "${endpoint}"` };
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      return { kind: 'error', message: `--s3-endpoint must be an http(s) URL, got "${endpoint}"` };
    }
    storage = {
      kind: 's3',
      endpoint,
      bucket,
      ...(values['s3-region'] === undefined ? {} : { region: values['s3-region'] }),
      ...(env.AWS_ACCESS_KEY_ID ? { accessKeyId: env.AWS_ACCESS_KEY_ID } : {}),
      ...(env.AWS_SECRET_ACCESS_KEY ? { secretAccessKey: env.AWS_SECRET_ACCESS_KEY } : {}),
    };
  }

  let variants: SandboxVariant[];
  try {
    variants = parseVariants((values.variant ?? []).flatMap((list) => list.split(',')).map((name) => name.trim()).filter((name) => name !== ''));
  } catch (error) {
    return { kind: 'error', message: `--variant: ${(error as Error).message}` };
  }
  if (directUrls && variants.includes('kms-etag')) return { kind: 'error', message: '--variant kms-etag needs the gateway: not with --direct-urls' };

  const options: SandboxOptions = {
    dataDir: values.data ?? join(tmpdir(), 'nomad-sandbox'),
    storage,
    ...(typeof port === 'number' ? { port } : {}),
    ...(values.host === undefined ? {} : { host: values.host }),
    ...(values.user !== undefined && values.password !== undefined ? { users: { [values.user]: values.password } } : {}),
    ...(typeof urlTtl === 'number' ? { urlTtlSeconds: urlTtl } : {}),
    ...(typeof tokenTtl === 'number' ? { tokenTtlSeconds: tokenTtl } : {}),
    ...(typeof refreshTtl === 'number' ? { refreshTokenTtlSeconds: refreshTtl } : {}),
    ...(directUrls ? { directUrls } : {}),
    ...(variants.length > 0 ? { variants } : {}),
    ...urls,
  };
  return { kind: 'run', options, verbose: values.log === true };
}

/**
 * The command line, minus process wiring: parses, starts, prints one line
 * `sandbox listening <url>` to stdout when ready (and `storage <endpoint> bucket <name>` after
 * it with --direct-urls). Bad flags: message on stderr, exit code 2.
 */
export async function runSandboxMain(
  argv: string[],
  stdout: Writer,
  stderr: Writer = process.stderr,
  env: NodeJS.ProcessEnv = process.env,
): Promise<SandboxMainResult> {
  const parsed = parseSandboxArgs(argv, env);
  switch (parsed.kind) {
    case 'help':
      stdout.write(USAGE);
      return { kind: 'exit', code: 0 };
    case 'error':
      stderr.write(`sandbox: ${parsed.message}\n(see --help)\n`);
      return { kind: 'exit', code: 2 };
    case 'run':
      break;
  }
  const options: SandboxOptions = parsed.verbose ? { ...parsed.options, log: (line) => void stderr.write(`${line}\n`) } : parsed.options;
  let sandbox: Sandbox;
  try {
    sandbox = await startSandbox(options);
  } catch (error) {
    stderr.write(`sandbox: could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    return { kind: 'exit', code: 1 };
  }
  stdout.write(`sandbox listening ${sandbox.url}\n`);
  // Direct URLs make storage a second address clients (and peers in a benchmark) talk to.
  if (sandbox.partUrls === 'direct') stdout.write(`storage ${sandbox.storage.url ?? ''} bucket ${sandbox.storage.bucket}\n`);
  return { kind: 'running', sandbox };
}
