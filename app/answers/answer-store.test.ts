// The one source of truth for "is exercise N's answer shown": the student's reveal, kept in the
// browser, and the instructor's release, which flips it for every part of the page that listens.
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
    expect([2, 3, 4, 5].map(store.answerShown)).toEqual([false, false, false, false]);
    store.revealAnswer(3);
    expect([2, 3, 4, 5].map(store.answerShown)).toEqual([false, true, false, false]);
    expect(JSON.parse(localStorage.getItem("lab.answers.v1")!)).toMatchObject({ 3: { by: "student" } });
  });

  it("flip when the instructor releases them, and can be kept with the student's work and brought back", async () => {
    const { store } = await freshStore();
    store.revealAnswer(2);
    store.releaseAnswers([4, 5, 9]);
    expect(store.answersForStorage()).toMatchObject({ 2: { by: "student" }, 4: { by: "instructor" }, 5: { by: "instructor" } });
    expect(store.answerShown(9)).toBe(false);
    const saved = store.answersForStorage();
    const again = (await freshStore()).store;
    again.restoreAnswers(saved);
    expect([2, 3, 4, 5].map(again.answerShown)).toEqual([true, false, true, true]);
    again.restoreAnswers({ 3: "not a reveal" });
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
