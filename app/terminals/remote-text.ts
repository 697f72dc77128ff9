// Turns bytes from the student's server into text for the terminal, frame by frame:
// - UTF-8 is decoded across frame boundaries (a character split over two recv() calls renders);
// - bytes that are not UTF-8 are shown as \xff in reverse video instead of being replaced by "�"
//   or dropped, so binary garbage (or a Latin-1 encode()) is visible for what it is;
// - a bare "\n" becomes "\r\n", as a telnet client's terminal does (NVT newline). Doing it here,
//   not with xterm's convertEol, keeps it a property of this data alone and testable headless;
// - an escape sequence cut off at the end of a frame is held back until the rest arrives, so the
//   line editor never redraws into the middle of one.

const SHOW_BAD_START = "\x1b[7m"; // reverse video on
const SHOW_BAD_END = "\x1b[27m"; // reverse video off, other attributes (server colours) kept

// An escape sequence still open at the end of the text: ESC with intermediates, an unfinished
// CSI, or a string command (OSC, DCS...) not yet terminated.
const OPEN_ESCAPE = /\x1b(?:[ -/]*|\[[0-?]*[ -/]*|[\]P_^X][^\x07\x1b]*)$/;
const MAX_HELD = 4096;
const ascii = new TextDecoder();

export class RemoteText {
  /** The first bytes of a UTF-8 sequence that the next frame completes. */
  private partial: number[] = [];
  private held = "";

  decode(bytes: Uint8Array): string {
    const data = this.partial.length > 0 ? Uint8Array.from([...this.partial, ...bytes]) : bytes;
    this.partial = [];
    let out = "";
    let bad = "";
    const flushBad = () => {
      if (bad) out += SHOW_BAD_START + bad + SHOW_BAD_END;
      bad = "";
    };
    let i = 0;
    while (i < data.length) {
      const lead = data[i]!;
      if (lead < 0x80) {
        flushBad();
        // Runs of ASCII are the common case: take them in one go.
        let j = i + 1;
        while (j < data.length && data[j]! < 0x80) j++;
        out += ascii.decode(data.subarray(i, j));
        i = j;
        continue;
      }
      const need = lead >= 0xc2 && lead <= 0xdf ? 1 : lead >= 0xe0 && lead <= 0xef ? 2 : lead >= 0xf0 && lead <= 0xf4 ? 3 : 0;
      // The second byte's range rules out overlong forms, surrogates and code points past U+10FFFF.
      const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
      const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
      let code = lead & (0x3f >> need);
      let taken = 1;
      while (need > 0 && taken <= need && i + taken < data.length) {
        const next = data[i + taken]!;
        if (next < (taken === 1 ? low : 0x80) || next > (taken === 1 ? high : 0xbf)) break;
        code = (code << 6) | (next & 0x3f);
        taken++;
      }
      if (need > 0 && taken > need) {
        flushBad();
        out += String.fromCodePoint(code);
        i += taken;
      } else if (need > 0 && i + taken === data.length) {
        this.partial = Array.from(data.subarray(i)); // valid so far, cut by the frame's end
        break;
      } else {
        for (let k = 0; k < taken; k++) bad += "\\x" + data[i + k]!.toString(16).padStart(2, "0");
        i += taken;
      }
    }
    flushBad();
    return this.release(out.replace(/\r?\n/g, "\r\n"));
  }

  /** The connection ended: show whatever was held back. */
  end(): string {
    const bytes = this.partial;
    this.partial = [];
    const bad = bytes.map((b) => "\\x" + b.toString(16).padStart(2, "0")).join("");
    const out = this.held + (bad ? SHOW_BAD_START + bad + SHOW_BAD_END : "");
    this.held = "";
    return out;
  }

  private release(text: string): string {
    const all = this.held + text;
    const open = OPEN_ESCAPE.exec(all);
    if (!open || all.length - open.index > MAX_HELD) {
      this.held = "";
      return all;
    }
    this.held = all.slice(open.index);
    return all.slice(0, open.index);
  }
}
