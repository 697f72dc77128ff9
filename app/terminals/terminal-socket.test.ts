// The terminal socket against a stand-in WebSocket: URL, status messages, big pastes, end of file.
import { describe, expect, test, vi } from "vitest";
import { MAX_TERMINAL_FRAME_BYTES } from "@/shared/protocol";
import { TerminalSocket, terminalSocketUrl } from "./terminal-socket";

class FakeSocket {
  binaryType = "blob";
  readyState = 0;
  bufferedAmount = 0;
  sent: Array<Uint8Array | string> = [];
  closedWith: number | null = null;
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: Uint8Array | string) {
    this.sent.push(data);
    if (typeof data !== "string") this.bufferedAmount += data.length;
  }
  close(code: number) {
    this.closedWith = code;
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  status(status: string, message = "") {
    this.onmessage?.({ data: JSON.stringify({ type: "status", status, message }) });
  }
}

function setup() {
  const sockets: FakeSocket[] = [];
  const statuses: string[] = [];
  const data: number[][] = [];
  const terminal = new TerminalSocket(
    { onStatus: (status, message) => statuses.push(`${status}: ${message}`), onData: (bytes) => data.push([...bytes]) },
    (url) => {
      sockets.push(new FakeSocket(url));
      return sockets.at(-1) as unknown as WebSocket;
    },
  );
  terminal.connect("ws://lab/ws/terminal?run=r1&port=8888");
  return { terminal, socket: sockets[0]!, sockets, statuses, data };
}

describe("terminal socket", () => {
  test("the URL is on the page's own host, wss: under https", () => {
    expect(terminalSocketUrl({ protocol: "http:", host: "lab:3000" }, { runId: "run 1", port: 8888 })).toBe("ws://lab:3000/ws/terminal?run=run+1&port=8888");
    expect(terminalSocketUrl({ protocol: "https:", host: "lab.example" }, { runId: "r", port: 9000 })).toBe("wss://lab.example/ws/terminal?run=r&port=9000");
    expect(terminalSocketUrl({ protocol: "http:", host: "lab:3000" }, { shareId: "abc_-", port: 8888 })).toBe("ws://lab:3000/ws/terminal?share=abc_-");
  });

  test("status messages are reported; bytes wait for the TCP connection", () => {
    const { terminal, socket, statuses, data } = setup();
    expect(socket.binaryType).toBe("arraybuffer");
    socket.open();
    terminal.send(new TextEncoder().encode("early\r\n"));
    expect(socket.sent).toEqual([]);
    socket.status("connected", "Connected to localhost port 8888.");
    expect(socket.sent.map((frame) => new TextDecoder().decode(frame as Uint8Array))).toEqual(["early\r\n"]);
    socket.onmessage?.({ data: Uint8Array.from([104, 105]).buffer });
    expect(data).toEqual([[104, 105]]);
    socket.onmessage?.({ data: "not json" }); // ignored, with a warning
    expect(statuses).toEqual(["connecting: Trying…", "connected: Connected to localhost port 8888."]);
  });

  test("a big paste goes out in frames the server accepts, pausing while the socket is full", () => {
    vi.useFakeTimers();
    try {
      const { terminal, socket } = setup();
      socket.open();
      socket.status("connected");
      terminal.send(new Uint8Array(MAX_TERMINAL_FRAME_BYTES * 6 + 5));
      terminal.sendEof();
      // 256 KiB may wait in the socket: four frames, then the rest waits.
      expect(socket.sent.map((frame) => frame.length)).toEqual(Array(4).fill(MAX_TERMINAL_FRAME_BYTES));
      socket.bufferedAmount = 0;
      vi.advanceTimersByTime(30);
      expect(socket.sent.slice(4).map((frame) => frame.length)).toEqual([MAX_TERMINAL_FRAME_BYTES, MAX_TERMINAL_FRAME_BYTES, 5, 14]);
      expect(socket.sent.at(-1)).toBe('{"type":"eof"}'); // after every byte typed before it
    } finally {
      vi.useRealTimers();
    }
  });

  test("refused, closed by the server, or never opened: one status each, telnet's words", () => {
    const a = setup();
    a.socket.open();
    a.socket.status("refused", "Connection refused");
    a.socket.onclose?.({ code: 1000, reason: "connection refused" });
    expect(a.statuses.at(-1)).toBe("refused: Connection refused");
    expect(a.statuses).toHaveLength(2);

    const b = setup();
    b.socket.open();
    b.socket.status("connected");
    b.socket.onclose?.({ code: 1000, reason: "" });
    expect(b.statuses.at(-1)).toBe("closed: Connection closed by foreign host.");

    const c = setup();
    c.socket.onclose?.({ code: 1006, reason: "" });
    expect(c.statuses.at(-1)).toMatch(/^error: Could not open a terminal/);
  });

  test("reconnect closes the old connection and ignores its late events", () => {
    const { terminal, sockets, statuses } = setup();
    sockets[0]!.open();
    terminal.connect("ws://lab/ws/terminal?run=r2&port=8888");
    expect(sockets[0]!.closedWith).toBe(1000);
    sockets[0]!.status("closed", "late");
    sockets[0]!.onclose?.({ code: 1000, reason: "" });
    expect(statuses).toEqual(["connecting: Trying…", "connecting: Trying…"]);
    expect(sockets[1]!.url).toContain("run=r2");
  });
});
