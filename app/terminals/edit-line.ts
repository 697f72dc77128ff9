// The line being typed in line mode (and at the telnet> prompt): text, cursor and history.
// No screen here; edit-view.ts draws it. The line is kept as "units" (a character plus any
// combining marks after it) so the cursor never lands inside an "é" made of two code points.
import { cellWidth } from "./cell-width";

/** Cells a unit takes on screen. A tab is sent as a tab but shown as one space while editing. */
export function unitWidth(unit: string): number {
  if (unit === "\t") return 1;
  return cellWidth(unit.codePointAt(0) ?? 0);
}

/** What is drawn for a unit while editing. */
export function unitShown(unit: string): string {
  return unit === "\t" ? " " : unit;
}

export class EditLine {
  private units: string[] = [];
  private position = 0;

  get cursor(): number {
    return this.position;
  }

  get all(): readonly string[] {
    return this.units;
  }

  text(): string {
    return this.units.join("");
  }

  /** Insert at the cursor; returns the first unit whose drawing changed (null: nothing did). */
  insert(text: string): number | null {
    const added: string[] = [];
    let changedFrom = this.position;
    for (const ch of text) {
      const code = ch.codePointAt(0) ?? 0;
      if (ch === "\t") added.push(ch);
      else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) continue; // other controls have no place in a line
      else if (cellWidth(code) > 0) added.push(ch);
      else if (added.length > 0) added[added.length - 1] += ch;
      else if (this.position > 0) {
        this.units[this.position - 1] += ch;
        changedFrom = this.position - 1;
      }
    }
    if (added.length === 0 && changedFrom === this.position) return null;
    this.units.splice(this.position, 0, ...added);
    this.position += added.length;
    return changedFrom;
  }

  backspace(): number | null {
    if (this.position === 0) return null;
    this.units.splice(--this.position, 1);
    return this.position;
  }

  deleteForward(): number | null {
    if (this.position === this.units.length) return null;
    this.units.splice(this.position, 1);
    return this.position;
  }

  /** Move the cursor; returns whether it moved. */
  moveTo(position: number): boolean {
    const next = Math.max(0, Math.min(this.units.length, position));
    const moved = next !== this.position;
    this.position = next;
    return moved;
  }

  /** Replace the whole line (history recall, clearing); the cursor goes to the end. */
  set(text: string): number {
    this.units = [];
    this.position = 0;
    this.insert(text);
    return 0;
  }
}

/** Lines sent before, for Up/Down. Keeps the line being typed when the student goes back. */
export class History {
  private readonly entries: string[] = [];
  private index = 0;
  private draft = "";

  constructor(private readonly limit = 200) {}

  add(line: string): void {
    if (line !== "" && line !== this.entries[this.entries.length - 1]) this.entries.push(line);
    if (this.entries.length > this.limit) this.entries.shift();
    this.index = this.entries.length;
    this.draft = "";
  }

  older(current: string): string | null {
    if (this.index === 0) return null;
    if (this.index === this.entries.length) this.draft = current;
    return this.entries[--this.index] ?? null;
  }

  newer(): string | null {
    if (this.index >= this.entries.length) return null;
    this.index++;
    return this.index === this.entries.length ? this.draft : (this.entries[this.index] ?? null);
  }
}
