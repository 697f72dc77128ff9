import { afterEach, describe, expect, it, vi } from "vitest";
import { createDebouncedSaver } from "./debounced-saver";
import {
  damagedKey,
  draftKey,
  loadDraft,
  loadNote,
  noteKey,
  resetDraft,
  saveDraft,
  saveNote,
  undoReset,
} from "./draft-store";
import { memoryStorage, refusingStorage, throwingStorage } from "./test-storage";

const STARTING = "import socket\n\ns = socket.socket()\n";
const MINE = "import socket\n# my version\n";

describe("drafts", () => {
  it("round-trips a draft in the versioned format", () => {
    const storage = memoryStorage();
    expect(saveDraft(storage, 2, { source: MINE }, new Date("2025-01-02T03:04:05Z"))).toEqual({ ok: true });
    expect(JSON.parse(storage.data.get("chat-server-lab:draft:2")!)).toEqual({ v: 1, source: MINE, savedAt: "2025-01-02T03:04:05.000Z" });
    expect(loadDraft(storage, 2, STARTING)).toEqual({ source: MINE, previous: undefined, restored: true });
  });

  it("starts from the starting program, quietly, when nothing was saved", () => {
    expect(loadDraft(memoryStorage(), 3, STARTING)).toEqual({ source: STARTING, restored: false });
  });

  it("keeps stages apart", () => {
    const storage = memoryStorage();
    saveDraft(storage, 2, { source: MINE });
    expect(loadDraft(storage, 3, STARTING).source).toBe(STARTING);
  });

  it("falls back on corrupted JSON, says so, and keeps the damaged text", () => {
    const storage = memoryStorage();
    storage.setItem(draftKey(4), '{"v":1,"source":"import soc');
    const loaded = loadDraft(storage, 4, STARTING);
    expect(loaded.source).toBe(STARTING);
    expect(loaded.restored).toBe(false);
    expect(loaded.notice).toMatch(/could not be read, so the editor starts from the starting program/);
    expect(loaded.notice).toContain(damagedKey(draftKey(4)));
    expect(storage.getItem(damagedKey(draftKey(4)))).toBe('{"v":1,"source":"import soc');
  });

  it("treats a wrong shape or an unknown version as damaged", () => {
    for (const raw of ['"just a string"', "[1,2]", "null", '{"v":1,"source":42,"savedAt":"x"}', '{"v":2,"source":"x","savedAt":"x"}', '{"v":1,"source":"x","savedAt":"x","previous":7}']) {
      const storage = memoryStorage();
      storage.setItem(draftKey(1), raw);
      const loaded = loadDraft(storage, 1, STARTING);
      expect(loaded.source, raw).toBe(STARTING);
      expect(loaded.notice, raw).toMatch(/could not be read/);
      expect(storage.getItem(damagedKey(draftKey(1))), raw).toBe(raw);
    }
  });

  it("does not pile up copies of the same damage on every reload, nor overwrite an older different one", () => {
    const storage = memoryStorage();
    storage.setItem(draftKey(1), "garbage one");
    loadDraft(storage, 1, STARTING);
    loadDraft(storage, 1, STARTING);
    expect([...storage.data.keys()].filter((k) => k.includes("damaged"))).toHaveLength(1);
    storage.setItem(draftKey(1), "garbage two");
    const notice = loadDraft(storage, 1, STARTING).notice!;
    const copies = [...storage.data.entries()].filter(([k]) => k.includes("damaged"));
    expect(copies.map(([, v]) => v).sort()).toEqual(["garbage one", "garbage two"]);
    const secondKey = copies.find(([, v]) => v === "garbage two")![0];
    expect(notice).toContain(secondKey);
  });

  it("never throws when storage refuses: load still works, save returns a notice", () => {
    const storage = refusingStorage();
    expect(loadDraft(storage, 2, STARTING)).toEqual({ source: STARTING, restored: false });
    const saved = saveDraft(storage, 2, { source: MINE });
    expect(saved.ok).toBe(false);
    expect(saved.notice).toMatch(/storage for the lab is full.*Download your program/);
    const refused = saveDraft(refusingStorage("SecurityError"), 2, { source: MINE });
    expect(refused.notice).toMatch(/refused/);
  });

  it("says what happened when the damaged text cannot be copied aside", () => {
    const storage = refusingStorage();
    storage.getItem = (key) => (key === draftKey(5) ? "{broken" : null);
    const loaded = loadDraft(storage, 5, STARTING);
    expect(loaded.source).toBe(STARTING);
    expect(loaded.notice).toMatch(/could not be copied aside/);
  });

  it("never throws when there is no storage at all, or reading it throws", () => {
    expect(loadDraft(null, 0, STARTING)).toMatchObject({ source: STARTING, notice: expect.stringMatching(/does not let the lab keep your work/) });
    expect(saveDraft(null, 0, { source: MINE }).ok).toBe(false);
    const throwing = throwingStorage();
    expect(loadDraft(throwing, 0, STARTING).source).toBe(STARTING);
    expect(loadNote(throwing, 0, "t").text).toBe("");
  });

  it("reset keeps the replaced text, persisted, and undo brings it back one step", () => {
    const storage = memoryStorage();
    saveDraft(storage, 2, { source: MINE });
    const reset = resetDraft(storage, 2, loadDraft(storage, 2, STARTING), STARTING);
    expect(reset).toMatchObject({ ok: true, source: STARTING, previous: MINE });
    // The undo step survives a reload.
    const reloaded = loadDraft(storage, 2, STARTING);
    expect(reloaded).toMatchObject({ source: STARTING, previous: MINE, restored: true });
    // Typing after the reset keeps the undo step (the editor saves `previous` along).
    saveDraft(storage, 2, { source: STARTING + "# more\n", previous: reloaded.previous });
    const undone = undoReset(storage, 2, loadDraft(storage, 2, STARTING));
    expect(undone).toMatchObject({ ok: true, source: MINE });
    expect(undone.previous).toBeUndefined();
    expect(loadDraft(storage, 2, STARTING)).toEqual({ source: MINE, previous: undefined, restored: true });
    // Nothing to undo: nothing changes.
    expect(undoReset(storage, 2, { source: MINE })).toEqual({ source: MINE, ok: true });
  });
});

describe("findings notes", () => {
  it("round-trips per stage and task, and starts empty", () => {
    const storage = memoryStorage();
    expect(loadNote(storage, 1, "echo")).toEqual({ text: "" });
    expect(saveNote(storage, 1, "echo", "It echoes.")).toEqual({ ok: true });
    expect(loadNote(storage, 1, "echo")).toEqual({ text: "It echoes." });
    expect(loadNote(storage, 2, "echo")).toEqual({ text: "" });
  });

  it("falls back to empty on damage, says so, keeps the damaged text", () => {
    const storage = memoryStorage();
    storage.setItem(noteKey(1, "echo"), "{nope");
    const loaded = loadNote(storage, 1, "echo");
    expect(loaded.text).toBe("");
    expect(loaded.notice).toMatch(/findings could not be read, so this box starts empty/);
    expect(storage.getItem(damagedKey(noteKey(1, "echo")))).toBe("{nope");
  });

  it("returns a notice instead of throwing when storage refuses", () => {
    expect(saveNote(refusingStorage(), 1, "echo", "x").notice).toMatch(/Copy your findings/);
    expect(loadNote(null, 1, "echo").notice).toMatch(/Copy your findings/);
  });
});

describe("debounced saver", () => {
  afterEach(() => vi.useRealTimers());

  it("saves the last value once typing pauses, and flushes at once when asked", () => {
    vi.useFakeTimers();
    const saved: string[] = [];
    const saver = createDebouncedSaver<string>((v) => saved.push(v), 300);
    saver.schedule("a");
    vi.advanceTimersByTime(200);
    saver.schedule("ab");
    vi.advanceTimersByTime(299);
    expect(saved).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(saved).toEqual(["ab"]);
    saver.schedule("abc");
    expect(saver.pending).toBe(true);
    saver.flush();
    expect(saved).toEqual(["ab", "abc"]);
    // Nothing pending: flushing (say, on pagehide) writes nothing.
    saver.flush();
    vi.advanceTimersByTime(1000);
    expect(saved).toEqual(["ab", "abc"]);
    saver.schedule("x");
    saver.cancel();
    vi.advanceTimersByTime(1000);
    expect(saved).toEqual(["ab", "abc"]);
  });
});
