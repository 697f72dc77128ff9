// Turns what xterm.js reports as typed (onData: characters and escape sequences, or a whole
// pasted text) into editing keys and runs of text. xterm.js has no line discipline of its own:
// Enter arrives as "\r", Backspace as 0x7f, Ctrl+] as 0x1d, arrows as "\x1b[D" or "\x1bOD".

export type EditKey =
  | "enter" | "backspace" | "delete" | "left" | "right" | "home" | "end"
  | "up" | "down" | "kill-line" | "interrupt" | "escape-prompt";

/** One key or a run of text, with the characters it came from (`raw`); a piece with neither key
 * nor text is a key the line editor ignores. */
export type InputPiece = { raw: string; key?: EditKey; text?: string };

/** The telnet escape character, Ctrl+]. */
const ESCAPE_CHARACTER = "\x1d";

const SEQUENCES: Record<string, EditKey> = {
  "\x1b[A": "up", "\x1bOA": "up", "\x1b[B": "down", "\x1bOB": "down",
  "\x1b[C": "right", "\x1bOC": "right", "\x1b[D": "left", "\x1bOD": "left",
  "\x1b[H": "home", "\x1bOH": "home", "\x1b[1~": "home", "\x1b[7~": "home",
  "\x1b[F": "end", "\x1bOF": "end", "\x1b[4~": "end", "\x1b[8~": "end",
  "\x1b[3~": "delete",
};

// Readline's keys, which students know from shells: Ctrl+A/E home/end, Ctrl+B/F left/right,
// Ctrl+P/N history, Ctrl+U clear, Ctrl+D delete forward, Ctrl+H backspace.
const CONTROLS: Record<string, EditKey> = {
  "\r": "enter", "\n": "enter", "\x7f": "backspace", "\b": "backspace",
  "\x01": "home", "\x05": "end", "\x02": "left", "\x06": "right",
  "\x10": "up", "\x0e": "down", "\x15": "kill-line", "\x04": "delete",
  "\x03": "interrupt", [ESCAPE_CHARACTER]: "escape-prompt",
};

// An escape sequence as keys send them: CSI with numeric parameters, or SS3 and one letter.
const KEY_SEQUENCE = /\x1b(?:\[[0-9;]*[~A-Za-z]|O[A-Za-z])/y;
// Printable text (tab included); everything else is a key or ignored.
const TEXT_RUN = /[^\x00-\x08\x0a-\x1f\x7f]+/y;

export function readInput(data: string): InputPiece[] {
  const pieces: InputPiece[] = [];
  let i = 0;
  while (i < data.length) {
    const ch = data[i]!;
    if (ch === "\x1b") {
      KEY_SEQUENCE.lastIndex = i;
      const match = KEY_SEQUENCE.exec(data);
      const sequence = match ? match[0] : "\x1b";
      const key = SEQUENCES[sequence];
      pieces.push({ raw: sequence, key });
      i += sequence.length; // unknown keys (F1, Page Up...) are dropped, not typed as junk
    } else if (ch === "\r" && data[i + 1] === "\n") {
      pieces.push({ raw: "\r\n", key: "enter" }); // a pasted Windows line end is one Enter
      i += 2;
    } else if (CONTROLS[ch]) {
      pieces.push({ raw: ch, key: CONTROLS[ch] });
      i += 1;
    } else {
      TEXT_RUN.lastIndex = i;
      const run = TEXT_RUN.exec(data);
      const raw = run ? run[0] : ch;
      pieces.push(run ? { raw, text: raw } : { raw });
      i += raw.length;
    }
  }
  return pieces;
}
