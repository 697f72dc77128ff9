// The board after a lab restart: loaded from the class store, it still has the help queue in its
// order (and who is being helped), so every student keeps their place.
import { afterAll, expect, it } from "vitest";
import { sqliteDatabase, type TestDatabase } from "@/tests/support/databases";
import { ClassStore } from "../store/class-store";
import { openDatabase, type OpenedDatabase } from "../store/open-store";
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
