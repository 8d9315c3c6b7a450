// The lines of the list: a dropped folder is one line with its files under it when open;
// search, filter and sort work across lines and inside folders.

import { describe, expect, it } from 'vitest';
import type { JobView } from '../../../preload/contract';
import { buildLines, type LineOptions } from '../../../renderer/src/model/queue-lines';
import { makeJob } from './fake-uploader';

const options = (overrides: Partial<LineOptions> = {}): LineOptions => ({ filter: 'all', search: '', sort: 'queue', expanded: new Set(), ...overrides });
const linesOf = (jobs: JobView[], o: Partial<LineOptions> = {}) =>
  buildLines(
    jobs.map((j) => j.id),
    new Map(jobs.map((j) => [j.id, j])),
    options(o),
  ).map((line) => (line.kind === 'group' ? `[${line.name}${line.expanded ? ' open' : ''}: ${line.ids.length}]` : `${'  '.repeat(line.depth)}${jobs.find((j) => j.id === line.id)?.name}`));

describe('queue lines', () => {
  const card = [
    makeJob({ name: 'a.mov', relativePath: 'card-A/a.mov', dropId: 'd1', size: 300 }),
    makeJob({ name: 'b.mov', relativePath: 'card-A/sub/b.mov', dropId: 'd1', size: 100, state: 'failed' }),
  ];
  const loose = makeJob({ name: 'notes.txt', relativePath: 'notes.txt', dropId: 'd1', size: 50, state: 'done' });
  // The same folder dropped again later is a drop of its own.
  const again = makeJob({ name: 'a.mov', relativePath: 'card-A/a.mov', dropId: 'd2', size: 300 });

  it('shows a dropped folder as one line, with its files under it once opened', () => {
    expect(linesOf([...card, loose, again])).toEqual(['[card-A: 2]', 'notes.txt', '[card-A: 1]']);
    expect(linesOf([...card, loose], { expanded: new Set(['d1/card-A']) })).toEqual(['[card-A open: 2]', '  a.mov', '  b.mov', 'notes.txt']);
  });

  it('searches names and paths, opening folders to show the files that match', () => {
    expect(linesOf([...card, loose], { search: 'B.MOV' })).toEqual(['[card-A open: 1]', '  b.mov']);
    expect(linesOf([...card, loose], { search: 'sub' })).toEqual(['[card-A open: 1]', '  b.mov']);
    expect(linesOf([...card, loose], { search: 'notes' })).toEqual(['notes.txt']);
  });

  it('filters by state inside folders too', () => {
    expect(linesOf([...card, loose], { filter: 'failed' })).toEqual(['[card-A: 1]']);
    expect(linesOf([...card, loose], { filter: 'done' })).toEqual(['notes.txt']);
  });

  it('sorts by name, size (largest first) and state (what needs you first)', () => {
    const files = [makeJob({ name: 'b.wav', size: 10, state: 'done' }), makeJob({ name: 'a.wav', size: 30, state: 'uploading' }), makeJob({ name: 'c10.wav', size: 20, state: 'failed' }), makeJob({ name: 'c9.wav', size: 5 })];
    expect(linesOf(files, { sort: 'name' })).toEqual(['a.wav', 'b.wav', 'c9.wav', 'c10.wav']);
    expect(linesOf(files, { sort: 'size' })).toEqual(['a.wav', 'c10.wav', 'b.wav', 'c9.wav']);
    expect(linesOf(files, { sort: 'state' })).toEqual(['c10.wav', 'a.wav', 'c9.wav', 'b.wav']);
  });
});
