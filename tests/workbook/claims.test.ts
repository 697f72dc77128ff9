// The workbook's claims about how TCP and Python behave, each shown by a program run here (in a
// fresh network namespace of its own: root, so a system test, not with the unit tier's content
// checks) and each checked against what the exercise's text says. Experiments: claims/*.py.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const CLAIMS = join(__dirname, "claims");
const exercise = (n: number) => readFileSync(join(__dirname, "..", "..", "content", "exercises", `${n}.md`), "utf8").replace(/\s+/g, " ");

/** Run an experiment with its own loopback and no other network; it prints one JSON object. */
function experiment(file: string, ...args: string[]): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const script = `ip link set lo up && exec /usr/bin/python3 -u "$0" "$@"`;
    execFile("unshare", ["--net", "sh", "-c", script, join(CLAIMS, file), ...args], { timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${file}: ${error.message}\n${stderr}`));
      else resolve(JSON.parse(stdout.trim().split("\n").at(-1)!));
    });
  });
}

describe.concurrent("the workbook's claims hold", () => {
  it("listen(1) lets two connections complete while the server is busy with a client; a third waits (exercises 1, 2)", async () => {
    expect(await experiment("listen_backlog.py")).toEqual({ later_clients: 4, completed: 2, accepted_when_free: 2 });
    expect(exercise(1)).toMatch(/with `listen\(1\)`, two connections complete and wait, and a third cannot finish connecting/);
    expect(exercise(2)).toMatch(/two connections could wait in the queue while one client was being served\. A third could not finish connecting/);
  });

  it("a server stopped while its client is connected leaves FIN-WAIT-2 (then TIME_WAIT), and bind fails (exercise 2)", async () => {
    expect(await experiment("restart_state.py")).toEqual({
      stopped_while_connected: { states: ["FIN_WAIT2"], bind_fails: true },
      after_client_closed: { states: ["TIME_WAIT"], bind_fails: true },
    });
    expect(exercise(2)).toMatch(/in the TCP state FIN-WAIT-2.*Once the client closes, it waits a while longer in TIME_WAIT/);
  });

  it("chatserver2 without close() keeps no socket per client; one that keeps references does (exercise 2)", async () => {
    const source = readFileSync(join(__dirname, "..", "..", "content", "programs", "chatserver2.py"), "utf8");
    const noClose = source.replace(/^.*SOCKET\.close\(\).*\n/m, "");
    const keeps = noClose.replace(/^import socket$/m, "import socket\nKEPT = []").replace(/^( +)def run\(self\):$/m, "$1def run(self):\n$1    KEPT.append(self.SOCKET)");
    expect(noClose).not.toMatch(/close\(\)/);
    expect(keeps).toMatch(/KEPT\.append/);
    const dir = mkdtempSync(join(tmpdir(), "claims-"));
    const write = (name: string, text: string) => (writeFileSync(join(dir, name), text), join(dir, name));
    try {
      expect(await experiment("socket_per_client.py", write("no_close.py", noClose))).toEqual({ clients: 4, close_wait: 0 });
      expect(await experiment("socket_per_client.py", write("keeps.py", keeps))).toEqual({ clients: 4, close_wait: 4 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(exercise(2)).toMatch(/Without it, this program would still not pile up sockets: CPython closes a socket as soon as nothing refers to it/);
  });

  it("a client whose machine crashes sends nothing: the server is not told; a closed or reset client is (exercise 4)", async () => {
    expect(await experiment("crashed_client.py")).toEqual({ machine_crashed: "nothing within 2 s", closed: 'end of stream (b"")', reset: "ConnectionResetError" });
    expect(exercise(4)).toMatch(/A client whose whole machine crashes \(or whose cable is pulled\) sends nothing at all: the server is not told/);
    expect(exercise(4)).not.toMatch(/machine crashes, or which is killed with unread data waiting, is reset the same way/);
  });

  it("list.append loses nothing under the GIL; a walk skips the client after one removed before it (exercise 5)", async () => {
    expect(await experiment("shared_list.py")).toEqual({
      appends: { appended: 400_000, in_list: 400_000 },
      walk_reached: ["client 1", "client 2", "client 3", "client 5"],
      still_connected: ["client 2", "client 3", "client 4", "client 5"],
    });
    expect(exercise(5)).toMatch(/Eight threads appending 50,000 times each, with Python switching threads every microsecond, left exactly 400,000 items/);
    expect(exercise(5)).toMatch(/skips the next client/);
  });

  it("recv(1024) returns what has arrived, up to 1024 bytes: a long line in pieces, a line typed in two goes in two (exercise 1)", async () => {
    expect(await experiment("recv_pieces.py")).toEqual({ long_line_pieces: [1024, 1024, 954], partial: ["hel", "lo\r\n"] });
    expect(exercise(1)).toMatch(/`recv\(1024\)` returns whatever bytes have arrived, not lines: a paste longer than 1024 bytes arrives in pieces/);
  });

  it("the text explains telnet's CR LF and that the tutorial is Python 2 (exercise 1)", () => {
    expect(exercise(1)).toMatch(/the Telnet protocol \(RFC 854\) defines the end of a line as CR LF/);
    expect(exercise(1)).toMatch(/The original tutorial is written in Python 2, and the lab runs Python 3/);
  });
});
