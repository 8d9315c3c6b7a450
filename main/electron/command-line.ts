// Files and folders named when the app is launched (`nomad-uploader a.mov shoot/`, or
// "Open with" from a file manager), for the first instance and for a second one that hands
// them over through the single-instance lock.

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export interface CommandLine {
  argv: readonly string[];
  /** Relative arguments are resolved against it: the launching shell's directory. */
  workingDirectory: string;
  /**
   * process.defaultApp: started as `electron path/to/main.js …` (development, Playwright),
   * where the first argument after the switches is the app itself, not a file to upload.
   */
  defaultApp: boolean;
}

/** Absolute paths of the existing files and folders among the arguments. */
export function pathsFromCommandLine(commandLine: CommandLine, exists: (path: string) => boolean = existsSync): string[] {
  const args: string[] = [];
  let switches = true;
  for (const arg of commandLine.argv.slice(1)) {
    if (switches && arg === '--') {
      switches = false;
      continue;
    }
    // Chromium adds switches of its own (`--original-process-start-time=…`); none is a file.
    if (switches && arg.startsWith('-')) continue;
    args.push(arg);
  }
  // Electron's default app takes the first non-switch argument as the app to run.
  const files = commandLine.defaultApp ? args.slice(1) : args;
  return files.map((arg) => resolve(commandLine.workingDirectory, arg)).filter((path) => exists(path));
}

/** What a second instance passes to app.requestSingleInstanceLock(): its files, already resolved. */
export interface HandOver {
  paths: string[];
}

/**
 * The files a second instance handed over. Electron reorders the second instance's argv and
 * appends switches to it, so its own resolved list (additionalData) is preferred; argv is
 * the fallback for a second instance that sent none.
 */
export function handedOverPaths(
  additionalData: unknown,
  commandLine: CommandLine,
  exists: (path: string) => boolean = existsSync,
): string[] {
  if (isHandOver(additionalData)) return additionalData.paths.filter((path) => exists(path));
  return pathsFromCommandLine(commandLine, exists);
}

function isHandOver(value: unknown): value is HandOver {
  if (typeof value !== 'object' || value === null) return false;
  const paths = (value as { paths?: unknown }).paths;
  return Array.isArray(paths) && paths.every((p) => typeof p === 'string');
}
