// Which files are sidecars (what they are to the clip they belong to), and which clip a
// sidecar of a dropped folder belongs to: `clip.mov` + `clip.srt` (or `clip.en.srt`) in the
// same folder. One rule for the app, the CLI and the history.

export const SIDECAR_KINDS = ['subtitle', 'caption', 'proxy', 'thumbnail', 'other'] as const;
export type SidecarKind = (typeof SIDECAR_KINDS)[number];

const BY_EXTENSION: Readonly<Record<string, SidecarKind>> = {
  srt: 'subtitle',
  vtt: 'subtitle',
  ass: 'subtitle',
  ssa: 'subtitle',
  stl: 'subtitle',
  sub: 'subtitle',
  scc: 'caption',
  cap: 'caption',
  dfxp: 'caption',
  ttml: 'caption',
  jpg: 'thumbnail',
  jpeg: 'thumbnail',
  png: 'thumbnail',
  webp: 'thumbnail',
};

/** Media a sidecar can belong to (the clip of `clip.srt`). */
const MEDIA_EXTENSIONS = new Set(['mov', 'mp4', 'm4v', 'mxf', 'avi', 'mkv', 'webm', 'mpg', 'mpeg', 'ts', 'wav', 'mp3', 'aac', 'm4a', 'flac', 'braw', 'r3d']);

function split(name: string): { stem: string; ext: string } {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? { stem: name, ext: '' } : { stem: name.slice(0, dot), ext: name.slice(dot + 1).toLowerCase() };
}

/** What an attached file is, from its name: `clip_proxy.mp4` is a proxy, `clip.srt` a subtitle. */
export function sidecarKindOf(fileName: string): SidecarKind {
  const { stem, ext } = split(fileName);
  if (MEDIA_EXTENSIONS.has(ext) && /[._-]proxy$/i.test(stem)) return 'proxy';
  return BY_EXTENSION[ext] ?? 'other';
}

export interface PairCandidate {
  /** `shoot/day 1/clip.srt`: the place in the dropped folder. */
  relativePath: string;
}

/**
 * Sidecars of a dropped folder and the clip each belongs to: same folder, and the sidecar's
 * name is the clip's stem plus its own extension (`clip.srt`, or `clip.en.srt` with a
 * language tag). Only subtitles and captions pair: a `clip.jpg` beside `clip.mov` may well be
 * a still of its own. A sidecar that could belong to two clips (`a.mov`, `a.mp4`) is left alone.
 */
export function pairSidecars<T extends PairCandidate>(files: readonly T[]): Map<T, T> {
  const clips = new Map<string, T[]>();
  for (const file of files) {
    const { dir, name } = place(file.relativePath);
    const { stem, ext } = split(name);
    if (!MEDIA_EXTENSIONS.has(ext)) continue;
    const key = `${dir}\u0000${stem.toLocaleLowerCase()}`;
    clips.set(key, [...(clips.get(key) ?? []), file]);
  }
  const pairs = new Map<T, T>();
  for (const file of files) {
    const { dir, name } = place(file.relativePath);
    const kind = sidecarKindOf(name);
    if (kind !== 'subtitle' && kind !== 'caption') continue;
    let stem = split(name).stem;
    // `clip.en.srt`: try the whole stem first, then without a language tag.
    let owners = clips.get(`${dir}\u0000${stem.toLocaleLowerCase()}`);
    if (!owners) {
      stem = split(stem).stem;
      owners = clips.get(`${dir}\u0000${stem.toLocaleLowerCase()}`);
    }
    if (owners?.length === 1) pairs.set(file, owners[0]!);
  }
  return pairs;
}

function place(relativePath: string): { dir: string; name: string } {
  const slash = relativePath.lastIndexOf('/');
  return slash < 0 ? { dir: '', name: relativePath } : { dir: relativePath.slice(0, slash), name: relativePath.slice(slash + 1) };
}
