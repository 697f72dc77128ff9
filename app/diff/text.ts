// Splitting program text into lines. Line endings and a final newline are
// recorded but never compared, so a file saved on Windows (CRLF) or without a
// trailing newline does not show every line (or the last line) as changed.

export type LineEnding = 'lf' | 'crlf' | 'cr' | 'mixed' | 'none';

export interface TextInfo {
  lines: string[];
  lineEnding: LineEnding;
  /** True when the text ends with a line break (empty text: false). */
  finalNewline: boolean;
  /** A UTF-8 byte order mark was present and stripped. */
  bom: boolean;
}

export function splitText(raw: string): TextInfo {
  const bom = raw.startsWith('\uFEFF');
  const text = bom ? raw.slice(1) : raw;
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const cr = (text.match(/\r(?!\n)/g) ?? []).length;
  const lf = (text.match(/(?<!\r)\n/g) ?? []).length;
  const kinds = [crlf > 0, cr > 0, lf > 0].filter(Boolean).length;
  const lineEnding: LineEnding =
    kinds > 1 ? 'mixed' : crlf ? 'crlf' : cr ? 'cr' : lf ? 'lf' : 'none';

  const normalized = text.replace(/\r\n?/g, '\n');
  if (normalized === '') return { lines: [], lineEnding, finalNewline: false, bom };
  const finalNewline = normalized.endsWith('\n');
  const lines = (finalNewline ? normalized.slice(0, -1) : normalized).split('\n');
  return { lines, lineEnding, finalNewline, bom };
}
