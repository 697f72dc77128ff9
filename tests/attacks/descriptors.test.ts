// A lab started with extra open descriptors (a shell's `20</etc/hostname`, a service manager's
// socket): the student's program still starts with 0, 1 and 2 only, in the strong sandbox and in
// the weak mode. (Node marks descriptors below about 12 close-on-exec at its start, so the test
// uses 20 and 300. Nothing on the way closes them, bubblewrap included: before the supervisor closed
// them, the program found the lab's fds 20 and 300 open and could read the lab's file through them.)
import { expect, it } from "vitest";
import { LabClient } from "../support/lab-client";
import { startLabProcess } from "../support/lab-child-process";

const LIST_DESCRIPTORS = [
  "import os",
  "def is_open(fd):",
  "    try:",
  "        os.fstat(fd)",
  "        return True",
  "    except OSError:",
  "        return False",
  "print('open descriptors:', [fd for fd in range(4096) if is_open(fd)], flush=True)",
  "",
].join("\n");

// The weak mode's program also holds its port channel to the lab (its fd 3), which says where it listens.
// The tracer is off here: a traced program's tracer opens one socket of its own once running (not
// inherited; tests/trace/untrusted.test.ts checks it is the only one).
for (const [sandbox, expected] of [["strong", "[0, 1, 2]"], ["weak", "[0, 1, 2, 3]"]] as const) {
  it(`${sandbox} sandbox: a lab started with fds 20 and 300 open gives the program only ${expected}`, async () => {
    const lab = await startLabProcess({ overrides: { sandbox, trace: false }, redirect: "20</etc/hostname 300>/dev/null" });
    try {
      const client = await LabClient.connect(lab.base);
      const runId = await client.startSource(LIST_DESCRIPTORS, 1);
      await client.waitForState(runId, (s) => s.state === "exited", "the program to exit", 20_000);
      expect(client.output(runId)).toContain(`open descriptors: ${expected}\n`);
      client.close();
    } finally {
      expect(await lab.stop()).toBe(0);
    }
  });
}
