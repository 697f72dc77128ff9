// How many terminal cells a character takes, as xterm.js draws it by default (its "Unicode 6"
// table). The line editor must predict where a long edit line wraps before the terminal has drawn
// it, so its idea of widths has to agree with the terminal's.

const WIDE: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f], [0x2329, 0x232a], [0x2e80, 0x303e], [0x3040, 0xa4cf], [0xac00, 0xd7a3],
  [0xf900, 0xfaff], [0xfe10, 0xfe19], [0xfe30, 0xfe6f], [0xff00, 0xff60], [0xffe0, 0xffe6],
  [0x20000, 0x2fffd], [0x30000, 0x3fffd],
];

// Combining marks and format characters join the previous cell (close to xterm's table, which
// lists the Unicode 6 combining ranges; the property escapes cover the same ground and more).
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}]$/u;

export function cellWidth(codePoint: number): 0 | 1 | 2 {
  if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint < 0xa0)) return 0;
  if (codePoint < 0x300) return 1;
  if ((codePoint >= 0x1160 && codePoint <= 0x11ff) || ZERO_WIDTH.test(String.fromCodePoint(codePoint))) return 0;
  for (const [first, last] of WIDE) {
    if (codePoint >= first && codePoint <= last) return 2;
  }
  return 1;
}
