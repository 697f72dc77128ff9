// `npm start`: the whole lab in one process on one port: the Next.js pages and the WebSockets.
import next from "next";
import { networkInterfaces } from "node:os";

// The lab works offline: Next must not try to send telemetry from a classroom.
process.env.NEXT_TELEMETRY_DISABLED = "1";
import { buildLab } from "./build-lab";
import { ConfigError } from "./config";
import { LAB_ROOT } from "./paths";
import { PythonMissingError } from "./sandbox/python";

/** This machine's IPv4 addresses on its networks (what an instructor gives the class). */
function networkAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && a.family === "IPv4" && !a.internal)
    .map((a) => a!.address);
}

async function main(): Promise<void> {
  const { config, python, lab, server, listen, database, instructorKey } = await buildLab({
    secret: "state",
    pages: async (config) => {
      const app = next({ dev: config.dev, dir: LAB_ROOT, hostname: config.host, port: config.port });
      await app.prepare();
      return { request: app.getRequestHandler(), upgrade: config.dev ? app.getUpgradeHandler() : undefined };
    },
  });
  const { sandbox } = lab;

  let base: string;
  try {
    base = await listen();
  } catch (error) {
    await lab.close();
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new Error(`port ${config.port} is already in use: stop what uses it, or start the lab on another port with PORT=3001 npm start`);
    }
    throw error;
  }
  server.on("error", (error: NodeJS.ErrnoException) => {
    console.error(`The lab server failed: ${error.message}`);
    void lab.close().then(() => process.exit(1));
  });
  const port = new URL(base).port;
  const everywhere = config.host === "0.0.0.0" || config.host === "::";
  console.log(`Chat Server Lab is ready on http://${everywhere ? "127.0.0.1" : config.host}:${port}`);
  if (everywhere) {
    const urls = networkAddresses().map((a) => `http://${a}:${port}`);
    console.log(urls.length ? `  Students open: ${urls.join("  or  ")}` : "  This machine has no network address yet: students cannot reach it until it does.");
  }
  console.log(`  Instructor: http://${everywhere ? (networkAddresses()[0] ?? "127.0.0.1") : config.host}:${port}/instructor#key=${instructorKey}`);
  console.log(`  The class is kept in ${database}`);
  console.log(`  Python ${python.version} (${python.executable}); runs isolated: ${sandbox.isolation.isolated ? "yes" : "NO"} (${sandbox.isolation.description})`);
  if (sandbox.warning) {
    console.warn("\n  WARNING: WEAK SANDBOX. " + sandbox.warning);
    console.warn("  Students' programs are NOT isolated from each other or from this machine. Do not use this mode with a class.\n");
  }
  const hidden = lab.answers.states.flatMap((state, exercise) => (state === "hidden" ? [exercise] : []));
  if (hidden.length) console.log(`  The lab's answers (reference solutions and findings) are hidden for exercise${hidden.length === 1 ? "" : "s"} ${hidden.join(", ")}: release them from the class board.`);

  // The instructor's view of the class, in the console where the lab runs: a line a minute while
  // anything changes.
  let last = "";
  setInterval(() => {
    const s = lab.status();
    const line = `${s.pages} page${s.pages === 1 ? "" : "s"} open, ${s.programs} program${s.programs === 1 ? "" : "s"} running${s.startsWaiting ? ` (${s.startsWaiting} waiting to start)` : ""}, ${s.checks.running} check${s.checks.running === 1 ? "" : "s"} running${s.checks.waiting ? ` (${s.checks.waiting} waiting)` : ""}`;
    if (line === last) return;
    last = line;
    console.log(`${new Date().toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" })}  ${line}`);
  }, 60_000).unref();

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping every run, then exiting.`);
    server.close();
    const force = setTimeout(() => process.exit(1), 10_000);
    void lab.close().then(() => {
      clearTimeout(force);
      process.exit(0);
    });
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  if (error instanceof PythonMissingError) console.error(error.message);
  else if (error instanceof ConfigError) console.error(`The lab could not start: a setting is wrong.\n${error.message}`);
  else console.error(`The lab could not start: ${(error as Error).message}`);
  process.exit(1);
});
