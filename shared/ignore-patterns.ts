// What is never uploaded unless a person says otherwise: one list, used by drops, the CLI and
// watch folders, and changeable in Settings. Patterns match an entry's name: `*` any run of
// characters, `?` one character; case-insensitive (Windows and macOS names are).

/** Litter the operating systems leave in every folder and card. */
export const SYSTEM_LITTER: readonly string[] = ['.DS_Store', 'Thumbs.db', 'desktop.ini', '.Spotlight-V100', '.Trashes', '.fseventsd', '._*'];

/** Watch folders also wait out what editors and transfer tools write while they work. */
export const WATCH_DEFAULT_IGNORES: readonly string[] = [...SYSTEM_LITTER, '*.tmp', '*.part', '~$*', '.*'];

const cache = new Map<string, RegExp>();

function toRegExp(pattern: string): RegExp {
  let regex = cache.get(pattern);
  if (!regex) {
    const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    regex = new RegExp(`^${body}$`, 'i');
    cache.set(pattern, regex);
  }
  return regex;
}

/** The first pattern the name matches, or null. */
export function ignoredBy(name: string, patterns: readonly string[]): string | null {
  for (const pattern of patterns) if (toRegExp(pattern).test(name)) return pattern;
  return null;
}

/** A pattern a person typed: a name or glob, no path separators, not empty. */
export function isValidIgnorePattern(pattern: string): boolean {
  return pattern.trim() !== '' && !/[\\/]/.test(pattern) && pattern.length <= 200;
}
