// Attacks on the lab's front door: WebSocket upgrades without a token, with a forged one, with a
// real one from a foreign page; terminals aimed at another session's run, another host or port;
// malformed requests. Each is refused with a status that says why, and the lab keeps serving.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LabClient, upgradeStatus } from "../support/lab-client";
import { Terminal } from "../support/terminal";
import type { TestLab } from "../support/lab-server";
import { Bystander, ECHO_SERVER, expectNothingLeft, hostSnapshot, labRun, launch, startAttackLab, type HostSnapshot } from "./support";
import { waitUntil } from "../support/wait";

let lab: TestLab;
let before: HostSnapshot;
let alice: LabClient;
let aliceRun: string;
let bystander: Bystander;
beforeAll(async () => {
  before = hostSnapshot();
  lab = await startAttackLab({}, { terminalsPerRun: 3 });
  alice = await LabClient.connect(lab.base);
  aliceRun = (await launch(lab, ECHO_SERVER, { client: alice, ready: "echo ready" })).runId;
  await alice.waitListening(aliceRun);
  bystander = await Bystander.connect(lab.base);
});
afterAll(async () => {
  bystander?.close();
  alice?.close();
  await lab?.close();
  expectNothingLeft(before);
});

const terminalPath = (runId: string, port: number | string, extra = "") => `/ws/terminal?run=${encodeURIComponent(runId)}&port=${port}${extra}`;

/** The raw answer to a hand-written upgrade request: its status line. */
function rawUpgrade(requestLine: string, headers: string[] = []): Promise<string> {
  const port = Number(new URL(lab.base).port);
  return new Promise((resolve) => {
    let got = "";
    const socket = net.connect(port, "127.0.0.1", () =>
      socket.write([requestLine, `Host: 127.0.0.1:${port}`, "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", ...headers, "", ""].join("\r\n")),
    );
    socket.on("data", (d) => (got += d));
    socket.on("close", () => resolve(got.split("\r\n")[0]));
    socket.on("error", () => {});
    setTimeout(() => socket.destroy(), 2000);
  });
}

describe.concurrent("who may open the lab's sockets", () => {
  it("no token: 403 on both sockets", async () => {
    expect(await upgradeStatus(lab.base, "/ws/lab", { origin: lab.base })).toBe(403);
    expect(await upgradeStatus(lab.base, terminalPath(aliceRun, 8888), { origin: lab.base })).toBe(403);
    expect(await rawUpgrade("GET /ws/lab HTTP/1.1", [`Origin: ${lab.base}`])).toBe("HTTP/1.1 403 Forbidden: no valid session; reload the page");
  });

  it("a stolen-looking token (right shape, wrong signature) or a spliced one: 403", async () => {
    const [id, signature] = alice.cookie.split("=")[1].split(".");
    const mallory = await LabClient.connect(lab.base);
    const [malloryId, mallorySignature] = mallory.cookie.split("=")[1].split(".");
    const forged = [
      `${id}.${"A".repeat(22)}`,
      `${id}.${signature.slice(0, 21)}${signature[21] === "A" ? "B" : "A"}`,
      `${malloryId}.${signature}`,
      `${id}.${mallorySignature}`,
      `${id}.${signature}x`,
      `${id}`,
    ];
    for (const token of forged) {
      expect(await upgradeStatus(lab.base, "/ws/lab", { cookie: `lab_session=${token}`, origin: lab.base }), token).toBe(403);
      expect(await upgradeStatus(lab.base, terminalPath(aliceRun, 8888), { cookie: `lab_session=${token}`, origin: lab.base }), token).toBe(403);
    }
    mallory.close();
  });

  it("a real token from a foreign page (cross-site WebSocket hijacking), or with no Origin: 403", async () => {
    const port = new URL(lab.base).port;
    const origins = ["http://evil.example", `http://127.0.0.1:${port}.evil.example`, `http://127.0.0.1:${port}@evil.example`, `http://evil.example/127.0.0.1:${port}`, "null", "", "file://"];
    for (const origin of origins) {
      const headers: Record<string, string> = { cookie: alice.cookie };
      if (origin) headers.origin = origin;
      expect(await upgradeStatus(lab.base, "/ws/lab", headers), origin).toBe(403);
      expect(await upgradeStatus(lab.base, terminalPath(aliceRun, 8888), headers), origin).toBe(403);
    }
    expect(await rawUpgrade("GET /ws/lab HTTP/1.1", [`Cookie: ${alice.cookie}`, "Origin: http://evil.example"])).toBe("HTTP/1.1 403 Forbidden: the lab's sockets open only from the lab's own pages");
    // The real page's origin still gets in.
    expect(await upgradeStatus(lab.base, "/ws/lab", { cookie: alice.cookie, origin: lab.base })).toBe(101);
  });

  it("malformed upgrade requests get 400 or 404, and the lab keeps serving", async () => {
    for (const line of ["GET http://[/ws/lab HTTP/1.1", "GET //[::1 HTTP/1.1", "GET http://[::1/ws/terminal HTTP/1.1"]) expect(await rawUpgrade(line, [`Cookie: ${alice.cookie}`, `Origin: ${lab.base}`]), line).toBe("HTTP/1.1 400 Bad Request");
    expect(await rawUpgrade("GET /ws/other HTTP/1.1", [`Cookie: ${alice.cookie}`, `Origin: ${lab.base}`])).toBe("HTTP/1.1 404 Not Found");
    expect(await rawUpgrade("GET /ws/lab HTTP/1.1", [`Cookie: ${alice.cookie}`, `Origin: ${lab.base}`, "Sec-WebSocket-Key: short"])).toMatch(/^HTTP\/1.1 (400|101)/);
    expect((await fetch(`${lab.base}/healthz`)).status).toBe(200);
    await bystander.chat();
  });

  it("more than 32 open pages of one session: the 33rd is refused with 429", async () => {
    const carol = await LabClient.connect(lab.base);
    const pages = [carol];
    for (let i = 1; i < 32; i++) pages.push(await LabClient.connect(lab.base, carol.cookie));
    expect(await upgradeStatus(lab.base, "/ws/lab", { cookie: carol.cookie, origin: lab.base })).toBe(429);
    pages.pop()!.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(await upgradeStatus(lab.base, "/ws/lab", { cookie: carol.cookie, origin: lab.base })).toBe(101);
    for (const page of pages) page.close();
  });
});

// One after another: they share alice's run, which allows 3 terminals at once.
describe("where a terminal may go", () => {
  it("another session's run: 404, and commands for it say no-such-run", async () => {
    const mallory = await LabClient.connect(lab.base);
    expect(await upgradeStatus(lab.base, terminalPath(aliceRun, 8888), { cookie: mallory.cookie, origin: lab.base })).toBe(404);
    expect(await rawUpgrade(`GET ${terminalPath(aliceRun, 8888)} HTTP/1.1`, [`Cookie: ${mallory.cookie}`, `Origin: ${lab.base}`])).toBe("HTTP/1.1 404 Not Found: no such run in your session");
    for (const message of [{ type: "run.stop", runId: aliceRun }, { type: "run.stdin", runId: aliceRun, data: "hi\n" }, { type: "run.eof", runId: aliceRun }] as const) {
      const seen = mallory.messages.length;
      mallory.send(message);
      const error = await mallory.waitFor((m) => mallory.messages.indexOf(m) >= seen && m.type === "error" && m, 5000, "an error");
      expect(error).toEqual({ type: "error", code: "no-such-run", message: "That run is not in your session any more: press Run to start it again." });
    }
    // Alice's run is untouched.
    const terminal = await alice.terminal(aliceRun);
    terminal.typeLine("still alice's");
    await terminal.waitText("still alice's\r\n");
    terminal.close();
    mallory.close();
  });

  it("host parameters are ignored: the run's own loopback is the only destination", async () => {
    const listener = net.createServer((s) => s.end("host service\r\n"));
    await new Promise<void>((r) => listener.listen(0, "127.0.0.1", r));
    const hostPort = (listener.address() as net.AddressInfo).port;
    let reached = 0;
    listener.on("connection", () => reached++);
    try {
      // With a host named, the terminal still reaches alice's own echo server on 8888.
      for (const extra of ["&host=192.0.2.1", "&host=127.0.0.1&hostname=evil.example", "&target=192.0.2.1:8888"]) {
        const status = await upgradeStatus(lab.base, terminalPath(aliceRun, 8888, extra), { cookie: alice.cookie, origin: lab.base });
        expect(status).toBe(101);
      }
      await waitUntil(() => labRun(lab, aliceRun).terminals === 0, "alice's terminals to close", 5000);
      const viaHostParam = await Terminal.open(alice, `run=${encodeURIComponent(aliceRun)}&port=8888&host=192.0.2.1`);
      await viaHostParam.waitStatus("connected");
      viaHostParam.typeLine("own loopback");
      await viaHostParam.waitText("own loopback\r\n");
      viaHostParam.close();
      expect(viaHostParam.text).toBe("own loopback\r\n");
      // The host's own services on its loopback, through the run's port parameter: refused.
      for (const port of [hostPort, Number(new URL(lab.base).port)]) {
        const terminal = await alice.terminal(aliceRun, port);
        await terminal.waitStatus("refused");
        expect(terminal.statuses.at(-1)).toEqual({ type: "status", status: "refused", message: "Connection refused" });
      }
      expect(reached).toBe(0);
    } finally {
      listener.close();
    }
  });

  it("ports outside 1-65535 or not numbers: 400; an unknown run: 404", async () => {
    for (const port of ["0", "65536", "-1", "abc", "", "8888.5", "1e9", "%00"]) {
      expect(await upgradeStatus(lab.base, terminalPath(aliceRun, port), { cookie: alice.cookie, origin: lab.base }), port).toBe(400);
    }
    for (const run of ["", "run-does-not-exist", "../../etc/passwd", "r1-1", "%00"]) {
      expect(await upgradeStatus(lab.base, `/ws/terminal?run=${run}&port=8888`, { cookie: alice.cookie, origin: lab.base }), run).toBe(404);
    }
  });

  it("more terminals on one run than allowed: 429; a finished run's terminal: Connection refused", async () => {
    const dave = await LabClient.connect(lab.base);
    const run = await launch(lab, ECHO_SERVER, { client: dave, ready: "echo ready" });
    await dave.waitListening(run.runId);
    const open = [await dave.terminal(run.runId), await dave.terminal(run.runId), await dave.terminal(run.runId)];
    for (const t of open) await t.waitStatus("connected");
    expect(await upgradeStatus(lab.base, terminalPath(run.runId, 8888), { cookie: dave.cookie, origin: lab.base })).toBe(429);
    for (const t of open) t.close();
    dave.send({ type: "run.stop", runId: run.runId });
    await dave.waitForState(run.runId, (s) => s.state === "stopped", "stopped");
    const late = await dave.terminal(run.runId);
    await late.waitStatus("refused");
    expect(late.statuses.at(-1)?.message).toBe("Connection refused");
    dave.close();
  });
});

describe("after all that", () => {
  it("a bystander starts a run and chats; alice's run still echoes", async () => {
    await bystander.chat();
    const terminal = await alice.terminal(aliceRun);
    terminal.typeLine("goodbye");
    await terminal.waitText("goodbye\r\n");
    terminal.close();
  });
});
