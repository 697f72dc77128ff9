// The host inspector reads both cgroup layouts: a process's cgroup file on v1 (one line per
// hierarchy) and on v2 (one "0::" line), so "no process of this run" holds on either host.
import { expect, it } from "vitest";
import { inRunCgroup } from "./host";

const v1 = "12:pids:/chat-server-lab/r1a2b-3\n5:cpu,cpuacct:/chat-server-lab/r1a2b-3\n4:memory:/chat-server-lab/r1a2b-3\n1:name=systemd:/system.slice/lab.service\n";
const v2 = "0::/chat-server-lab/r1a2b-3\n";

it("finds a run's processes by its sandbox id on cgroup v1 and v2", () => {
  for (const cgroup of [v1, v2]) {
    expect(inRunCgroup({ cgroup }, "r1a2b-3")).toBe(true);
    expect(inRunCgroup({ cgroup }, "r1a2b-30")).toBe(false);
    expect(inRunCgroup({ cgroup }, "r1a2b-", false)).toBe(true);
    expect(inRunCgroup({ cgroup }, "r9-", false)).toBe(false);
  }
});

it("a process outside every run's cgroup (an escapee, or the lab itself) is in none", () => {
  expect(inRunCgroup({ cgroup: "0::/user.slice/user-0.slice/session-1.scope\n" }, "r1a2b-", false)).toBe(false);
  expect(inRunCgroup({ cgroup: "4:memory:/\n12:pids:/system.slice\n" }, "r1a2b-", false)).toBe(false);
});
