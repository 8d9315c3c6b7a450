// What main accepts from the window for a watch folder: the draft the form sends is checked
// field by field (an absolute folder, globs without paths, a quiet period within its limits),
// and watch ids can never become path segments of the index folder.

import { describe, expect, it } from 'vitest';
import { payloadSchemas } from '../../../main/ipc/payload-schemas';
import { WATCH_DEFAULTS, type WatchDraft } from '../../../main/app-core/watches-config';

const draft: WatchDraft = {
  folder: '/Volumes/Card/DCIM',
  parentId: 'folder-1',
  overwrite: 'Ask',
  recursive: true,
  ignore: [...WATCH_DEFAULTS.ignore],
  quietPeriodMs: WATCH_DEFAULTS.quietPeriodMs.default,
  moveUploaded: true,
};

const firstIssue = (payload: unknown) => payloadSchemas.addWatch.safeParse(payload).error?.issues[0]?.message;

describe('addWatch and updateWatch payloads', () => {
  it('take a draft as the form sends it, on macOS, Linux and Windows paths', () => {
    for (const folder of ['/home/ana/exports', 'C:\\Exports\\Day 2', '\\\\nas\\media\\ingest']) {
      expect(payloadSchemas.addWatch.safeParse({ watch: { ...draft, folder } }).success, folder).toBe(true);
    }
    expect(payloadSchemas.updateWatch.safeParse({ id: 'e1b2c3d4-0000-4000-8000-000000000000', watch: draft }).success).toBe(true);
  });

  it('refuse a folder that is relative or holds a NUL', () => {
    expect(firstIssue({ watch: { ...draft, folder: 'exports' } })).toBe('Paths must be absolute.');
    expect(firstIssue({ watch: { ...draft, folder: '/exports\0/x' } })).toBe('Paths cannot contain NUL characters.');
  });

  it('refuse ignore patterns with a path in them, empty ones, and too many', () => {
    expect(firstIssue({ watch: { ...draft, ignore: ['renders/*.tmp'] } })).toMatch(/without "\/"/);
    expect(firstIssue({ watch: { ...draft, ignore: ['  '] } })).toMatch(/name or a glob/);
    expect(firstIssue({ watch: { ...draft, ignore: Array.from({ length: 201 }, (_, n) => `*.x${n}`) } })).toBe('At most 200 ignore patterns.');
  });

  it('keep the quiet period between 1 s and an hour, in whole milliseconds', () => {
    expect(firstIssue({ watch: { ...draft, quietPeriodMs: 500 } })).toBe('The quiet period is at least 1 s.');
    expect(firstIssue({ watch: { ...draft, quietPeriodMs: 3_600_001 } })).toBe('The quiet period is at most 3600 s.');
    expect(payloadSchemas.addWatch.safeParse({ watch: { ...draft, quietPeriodMs: 1500.5 } }).success).toBe(false);
  });

  it('take only the conflict policies the app offers', () => {
    expect(payloadSchemas.addWatch.safeParse({ watch: { ...draft, overwrite: 'Overwrite' } }).success).toBe(false);
    for (const overwrite of ['Ask', 'Continue', 'Replace', 'AssetReplace', 'Cancel']) {
      expect(payloadSchemas.addWatch.safeParse({ watch: { ...draft, overwrite } }).success, overwrite).toBe(true);
    }
  });
});

describe('watch ids', () => {
  it.each(['..', '.', '../journal', 'a/b', '', 'x'.repeat(65)])('%j is refused by every watch command', (id) => {
    expect(payloadSchemas.setWatchPaused.safeParse({ id, paused: true }).success).toBe(false);
    expect(payloadSchemas.removeWatch.safeParse({ id }).success).toBe(false);
    expect(payloadSchemas.rescanWatch.safeParse({ id }).success).toBe(false);
    expect(payloadSchemas.updateWatch.safeParse({ id, watch: draft }).success).toBe(false);
  });
});
