// Validation of client-supplied names and paths. A path becomes folders on the server, so
// anything that could escape the parent folder or smuggle odd bytes is refused, never repaired.

export type PathCheck = { ok: true; segments: string[] } | { ok: false; reason: string };

/** Common file-system limit for one name, in UTF-8 bytes. */
const MAX_SEGMENT_BYTES = 255;
const MAX_PATH_CHARS = 4096;
/** C0 and C1 control characters, DEL and NUL included. */
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
const DRIVE_LETTER = /^[A-Za-z]:/;

/**
 * `shoot/day 1/a.mov` → ['shoot', 'day 1', 'a.mov']. Both `/` and `\` separate segments:
 * a Windows client sends either, and a backslash must not hide a `..`.
 */
export function parseRelativePath(path: string): PathCheck {
  if (path.length === 0) return { ok: false, reason: 'relativePath is empty' };
  if (path.length > MAX_PATH_CHARS) return { ok: false, reason: `relativePath is longer than ${MAX_PATH_CHARS} characters` };
  if (CONTROL_CHARACTERS.test(path)) return { ok: false, reason: 'relativePath contains NUL or control characters' };
  if (path.startsWith('/') || path.startsWith('\\') || DRIVE_LETTER.test(path)) {
    return { ok: false, reason: `relativePath must be relative, not absolute: "${path}"` };
  }
  const segments = path.split(/[\\/]/);
  for (const segment of segments) {
    const reason = segmentProblem(segment);
    if (reason) return { ok: false, reason: `relativePath "${path}": ${reason}` };
  }
  return { ok: true, segments };
}

/** A single name (file or display name): one valid segment. */
export function checkName(name: string, field: string): string | null {
  if (CONTROL_CHARACTERS.test(name)) return `${field} contains NUL or control characters`;
  if (/[\\/]/.test(name)) return `${field} must be a name, not a path: "${name}"`;
  const reason = segmentProblem(name);
  return reason ? `${field}: ${reason}` : null;
}

function segmentProblem(segment: string): string | null {
  if (segment.length === 0) return 'empty path segment';
  if (segment === '..') return '".." segments are not allowed';
  if (segment === '.') return '"." segments are not allowed';
  if (segment.trim().length === 0) return 'a path segment consists only of spaces';
  if (Buffer.byteLength(segment) > MAX_SEGMENT_BYTES) return `a path segment is longer than ${MAX_SEGMENT_BYTES} bytes`;
  return null;
}
