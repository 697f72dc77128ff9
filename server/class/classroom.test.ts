// "Saving paused" and its recovery, for real: the class's PostgreSQL refuses connections while a
// student saves (the lab says paused, and the instructor's banner text is set), then comes back
// and the next save goes through by itself.
import pg from "pg";
import { afterAll, expect, it } from "vitest";
import { postgresDatabase, type TestDatabase } from "@/tests/support/databases";
import { ClassStore } from "../store/class-store";
import { openDatabase, type OpenedDatabase } from "../store/open-store";
import { Classroom } from "./classroom";

let database: TestDatabase | undefined;
let opened: OpenedDatabase | undefined;
afterAll(async () => {
  await opened?.db.destroy();
  await database?.drop();
});

async function admin(sql: string): Promise<void> {
  const url = new URL(database!.target.databaseUrl!);
  url.pathname = "/postgres";
  const c = new pg.Client({ connectionString: url.toString() });
  await c.connect();
  await c.query(sql);
  await c.end();
}

it("pauses saving while PostgreSQL is gone and resumes by itself when it is back", async () => {
  database = await postgresDatabase();
  opened = await openDatabase(database.target);
  const classroom = new Classroom(new ClassStore(opened.db, opened.dialect), undefined, "key");
  const ada = await classroom.join("session-1", "Ada", undefined);
  if ("field" in ada) throw new Error(ada.message);
  await classroom.save(ada, 1, "draft", "before", 0);
  expect(classroom.paused).toBeNull();

  const name = new URL(database.target.databaseUrl!).pathname.slice(1);
  await admin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
  await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}'`);
  await expect(classroom.save(ada, 1, "draft", "during", 1)).rejects.toThrow();
  expect(classroom.paused).toMatch(/class database is unreachable.*kept in their browsers/);

  await admin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
  // The browser sends its text again (with the version it grew from): it goes through.
  expect(await classroom.save(ada, 1, "draft", "during", 1)).toEqual({ version: 2, replacedOther: false });
  expect(classroom.paused).toBeNull();
  expect((await classroom.store.work(ada.id))[0].text).toBe("during");
});
