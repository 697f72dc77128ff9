// Test helper: a line discipline wired to a headless xterm.js, with typing, receiving and
// reading the screen back. Used by the *.test.ts files here only.
import { Terminal } from "@xterm/headless";
import { LineDiscipline, type TerminalMode } from "./line-discipline";
import { allowSafeSequencesOnly } from "./safe-sequences";

export function telnet(cols = 40, rows = 12) {
  const term = new Terminal({ cols, rows, allowProposedApi: true });
  // As every terminal of the lab: only colours and cursor movement act on the screen.
  allowSafeSequencesOnly(term.parser);
  const sent: string[] = [];
  const events = { close: 0, eof: 0, modes: [] as TerminalMode[] };
  const decoder = new TextDecoder();
  const discipline = new LineDiscipline(
    {
      send: (bytes) => sent.push(decoder.decode(bytes)),
      write: (text, done) => term.write(text, done),
      onCloseRequest: () => events.close++,
      onEofRequest: () => events.eof++,
      onModeChange: (mode) => events.modes.push(mode),
    },
    term,
  );
  // Wired as the pane wires it. Input through term.input() counts as the user's, so xterm.js
  // parses the next write at once, as it does in a browser after a key press.
  term.onData((data) => discipline.handleInput(data));
  // Output the discipline writes from a write callback is queued behind our marker, so wait
  // for the terminal more than once.
  const settle = async () => {
    for (let i = 0; i < 3; i++) await new Promise<void>((done) => term.write("", done));
  };
  return {
    term,
    sent,
    events,
    discipline,
    /** Keys one at a time, as xterm.js reports typing. */
    async type(...keys: string[]) {
      for (const key of keys) {
        for (const ch of key.startsWith("\x1b") ? [key] : Array.from(key)) term.input(ch);
      }
      await settle();
    },
    async paste(text: string) {
      term.input(text);
      await settle();
    },
    async receive(data: string | number[]) {
      discipline.handleRemote(typeof data === "string" ? new TextEncoder().encode(data) : Uint8Array.from(data));
      await settle();
    },
    /** The screen's text rows (trailing empty rows left out). */
    screen(): string[] {
      const buffer = term.buffer.active;
      const rows: string[] = [];
      for (let y = 0; y < buffer.length; y++) rows.push(buffer.getLine(y)?.translateToString(true) ?? "");
      while (rows.length > 0 && rows[rows.length - 1] === "") rows.pop();
      return rows;
    },
    cursor() {
      const buffer = term.buffer.active;
      return { row: buffer.baseY + buffer.cursorY, col: buffer.cursorX };
    },
  };
}
