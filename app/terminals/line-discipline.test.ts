// The line discipline against a real (headless) xterm.js: what the student sees and what the
// server receives, as with `telnet localhost 8888`.
import { describe, expect, test } from "vitest";
import { telnet } from "./headless-telnet";

const LEFT = "\x1b[D";
const RIGHT = "\x1b[C";
const UP = "\x1b[A";
const DOWN = "\x1b[B";
const HOME = "\x1b[H";
const END = "\x1b[F";
const DELETE = "\x1b[3~";
const BACKSPACE = "\x7f";

describe("line mode", () => {
  test("typing hello and Enter sends hello CR LF and leaves it on screen", async () => {
    const t = telnet();
    await t.type("hello");
    expect(t.sent).toEqual([]);
    expect(t.screen()).toEqual(["hello"]);
    await t.type("\r");
    expect(t.sent).toEqual(["hello\r\n"]);
    expect(t.cursor()).toEqual({ row: 1, col: 0 });
  });

  test("Backspace, Delete, arrows, Home and End edit the line", async () => {
    const t = telnet();
    await t.type("helo", LEFT, "l");
    expect(t.screen()).toEqual(["hello"]);
    expect(t.cursor().col).toBe(4);
    await t.type(END, "!", HOME, DELETE, "\x05", BACKSPACE, "\x01", "H", RIGHT, "a");
    expect(t.screen()).toEqual(["Heallo"]);
    expect(t.cursor().col).toBe(3);
    await t.type("\x15", "bye", "\r");
    expect(t.sent).toEqual(["bye\r\n"]);
    expect(t.screen()).toEqual(["bye"]);
  });

  test("a pasted text sends every complete line, the rest stays in the editor", async () => {
    const t = telnet();
    await t.paste("one\rtwo\r\nthr");
    expect(t.sent).toEqual(["one\r\ntwo\r\n"]);
    expect(t.screen()).toEqual(["one", "two", "thr"]);
    expect(t.cursor()).toEqual({ row: 2, col: 3 });
  });

  test("Up and Down recall sent lines and come back to the line being typed", async () => {
    const t = telnet();
    await t.type("first\r", "second\r", "dra", UP);
    expect(t.screen()[2]).toBe("second");
    await t.type(UP);
    expect(t.screen()[2]).toBe("first");
    await t.type(DOWN, DOWN);
    expect(t.screen()[2]).toBe("dra");
    await t.type(UP, "!\r");
    expect(t.sent.at(-1)).toBe("second!\r\n");
  });

  test("a line arriving mid-typing shows above, the partial input is redrawn intact", async () => {
    const t = telnet();
    await t.type("I am typ", LEFT, LEFT);
    await t.receive("alice: hi\r\n");
    expect(t.screen()).toEqual(["alice: hi", "I am typ"]);
    expect(t.cursor()).toEqual({ row: 1, col: 6 });
    await t.type("X", "\r");
    expect(t.sent).toEqual(["I am tXyp\r\n"]);
    expect(t.screen()).toEqual(["alice: hi", "I am tXyp"]);
  });

  test("an edit line wrapping over three rows is moved below arriving lines whole", async () => {
    const t = telnet(20);
    const long = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHI"; // 45 characters
    await t.type(long);
    expect(t.screen()).toEqual([long.slice(0, 20), long.slice(20, 40), long.slice(40)]);
    await t.type(HOME, RIGHT, RIGHT);
    await t.receive("bob: yo\r\ncarol: hey\r\n");
    expect(t.screen()).toEqual(["bob: yo", "carol: hey", long.slice(0, 20), long.slice(20, 40), long.slice(40)]);
    expect(t.cursor()).toEqual({ row: 2, col: 2 });
    await t.type(BACKSPACE, END);
    const edited = long.slice(0, 1) + long.slice(2);
    expect(t.screen().slice(2)).toEqual([edited.slice(0, 20), edited.slice(20, 40), edited.slice(40)]);
    expect(t.cursor()).toEqual({ row: 4, col: 4 });
    await t.type("\r");
    expect(t.sent).toEqual([edited + "\r\n"]);
  });

  test("a line that exactly fills the width puts the cursor on the next row", async () => {
    const t = telnet(10);
    await t.type("0123456789");
    expect(t.cursor()).toEqual({ row: 1, col: 0 });
    await t.receive("x\r\n");
    expect(t.screen()).toEqual(["x", "0123456789"]);
    expect(t.cursor()).toEqual({ row: 2, col: 0 });
    await t.type(BACKSPACE);
    expect(t.screen()).toEqual(["x", "012345678"]);
    expect(t.cursor()).toEqual({ row: 1, col: 9 });
  });

  test("wide characters wrap as the terminal wraps them", async () => {
    const t = telnet(10);
    await t.type("abcdefghi", "中文");
    expect(t.screen()).toEqual(["abcdefghi", "中文"]);
    await t.receive("hi\r\n");
    expect(t.screen()).toEqual(["hi", "abcdefghi", "中文"]);
    expect(t.cursor()).toEqual({ row: 2, col: 4 });
    await t.type("\r");
    expect(t.sent).toEqual(["abcdefghi中文\r\n"]);
  });

  test("deleting before a wrapped wide character leaves no stale cell at the row's end", async () => {
    const t = telnet(10);
    await t.type("abcdefghiX中");
    expect(t.screen()).toEqual(["abcdefghiX", "中"]);
    await t.type(HOME, DELETE);
    expect(t.screen()).toEqual(["bcdefghiX", "中"]);
    expect(t.cursor()).toEqual({ row: 0, col: 0 });
  });

  test("Ctrl+C drops the line without sending anything", async () => {
    const t = telnet();
    await t.type("oops", "\x03", "ok\r");
    expect(t.screen()).toEqual(["oops^C", "ok"]);
    expect(t.sent).toEqual(["ok\r\n"]);
  });

  test("output without a newline stays, the edit line is redrawn after it", async () => {
    const t = telnet();
    await t.receive("Name: ");
    await t.type("ann");
    expect(t.screen()).toEqual(["Name: ann"]);
    expect(t.cursor().col).toBe(9);
    await t.receive("(waiting)");
    expect(t.screen()).toEqual(["Name: (waiting)ann"]);
    await t.receive(" ok\r\n");
    expect(t.screen()).toEqual(["Name: (waiting) ok", "ann"]);
    await t.type("\r");
    expect(t.sent).toEqual(["ann\r\n"]);
  });

  test("the client's own messages start on a line of their own", async () => {
    const t = telnet();
    await t.receive("partial");
    await t.type("draft");
    t.discipline.print("Connection closed by foreign host.\n");
    await t.receive([]);
    expect(t.screen()).toEqual(["partial", "Connection closed by foreign host.", "draft"]);
  });

  test("a lone LF from the server starts the next line at its left edge", async () => {
    const t = telnet();
    await t.receive("one\ntwo\n");
    expect(t.screen()).toEqual(["one", "two"]);
    expect(t.cursor()).toEqual({ row: 2, col: 0 });
  });
});

describe("character mode", () => {
  test("each key is sent as typed, Enter as CR LF, nothing echoed", async () => {
    const t = telnet();
    t.discipline.setMode("character");
    expect(t.events.modes).toEqual(["character"]);
    await t.type("hi", LEFT, "\r", BACKSPACE);
    expect(t.sent).toEqual(["h", "i", LEFT, "\r\n", BACKSPACE]);
    expect(t.screen()).toEqual([]);
  });

  test("switching to character mode at the telnet> prompt", async () => {
    const t = telnet();
    await t.type("\x1d", "mode character\r", "x");
    expect(t.discipline.mode).toBe("character");
    expect(t.sent).toEqual(["x"]);
    await t.type("\x1d", "mode line\r", "ab\r");
    expect(t.sent).toEqual(["x", "ab\r\n"]);
    expect(t.events.modes).toEqual(["character", "line"]);
  });
});

describe("the telnet> escape prompt", () => {
  test("Ctrl+] then quit asks to close the connection", async () => {
    const t = telnet();
    await t.type("\x1d");
    expect(t.screen()).toEqual(["telnet> "]);
    await t.type("quix", BACKSPACE, "t\r");
    expect(t.events.close).toBe(1);
    expect(t.screen()).toEqual(["telnet> quit", "Connection closed."]);
  });

  test("opens on its own line and gives back the half-typed line after an empty command", async () => {
    const t = telnet();
    await t.receive("Name: ");
    await t.type("bo", "\x1d");
    expect(t.screen()).toEqual(["Name: ", "telnet> "]);
    await t.type("?\r");
    expect(t.screen()).toContain("Commands:");
    expect(t.screen().at(-1)).toBe("telnet> ");
    await t.type("\r", "b\r");
    expect(t.screen().at(-1)).toBe("bob");
    expect(t.sent).toEqual(["bob\r\n"]);
  });

  test("send eof asks for a half-close after sending what was typed", async () => {
    const t = telnet();
    await t.paste("bye\r\x1dsend eof\r");
    expect(t.sent).toEqual(["bye\r\n"]);
    expect(t.events.eof).toBe(1);
  });
});
