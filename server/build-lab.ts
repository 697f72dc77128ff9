// The one way a lab is put together: configuration → sandbox → lab → server. `npm start`, the check
// CLI, the tests and the benchmarks all build theirs here, so what they exercise is what a class gets.
import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AnswerRelease } from "./class/answer-release";
import { Classroom } from "./class/classroom";
import { instructorKey } from "./class/instructor-key";
import { readConfig, unknownSettings, type LabConfig } from "./config";
import { Lab } from "./lab";
import { createLabServer, type PageHandlers } from "./lab-server";
import { STATE_DIR } from "./paths";
import { createSandbox } from "./sandbox";
import type { Python } from "./sandbox/python";
import { TokenSigner } from "./sessions/session-token";
import { ClassStore } from "./store/class-store";
import { openDatabase } from "./store/open-store";

export interface BuildOptions {
  /** Where settings come from (default: this process's environment). */
  env?: Record<string, string | undefined>;
  /** Settings a test or benchmark fixes, over the environment's. */
  overrides?: Partial<LabConfig>;
  /** The site's pages, made once the configuration is known; none for a lab of sockets only. */
  pages?: (config: LabConfig) => Promise<PageHandlers>;
  /** "state": the secret kept in the state folder, so sessions outlive a restart; "fresh": a new one. */
  secret?: "state" | "fresh";
  /** Where warnings go (an unknown LAB_* variable, say). */
  warn?: (line: string) => void;
}

export interface BuiltLab {
  config: LabConfig;
  /** Where the class is kept, for people ("data/class.sqlite", "PostgreSQL at host:5432/lab"). */
  database: string;
  /** The instructor's key (printed at start as the /instructor link). */
  instructorKey: string;
  python: Python;
  lab: Lab;
  server: Server;
  /** Listens on the configured host and port (0: a free one); resolves with the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export async function buildLab(options: BuildOptions = {}): Promise<BuiltLab> {
  const env = options.env ?? process.env;
  const warn = options.warn ?? ((line) => console.warn(line));
  for (const name of unknownSettings(env)) warn(`${name} is not a setting of the lab and does nothing: README.md lists the settings.`);
  const config = { ...readConfig(env), ...options.overrides };
  // A test's or benchmark's lab ("fresh") keeps its class in a folder of its own unless told where.
  if (options.secret === "fresh" && !options.overrides?.dataDir && !env.LAB_DATA_DIR && !env.DATABASE_URL) {
    config.dataDir = mkdtempSync(join(tmpdir(), "lab-class-"));
  }
  const opened = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  const key = instructorKey(config.instructorKey, config.dataDir);
  const classroom = new Classroom(new ClassStore(opened.db, opened.dialect), config.classCode, key);
  await classroom.board.load(classroom.store);
  // LAB_REFERENCE sets the answers' state at start only when it is set (or a test fixes it).
  const referenceSet = env.LAB_REFERENCE !== undefined || options.overrides?.showReference !== undefined;
  const answers = await AnswerRelease.load(classroom.store, referenceSet ? config.showReference : undefined);
  let sandboxed;
  try {
    sandboxed = await createSandbox(config.limits, config.sandbox);
  } catch (error) {
    await opened.db.destroy();
    throw error;
  }
  const { sandbox, python } = sandboxed;
  const lab = new Lab(config, sandbox, classroom, answers);
  let server: Server;
  try {
    const pages = options.pages ? await options.pages(config) : null;
    const signer = options.secret === "fresh" ? new TokenSigner(randomBytes(32)) : TokenSigner.fromStateDir(STATE_DIR);
    server = createLabServer(lab, signer, pages);
  } catch (error) {
    await lab.close();
    throw error;
  }
  return {
    config,
    database: opened.where,
    instructorKey: key,
    python,
    lab,
    server,
    listen() {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(config.port, config.host, () => {
          server.off("error", reject);
          const { port } = server.address() as AddressInfo;
          resolve(`http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`);
        });
      });
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await lab.close();
    },
  };
}
