// A real lab server (real sandbox, real sockets) on a free loopback port, without the pages.
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { readConfig, type LabConfig } from "../../server/config";
import { Lab } from "../../server/lab";
import { createLabServer } from "../../server/lab-server";
import { createSandbox } from "../../server/sandbox";
import { TokenSigner } from "../../server/sessions/session-token";

export interface TestLab {
  lab: Lab;
  base: string;
  close(): Promise<void>;
}

export async function startTestLab(overrides: Partial<LabConfig> = {}): Promise<TestLab> {
  const config = { ...readConfig(), ...overrides };
  // CI proves the strong sandbox: a test run that silently fell back to the weak one would prove nothing.
  const { sandbox } = await createSandbox(config.limits, overrides.sandbox ?? "strong");
  const lab = new Lab(config, sandbox);
  const server = createLabServer(lab, new TokenSigner(randomBytes(32)), null);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    lab,
    base: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      server.close();
      await lab.close();
    },
  };
}
