// Text from outside — file names, folder paths, server messages — shown so that it can only
// ever be text. A file named `a\x1b]0;PWNED\x07\x1b[2Jred.txt` retitled the terminal and
// cleared the screen; a `\r` in a name overwrote a failed line with a fake "✓ … 10 GB"; a
// right-to-left override turns `gpj.exe` into what reads as `exe.jpg`. Every medium gets the
// same rule — controls and reordering marks made visible — in the form that medium reads.
//
// This module imports nothing: the engine, the CLI, the app and the renderer all use it.

/** C0 controls, DEL, C1 controls, and the Unicode marks that reorder or hide text. */
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\u2028\u2029\ufeff]/g;

const TERMINAL_ESCAPES: Readonly<Record<string, string>> = {
  '\u0000': '\\0',
  '\u0007': '\\a',
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\u000b': '\\v',
  '\f': '\\f',
  '\r': '\\r',
  '\u001b': '\\e',
};

const hex = (char: string, width: number): string => char.codePointAt(0)!.toString(16).padStart(width, '0');

/** For a terminal or a log file: `\e`, `\r`, `\x9b`, `\u202e` instead of what they would do. */
export function forTerminal(text: string): string {
  return text.replace(CONTROLS, (char) => {
    const code = char.codePointAt(0)!;
    return TERMINAL_ESCAPES[char] ?? (code <= 0xff ? `\\x${hex(char, 2)}` : `\\u${hex(char, 4)}`);
  });
}

/**
 * For people looking at a window (the app, a notification, the tray): C0 controls as their
 * Unicode pictures (␛, ␍, ␊), anything else as ⟨U+202E⟩.
 */
export function forDisplay(text: string): string {
  return text.replace(CONTROLS, (char) => {
    const code = char.codePointAt(0)!;
    if (code < 0x20) return String.fromCodePoint(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return `⟨U+${hex(char, 4).toUpperCase()}⟩`;
  });
}

/**
 * One JSON line whose text cannot act on a terminal it is printed to. JSON.stringify escapes
 * C0 controls already; C1 controls (U+009B is CSI), bidi marks and line separators it leaves
 * raw. The value a parser reads back is unchanged.
 */
export function jsonLine(value: unknown): string {
  return JSON.stringify(value).replace(CONTROLS, (char) => `\\u${hex(char, 4)}`);
}

/** Whether the text has anything forTerminal or forDisplay would change. */
export function hasControls(text: string): boolean {
  CONTROLS.lastIndex = 0;
  const found = CONTROLS.test(text);
  CONTROLS.lastIndex = 0;
  return found;
}
