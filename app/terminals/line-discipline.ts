// The telnet client behind a browser terminal: what `telnet localhost 8888` does between the
// keyboard, the screen and a plain TCP port. No DOM and no React, so it runs against
// @xterm/headless in tests.
//
// Line mode (default, like Linux telnet against a non-telnet port): typed text is echoed and edited
// here and sent on Enter as the line plus CR LF. Lines that arrive while the student types are
// drawn above the edit line, which is then redrawn as it was. Character mode (like the Windows
// telnet of the tutorial): every key is sent as typed, nothing is echoed, except that Enter ("\r"
// from xterm.js) is sent as CR LF, as Windows telnet did. Ctrl+] opens a `telnet> ` prompt.
//
// xterm.js draws asynchronously, so where output leaves the cursor is only known in the write
// callback. Until every such write has been drawn, keys change the line but draw nothing; the
// line is drawn once, after the output, at the column the terminal then reports.
import { telnet } from "@/shared/telnet";
import { EditLine, History, unitShown } from "./edit-line";
import { EditView } from "./edit-view";
import { ESCAPE_PROMPT, readEscapeCommand, type TerminalMode } from "./escape-commands";
import { readInput, type EditKey } from "./key-input";
import { RemoteText } from "./remote-text";

export type { TerminalMode };

/** Screen geometry; an xterm.js (or @xterm/headless) Terminal fits as it is. */
export interface ScreenGeometry {
  readonly cols: number;
  readonly buffer: { readonly active: { readonly cursorX: number } };
}

export interface DisciplineIO {
  /** Bytes for the TCP connection. */
  send(bytes: Uint8Array): void;
  /** Text for the screen; `done` runs once the terminal has processed it (xterm's write callback). */
  write(text: string, done?: () => void): void;
  /** `quit` or `close` at the telnet> prompt. */
  onCloseRequest?(): void;
  /** `send eof` at the telnet> prompt: half-close, keep reading. */
  onEofRequest?(): void;
  onModeChange?(mode: TerminalMode): void;
}

const PROMPT_UNITS = Array.from(ESCAPE_PROMPT);
const encoder = new TextEncoder();
const shownText = (line: EditLine) => line.all.map(unitShown).join("");

export class LineDiscipline {
  private currentMode: TerminalMode = "line";
  private escaping = false;
  private readonly line = new EditLine();
  private readonly command = new EditLine();
  private readonly history = new History();
  private readonly remote = new RemoteText();
  private readonly view: EditView;
  /** Writes given to the terminal whose effect on the cursor is not known yet. */
  private unsettled = 0;
  /** The screen shows the edit line as it is here (false while output is being drawn). */
  private drawn = true;
  /** Start the next drawing of the edit line on a line of its own (the telnet> prompt). */
  private freshLine = false;
  /** Client messages waiting for the screen to settle. */
  private notices: string[] = [];
  /** Lines to send when the current input has been read (one send for a big paste). */
  private outgoing = "";

  constructor(private readonly io: DisciplineIO, private readonly screen: ScreenGeometry) {
    this.view = new EditView(() => screen.cols);
    this.view.reset(screen.buffer.active.cursorX);
  }

  get mode(): TerminalMode {
    return this.currentMode;
  }

  setMode(mode: TerminalMode): void {
    if (mode === this.currentMode) return;
    this.currentMode = mode;
    // A half-typed line is dropped: from now on keys go straight to the server.
    if (mode === "character") this.line.set("");
    this.printAbove("");
    this.io.onModeChange?.(mode);
  }

  /** Keys and pastes, as xterm.js's onData reports them. */
  handleInput(data: string): void {
    const pieces = readInput(data);
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      if (this.currentMode === "character" && !this.escaping) {
        if (piece.key === "escape-prompt") this.enterEscape();
        else this.outgoing += piece.raw.replace(/\r\n?/g, "\r\n");
        continue;
      }
      if (piece.text !== undefined) this.redraw(this.editor.insert(piece.text));
      else if (piece.key) this.editKey(piece.key);
    }
    this.flushOutgoing();
  }

  /** Bytes from the TCP connection. */
  handleRemote(bytes: Uint8Array): void {
    const text = this.remote.decode(bytes);
    if (text) this.printAbove(text);
  }

  /** The connection ended: show anything held back waiting for more bytes. */
  endRemote(): void {
    const text = this.remote.end();
    if (text) this.printAbove(text);
  }

  /** A message from the client itself ("Connected to localhost."): shown above the edit line,
   * starting on a line of its own. */
  print(text: string): void {
    const body = text.replace(/\r?\n/g, "\r\n");
    // Where the cursor is known only once the screen has settled; wait for that.
    if (!this.drawn) this.notices.push(body);
    else this.printAbove((this.view.startColumn > 0 ? "\r\n" : "") + body);
  }

  private get editor(): EditLine {
    return this.escaping ? this.command : this.line;
  }

  private editKey(key: EditKey): void {
    const editor = this.editor;
    switch (key) {
      case "enter": return this.escaping ? this.runCommand() : this.sendLine();
      case "backspace": return this.redraw(editor.backspace());
      case "delete": return this.redraw(editor.deleteForward());
      case "left": return this.place(editor.moveTo(editor.cursor - 1));
      case "right": return this.place(editor.moveTo(editor.cursor + 1));
      case "home": return this.place(editor.moveTo(0));
      case "end": return this.place(editor.moveTo(editor.all.length));
      case "kill-line": return this.redraw(editor.set(""));
      case "up":
      case "down": {
        if (this.escaping) return;
        const recalled = key === "up" ? this.history.older(this.line.text()) : this.history.newer();
        if (recalled !== null) this.redraw(this.line.set(recalled));
        return;
      }
      case "interrupt": {
        // Ctrl+C drops the line (as a shell does) rather than sending telnet's IP command,
        // which a plain chat server would receive as two bytes of garbage.
        const prompt = this.escaping ? ESCAPE_PROMPT : "";
        this.printAbove(prompt + shownText(editor) + "^C\r\n");
        editor.set("");
        this.escaping = false;
        return;
      }
      case "escape-prompt": if (!this.escaping) this.enterEscape(); return;
    }
  }

  private sendLine(): void {
    const text = this.line.text();
    const echo = shownText(this.line) + "\r\n";
    this.outgoing += text + "\r\n";
    this.history.add(text);
    this.line.set("");
    this.printAbove(echo);
  }

  private enterEscape(): void {
    this.escaping = true;
    this.command.set("");
    this.freshLine = true;
    this.printAbove("");
  }

  private runCommand(): void {
    const command = readEscapeCommand(this.command.text());
    this.printAbove(ESCAPE_PROMPT + shownText(this.command) + "\r\n");
    this.command.set("");
    if (command.action === "say") return this.print(command.text);
    this.escaping = false;
    this.flushOutgoing(); // what was typed before goes out before a close or end of file
    if (command.action === "mode") this.setMode(command.mode);
    if (command.action === "eof") this.io.onEofRequest?.();
    if (command.action === "close") {
      this.print(`${telnet.closed}\n`);
      this.io.onCloseRequest?.();
    }
  }

  private flushOutgoing(): void {
    if (this.outgoing) this.io.send(encoder.encode(this.outgoing));
    this.outgoing = "";
  }

  /** What the edit line is now: prompt and typed units, and the cursor among them. */
  private units(): string[] {
    if (this.escaping) return [...PROMPT_UNITS, ...this.command.all];
    return this.currentMode === "line" ? [...this.line.all] : [];
  }

  private cursor(): number {
    if (this.escaping) return PROMPT_UNITS.length + this.command.cursor;
    return this.currentMode === "line" ? this.line.cursor : 0;
  }

  /** The line changed from unit `from` of the editor on; bring the screen up to date. */
  private redraw(from: number | null): void {
    if (from === null || !this.drawn) return;
    const offset = this.escaping ? PROMPT_UNITS.length : 0;
    this.io.write(this.view.render(this.units(), offset + from, this.cursor()));
  }

  private place(moved: boolean): void {
    if (!moved || !this.drawn) return;
    const out = this.view.place(this.units(), this.cursor());
    if (out) this.io.write(out);
  }

  /** Take the edit line off the screen, write `text` where it was, redraw the line after it. */
  private printAbove(text: string): void {
    const erase = this.drawn ? this.view.erase() : "";
    this.drawn = false;
    this.unsettled++;
    let writing = true;
    this.io.write(erase + text, () => {
      if (--this.unsettled > 0) return;
      // xterm.js parses a write right away when it follows a key press, so this can run inside
      // io.write, before the caller has finished changing the line: settle a moment later.
      if (writing) queueMicrotask(() => this.unsettled === 0 && !this.drawn && this.settle());
      else this.settle();
    });
    writing = false;
  }

  private settle(): void {
    let column = this.screen.buffer.active.cursorX;
    if (this.notices.length > 0) {
      const notices = this.notices.join("");
      this.notices = [];
      return this.printAbove((column > 0 ? "\r\n" : "") + notices);
    }
    let out = "";
    if (this.freshLine && column > 0) {
      out = "\r\n";
      column = 0;
    }
    this.freshLine = false;
    this.view.reset(column);
    this.drawn = true;
    out += this.view.render(this.units(), 0, this.cursor());
    if (out) this.io.write(out);
  }
}
