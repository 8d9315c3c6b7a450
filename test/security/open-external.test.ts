// The one gate in front of shell.openExternal: only http(s) links that parse reach the
// user's browser, in their normalised form; everything else is refused and nothing opens.

import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openExternalSafely, parseExternalUrl } from '../../main/ipc/external-url';

const root = join(import.meta.dirname, '../..');

async function opened(raw: unknown): Promise<{ result: string | null; calls: string[] }> {
  const calls: string[] = [];
  const result = await openExternalSafely(raw, async (url) => {
    calls.push(url);
  });
  return { result, calls };
}

describe('openExternalSafely', () => {
  it('opens http and https links, normalised', async () => {
    expect(await opened('https://docs.nomad-media.com/guide?x=1#top')).toEqual({
      result: 'https://docs.nomad-media.com/guide?x=1#top',
      calls: ['https://docs.nomad-media.com/guide?x=1#top'],
    });
    expect(await opened('HTTP://Example.COM')).toEqual({ result: 'http://example.com/', calls: ['http://example.com/'] });
  });

  it('refuses every other scheme, unparseable text and disguised links, and opens nothing', async () => {
    const hostile = [
      'file:///etc/passwd',
      'file://server/share/evil.exe',
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'smb://attacker.example/share',
      'ms-settings:',
      'ms-msdt:/id PCWDiagnostic',
      'search-ms:query=x',
      'nomad-uploader://callback',
      '\\\\attacker.example\\share\\x.exe',
      '/etc/passwd',
      'C:\\Windows\\System32\\calc.exe',
      'https://docs.nomad-media.com@evil.example/',
      'https://user:pass@example.com/',
      'https://exa\nmple.com/',
      'java\tscript:alert(1)',
      'https://example.com/\u0000',
      'http://',
      'https://',
      'not a url',
      '',
      `https://example.com/${'a'.repeat(3000)}`,
    ];
    for (const raw of hostile) expect(await opened(raw), raw).toEqual({ result: null, calls: [] });
    for (const raw of [null, undefined, 42, {}, ['https://example.com/'], { toString: () => 'https://example.com/' }]) {
      expect(await opened(raw)).toEqual({ result: null, calls: [] });
    }
  });

  it('for any input whatsoever, opens at most one http(s) URL that parses to itself', async () => {
    const candidates = fc.oneof(
      fc.string(),
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc.constantFrom('http:', 'https:', 'file:', 'javascript:', 'data:', 'smb:').chain((scheme) => fc.string().map((rest) => `${scheme}${rest}`)),
      fc.anything(),
    );
    await fc.assert(
      fc.asyncProperty(candidates, async (raw) => {
        const { result, calls } = await opened(raw);
        if (result === null) {
          expect(calls).toEqual([]);
          return;
        }
        expect(calls).toEqual([result]);
        const url = new URL(result);
        expect(['http:', 'https:']).toContain(url.protocol);
        expect(url.hostname).not.toBe('');
        expect(url.toString()).toBe(result);
        expect(parseExternalUrl(result)).toBe(result);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('shell.openExternal', () => {
  it('is reachable from exactly one module: only main/electron/open-external.ts takes `shell` from electron', async () => {
    const importers: string[] = [];
    for (const dir of ['main', 'preload', 'renderer']) {
      for (const file of await sourceFiles(join(root, dir))) {
        const text = await readFile(file, 'utf8');
        const fromElectron = [...text.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*['"]electron['"]/g)].some((m) => /\bshell\b/.test(m[1] ?? ''));
        const viaNamespace = /\belectron\s*\.\s*shell\b|require\(\s*['"]electron['"]\s*\)\s*\.\s*shell\b/.test(text);
        if (fromElectron || viaNamespace) importers.push(relative(root, file));
      }
    }
    expect(importers).toEqual(['main/electron/open-external.ts']);
  });
});

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && /\.(ts|tsx|js|mjs|cjs)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}
