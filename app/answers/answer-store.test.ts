// The one source of truth for "is exercise N's answer shown": the lab's answer state (the
// instructor's release or hide, live) and, while it is on request, the student's reveal.
import { beforeEach, describe, expect, it, vi } from "vitest";
import { memoryStorage } from "@/app/drafts/test-storage";

async function freshStore() {
  const localStorage = memoryStorage();
  (globalThis as { window?: unknown }).window = { localStorage, addEventListener: () => {} };
  vi.resetModules();
  return { store: await import("./answer-store"), localStorage };
}

describe("answers shown", () => {
  beforeEach(() => vi.resetModules());

  it("are hidden until the student reveals one exercise, and that one stays revealed", async () => {
    const { store, localStorage } = await freshStore();
    const shown = () => [2, 3, 4, 5].map((s) => store.answerShown(s));
    expect(shown()).toEqual([false, false, false, false]);
    const at = store.revealAnswer(3);
    expect(shown()).toEqual([false, true, false, false]);
    expect(store.revealedAt(3)).toBe(at);
    expect(JSON.parse(localStorage.getItem("lab.answers.v1")!)).toMatchObject({ 3: { by: "student" } });
  });

  it("follow the instructor: released shows, hidden hides even a revealed one, and a reveal from another computer is taken back", async () => {
    const { store } = await freshStore();
    store.revealAnswer(2);
    expect(store.answerState(4, "hidden")).toBe("hidden");
    store.setAnswerStates(["on-request", "on-request", "hidden", "on-request", "released", "released"]);
    expect([2, 3, 4, 5].map((s) => store.answerShown(s))).toEqual([false, false, true, true]);
    expect(store.answerState(4, "hidden")).toBe("released");
    store.setAnswerStates(["on-request", "on-request", "on-request", "on-request", "hidden", "released"]);
    expect([2, 3, 4, 5].map((s) => store.answerShown(s))).toEqual([true, false, false, true]);
    const again = (await freshStore()).store;
    again.restoreReveal(3, "2026-12-02T15:00:00.000Z");
    again.restoreReveal(9, "2026-12-02T15:00:00.000Z");
    expect([2, 3, 4, 5, 9].map((s) => again.answerShown(s))).toEqual([false, true, false, false, false]);
    // Another student on this browser: the reveals go (theirs come from the lab server).
    again.forgetReveals();
    expect(again.answerShown(3)).toBe(false);
  });

  it("treat unreadable saved state as nothing revealed", async () => {
    const localStorage = memoryStorage();
    localStorage.setItem("lab.answers.v1", "{broken");
    (globalThis as { window?: unknown }).window = { localStorage, addEventListener: () => {} };
    const store = await import("./answer-store");
    expect(store.answerShown(2)).toBe(false);
  });
});
