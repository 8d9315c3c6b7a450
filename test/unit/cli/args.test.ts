import { describe, expect, it } from 'vitest';
import { USAGE, UsageError, parseByteRate, parseCliArgs, type UploadArgs } from '../../../main/cli/args';

const MiB = 1024 * 1024;

/** Parses and insists on an upload command. */
function upload(argv: string[], env: NodeJS.ProcessEnv = {}): UploadArgs {
  const parsed = parseCliArgs(argv, env);
  if (parsed.command !== 'upload') throw new Error(`expected an upload command, got ${parsed.command}`);
  return parsed;
}

/** The usage error a command line gets, as a matcher for `toThrow`. */
const usage = (pattern: RegExp) => expect.objectContaining({ name: 'UsageError', message: expect.stringMatching(pattern) });

describe('parseCliArgs: what a user types', () => {
  it('uploads to the sandbox with defaults everywhere', () => {
    expect(upload(['upload', '--sandbox', 'a.mov'])).toEqual({
      command: 'upload',
      paths: ['a.mov'],
      server: null,
      user: null,
      password: null,
      sandbox: true,
      sandboxData: null,
      parentId: null,
      to: null,
      createFolders: false,
      report: null,
      overwrite: 'Cancel',
      existingAssetId: null,
      replaceOptions: [],
      relatedContentId: null,
      languageId: null,
      concurrency: 32, // CONCURRENCY_LIMITS.default, spelled out: a user who types nothing gets this
      limit: 0,
      journal: null,
      verifyResume: 'sample',
      stallTimeoutMs: 60_000,
      storageTimeoutMs: 600_000,
      ignore: [],
      followLinks: false,
      json: false,
      log: null,
    });
  });

  it('reads every option', () => {
    const args = upload([
      'upload',
      '--server', 'https://nomad.example.com',
      '--user', 'ana',
      '--password', 'pw',
      '--parent', 'folder-1',
      '--overwrite', 'asset-replace',
      '--existing-asset', 'asset-9',
      '--replace-options', 'recreatethumbnail, ReplaceDisplayName',
      '--related-content', 'content-3',
      '--language', 'lang-en',
      '--concurrency', '12',
      '--limit', '5M',
      '--journal', '/var/tmp/journal',
      '--verify-resume', 'full',
      '--stall-timeout', '15',
      '--storage-timeout', '120',
      '--ignore', '*.tmp',
      '--ignore', '~$*',
      '--follow-links',
      '--json',
      '--log', 'debug',
      'shoot/a.mov',
    ]);
    expect(args).toEqual({
      command: 'upload',
      paths: ['shoot/a.mov'],
      server: 'https://nomad.example.com',
      user: 'ana',
      password: 'pw',
      sandbox: false,
      sandboxData: null,
      parentId: 'folder-1',
      to: null,
      createFolders: false,
      report: null,
      overwrite: 'AssetReplace',
      existingAssetId: 'asset-9',
      replaceOptions: ['RecreateThumbnail', 'ReplaceDisplayName'],
      relatedContentId: 'content-3',
      languageId: 'lang-en',
      concurrency: 12,
      limit: 5_000_000,
      journal: '/var/tmp/journal',
      verifyResume: 'full',
      stallTimeoutMs: 15_000,
      storageTimeoutMs: 120_000,
      ignore: ['*.tmp', '~$*'],
      followLinks: true,
      json: true,
      log: 'debug',
    });
  });

  it('takes several paths, options before, between or after them', () => {
    expect(upload(['upload', 'a.mov', '--sandbox', 'shoot', '--json', 'b.mov']).paths).toEqual(['a.mov', 'shoot', 'b.mov']);
  });

  it('takes the user and password from NOMAD_USER and NOMAD_PASSWORD', () => {
    const args = upload(['upload', '--server', 'https://nomad.example.com', 'a.mov'], { NOMAD_USER: 'ana', NOMAD_PASSWORD: 'from-env' });
    expect(args).toMatchObject({ user: 'ana', password: 'from-env' });
  });

  it('a flag wins over the environment', () => {
    const args = upload(['upload', '--server', 'https://nomad.example.com', '--user', 'bo', 'a.mov'], {
      NOMAD_USER: 'ana',
      NOMAD_PASSWORD: 'from-env',
    });
    expect(args).toMatchObject({ user: 'bo', password: 'from-env' });
  });

  it('maps every --overwrite mode to the Nomad option', () => {
    const mode = (m: string) => upload(['upload', '--sandbox', '--overwrite', m, 'a.mov']).overwrite;
    expect(mode('cancel')).toBe('Cancel');
    expect(mode('continue')).toBe('Continue');
    expect(mode('replace')).toBe('Replace');
  });

  it('--help, -h and the help command show help, even next to other arguments', () => {
    expect(parseCliArgs(['--help'])).toEqual({ command: 'help' });
    expect(parseCliArgs(['-h'])).toEqual({ command: 'help' });
    expect(parseCliArgs(['help'])).toEqual({ command: 'help' });
    expect(parseCliArgs(['upload', '--server', 'nonsense', '--help'])).toEqual({ command: 'help' });
  });

  it('the help text documents every option the parser accepts', () => {
    for (const flag of [
      '--server', '--user', '--password', '--sandbox', '--sandbox-data', '--parent', '--overwrite', '--existing-asset',
      '--replace-options', '--related-content', '--language', '--concurrency', '--limit', '--journal', '--stall-timeout',
      '--json', '--help',
    ]) {
      expect(USAGE).toContain(flag);
    }
    expect(USAGE).toContain('NOMAD_USER');
    expect(USAGE).toContain('NOMAD_PASSWORD');
  });
});

describe('parseCliArgs: usage errors say what to fix', () => {
  const server = ['--server', 'https://nomad.example.com', '--user', 'ana', '--password', 'pw'];

  it.each<[string, string[], RegExp]>([
    ['no command', [], /missing command: use "nomad-upload upload PATH\.\.\."/],
    ['an unknown command', ['uplod', 'a.mov'], /unknown command "uplod": use upload, leftovers, discard/],
    ['no paths', ['upload', '--sandbox'], /nothing to upload: give at least one file or folder/],
    ['a bad --log level', ['upload', '--sandbox', '--log', 'loud', 'a.mov'], /--log must be one of debug, info, warn, error/],
    ['--server and --sandbox both', ['upload', ...server, '--sandbox', 'a.mov'], /choose either --server or --sandbox, not both/],
    ['no target at all', ['upload', 'a.mov'], /no target: give --server URL/],
    ['a server that is not a URL', ['upload', '--server', 'nomad.example.com', '--user', 'a', '--password', 'b', 'a.mov'], /--server is not a URL/],
    ['a server address holding a password', ['upload', '--server', 'https://me:pw@nomad.example.com', '--user', 'a', '--password', 'b', 'a.mov'], /--server must not hold a user name or password/],
    ['a server that is not http(s)', ['upload', '--server', 'ftp://nomad.example.com', '--user', 'a', '--password', 'b', 'a.mov'], /--server must be an http\(s\) URL/],
    ['a server without credentials', ['upload', '--server', 'https://nomad.example.com', 'a.mov'], /--server needs --user and --password \(or NOMAD_USER and NOMAD_PASSWORD\)/],
    ['a server with a user but no password', ['upload', '--server', 'https://nomad.example.com', '--user', 'ana', 'a.mov'], /--server needs --user and --password/],
    ['an unknown --overwrite mode', ['upload', '--sandbox', '--overwrite', 'sometimes', 'a.mov'], /--overwrite must be one of cancel, continue, replace, asset-replace/],
    ['a Nomad option name instead of a mode', ['upload', '--sandbox', '--overwrite', 'Replace', 'a.mov'], /--overwrite must be one of/],
    ['asset-replace without --existing-asset', ['upload', '--sandbox', '--overwrite', 'asset-replace', 'a.mov'], /--overwrite asset-replace needs --existing-asset ID/],
    ['--existing-asset with two files', ['upload', '--sandbox', '--existing-asset', 'x', 'a.mov', 'b.mov'], /--existing-asset replaces one asset: give exactly one file/],
    ['--concurrency 0', ['upload', '--sandbox', '--concurrency', '0', 'a.mov'], /--concurrency must be a whole number from 1 to 32/],
    ['--concurrency 33', ['upload', '--sandbox', '--concurrency', '33', 'a.mov'], /--concurrency must be a whole number from 1 to 32/],
    ['--concurrency 0x10 (hexadecimal)', ['upload', '--sandbox', '--concurrency', '0x10', 'a.mov'], /--concurrency must be a whole number/],
    ['--concurrency 1e1', ['upload', '--sandbox', '--concurrency', '1e1', 'a.mov'], /--concurrency must be a whole number/],
    ['--limit 0.5 (rounds to no limit)', ['upload', '--sandbox', '--limit', '0.5', 'a.mov'], /less than 1 byte per second/],
    ['a bad --verify-resume', ['upload', '--sandbox', '--verify-resume', 'some', 'a.mov'], /--verify-resume must be sample or full/],
    ['an --ignore with a folder in it', ['upload', '--sandbox', '--ignore', 'cache/*.tmp', 'a.mov'], /--ignore takes a name or a glob/],
    ['--storage-timeout 0', ['upload', '--sandbox', '--storage-timeout', '0', 'a.mov'], /--storage-timeout must be a whole number/],
    ['--concurrency 2.5', ['upload', '--sandbox', '--concurrency', '2.5', 'a.mov'], /--concurrency must be a whole number/],
    ['--concurrency many', ['upload', '--sandbox', '--concurrency', 'many', 'a.mov'], /--concurrency must be a whole number/],
    ['--concurrency with an empty value', ['upload', '--sandbox', '--concurrency=', 'a.mov'], /--concurrency must be a whole number/],
    ['--limit fast', ['upload', '--sandbox', '--limit', 'fast', 'a.mov'], /--limit "fast" is not a rate: use bytes per second, e\.g\. 500K or 5M/],
    ['a negative --limit', ['upload', '--sandbox', '--limit=-1', 'a.mov'], /--limit "-1" is not a rate/],
    ['a value that looks like a flag', ['upload', '--sandbox', '--limit', '-1', 'a.mov'], /--limit.*ambiguous/],
    ['--stall-timeout 0', ['upload', '--sandbox', '--stall-timeout', '0', 'a.mov'], /--stall-timeout must be a whole number from 1 to 3600/],
    ['an unknown replace option', ['upload', '--sandbox', '--replace-options', 'RecreateThumbnail,Bogus', 'a.mov'], /unknown replace option "Bogus": use ReplaceDisplayName, /],
    ['an unknown flag', ['upload', '--sandbox', '--speed', '5', 'a.mov'], /--speed/],
    ['a flag missing its value', ['upload', 'a.mov', '--server'], /--server/],
  ])('%s', (_what, argv, message) => {
    expect(() => parseCliArgs(argv, {})).toThrow(usage(message));
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])(
    '--overwrite %s (an Object.prototype name) is a usage error, not a function smuggled in as the mode',
    (mode) => {
      expect(() => parseCliArgs(['upload', '--sandbox', '--overwrite', mode, 'a.mov'])).toThrow(usage(/--overwrite must be one of/));
    },
  );

  it('an empty NOMAD_PASSWORD is no password', () => {
    expect(() => parseCliArgs(['upload', '--server', 'https://nomad.example.com', 'a.mov'], { NOMAD_USER: 'ana', NOMAD_PASSWORD: '' })).toThrow(
      UsageError,
    );
  });
});

describe('parseByteRate', () => {
  it('reads K, M and G as powers of 1000, as speeds are shown', () => {
    expect(parseByteRate('5M')).toBe(5_000_000);
    expect(parseByteRate('500K')).toBe(500_000);
    expect(parseByteRate('500k')).toBe(500_000);
    expect(parseByteRate('2G')).toBe(2_000_000_000);
    expect(parseByteRate('1.5M')).toBe(1_500_000);
  });

  it('reads KiB, MiB and GiB as powers of 1024', () => {
    expect(parseByteRate('5MiB')).toBe(5 * MiB);
    expect(parseByteRate('500KiB')).toBe(500 * 1024);
    expect(parseByteRate('1GiB/s')).toBe(1024 ** 3);
  });

  it('reads plain bytes, and tolerates B, iB, /s and spaces', () => {
    expect(parseByteRate('1000')).toBe(1000);
    expect(parseByteRate('5MB')).toBe(5_000_000);
    expect(parseByteRate('5M/s')).toBe(5_000_000);
    expect(parseByteRate(' 5 M ')).toBe(5_000_000);
  });

  it('no limit given, or 0, is unlimited', () => {
    expect(parseByteRate(undefined)).toBe(0);
    expect(parseByteRate('0')).toBe(0);
  });

  it('rounds down to whole bytes', () => {
    expect(parseByteRate('1.0001K')).toBe(1000);
  });

  it('refuses what is not a rate', () => {
    for (const raw of ['', 'fast', '5T', '5 megabytes', 'M', '1e6']) {
      expect(() => parseByteRate(raw)).toThrow(UsageError);
    }
  });
});

describe('the leftovers and discard commands', () => {
  it('leftovers takes the target options and no paths', () => {
    expect(parseCliArgs(['leftovers', '--sandbox', '--json'])).toEqual({
      command: 'leftovers',
      server: null,
      user: null,
      password: null,
      sandbox: true,
      sandboxData: null,
      json: true,
    });
    expect(() => parseCliArgs(['leftovers', '--sandbox', 'a.mov'])).toThrow(/leftovers takes no paths/);
  });

  it('discard needs at least one upload id', () => {
    expect(parseCliArgs(['discard', '--sandbox', 'id-1', 'id-2'])).toMatchObject({ command: 'discard', uploadIds: ['id-1', 'id-2'] });
    expect(() => parseCliArgs(['discard', '--sandbox'])).toThrow(/discard needs the id of at least one upload/);
  });
});
