// Long file names are cut in the middle, never at the end: "A001_C002_0412_interv…take 3.mov"
// keeps what tells files apart (the end) and the extension. The name is split into a head,
// which CSS may shorten with an ellipsis, and a tail that always shows: the layout decides
// how much fits, so the cut follows the window's width. Split in grapheme clusters, so an
// emoji or a letter made of two code points is never cut in half.

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Stem characters kept before the extension, so "take 2.mov" and "take 3.mov" stay apart. */
const TAIL_STEM = 6;

/** Names seen recently: a scrolled-in row must not segment its name again (10,000 rows, 10 updates a second). */
const recent = new Map<string, { head: string; tail: string }>();
const RECENT_MAX = 20_000;

export function splitForEllipsis(name: string): { head: string; tail: string } {
  const known = recent.get(name);
  if (known !== undefined) return known;
  const split = splitOnce(name);
  if (recent.size >= RECENT_MAX) recent.clear();
  recent.set(name, split);
  return split;
}

function splitOnce(name: string): { head: string; tail: string } {
  const chars = Array.from(segmenter.segment(name), (s) => s.segment);
  const dot = name.lastIndexOf('.');
  // An extension is short and not the whole name (".bashrc" has none).
  const extLength = dot > 0 && name.length - dot <= 12 ? Array.from(segmenter.segment(name.slice(dot))).length : 0;
  const tailLength = Math.min(chars.length, extLength + TAIL_STEM);
  // Short names are not split: nothing to gain, and a split costs a flex item per row.
  if (chars.length <= tailLength + 4) return { head: name, tail: '' };
  return { head: chars.slice(0, chars.length - tailLength).join(''), tail: chars.slice(chars.length - tailLength).join('') };
}
