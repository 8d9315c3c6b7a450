// The process layering DESIGN.md promises, checked on the source: the engine, the sandbox,
// the CLI and the app core run in plain Node (never Electron); the renderer reaches main
// only through window.uploader, borrowing nothing from main but plain constants and types.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

/** Every module specifier a file imports or re-exports, with whether it is type-only. */
function imports(path: string): Array<{ from: string; typeOnly: boolean }> {
  const text = readFileSync(path, 'utf8');
  const found: Array<{ from: string; typeOnly: boolean }> = [];
  for (const match of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^'";]*?from\s+['"]([^'"]+)['"]/gms)) {
    found.push({ from: match[3]!, typeOnly: Boolean(match[2]) });
  }
  for (const match of text.matchAll(/(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push({ from: match[1]!, typeOnly: false });
  return found;
}

const plainNode = ['main/engine', 'main/sandbox', 'main/cli', 'main/app-core', 'main/ipc'];

describe('process layering', () => {
  it('the scanner sees imports (so the checks below can fail)', () => {
    expect(imports('main/index.ts').map((i) => i.from)).toContain('electron');
    expect(imports('main/engine/api.ts')).toContainEqual({ from: 'zod', typeOnly: true });
    expect(imports('main/engine/api.ts')).toContainEqual({ from: 'undici', typeOnly: false });
  });

  it.each(plainNode)('%s never imports electron', (dir) => {
    const offenders = sources(dir).filter((file) => imports(file).some((i) => i.from === 'electron' || i.from.startsWith('electron/')));
    expect(offenders).toEqual([]);
  });

  it('the engine imports nothing from the app, the sandbox or the CLI (only the shared modules)', () => {
    const offenders = sources('main/engine').flatMap((file) =>
      imports(file)
        // Resolved, so that a sub-folder of the engine (watch/) follows the same rule.
        .filter((i) => i.from.startsWith('.') && !/^(main\/engine|shared)\//.test(relative(process.cwd(), resolve(dirname(file), i.from))))
        .map((i) => `${file}: ${i.from}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the shared modules import nothing but each other: engine, CLI, app and renderer all use them', () => {
    const offenders = sources('shared').flatMap((file) => imports(file).filter((i) => !i.from.startsWith('./')).map((i) => `${file}: ${i.from}`));
    expect(offenders).toEqual([]);
  });

  it('the renderer uses no Node module and takes nothing from main (constants come from shared/, types from the contract)', () => {
    const offenders = sources('renderer/src').flatMap((file) =>
      imports(file)
        .filter((i) => i.from.startsWith('node:') || i.from === 'electron' || i.from.includes('/main/'))
        .map((i) => `${file}: ${i.from}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the preload imports only electron and the contract', () => {
    const froms = imports('preload/index.ts').map((i) => i.from);
    expect(froms.sort()).toEqual(['./contract', 'electron']);
  });
});
