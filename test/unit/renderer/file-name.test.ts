// Names cut in the middle keep their end and extension, whatever the script.

import { describe, expect, it } from 'vitest';
import { splitForEllipsis } from '../../../renderer/src/format/middle-ellipsis';

describe('splitting a name for a middle ellipsis', () => {
  it('keeps the extension and the end of a 255-character name in the part that always shows', () => {
    const name = `${'A001_C002_0412_interview_'.repeat(10)}take 3.mov`.slice(-255);
    const { head, tail } = splitForEllipsis(name);
    expect(head + tail).toBe(name);
    expect(tail).toBe('take 3.mov');
  });

  it('does not split short names, or names whose dot is not an extension', () => {
    expect(splitForEllipsis('a.mov')).toEqual({ head: 'a.mov', tail: '' });
    expect(splitForEllipsis('.bashrc')).toEqual({ head: '.bashrc', tail: '' });
  });

  it('never cuts a letter or an emoji in half', () => {
    // "ǘ" written as u + two combining marks: one letter of three code points.
    const name = 'Familie \u{1F468}\u200D\u{1F469}\u200D\u{1F467} Urlaub am Meer, Tag 3 — Du\u0308\u0301ne.mov';
    const { head, tail } = splitForEllipsis(name);
    expect(head + tail).toBe(name);
    expect(tail).toBe('— Du\u0308\u0301ne.mov');
    expect(splitForEllipsis('\u{1F468}\u200D\u{1F469}\u200D\u{1F467}'.repeat(12) + '.png').tail).toBe('\u{1F468}\u200D\u{1F469}\u200D\u{1F467}'.repeat(6) + '.png');
  });

  it('splits right-to-left names the same way (the browser lays them out right to left)', () => {
    const name = 'ראיון עם הבמאית, צילום שני.mov';
    const { head, tail } = splitForEllipsis(name);
    expect(head + tail).toBe(name);
    expect(tail.endsWith('.mov')).toBe(true);
  });
});
