// `nomad-upload watch` arguments: each mistake is one line that says what to fix.

import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../../main/cli/args';
import { WATCH_DEFAULT_IGNORES } from '../../../shared/ignore-patterns';

const base = ['watch', '--sandbox', '--journal', '/tmp/j'];

describe('nomad-upload watch arguments', () => {
  it('takes the upload options and its own, with the defaults of the issue', () => {
    expect(parseCliArgs([...base, '--overwrite', 'replace', '--ignore', '*.wav', '/media/exports'])).toMatchObject({
      command: 'watch',
      folder: '/media/exports',
      overwrite: 'Replace',
      quietPeriodMs: 10_000,
      rescanIntervalMs: 60_000,
      recursive: true,
      moveUploaded: false,
      ignore: [...WATCH_DEFAULT_IGNORES, '*.wav'],
      journal: '/tmp/j',
    });
    expect(parseCliArgs([...base, '--quiet-period', '3', '--rescan', '30', '--no-recursive', '--move-uploaded', '/x'])).toMatchObject({
      quietPeriodMs: 3_000,
      rescanIntervalMs: 30_000,
      recursive: false,
      moveUploaded: true,
    });
  });

  it.each([
    [['watch', '--sandbox', '/x'], 'watch needs --journal DIR'],
    [[...base], 'watch needs the folder to watch'],
    [[...base, '/a', '/b'], 'watch takes one folder'],
    [[...base, '--quiet-period', '0', '/x'], '--quiet-period must be a whole number from 1 to 3600'],
    [[...base, '--rescan', '1', '/x'], '--rescan must be a whole number from 5 to 86400'],
    [[...base, '--follow-links', '/x'], 'watch does not follow links'],
    [[...base, '--overwrite', 'asset-replace', '--existing-asset', 'a1', '/x'], '--existing-asset replaces one asset'],
    [['upload', '--sandbox', '--quiet-period', '3', '/x'], '--quiet-period is for "nomad-upload watch"'],
    [['upload', '--sandbox', '--move-uploaded', '/x'], '--move-uploaded is for "nomad-upload watch"'],
  ])('%j is refused: %s', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});
