// The flags of destinations, attachments and reports: what each becomes, and the one line a mistake gets.

import { describe, expect, it } from 'vitest';
import { parseCliArgs, USAGE, UsageError } from '../../../main/cli/args';

const server = ['--server', 'https://nomad.example.com', '--user', 'ana', '--password', 'pw'];

describe('upload destinations', () => {
  it('--to, --create-folders and --report', () => {
    expect(parseCliArgs(['upload', ...server, '--to', ' Projects/Shoot 1 ', '--create-folders', '--report', 'run.CSV', 'a.mov'])).toMatchObject({
      command: 'upload',
      to: 'Projects/Shoot 1',
      createFolders: true,
      report: { path: 'run.CSV', format: 'csv' },
    });
  });

  it.each<[string, string[], RegExp]>([
    ['--to and --parent', ['--to', 'A', '--parent', 'id'], /choose either --to PATH or --parent ID/],
    ['an empty --to', ['--to', '  '], /--to needs a folder path/],
    ['--create-folders alone', ['--create-folders'], /--create-folders needs --to PATH/],
    ['a report that is neither CSV nor JSON', ['--report', 'run.txt'], /--report must name a .csv or .json file/],
  ])('%s is a usage error', (_, flags, message) => {
    expect(() => parseCliArgs(['upload', ...server, ...flags, 'a.mov'])).toThrow(UsageError);
    expect(() => parseCliArgs(['upload', ...server, ...flags, 'a.mov'])).toThrow(message);
  });
});

describe('folders and attach', () => {
  it('folders takes one optional PATH', () => {
    expect(parseCliArgs(['folders', ...server])).toMatchObject({ command: 'folders', path: null, json: false });
    expect(parseCliArgs(['folders', ...server, '--json', '/Media/Projects'])).toMatchObject({ path: '/Media/Projects', json: true });
    expect(() => parseCliArgs(['folders', ...server, 'a', 'b'])).toThrow(/folders takes one PATH/);
  });

  it('attach: the asset, the files, the kind by name or metadata id', () => {
    expect(parseCliArgs(['attach', ...server, '--to-asset', 'asset-1', 'a.srt', 'b.vtt'])).toMatchObject({
      command: 'attach',
      assetId: 'asset-1',
      paths: ['a.srt', 'b.vtt'],
      kind: { by: 'file-name' },
      overwrite: 'Cancel',
    });
    expect(parseCliArgs(['attach', ...server, '--to-asset', 'x', '--kind', 'Caption', 'a.scc'])).toMatchObject({ kind: { by: 'name', kind: 'caption' } });
    const id = '6f1c1a52-8a43-4b67-9e0f-2b1f2f1d6b11';
    expect(parseCliArgs(['attach', ...server, '--to-asset', 'x', '--kind', id, '--overwrite', 'replace', 'a.srt'])).toMatchObject({
      kind: { by: 'id', metadataType: id },
      overwrite: 'Replace',
    });
  });

  it.each<[string, string[], RegExp]>([
    ['no --to-asset', ['a.srt'], /attach needs --to-asset ID/],
    ['no files', ['--to-asset', 'x'], /nothing to attach/],
    ['an unknown kind', ['--to-asset', 'x', '--kind', 'audio', 'a.srt'], /--kind must be one of subtitle, caption, proxy, thumbnail, other/],
    ['asset-replace', ['--to-asset', 'x', '--overwrite', 'asset-replace', 'a.srt'], /attach --overwrite must be one of cancel, continue, replace/],
  ])('attach with %s is a usage error', (_, flags, message) => {
    expect(() => parseCliArgs(['attach', ...server, ...flags])).toThrow(message);
  });

  it('the help text documents the new commands and flags', () => {
    for (const text of ['--to PATH', '--create-folders', '--language NAME|ID', '--report FILE', 'folders [PATH]', 'attach --to-asset ID', '--kind KIND|ID']) {
      expect(USAGE).toContain(text);
    }
  });
});
