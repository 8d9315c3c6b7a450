// History records as files a person opens elsewhere: CSV for a spreadsheet, JSON for a
// script. The CSV follows RFC 4180 (quotes doubled, CRLF rows) and defuses cells a
// spreadsheet would run as a formula — a file named `=HYPERLINK(…)` is text, not a link.

import { durationMs, type HistoryEntry } from './history-record';

export const HISTORY_FORMATS = ['csv', 'json'] as const;
export type HistoryFormat = (typeof HISTORY_FORMATS)[number];

const COLUMNS: readonly { header: string; value: (entry: HistoryEntry) => string | number | null }[] = [
  { header: 'file', value: (e) => e.file },
  { header: 'relative_path', value: (e) => e.relativePath },
  { header: 'local_path', value: (e) => e.localPath },
  { header: 'destination', value: (e) => e.destination },
  { header: 'state', value: (e) => e.state },
  { header: 'size_bytes', value: (e) => e.size },
  { header: 'started_at', value: (e) => new Date(e.startedAt).toISOString() },
  { header: 'finished_at', value: (e) => new Date(e.finishedAt).toISOString() },
  { header: 'duration_seconds', value: (e) => (durationMs(e) / 1000).toFixed(3) },
  { header: 'average_bytes_per_second', value: (e) => e.averageSpeed },
  { header: 'asset_id', value: (e) => e.assetId },
  { header: 'sha256', value: (e) => e.sha256 },
  { header: 'attached_to', value: (e) => e.attachedTo },
  { header: 'error', value: (e) => e.error },
];

/** OWASP's list of cell starts that spreadsheets evaluate. */
const FORMULA_START = /^[=+\-@\t\r]/;

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function historyCsv(entries: readonly HistoryEntry[]): string {
  const rows = [COLUMNS.map((c) => c.header).join(','), ...entries.map((entry) => COLUMNS.map((c) => csvCell(c.value(entry))).join(','))];
  return `${rows.join('\r\n')}\r\n`;
}

export function historyJson(entries: readonly HistoryEntry[]): string {
  const files = entries.map((entry) => ({ ...entry, durationMs: durationMs(entry) }));
  return `${JSON.stringify({ version: 1, files }, null, 2)}\n`;
}

export function formatHistory(entries: readonly HistoryEntry[], format: HistoryFormat): string {
  switch (format) {
    case 'csv':
      return historyCsv(entries);
    case 'json':
      return historyJson(entries);
  }
}

/** The format a file name asks for: `run.csv`, `run.json`; null for anything else. */
export function historyFormatOf(fileName: string): HistoryFormat | null {
  const match = /\.(csv|json)$/i.exec(fileName);
  return match ? (match[1]!.toLowerCase() as HistoryFormat) : null;
}
