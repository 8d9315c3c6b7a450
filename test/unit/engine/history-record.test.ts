// The record of a finished upload, and its CSV and JSON forms: what a spreadsheet or a script reads.

import { describe, expect, it } from 'vitest';
import { historyCsv, historyFormatOf, historyJson } from '../../../main/engine/history-export';
import { historyEntry, matchesHistoryQuery, type HistoryEntry } from '../../../main/engine/history-record';
import { pairSidecars, sidecarKindOf } from '../../../main/engine/sidecars';
import type { JobView } from '../../../main/engine/views';
import { makeJob } from '../renderer/fake-uploader';

// The renderer tests' job fixture, with a done upload's fields.
const job = (overrides: Partial<JobView>): JobView =>
  makeJob({
    name: 'a.mov',
    relativePath: 'shoot/a.mov',
    localPath: '/data/shoot/a.mov',
    size: 4_000_000,
    state: 'done',
    bytesConfirmed: 4_000_000,
    uploadId: 'u1',
    assetId: 'asset-1',
    createdAt: 1_000,
    finishedAt: 3_000,
    sha256: 'ab'.repeat(32),
    ...overrides,
  });

describe('history entries', () => {
  it('a done job: duration from its start, average speed over it, asset id and SHA-256', () => {
    const entry = historyEntry({ job: job({}), destination: 'Media/Projects', startedAt: 2_000 })!;
    expect(entry).toMatchObject({ file: 'a.mov', destination: 'Media/Projects', state: 'done', startedAt: 2_000, finishedAt: 3_000, averageSpeed: 4_000_000, assetId: 'asset-1' });
    expect(entry.sha256).toHaveLength(64);
  });

  it('failed and cancelled jobs are kept with their reason; skipped and unfinished ones are not history', () => {
    const failed = historyEntry({
      job: job({ state: 'failed', bytesConfirmed: 0, sha256: null, error: { code: 'network', message: 'The connection failed.', retryable: true, detail: null, status: null, request: null, attempts: 3 } }),
      destination: 'Incoming',
    })!;
    expect(failed).toMatchObject({ state: 'failed', averageSpeed: null, sha256: null, error: 'network: The connection failed.' });
    expect(historyEntry({ job: job({ state: 'skipped' }), destination: 'x' })).toBeNull();
    expect(historyEntry({ job: job({ state: 'uploading', finishedAt: null }), destination: 'x' })).toBeNull();
  });

  it('search matches file, path, destination, asset id and hash', () => {
    const entry = historyEntry({ job: job({}), destination: 'Media/Projects' })!;
    expect(matchesHistoryQuery(entry, 'projects')).toBe(true);
    expect(matchesHistoryQuery(entry, 'ASSET-1')).toBe(true);
    expect(matchesHistoryQuery(entry, 'b.mov')).toBe(false);
  });
});

describe('exports', () => {
  const entry = (file: string): HistoryEntry => historyEntry({ job: job({ name: file }), destination: 'Media/"Q1", draft', startedAt: 2_000 })!;

  it('CSV: a header, RFC 4180 quoting, CRLF rows, and no cell a spreadsheet would run', () => {
    const csv = historyCsv([entry('=HYPERLINK("http://x")'), entry('plain.mov')]);
    const rows = csv.split('\r\n');
    expect(rows[0]).toBe('file,relative_path,local_path,destination,state,size_bytes,started_at,finished_at,duration_seconds,average_bytes_per_second,asset_id,sha256,attached_to,error');
    expect(rows[1]!.startsWith(`"'=HYPERLINK(""http://x"")",`)).toBe(true);
    expect(rows[1]).toContain('"Media/""Q1"", draft"');
    expect(rows[2]!.startsWith('plain.mov,shoot/a.mov,')).toBe(true);
    expect(rows[2]).toContain(',1.000,4000000,asset-1,');
    expect(rows.at(-1)).toBe('');
  });

  it('JSON: the entries with their duration, versioned', () => {
    const parsed = JSON.parse(historyJson([entry('a.mov')])) as { version: number; files: Array<{ durationMs: number; file: string }> };
    expect(parsed.version).toBe(1);
    expect(parsed.files).toMatchObject([{ file: 'a.mov', durationMs: 1_000 }]);
  });

  it('the format comes from the file name', () => {
    expect(historyFormatOf('run.CSV')).toBe('csv');
    expect(historyFormatOf('/tmp/run.json')).toBe('json');
    expect(historyFormatOf('run.txt')).toBeNull();
  });
});

describe('sidecars', () => {
  it('kinds come from the file name', () => {
    expect(['a.srt', 'a.vtt', 'a.scc', 'a.jpg', 'a_proxy.mp4', 'a.mp4', 'notes.txt'].map(sidecarKindOf)).toEqual([
      'subtitle', 'subtitle', 'caption', 'thumbnail', 'proxy', 'other', 'other',
    ]);
  });

  it('a subtitle pairs with the clip of its name in the same folder; a language tag is allowed; two candidates pair nothing', () => {
    const files = ['day1/clip.mov', 'day1/clip.srt', 'day1/clip.en.vtt', 'day2/clip.srt', 'x/a.mov', 'x/a.mp4', 'x/a.srt', 'day1/clip.jpg'].map((relativePath) => ({ relativePath }));
    const pairs = pairSidecars(files);
    const named = [...pairs].map(([sidecar, clip]) => `${sidecar.relativePath} -> ${clip.relativePath}`);
    expect(named).toEqual(['day1/clip.srt -> day1/clip.mov', 'day1/clip.en.vtt -> day1/clip.mov']);
  });
});
