import { beforeEach, describe, expect, it } from "vitest";
import { KEPT_LINES, newTerminalId, recallTerminals, rememberTerminals, trimText } from "./terminal-memory";
import { memoryStorage } from "@/app/drafts/test-storage";

describe("terminals kept across a reload", () => {
  beforeEach(() => {
    (globalThis as { window?: unknown }).window = { sessionStorage: memoryStorage() };
  });

  it("gives back each terminal's number, id, mode and screen text, per slot", () => {
    const [a, b] = [newTerminalId(), newTerminalId()];
    expect(a).not.toBe(b);
    rememberTerminals("exercise-4", [
      { index: 1, id: a, mode: "line", lines: ["Trying localhost 8888...", "hello", "", ""] },
      { index: 3, id: b, mode: "character", lines: ["x"] },
    ]);
    expect(recallTerminals("exercise-4")).toEqual([
      { index: 1, id: a, mode: "line", text: "Trying localhost 8888...\nhello" },
      { index: 3, id: b, mode: "character", text: "x" },
    ]);
    expect(recallTerminals("exercise-3")).toEqual([]);
  });

  it("keeps the newest lines of a long screen, and forgets a slot whose terminals all closed", () => {
    const lines = Array.from({ length: KEPT_LINES + 50 }, (_, i) => `line ${i}`);
    expect(trimText(lines).split("\n")).toEqual(lines.slice(50));
    rememberTerminals("exercise-4", [{ index: 1, id: newTerminalId(), mode: "line", lines: ["a"] }]);
    rememberTerminals("exercise-4", []);
    expect(recallTerminals("exercise-4")).toEqual([]);
  });

  it("ignores what it cannot read, and an id the lab would refuse", () => {
    const storage = (globalThis as unknown as { window: { sessionStorage: Storage } }).window.sessionStorage;
    storage.setItem("lab.terminals.exercise-4", JSON.stringify({ panes: [{ index: 1, id: "x&y", mode: "line", text: "" }] }));
    expect(recallTerminals("exercise-4")).toEqual([]);
    (globalThis as unknown as { window: { sessionStorage: { setItem(k: string, v: string): void } } }).window.sessionStorage.setItem("lab.terminals.exercise-4", "{not json");
    expect(recallTerminals("exercise-4")).toEqual([]);
  });
});
