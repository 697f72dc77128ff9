import { describe, expect, it } from "vitest";
import type { BoardCell, BoardRow } from "@/shared/board-messages";
import { ago, shownRows } from "./board-rows";

const cell = (status: BoardCell["status"]): BoardCell => ({ status, checks: 0, sameFailures: 0 });
function row(name: string, statuses: BoardCell["status"][], extra: Partial<BoardRow> = {}): BoardRow {
  const cells = Array.from({ length: 6 }, (_, i) => cell(statuses[i] ?? "not-started"));
  return { studentId: name, name, lastActivity: 0, online: true, cells, stuck: false, ...extra };
}

describe("the board's rows", () => {
  const rows = [
    row("Ada", ["passed", "passed", "failed"]),
    row("Bob", ["passed", "working"], { help: { state: "helping", message: "", askedAt: 5 } }),
    row("Cy", ["passed", "passed", "passed"], { stuck: true, help: { state: "waiting", message: "", askedAt: 9 } }),
    row("Di", [], { help: { state: "waiting", message: "", askedAt: 7 } }),
  ];
  const names = (r: BoardRow[]) => r.map((x) => x.name);

  it("show those who asked for help, longest waiting first, then those being helped", () => {
    expect(names(shownRows(rows, { sort: "help", exercise: "all", show: "help" }))).toEqual(["Di", "Cy", "Bob"]);
  });

  it("filter by an exercise started, sorted by its status with failures first", () => {
    expect(names(shownRows(rows, { sort: "exercise", exercise: 2, show: "everyone" }))).toEqual(["Ada", "Cy"]);
    expect(names(shownRows(rows, { sort: "exercise", exercise: 1, show: "everyone" }))).toEqual(["Bob", "Ada", "Cy"]);
  });

  it("show the stuck only; least progress first", () => {
    expect(names(shownRows(rows, { sort: "name", exercise: "all", show: "stuck" }))).toEqual(["Cy"]);
    expect(names(shownRows(rows, { sort: "progress", exercise: "all", show: "everyone" }))).toEqual(["Di", "Bob", "Ada", "Cy"]);
  });

  it("says how long ago", () => {
    expect([ago(0, 45_000), ago(0, 3 * 60_000 + 5000), ago(0, 2 * 3600_000)]).toEqual(["45 s", "3 min", "2 h"]);
  });
});
