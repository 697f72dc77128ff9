// Draws the edit line (prompt + typed text) and moves the cursor within it, as strings of
// terminal control sequences. It works out row and column of every character itself, from the
// column where the line starts and the terminal width, so a line that wraps over several rows can
// be redrawn or erased without reading the screen back (xterm.js draws asynchronously).
//
// Positions are relative to the row where the line starts. A position whose column equals the
// width is the terminal's "pending wrap" state (the cursor sits on the last cell until the next
// character wraps); such a position is shown at the start of the next row.
import { unitShown, unitWidth } from "./edit-line";

export interface Position {
  row: number;
  col: number;
}

interface Layout {
  /** Where unit i is drawn. */
  start: Position[];
  /** Where the cursor is after drawing the first i units (i = 0..n), pending wrap not resolved. */
  end: Position[];
}

function layout(units: readonly string[], origin: number, cols: number): Layout {
  let row = 0;
  let col = origin;
  const start: Position[] = [];
  const end: Position[] = [{ row, col }];
  for (const unit of units) {
    const width = unitWidth(unit);
    if (col + width > cols) {
      row++;
      col = 0;
    }
    start.push({ row, col });
    col += width;
    end.push({ row, col });
  }
  return { start, end };
}

const CSI = "\x1b[";
// Erase from the cursor to the end of the screen: clears what is left of a longer, older line.
const ERASE_BELOW = `${CSI}J`;
const ERASE_LINE = `${CSI}K`;

export class EditView {
  /** Column where the edit line starts (may equal the width: pending wrap after output). */
  private origin = 0;
  /** Where the terminal cursor is now, relative to the start row. */
  private at: Position = { row: 0, col: 0 };
  /** How many units are on screen (0: nothing is drawn, the cursor is exactly at the origin). */
  private shown = 0;

  constructor(private readonly cols: () => number) {}

  /** Column where the cursor is once the edit line is erased. */
  get startColumn(): number {
    return this.origin >= this.cols() ? 0 : this.origin;
  }

  /** The terminal cursor is at `column` and nothing of the edit line is on screen. */
  reset(column: number): void {
    this.origin = column;
    this.at = { row: 0, col: column };
    this.shown = 0;
  }

  /** Remove the edit line; the cursor ends where the line started. */
  erase(): string {
    if (this.shown === 0) return "";
    this.shown = 0;
    return this.moveTo(this.resolve({ row: 0, col: this.origin })) + ERASE_BELOW;
  }

  /** Redraw from unit `from` (units before it are already on screen), then place the cursor. */
  render(units: readonly string[], from: number, cursor: number): string {
    const cols = this.cols();
    const { start, end } = layout(units, this.origin, cols);
    const first = Math.min(from, this.shown, units.length);
    const nothingShown = this.shown === 0;
    let out = "";
    // With nothing drawn the cursor is already at the origin, possibly in pending wrap, which
    // no cursor movement can return to; writing from there wraps just as the layout expects.
    if (!(nothingShown && first === 0)) out += this.moveTo(this.resolve(end[first]!));
    for (let i = first; i < units.length; i++) {
      const before = end[i]!;
      // A wide character that does not fit on the last cell wraps to the next row; clear that
      // cell first so no character of an older, longer line stays there.
      if (start[i]!.row !== before.row && before.col < cols) out += ERASE_LINE;
      out += unitShown(units[i]!);
    }
    const last = end[units.length]!;
    if (units.length > first) {
      // Ended exactly at the right edge: step onto the next row (where the cursor should appear)
      // by writing a space there, backing over it and erasing it.
      if (last.col >= cols) out += " \b" + ERASE_LINE;
      this.at = this.resolve(last);
    }
    if (!nothingShown) out += ERASE_BELOW;
    this.shown = units.length;
    return out + this.place(units, cursor);
  }

  /** Put the cursor before unit `cursor` (a move only, nothing redrawn). */
  place(units: readonly string[], cursor: number): string {
    if (this.shown === 0) return "";
    const { start, end } = layout(units, this.origin, this.cols());
    return this.moveTo(cursor < units.length ? start[cursor]! : this.resolve(end[units.length]!));
  }

  private resolve(p: Position): Position {
    return p.col >= this.cols() ? { row: p.row + 1, col: 0 } : p;
  }

  private moveTo(target: Position): string {
    const from = this.at;
    this.at = target;
    let out = "";
    if (target.row < from.row) out += `${CSI}${from.row - target.row}A`;
    if (target.row > from.row) out += `${CSI}${target.row - from.row}B`;
    if (target.col !== from.col) out += "\r" + (target.col > 0 ? `${CSI}${target.col}C` : "");
    return out;
  }
}
