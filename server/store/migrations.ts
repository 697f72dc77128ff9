// Versioned migrations, applied in order at start (Kysely's Migrator keeps what was applied in
// kysely_migration). Never edit a released migration: add the next one. Each is written once for
// both databases; where their types differ (auto-increment ids, bigint times) `dialect` decides.
import { sql, type Kysely, type Migration } from "kysely";

export type Dialect = "sqlite" | "postgres";

// Milliseconds since 1970 pass 2^31: PostgreSQL needs bigint; SQLite's integer is 64-bit already.
const time = (d: Dialect) => (d === "postgres" ? "bigint" : "integer");

// Kysely's own docs type migrations with Kysely<any>: a migration must not depend on today's types.
export function migrations(dialect: Dialect): Record<string, Migration> {
  const id = dialect === "postgres" ? sql`bigserial primary key` : sql`integer primary key autoincrement`;
  return {
    "001-students-and-work": {
      async up(db: Kysely<any>) {
        await db.schema
          .createTable("students")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("name_key", "text", (c) => c.notNull().unique())
          .addColumn("code", "text", (c) => c.notNull().unique())
          .addColumn("created_at", time(dialect), (c) => c.notNull())
          .addColumn("last_seen_at", time(dialect), (c) => c.notNull())
          .execute();
        await db.schema
          .createTable("sessions")
          .addColumn("session_id", "text", (c) => c.primaryKey())
          .addColumn("student_id", "text", (c) => c.notNull().references("students.id").onDelete("cascade"))
          .addColumn("created_at", time(dialect), (c) => c.notNull())
          .execute();
        await db.schema
          .createTable("work")
          .addColumn("student_id", "text", (c) => c.notNull().references("students.id").onDelete("cascade"))
          .addColumn("exercise", "integer", (c) => c.notNull())
          .addColumn("item", "text", (c) => c.notNull())
          .addColumn("text", "text", (c) => c.notNull())
          .addColumn("version", "integer", (c) => c.notNull())
          .addColumn("updated_at", time(dialect), (c) => c.notNull())
          .addPrimaryKeyConstraint("work_pk", ["student_id", "exercise", "item"])
          .execute();
        await db.schema
          .createTable("history")
          .addColumn("id", id)
          .addColumn("student_id", "text", (c) => c.notNull().references("students.id").onDelete("cascade"))
          .addColumn("exercise", "integer", (c) => c.notNull())
          .addColumn("item", "text", (c) => c.notNull())
          .addColumn("text", "text", (c) => c.notNull())
          .addColumn("reason", "text", (c) => c.notNull())
          .addColumn("created_at", time(dialect), (c) => c.notNull())
          .execute();
        await db.schema.createIndex("history_by_work").on("history").columns(["student_id", "exercise", "item", "id"]).execute();
      },
    },
    "002-checks-and-settings": {
      async up(db: Kysely<any>) {
        await db.schema
          .createTable("check_runs")
          .addColumn("id", id)
          .addColumn("student_id", "text", (c) => c.notNull().references("students.id").onDelete("cascade"))
          .addColumn("exercise", "integer", (c) => c.notNull())
          .addColumn("passed", "integer", (c) => c.notNull())
          .addColumn("failed_check", "text")
          .addColumn("created_at", time(dialect), (c) => c.notNull())
          .execute();
        await db.schema.createIndex("check_runs_by_student").on("check_runs").columns(["student_id", "exercise"]).execute();
        await db.schema
          .createTable("lab_settings")
          .addColumn("key", "text", (c) => c.primaryKey())
          .addColumn("value", "text", (c) => c.notNull())
          .execute();
      },
    },
    "003-help-requests": {
      async up(db: Kysely<any>) {
        // One open request per student ("Ask for help"): waiting, then helping; done deletes it.
        await db.schema
          .createTable("help_requests")
          .addColumn("student_id", "text", (c) => c.primaryKey().references("students.id").onDelete("cascade"))
          .addColumn("message", "text", (c) => c.notNull())
          .addColumn("state", "text", (c) => c.notNull())
          .addColumn("asked_at", time(dialect), (c) => c.notNull())
          .addColumn("updated_at", time(dialect), (c) => c.notNull())
          .execute();
      },
    },
  };
}
