// `npm run export [-- FOLDER]`: writes the class (students, work, progress) as JSON and the progress
// as CSV into FOLDER (default: exports/), from the database the lab uses (LAB_DATA_DIR's SQLite
// file, or DATABASE_URL). It only reads, so it may run while the lab does.
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { readConfig } from "../server/config";
import { exportClass } from "../server/store/class-export";
import { ClassStore } from "../server/store/class-store";
import { openDatabase } from "../server/store/open-store";

async function main(): Promise<void> {
  const config = readConfig();
  const folder = resolve(process.argv[2] ?? "exports");
  const opened = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  try {
    console.log(`Reading the class from ${opened.where}…`);
    const { json, csv } = await exportClass(new ClassStore(opened.db, opened.dialect));
    mkdirSync(folder, { recursive: true });
    const stamp = json.exportedAt.replace(/[:.]/g, "-");
    const jsonFile = join(folder, `class-${stamp}.json`);
    const csvFile = join(folder, `progress-${stamp}.csv`);
    writeFileSync(jsonFile, JSON.stringify(json, null, 2) + "\n", { mode: 0o600 });
    writeFileSync(csvFile, csv, { mode: 0o600 });
    console.log(`${json.students.length} student${json.students.length === 1 ? "" : "s"} written to:\n  ${jsonFile}\n  ${csvFile}`);
  } finally {
    await opened.db.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(`The class could not be exported: ${(error as Error).message}`);
  process.exit(1);
});
