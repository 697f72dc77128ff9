// Bytes from the student's server as the terminal shows them: decoded across frames, garbage
// made visible, escape sequences kept whole.
import { describe, expect, test } from "vitest";
import { telnet } from "./headless-telnet";

describe("bytes from the server", () => {
  test("bytes that are not UTF-8 are shown as \\xNN in reverse video", async () => {
    const t = telnet();
    await t.receive([0x68, 0x69, 0xff, 0xfe, 0x21, 0xc3, 0x28, 0x0d, 0x0a]);
    expect(t.screen()).toEqual(["hi\\xff\\xfe!\\xc3("]);
    const row = t.term.buffer.active.getLine(0)!;
    expect(row.getCell(2)!.isInverse()).toBeTruthy();
    expect(row.getCell(10)!.isInverse()).toBeFalsy(); // the "!"
  });

  test("a character split across two frames renders whole", async () => {
    const t = telnet();
    const bytes = Array.from(new TextEncoder().encode("café € 😀\r\n"));
    await t.receive(bytes.slice(0, 4)); // ends inside é
    await t.receive(bytes.slice(4, 8)); // ends inside €
    await t.receive(bytes.slice(8, 11)); // ends inside 😀
    await t.receive(bytes.slice(11));
    expect(t.screen()).toEqual(["café € 😀"]);
  });

  test("a character cut off by the end of the connection is shown as bytes", async () => {
    const t = telnet();
    await t.receive([0x61, 0xe2, 0x82]);
    t.discipline.endRemote();
    await t.receive([]);
    expect(t.screen()).toEqual(["a\\xe2\\x82"]);
  });

  test("an ANSI colour split across frames does not break the edit line", async () => {
    const t = telnet();
    await t.type("t", "y", "p", "i", "n", "g");
    await t.receive("\x1b[3");
    await t.receive("1mred\x1b[0m\r\n");
    expect(t.screen()).toEqual(["red", "typing"]);
    expect(t.term.buffer.active.getLine(0)!.getCell(0)!.getFgColor()).toBe(1);
  });
});
