// The progress CSV: a row per student and exercise with status, how many of the exercise's checks
// passed in the latest check, when it first passed, and how many checks were run.
import { expect, it } from "vitest";
import { ClassBoard } from "./class-board";
import { progressCsv } from "./progress-csv";

it("has student × exercise with status, checks passed, when first passed and checks run; a formula-like name stays text", () => {
  const board = new ClassBoard();
  const ada = { id: "a", name: "Ada", code: "X", createdAt: 0, lastSeenAt: 0 };
  const eve = { id: "e", name: "=cmd|' /C calc'!A0", code: "Y", createdAt: 0, lastSeenAt: 0 };
  board.joined(ada);
  board.joined(eve);
  const first = Date.UTC(2026, 11, 2, 14, 5);
  board.checked({ studentId: "a", exercise: 2, passed: false, failedCheck: "serves a second client", createdAt: first - 60_000, latest: { passed: 2, of: 4 } });
  board.checked({ studentId: "a", exercise: 2, passed: true, failedCheck: null, createdAt: first, latest: { passed: 4, of: 4 } });
  board.checked({ studentId: "a", exercise: 3, passed: false, failedCheck: "many at once", createdAt: first, latest: { passed: 1, of: 5 } });
  const lines = progressCsv(board.snapshot()).trimEnd().split("\r\n");
  expect(lines[0]).toBe('"student","exercise","status","failed check","checks passed","of checks","first passed","checks run"');
  expect(lines).toContain('"Ada","2","passed","","4","4","2026-12-02T14:05:00.000Z","2"');
  expect(lines).toContain('"Ada","3","failed","many at once","1","5","","1"');
  expect(lines).toContain('"Ada","0","not-started","","","","","0"');
  expect(lines).toContain(`"'=cmd|' /C calc'!A0","0","not-started","","","","","0"`);
  expect(lines).toHaveLength(1 + 2 * 6);
});
