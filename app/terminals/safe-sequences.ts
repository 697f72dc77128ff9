// The escape sequences a terminal acts on: an allow-list, applied to every terminal (the pane and
// the headless tests alike). What a server sends is untrusted, and with class chat it is a
// classmate's server: it may colour text and move the cursor, and nothing else. No clipboard
// writes (OSC 52), no window titles, no links, no palette changes, no modes that change what the
// keyboard or mouse send (application keys, mouse tracking, bracketed paste), no alternate screen,
// no resets, no charsets, and no queries, whose answers xterm.js would type into the connection as
// if the student had.
//
// xterm.js parses every sequence and calls the handlers registered for its identifier, newest
// first, until one returns true. So a handler that returns true, registered after the terminal's
// own, swallows a sequence whole. Sequences xterm.js has no handler for already do nothing; the
// lists below name every identifier xterm.js 6 handles (safe-sequences.test.ts reads the parser's
// table and fails when a new version handles one these lists do not decide on).
//
// Register last, after every addon: a handler registered later runs first.

/** Shaped like xterm.js's IParser (browser and headless alike). */
export interface SequenceParser {
  registerCsiHandler(id: SequenceId, callback: (params: (number | number[])[]) => boolean): Disposable;
  registerEscHandler(id: SequenceId, handler: () => boolean): Disposable;
  registerOscHandler(ident: number, callback: (data: string) => boolean): Disposable;
  registerDcsHandler(id: SequenceId, callback: (data: string, params: (number | number[])[]) => boolean): Disposable;
}
export interface SequenceId {
  prefix?: string;
  intermediates?: string;
  final: string;
}
interface Disposable {
  dispose(): void;
}

/** CSI with no prefix or intermediates that may run: colours (SGR), cursor movement, and erasing
 * or inserting on the screen (the line editor itself redraws with CUU/CUD/CUF, ED and EL). */
export const ALLOWED_CSI = new Set([
  "m", // SGR: colours, bold, underline, inverse
  "A", "B", "C", "D", "E", "F", "G", "H", "f", "d", "e", "a", "`", "I", "Z", // cursor movement
  "s", "u", // save / restore the cursor
  "J", "K", "X", "@", "P", "L", "M", // erase, insert and delete characters or lines
]);

/** CSI identifiers xterm.js 6 handles that are swallowed: every prefixed or intermediate form
 * (DEC private modes, DECSCUSR, DECSTR, DECRQM...) and these plain ones. */
const BLOCKED_PLAIN_CSI = ["S", "T", "b", "c", "g", "h", "l", "n", "r", "t"]; // scroll, repeat, device attributes, tab clear, modes, reports, margins, window ops
const BLOCKED_MARKED_CSI: SequenceId[] = [
  { prefix: "?", final: "J" }, { prefix: "?", final: "K" }, { prefix: "?", final: "h" }, { prefix: "?", final: "l" },
  { prefix: "?", final: "n" }, { prefix: ">", final: "c" }, { prefix: "?", intermediates: "$", final: "p" },
  { intermediates: " ", final: "@" }, { intermediates: " ", final: "A" }, { intermediates: " ", final: "q" },
  { intermediates: "!", final: "p" }, { intermediates: "$", final: "p" }, { intermediates: "'", final: "}" },
  { intermediates: "'", final: "~" }, { intermediates: '"', final: "q" },
];

/** ESC sequences that may run: save/restore the cursor, index, next line, reverse index. */
export const ALLOWED_ESC = new Set(["7", "8", "D", "E", "M"]);
// Every other final with no intermediate, and every charset designation (ESC ( 0 turns letters
// into line drawing), DECALN (ESC # 8 fills the screen) and ESC % (UTF-8 switching).
const ESC_FINALS = Array.from({ length: 0x7e - 0x30 + 1 }, (_, i) => String.fromCharCode(0x30 + i));
const ESC_INTERMEDIATES = ["", "#", "%", "(", ")", "*", "+", "-", ".", "/"];

/** OSC: none is allowed. These are the ones xterm.js or its addons act on (titles 0-2, palette 4,
 * 104, links 8, colours 10-12 and 110-112, clipboard 52), plus common ones of other terminals. */
export const BLOCKED_OSC = [0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 46, 50, 51, 52, 104, 105, 106, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 133, 633, 777, 1337];

/** DCS: none is allowed (DECRQSS answers into the connection; sixel and tmux passthrough). */
const BLOCKED_DCS: SequenceId[] = [{ intermediates: "$", final: "q" }, { intermediates: "+", final: "q" }, { intermediates: "+", final: "p" }, { final: "q" }, { prefix: "=", final: "s" }];

const swallow = () => true;

/** Only the allowed sequences act on this terminal from now on; dispose() lifts it (tests). */
export function allowSafeSequencesOnly(parser: SequenceParser): Disposable {
  const hooks: Disposable[] = [];
  for (const final of BLOCKED_PLAIN_CSI) hooks.push(parser.registerCsiHandler({ final }, swallow));
  for (const id of BLOCKED_MARKED_CSI) hooks.push(parser.registerCsiHandler(id, swallow));
  // ED 3 erases the scrollback: what classmates said earlier is the student's to keep.
  hooks.push(parser.registerCsiHandler({ final: "J" }, (params) => params[0] === 3));
  for (const intermediates of ESC_INTERMEDIATES) {
    for (const final of ESC_FINALS) {
      if (intermediates === "" && ALLOWED_ESC.has(final)) continue;
      hooks.push(parser.registerEscHandler(intermediates ? { intermediates, final } : { final }, swallow));
    }
  }
  for (const ident of BLOCKED_OSC) hooks.push(parser.registerOscHandler(ident, swallow));
  for (const id of BLOCKED_DCS) hooks.push(parser.registerDcsHandler(id, swallow));
  return { dispose: () => hooks.splice(0).forEach((hook) => hook.dispose()) };
}
