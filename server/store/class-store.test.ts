// The class store on both databases it supports, for real: a SQLite file and a PostgreSQL server;
// with what leaves or outlives the lab: `npm run export`, and the instructor's answer releases.
import { afterEach, describe, expect, it } from "vitest";
import { DATABASES, type TestDatabase } from "@/tests/support/databases";
import { AnswerRelease } from "../class/answer-release";
import { nameKey } from "../class/student-name";
import { publishedAnswerStates } from "../stages/published-answers";
import { exportClass } from "./class-export";
import { ClassStore, HISTORY_KEPT } from "./class-store";
import { connect, migrate, openDatabase, type OpenedDatabase } from "./open-store";

describe.each(DATABASES)("class store on %s", (_name, make) => {
  let database: TestDatabase | undefined;
  let opened: OpenedDatabase | undefined;
  afterEach(async () => {
    await opened?.db.destroy();
    await database?.drop();
    opened = database = undefined;
  });

  async function store(): Promise<ClassStore> {
    database = await make();
    opened = await openDatabase(database.target);
    return new ClassStore(opened.db, opened.dialect);
  }

  /** A store of an earlier release (migrated up to `migration` only), and `upgrade` to open it as the lab does. */
  async function storeAt(migration: string): Promise<{ old: ClassStore; upgrade: () => Promise<ClassStore> }> {
    database = await make();
    const target = database.target;
    const earlier = connect(target);
    opened = earlier; // closed by afterEach if the test ends before the upgrade
    await migrate(earlier, migration);
    return {
      old: new ClassStore(earlier.db, earlier.dialect),
      async upgrade() {
        await earlier.db.destroy();
        opened = undefined; // a pool is ended once
        opened = await openDatabase(target);
        return new ClassStore(opened.db, opened.dialect);
      },
    };
  }

  it("keeps students with unique names and codes, and finds them by code and session", async () => {
    const s = await store();
    const ada = (await s.addStudent("Ada", nameKey("Ada")))!;
    expect(ada.code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    expect(await s.addStudent("ADA", nameKey("ADA"))).toBeNull();
    const bob = (await s.addStudent("Bob", nameKey("Bob")))!;
    expect(bob.code).not.toBe(ada.code);
    expect((await s.studentByCode(ada.code))?.name).toBe("Ada");
    await s.bindSession("session-1", ada.id);
    await s.bindSession("session-2", ada.id);
    expect((await s.studentOfSession("session-2"))?.id).toBe(ada.id);
    await s.bindSession("session-2", bob.id);
    expect((await s.studentOfSession("session-2"))?.id).toBe(bob.id);
    expect(await s.studentOfSession("nobody")).toBeNull();
    expect((await s.students()).map((x) => x.name)).toEqual(["Ada", "Bob"]);
  });

  it("saves work with versions; a save from an older version wins and keeps the other in the history", async () => {
    const s = await store();
    const ada = (await s.addStudent("Ada", "ada"))!;
    expect(await s.saveWork(ada.id, 2, "draft", "one", 0)).toEqual({ version: 1, replacedOther: false });
    expect(await s.saveWork(ada.id, 2, "draft", "two", 1)).toEqual({ version: 2, replacedOther: false });
    // Another tab still at version 1 saves: it wins, and "two" is kept.
    expect(await s.saveWork(ada.id, 2, "draft", "two from the laptop", 1)).toEqual({ version: 3, replacedOther: true });
    const work = await s.work(ada.id);
    expect(work).toEqual([expect.objectContaining({ exercise: 2, item: "draft", text: "two from the laptop", version: 3 })]);
    const history = await s.history(ada.id, 2);
    expect(history.map((h) => [h.text, h.reason])).toEqual([["two", "other-tab"]]);
  });

  it("loses no text when many saves race from two computers", async () => {
    const s = await store();
    const ada = (await s.addStudent("Ada", "ada"))!;
    const texts = Array.from({ length: 30 }, (_, i) => `version ${i} from ${i % 2 ? "laptop" : "lab PC"}`);
    // Every save grew from version 0: each replaces whatever another saved.
    await Promise.all(texts.map((t) => s.saveWork(ada.id, 3, "draft", t, 0)));
    const [current] = await s.work(ada.id);
    expect(current.version).toBe(30);
    const kept = new Set([current.text, ...(await s.history(ada.id, 3)).map((h) => h.text)]);
    expect([...kept].sort()).toEqual([...texts].sort());
  });

  it("loses no text when saves race from the same stored version (one statement for the usual save)", async () => {
    const s = await store();
    const ada = (await s.addStudent("Ada", "ada"))!;
    await s.saveWork(ada.id, 2, "draft", "the start", 0);
    const texts = Array.from({ length: 20 }, (_, i) => `grown from version 1, edit ${i}`);
    const saved = await Promise.all(texts.map((t) => s.saveWork(ada.id, 2, "draft", t, 1)));
    expect(saved.filter((r) => !r.replacedOther).length).toBeGreaterThanOrEqual(1);
    const [current] = await s.work(ada.id);
    expect(current.version).toBe(21);
    const kept = new Set([current.text, ...(await s.history(ada.id, 2)).map((h) => h.text)]);
    for (const t of texts) expect(kept.has(t), t).toBe(true);
  });

  it("keeps versions at runs, checks and pauses, once each, at most HISTORY_KEPT", async () => {
    const s = await store();
    const ada = (await s.addStudent("Ada", "ada"))!;
    expect(await s.keepVersion(ada.id, 1, "draft", "a", "run")).toBe(true);
    expect(await s.keepVersion(ada.id, 1, "draft", "a", "check")).toBe(false);
    for (let i = 0; i < HISTORY_KEPT + 5; i++) await s.keepVersion(ada.id, 1, "draft", `v${i}`, "pause");
    const history = await s.history(ada.id, 1);
    expect(history).toHaveLength(HISTORY_KEPT);
    // The newest HISTORY_KEPT, newest first: the five oldest and "a" went.
    expect(history.map((h) => h.text)).toEqual(Array.from({ length: HISTORY_KEPT }, (_, i) => `v${HISTORY_KEPT + 4 - i}`));
    expect(history[0]).toMatchObject({ exercise: 1, item: "draft", reason: "pause" });
    // Only the newest kept text counts as kept already; another exercise or item has its own.
    expect(await s.keepVersion(ada.id, 1, "draft", `v${HISTORY_KEPT + 3}`, "run")).toBe(true);
    expect(await s.keepVersion(ada.id, 1, "draft", `v${HISTORY_KEPT + 3}`, "run")).toBe(false);
    expect(await s.keepVersion(ada.id, 2, "draft", `v${HISTORY_KEPT + 3}`, "run")).toBe(true);
    expect(await s.keepVersion(ada.id, 1, "note:why", `v${HISTORY_KEPT + 3}`, "pause")).toBe(true);
    const after = await s.history(ada.id, 1);
    expect(after).toHaveLength(HISTORY_KEPT + 1);
    expect(after.filter((h) => h.item === "draft")).toHaveLength(HISTORY_KEPT);
    expect(after.filter((h) => h.item === "draft").at(-1)?.text).toBe("v6");
    expect((await s.history(ada.id, 2)).map((h) => [h.text, h.reason])).toEqual([[`v${HISTORY_KEPT + 3}`, "run"]]);
  });

  it("records checks and settings", async () => {
    const s = await store();
    const ada = (await s.addStudent("Ada", "ada"))!;
    const now = Date.UTC(2026, 11, 2, 13);
    await s.recordCheck({ studentId: ada.id, exercise: 2, passed: false, failedCheck: "serves a second client", createdAt: now });
    await s.recordCheck({ studentId: ada.id, exercise: 2, passed: true, failedCheck: null, createdAt: now + 1 });
    expect(await s.checkRuns()).toEqual([
      { studentId: ada.id, exercise: 2, passed: false, failedCheck: "serves a second client", createdAt: now },
      { studentId: ada.id, exercise: 2, passed: true, failedCheck: null, createdAt: now + 1 },
    ]);
    expect(await s.setting("released")).toBeUndefined();
    await s.setSetting("released", "[3]");
    await s.setSetting("released", "[3,4]");
    expect(await s.setting("released")).toBe("[3,4]");
  });

  it("keeps the help queue in order: asking again keeps the place, helping, done", async () => {
    const s = await store();
    const ada = (await s.addStudent("Ada", "ada"))!;
    const bob = (await s.addStudent("Bob", "bob"))!;
    await s.help.ask(bob.id, "my server exits", 2000);
    await s.help.ask(ada.id, "", 1000);
    expect(await s.help.ask(bob.id, "it exits after one client", 3000)).toEqual({ studentId: bob.id, message: "it exits after one client", state: "waiting", askedAt: 2000 });
    expect(await s.help.helping(ada.id)).toBe(true);
    expect(await s.help.all()).toEqual([
      { studentId: ada.id, message: "", state: "helping", askedAt: 1000 },
      { studentId: bob.id, message: "it exits after one client", state: "waiting", askedAt: 2000 },
    ]);
    await s.help.close(ada.id);
    expect(await s.help.helping(ada.id)).toBe(false);
    expect((await s.help.all()).map((r) => r.studentId)).toEqual([bob.id]);
  });

  it("migrates from the previous version, keeping what it held", async () => {
    // A database of the previous release (version 1), with a student's work in it.
    const { old: v1, upgrade } = await storeAt("001-students-and-work");
    const ada = (await v1.addStudent("Ada", "ada"))!;
    await v1.saveWork(ada.id, 4, "draft", "kept across the upgrade", 0);
    await expect(v1.checkRuns()).rejects.toThrow();
    const s = await upgrade();
    expect((await s.work(ada.id))[0].text).toBe("kept across the upgrade");
    await s.recordCheck({ studentId: ada.id, exercise: 4, passed: true, failedCheck: null, createdAt: 1 });
    expect(await s.checkRuns()).toHaveLength(1);
    expect(await s.help.all()).toEqual([]);
  });

  it("migrates a version 2 database to the help queue", async () => {
    const { old: v2, upgrade } = await storeAt("002-checks-and-settings");
    const ada = (await v2.addStudent("Ada", "ada"))!;
    await expect(v2.help.all()).rejects.toThrow();
    const s = await upgrade();
    await s.help.ask(ada.id, "help", 5);
    expect((await s.help.all())[0]).toMatchObject({ studentId: ada.id, state: "waiting", askedAt: 5 });
  });

  it("exports the class (students, work, checks, progress) as JSON and the progress as CSV", async () => {
    const s = await store();
    const ada = (await s.addStudent("Ada", "ada"))!;
    await s.addStudent("Bob", "bob");
    await s.saveWork(ada.id, 2, "draft", "print('mine')\n", 0);
    await s.saveWork(ada.id, 2, "reveal", "2026-12-02T15:00:00.000Z", 0);
    const report = { checks: [{ status: "pass" }, { status: "fail" }, { status: "pass" }] };
    await s.saveWork(ada.id, 2, "report", JSON.stringify(report), 0);
    const at = Date.UTC(2026, 11, 2, 15, 30);
    await s.recordCheck({ studentId: ada.id, exercise: 2, passed: false, failedCheck: "serves a second client", createdAt: at });
    const { json, csv } = await exportClass(s, new Date(at + 1000));
    expect(json.students.map((x) => x.name)).toEqual(["Ada", "Bob"]);
    expect(json.students[0].work.map((w) => [w.item, w.text])).toEqual([
      ["draft", "print('mine')\n"],
      ["report", JSON.stringify(report)],
      ["reveal", "2026-12-02T15:00:00.000Z"],
    ]);
    expect(json.students[0].checks).toEqual([{ exercise: 2, passed: false, failedCheck: "serves a second client", createdAt: at }]);
    expect(json.progress.find((r) => r.name === "Ada")?.cells[2]).toMatchObject({ status: "failed", checks: 1, latest: { passed: 2, of: 3 } });
    expect(csv).toContain('"Ada","2","failed","serves a second client","2","3","","1"');
    expect(csv).toContain('"Bob","5","not-started","","","","","0"');
  });

  it("keeps the instructor's answer releases across a restart unless LAB_REFERENCE is set", async () => {
    const s = await store();
    const first = await AnswerRelease.load(s, undefined);
    expect(first.states).toEqual(["on-request", "on-request", "on-request", "on-request", "on-request", "on-request"]);
    await first.set(3, "released");
    await first.set(5, "hidden");
    expect(publishedAnswerStates()[3]).toBe("released");
    expect((await AnswerRelease.load(s, undefined)).states).toEqual(["on-request", "on-request", "on-request", "released", "on-request", "hidden"]);
    // LAB_REFERENCE=0 at start hides every exercise, and that is kept too.
    expect((await AnswerRelease.load(s, false)).states).toEqual(Array(6).fill("hidden"));
    expect((await AnswerRelease.load(s, undefined)).state(3)).toBe("hidden");
  });
});
