// The two databases the class store runs on, for tests: a SQLite file in a fresh folder, and a
// fresh database in a real PostgreSQL. PostgreSQL is TEST_DATABASE_URL when set (.ci/run sets
// it); otherwise a throwaway cluster is started once (scripts/test-postgres.sh). PostgreSQL tests
// never skip: a machine without it fails them, saying how to get it.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { StoreTarget } from "@/server/store/open-store";

export interface TestDatabase {
  name: "sqlite" | "postgres";
  target: StoreTarget;
  drop(): Promise<void>;
}

const LOCAL_CLUSTER = join(tmpdir(), "chat-server-lab-pg");
const LOCAL_PORT = "55439";

let adminUrl: string | undefined;

function postgresAdminUrl(): string {
  if (adminUrl) return adminUrl;
  const given = process.env.TEST_DATABASE_URL;
  if (given) return (adminUrl = given);
  try {
    const script = join(import.meta.dirname, "../../scripts/test-postgres.sh");
    // flock: two test files may ask at once; the second finds the cluster running. -o: the
    // server it starts must not inherit (and hold forever) the lock.
    adminUrl = execFileSync("flock", ["-o", `${LOCAL_CLUSTER}.lock`, script, LOCAL_CLUSTER, LOCAL_PORT], { encoding: "utf8" }).trim();
    return adminUrl;
  } catch (error) {
    throw new Error(
      `No PostgreSQL for the store tests: set TEST_DATABASE_URL, or install Debian's postgresql (apt-get install postgresql) and run the tests as root. ${(error as Error).message}`,
    );
  }
}

export async function sqliteDatabase(): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), "lab-store-"));
  return { name: "sqlite", target: { dataDir }, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
}

export async function postgresDatabase(): Promise<TestDatabase> {
  const admin = postgresAdminUrl();
  const name = `lab_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    name: "postgres",
    target: { databaseUrl: url.toString(), dataDir: "/nonexistent" },
    async drop() {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export const DATABASES = [
  ["sqlite", sqliteDatabase],
  ["postgres", postgresDatabase],
] as const;
