// The words both sides print: one function each, so the page and the lab cannot drift apart.
import { expect, it } from "vitest";
import { exitWords, describeState } from "./run-words";
import { telnet, telnetSays } from "./telnet";

it("a program's exit reads the same in the Run panel, the console and the checks", () => {
  expect(exitWords({ code: 1, signal: null })).toBe("exited with code 1");
  expect(exitWords({ code: 137, signal: null, reason: "killed: out of memory" })).toBe("exited with code 137 (killed: out of memory)");
  expect(exitWords({ code: null, signal: "SIGKILL" })).toBe("was killed by SIGKILL");
  expect(describeState({ state: "exited", code: 137, signal: null, reason: "killed: out of memory" }).text).toBe("exited with code 137 (killed: out of memory)");
});

it("telnet's lines are what the lab's status messages say", () => {
  expect(telnetSays("connecting", telnet.trying(8888), 8888)).toBe("Trying localhost port 8888...\n");
  expect(telnetSays("connected", telnet.connected(), 8888)).toBe("Connected to localhost.\nEscape character is '^]'.\n");
  expect(telnetSays("refused", telnet.refused, 8888)).toBe("telnet: Unable to connect to remote host: Connection refused\n");
  expect(telnetSays("closed", telnet.closedByPeer, 8888)).toBe("Connection closed by foreign host.\n");
});
