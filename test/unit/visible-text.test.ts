// Names and messages from outside can only ever be text, in every medium.

import { describe, expect, it } from 'vitest';
import { forDisplay, forTerminal, hasControls, jsonLine } from '../../shared/visible-text';

const HOSTILE = 'a\u001b]0;PWNED\u0007\u001b[2Jred.txt';

describe('visible text', () => {
  it('a terminal sees escapes, never the controls: no retitle, no clear, no carriage return', () => {
    expect(forTerminal(HOSTILE)).toBe('a\\e]0;PWNED\\a\\e[2Jred.txt');
    expect(forTerminal('ok\r✓ fake.mov  10 GB')).toBe('ok\\r✓ fake.mov  10 GB');
    expect(forTerminal('csi\u009b2J')).toBe('csi\\x9b2J');
    expect(forTerminal(HOSTILE)).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });

  it('right-to-left overrides and invisible marks are shown, so "gpj.exe" cannot pass for a picture', () => {
    expect(forTerminal('invoice\u202egpj.exe')).toBe('invoice\\u202egpj.exe');
    expect(forDisplay('invoice\u202egpj.exe')).toBe('invoice⟨U+202E⟩gpj.exe');
    expect(forDisplay('zero\u200bwidth')).toBe('zero⟨U+200B⟩width');
  });

  it('a window shows C0 controls as their pictures', () => {
    expect(forDisplay(HOSTILE)).toBe('a␛]0;PWNED␇␛[2Jred.txt');
    expect(forDisplay('tab\there\u007f')).toBe('tab␉here␡');
  });

  it('plain names in any script are left exactly as they are', () => {
    for (const name of ['Día 1/café.mov', 'שלום.mov', '東京 2026/A001_C002.MXF', 'emoji 🎬.mp4']) {
      expect(forTerminal(name)).toBe(name);
      expect(forDisplay(name)).toBe(name);
      expect(hasControls(name)).toBe(false);
    }
  });

  it('a JSON line reads back the same value but carries no raw C1, bidi or line separator', () => {
    const value = { name: `${HOSTILE}\u009b\u202e\u2028` };
    const line = jsonLine(value);
    expect(JSON.parse(line)).toEqual(value);
    expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e\u2028]/);
  });
});
