// The board after a lab restart: loaded from the class store, it still has the help queue in its
// order (and who is being helped), so every student keeps their place.
import { afterAll, expect, it } from "vitest";
import { sqliteDatabase, type TestDatabase } from "@/tests/support/databases";
import { ClassStore } from "../store/class-store";
import { openDatabase, type OpenedDatabase } from "../store/open-store";
import { mergeRows, type BoardRow } from "@/shared/board-messages";
import { ClassBoard } from "./class-board";

let database: TestDatabase | undefined;
let opened: OpenedDatabase | undefined;
afterAll(async () => {
  await opened?.db.destroy();
  await database?.drop();
});

it("a restarted lab's board has the help queue in order, with every student's place", async () => {
  database = await sqliteDatabase();
  opened = await openDatabase(database.target);
  const store = new ClassStore(opened.db, opened.dialect);
  const [ada, bob, cy] = [(await store.addStudent("Ada", "ada"))!, (await store.addStudent("Bob", "bob"))!, (await store.addStudent("Cy", "cy"))!];
  await store.help.ask(cy.id, "third", 3000);
  await store.help.ask(ada.id, "first", 1000);
  await store.help.ask(bob.id, "second", 2000);
  await store.help.helping(ada.id);

  const board = new ClassBoard();
  await board.load(store);
  expect(board.helpStatus(ada.id)).toEqual({ state: "helping", message: "first", askedAt: 1000 });
  expect(board.helpStatus(bob.id)).toMatchObject({ state: "waiting", place: 1 });
  expect(board.helpStatus(cy.id)).toMatchObject({ state: "waiting", place: 2, message: "third" });
  expect(board.snapshot().find((r) => r.name === "Cy")?.help).toEqual({ state: "waiting", message: "third", askedAt: 3000 });
  expect(board.snapshot().find((r) => r.name === "Bob")?.help?.askedAt).toBe(2000);
});

it("the board as sent (each row re-encoded only when it changed) is the board as it is", () => {
  const board = new ClassBoard();
  const student = (id: string, name: string) => ({ id, name, code: "ABCDEFGH", createdAt: 0, lastSeenAt: 0 });
  const [ada, bob] = [student("a", "Ada"), student("b", "Bob")];
  const same = () => expect(JSON.parse(board.rowsJson(5000))).toEqual(JSON.parse(JSON.stringify(board.snapshot(5000))));
  board.joined(ada);
  board.joined(bob);
  same();
  board.online(ada, true);
  same();
  board.worked(bob, 2);
  board.ran(bob, 2, true);
  same();
  board.setHelp(ada.id, { studentId: ada.id, message: "help", state: "waiting", askedAt: 1 });
  same();
  board.setHelp(ada.id, { studentId: ada.id, message: "help", state: "helping", askedAt: 1 });
  same();
  for (let i = 0; i < 3; i++) board.checked({ studentId: bob.id, exercise: 2, passed: false, failedCheck: "serves a second client", createdAt: 100 + i });
  same();
  expect(board.snapshot(5000).find((r) => r.name === "Bob")).toMatchObject({ stuck: true, cells: expect.arrayContaining([expect.objectContaining({ status: "failed", sameFailures: 3 })]) });
  board.traceback(ada, "NameError: name 'clients' is not defined");
  board.setHelp(ada.id, undefined);
  same();
});

it("after the whole board, only the rows that changed are sent, and merged they are the board as it is", () => {
  const board = new ClassBoard();
  const student = (id: string, name: string) => ({ id, name, code: "ABCDEFGH", createdAt: 0, lastSeenAt: 0 });
  const [ada, bob, cy] = [student("a", "Ada"), student("b", "Bob"), student("c", "Cy")];
  board.joined(ada);
  board.joined(bob);
  let seen = JSON.parse(board.rowsJson(5000)) as BoardRow[];
  const names = (json: string) => (JSON.parse(json) as BoardRow[]).map((r) => r.name);
  const tick = () => {
    const changed = board.changedRowsJson(5000);
    seen = mergeRows(seen, JSON.parse(changed) as BoardRow[]);
    expect(seen).toEqual(JSON.parse(JSON.stringify(board.snapshot(5000))));
    return names(changed);
  };
  tick();
  expect(tick()).toEqual([]);
  board.worked(bob, 1);
  expect(tick()).toEqual(["Bob"]);
  board.joined(cy);
  board.setHelp(ada.id, { studentId: ada.id, message: "help", state: "waiting", askedAt: 1 });
  expect(tick()).toEqual(["Ada", "Cy"]);
  expect(seen.map((r) => r.name)).toEqual(["Ada", "Bob", "Cy"]);
  // A socket that opens meanwhile gets the whole board; the others still get what changed.
  board.online(cy, true);
  expect(names(board.rowsJson(5000))).toEqual(["Ada", "Bob", "Cy"]);
  expect(tick()).toEqual(["Cy"]);
  // "stuck" comes with time, no event: the rows it changes are sent too.
  board.traceback(bob, "NameError: name 'clients' is not defined");
  tick();
  const later = Date.now() + 11 * 60_000; // (the traceback was at the real now)
  const changed = board.changedRowsJson(later);
  expect(names(changed)).toEqual(["Bob"]);
  expect((JSON.parse(changed) as BoardRow[])[0]!.stuck).toBe(true);
});
