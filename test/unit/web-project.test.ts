// The renderer's TypeScript project has DOM types and no Node types (renderer/tsconfig.json).
// `types: []` alone does not hold that: a type the contract imports from a module that imports
// undici (or anything with `/// <reference types="node" />`) brings all of @types/node back, and
// then `process` and `Buffer` compile in the renderer again. This test reads the program itself.

import { relative, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

function programFiles(configPath: string): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (!config) throw new Error(`cannot read ${configPath}`);
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
  return program.getSourceFiles().map((file) => file.fileName);
}

describe('the web project (renderer/tsconfig.json)', () => {
  const files = programFiles('renderer/tsconfig.json');

  it('sees the renderer and the contract (so the checks below look at the real program)', () => {
    expect(files.some((f) => f.endsWith('/renderer/src/app.tsx'))).toBe(true);
    expect(files.some((f) => f.endsWith('/preload/contract.ts'))).toBe(true);
  });

  it('holds no Node types: nothing the contract imports reaches undici or @types/node', () => {
    expect(files.filter((f) => f.includes('/@types/node/') || f.includes('/undici'))).toEqual([]);
  });

  it('takes from main/ only type modules free of Node code', () => {
    // Relative to the checkout, not a search for '/main/' in the absolute path: CI clones the
    // project into a folder named main, where every file (node_modules too) would match.
    const fromMain = files
      .map((f) => relative(process.cwd(), f).split(sep).join('/'))
      .filter((f) => f.startsWith('main/'))
      .sort();
    // Each of these imports nothing but zod, shared/ and each other; a new entry here is a
    // decision (does the renderer need it, is it free of Node?), not an accident.
    expect(fromMain).toEqual([
      'main/app-core/app-errors.ts',
      'main/app-core/settings.ts',
      'main/app-core/update-policy.ts',
      'main/app-core/watches-config.ts',
      'main/engine/history-record.ts',
      'main/engine/protocol.ts',
      'main/engine/views.ts',
      'main/engine/watch/watch-events.ts',
    ]);
  });
});
