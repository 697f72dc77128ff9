// A real lab server (real sandbox, real sockets) on a free loopback port, without the pages.
import { buildLab } from "../../server/build-lab";
import type { LabConfig } from "../../server/config";
import type { Lab } from "../../server/lab";

export interface TestLab {
  lab: Lab;
  base: string;
  close(): Promise<void>;
}

export async function startTestLab(overrides: Partial<LabConfig> = {}): Promise<TestLab> {
  // CI proves the strong sandbox: a test run that silently fell back to the weak one would prove nothing.
  const built = await buildLab({ overrides: { host: "127.0.0.1", port: 0, sandbox: "strong", ...overrides }, secret: "fresh" });
  const base = await built.listen();
  return { lab: built.lab, base, close: () => built.close() };
}
