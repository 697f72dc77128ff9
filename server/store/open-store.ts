// Opens the class's database: a SQLite file in the data directory by default, PostgreSQL when
// DATABASE_URL is set. Both run the same migrations and the same queries (Kysely). A database
// that cannot be opened is a StoreOpenError whose message says what happened and how to fix it.
import Sqlite from "better-sqlite3";
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type Migration, type SqliteDatabase } from "kysely";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { migrations, type Dialect } from "./migrations";
import type { ClassDatabase } from "./schema";

export class StoreOpenError extends Error {}

export interface StoreTarget {
  /** postgres://… when set; otherwise SQLite in dataDir. */
  databaseUrl?: string;
  dataDir: string;
}

export interface OpenedDatabase {
  db: Kysely<ClassDatabase>;
  dialect: Dialect;
  /** Where the data is, for people ("data/class.sqlite", "PostgreSQL at host:port/db"). */
  where: string;
}

export const SQLITE_FILE = "class.sqlite";

// Times are bigint in PostgreSQL; pg would give them as strings. They stay below 2^53.
const pgTypes = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === 20) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/** Distinct statements kept prepared: the class's queries are a few dozen, a few vary in length. */
const STATEMENTS_KEPT = 200;

/**
 * The database as Kysely's SQLite dialect sees it, each statement prepared once: Kysely prepares
 * every query it runs, and with 200 students saving every 2 s preparing was a tenth of the lab's
 * CPU (a profile of `npm run bench -- --only class`). A statement still being iterated (busy) is
 * not handed out twice.
 */
function preparedOnce(handle: Sqlite.Database): SqliteDatabase {
  const kept = new Map<string, Sqlite.Statement>();
  return {
    close: () => handle.close(),
    prepare(sql: string) {
      const known = kept.get(sql);
      if (known && !known.busy) return known;
      const statement = handle.prepare(sql);
      if (!known) {
        if (kept.size >= STATEMENTS_KEPT) kept.delete(kept.keys().next().value!);
        kept.set(sql, statement);
      }
      return statement;
    },
  };
}

function openSqlite(dataDir: string): OpenedDatabase {
  const file = join(dataDir, SQLITE_FILE);
  let handle: Sqlite.Database;
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    handle = new Sqlite(file);
    // WAL: readers (the board, a backup) do not block a save, and a save is one fsync'd append.
    handle.pragma("journal_mode = WAL");
    handle.pragma("synchronous = NORMAL");
    handle.pragma("foreign_keys = ON");
    handle.pragma("busy_timeout = 5000");
  } catch (error) {
    const why = (error as Error).message;
    throw new StoreOpenError(
      `The class database ${file} could not be opened (${why}). ` +
        `Check that LAB_DATA_DIR (${dataDir}) is a folder this user can write, with free space, and that ${SQLITE_FILE} in it is a SQLite file (move a damaged one aside).`,
    );
  }
  return { db: new Kysely<ClassDatabase>({ dialect: new SqliteDialect({ database: preparedOnce(handle) }) }), dialect: "sqlite", where: file };
}

function openPostgres(url: string): OpenedDatabase {
  let where: string;
  try {
    const u = new URL(url);
    where = `PostgreSQL at ${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    throw new StoreOpenError("DATABASE_URL is not a URL: write it like postgres://user:password@host:5432/database, or unset it to use SQLite.");
  }
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5000, types: pgTypes });
  // A pool's idle client that loses its server emits 'error'; unhandled, it would end the lab.
  pool.on("error", () => {});
  return { db: new Kysely<ClassDatabase>({ dialect: new PostgresDialect({ pool }) }), dialect: "postgres", where };
}

function migrator(opened: OpenedDatabase): Migrator {
  const all = migrations(opened.dialect);
  return new Migrator({ db: opened.db, provider: { getMigrations: async (): Promise<Record<string, Migration>> => all } });
}

/** Brings the database to `target` (a migration name) or to the newest version. */
export async function migrate(opened: OpenedDatabase, target?: string): Promise<void> {
  const m = migrator(opened);
  const { error } = target ? await m.migrateTo(target) : await m.migrateToLatest();
  if (error) throw error;
}

/** The database as it is, not migrated (tests use it to make a database of an earlier version). */
export function connect(target: StoreTarget): OpenedDatabase {
  return target.databaseUrl ? openPostgres(target.databaseUrl) : openSqlite(target.dataDir);
}

export async function openDatabase(target: StoreTarget): Promise<OpenedDatabase> {
  const opened = connect(target);
  try {
    await migrate(opened);
  } catch (error) {
    await opened.db.destroy().catch(() => {});
    throw new StoreOpenError(explain(opened, error as Error & { code?: string }));
  }
  return opened;
}

function explain(opened: OpenedDatabase, error: Error & { code?: string }): string {
  const start = `The class database (${opened.where}) could not be opened: ${error.message}.`;
  if (opened.dialect === "sqlite") return `${start} Check the file and its folder (LAB_DATA_DIR), or move a damaged file aside to start a new one.`;
  if (error.code === "ECONNREFUSED") return `${start} Is PostgreSQL running and listening there? Start it, or unset DATABASE_URL to use SQLite.`;
  if (error.code === "28P01" || error.code === "28000") return `${start} The user name or password in DATABASE_URL is wrong.`;
  if (error.code === "3D000") return `${start} Create the database first (createdb), or name an existing one in DATABASE_URL.`;
  return `${start} Check DATABASE_URL, or unset it to use SQLite.`;
}
