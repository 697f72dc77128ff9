// What leaves or outlives the lab, on both databases for real: `npm run export`'s class and
// progress, and the instructor's answer releases across a restart.
import { afterEach, describe, expect, it } from "vitest";
import { DATABASES, type TestDatabase } from "@/tests/support/databases";
import { AnswerRelease } from "../class/answer-release";
import { publishedAnswerStates } from "../stages/published-answers";
import { exportClass } from "./class-export";
import { ClassStore } from "./class-store";
import { openDatabase, type OpenedDatabase } from "./open-store";

describe.each(DATABASES)("on %s", (_name, make) => {
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
