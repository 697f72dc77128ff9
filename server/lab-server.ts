// One HTTP server for the pages and the WebSockets. Every request gets a session cookie; every
// upgrade to /ws/lab or /ws/terminal must come from the lab's own origin with a token this lab
// signed. Other upgrades (Next's dev reload) go to Next's handler.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import type { Lab } from "./lab";
import type { Session } from "./sessions/session";
import { MAX_CONTROL_MESSAGE_BYTES, MAX_TERMINAL_FRAME_BYTES } from "../shared/protocol";
import { COOKIE_NAME, readCookie, sessionCookie, type TokenSigner } from "./sessions/session-token";
import { limitConnections } from "./sessions/connection-limit";
import { attachControlSocket } from "./sessions/control-socket";
import { attachInstructorSocket } from "./class/instructor-socket";
import { progressCsv } from "./class/progress-csv";
import { visitsTo, visitTarget, visitTerminal } from "./class/visit-terminal";
import { bridgeTerminal, type TerminalLink } from "./terminals/terminal-bridge";
import { TERMINAL_ID } from "./terminals/kept-terminals";
import { telnet } from "../shared/telnet";
import { terminalBudgets } from "./terminals/terminal-budget";

export interface PageHandlers {
  request: (req: IncomingMessage, res: ServerResponse) => unknown;
  upgrade?: (req: IncomingMessage, socket: Duplex, head: Buffer) => unknown;
}

/** Control sockets (open lab pages) one session may hold at once. */
const MAX_PAGES_PER_SESSION = 32;

function refuse(socket: Duplex, status: number, reason: string): void {
  const body = `${reason}\n`;
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/** Only the page's own origin may open the lab's sockets (cross-site WebSocket hijacking). */
function sameOrigin(req: IncomingMessage, extra: string[]): boolean {
  const origin = req.headers.origin;
  if (!origin) return false;
  if (extra.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** The board's "Export CSV": the key in an Authorization header (never the URL). */
async function sendProgressCsv(lab: Lab, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const key = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
  if (!(await lab.classroom.keys.check(key, req.socket.remoteAddress ?? ""))) {
    res.writeHead(403, { "Content-Type": "text/plain" });
    return void res.end("Forbidden: the progress is for the instructor (the key from the link the lab printed).\n");
  }
  res.writeHead(200, { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="class-progress.csv"', "Cache-Control": "no-store" });
  res.end(progressCsv(lab.classroom.board.snapshot()));
}

function sendHealth(lab: Lab, res: ServerResponse): void {
  res.writeHead(200, { "Content-Type": "application/json" });
  res.end(JSON.stringify({ ok: true, isolation: lab.sandbox.isolation, ...lab.status() }));
}

/** A terminal socket counts toward its session's (and so its student's) share while it is open. */
function countTerminal(session: Session, ws: WebSocket): void {
  session.terminalSockets++;
  ws.once("close", () => session.terminalSockets--);
}

export function createLabServer(lab: Lab, signer: TokenSigner, pages: PageHandlers | null): Server {
  const control = new WebSocketServer({ noServer: true, maxPayload: MAX_CONTROL_MESSAGE_BYTES });
  const terminals = new WebSocketServer({ noServer: true, maxPayload: MAX_TERMINAL_FRAME_BYTES });
  const instructors = new WebSocketServer({ noServer: true, maxPayload: 4096 });

  const server = createServer((req, res) => {
    if (!signer.verify(readCookie(req.headers.cookie, COOKIE_NAME))) {
      // A new session: sessions cost nothing to make, so one address makes only so many a minute
      // (admission/arrivals.ts). A returning browser has its cookie and is not counted.
      const address = req.socket.remoteAddress ?? "";
      if (!lab.admission.newSessions.admit(address)) {
        // A monitor polling /healthz still gets its answer, only no session.
        if (req.url === "/healthz") return sendHealth(lab, res);
        const body = `Too many new browser sessions from your network address in the last minute (the lab takes ${lab.config.arrivals.sessionsPerMinute}): wait ${lab.admission.newSessions.waitSeconds(address)} seconds, then reload. A class sharing one address: the instructor can raise LAB_NEW_SESSIONS_PER_MINUTE.\n`;
        res.writeHead(429, { "Content-Type": "text/plain; charset=utf-8", "Retry-After": String(lab.admission.newSessions.waitSeconds(address)) });
        return res.end(body);
      }
      res.setHeader("Set-Cookie", sessionCookie(signer.issue(), req.headers["x-forwarded-proto"] === "https"));
    }
    if (req.url === "/healthz") return sendHealth(lab, res);
    if (req.url === "/instructor/progress.csv") return void sendProgressCsv(lab, req, res);
    if (pages) return pages.request(req, res);
    res.writeHead(404).end("pages are not served by this lab server\n");
  });
  limitConnections(server, lab.config.connections);

  // Heartbeat: a page that vanished without closing (laptop lid, lost Wi-Fi) is noticed and dropped,
  // which frees its terminals' TCP connections and lets idle runs time out.
  const alive = new WeakSet<WebSocket>();
  const heartbeat = setInterval(() => {
    for (const ws of [...control.clients, ...terminals.clients, ...instructors.clients]) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, 30_000).unref();
  for (const wss of [control, terminals, instructors]) {
    wss.on("connection", (ws: WebSocket) => {
      alive.add(ws);
      ws.on("pong", () => alive.add(ws));
    });
  }
  server.on("close", () => clearInterval(heartbeat));

  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", () => {});
    // A request line such as `GET http://[ HTTP/1.1` is no URL at all: refuse it here, since an
    // exception thrown in this listener would end the whole lab process.
    let url: URL;
    try {
      url = new URL(req.url ?? "/", "http://lab.invalid");
    } catch {
      return refuse(socket, 400, "Bad Request");
    }
    if (url.pathname === "/ws/instructor") {
      if (!sameOrigin(req, lab.config.allowedOrigins)) return refuse(socket, 403, "Forbidden: the lab's sockets open only from the lab's own pages");
      return instructors.handleUpgrade(req, socket, head, (ws: WebSocket) => {
        instructors.emit("connection", ws, req);
        // The instructor's own browser session (its cookie) becomes the instructor's once the key
        // is right: a server it runs on /instructor is shared with the class as the instructor's.
        const sessionId = signer.verify(readCookie(req.headers.cookie, COOKIE_NAME));
        attachInstructorSocket(lab, lab.classroom.keys, ws, req.socket.remoteAddress ?? "", () => {
          if (sessionId) lab.shares.becameInstructor(lab.session(sessionId));
        });
      });
    }
    if (url.pathname !== "/ws/lab" && url.pathname !== "/ws/terminal") {
      if (pages?.upgrade) return pages.upgrade(req, socket, head);
      return refuse(socket, 404, "Not Found");
    }
    if (!sameOrigin(req, lab.config.allowedOrigins)) return refuse(socket, 403, "Forbidden: the lab's sockets open only from the lab's own pages");
    const sessionId = signer.verify(readCookie(req.headers.cookie, COOKIE_NAME));
    if (!sessionId) return refuse(socket, 403, "Forbidden: no valid session; reload the page");
    const session = lab.session(sessionId);
    session.address = req.socket.remoteAddress ?? "";
    // Every WebSocket costs the lab a descriptor and buffers: a student's pages and terminals together get a share.
    const refusal = lab.admission.socketRefusal(session);
    if (refusal) return refuse(socket, 429, refusal);

    if (url.pathname === "/ws/lab") {
      // One per open page; every run event goes to each, so a script opening thousands would make
      // the lab send each output chunk thousands of times.
      if (session.sockets.size >= MAX_PAGES_PER_SESSION) return refuse(socket, 429, `Too Many Requests: at most ${MAX_PAGES_PER_SESSION} lab pages open in one browser`);
      return control.handleUpgrade(req, socket, head, (ws: WebSocket) => {
        control.emit("connection", ws, req);
        attachControlSocket(lab, session, ws);
      });
    }
    const visit = url.searchParams.get("visit");
    if (visit !== null) {
      // The instructor's terminal into a student's server: only a browser that gave the key.
      const target = visitTarget(lab, session, visit, url.searchParams.get("run") ?? "");
      if ("status" in target) return refuse(socket, target.status, target.reason);
      const name = lab.classroom.board.student(visit)?.name ?? "the student";
      return terminals.handleUpgrade(req, socket, head, (ws: WebSocket) => {
        terminals.emit("connection", ws, req);
        countTerminal(session, ws);
        visitTerminal(lab, visit, name, target.run, target.port, ws);
      });
    }
    const shareId = url.searchParams.get("share");
    if (shareId !== null) {
      // Joining a classmate's shared server: the share decides (and says why not, in the terminal).
      return terminals.handleUpgrade(req, socket, head, (ws: WebSocket) => {
        terminals.emit("connection", ws, req);
        countTerminal(session, ws);
        lab.shares.join(session, shareId, ws);
      });
    }
    const run = session.runById(url.searchParams.get("run") ?? "");
    const port = Number(url.searchParams.get("port"));
    // The browser names a run of its own session and a port; the host is always the run's own loopback.
    if (!run) return refuse(socket, 404, "Not Found: no such run in your session");
    if (!Number.isInteger(port) || port < 1 || port > 65535) return refuse(socket, 400, "Bad Request: port must be 1-65535");
    // The page's own name for this terminal: a page that reloaded takes back the connection it had.
    const terminalId = url.searchParams.get("terminal") ?? "";
    if (terminalId && !TERMINAL_ID.test(terminalId)) return refuse(socket, 400, "Bad Request: terminal must be 16-64 letters, digits, - or _");
    // Taking a kept connection back adds no terminal to the run.
    const resuming = terminalId !== "" && lab.keptTerminals.has(session, terminalId);
    // Classmates joined to a shared server and the instructor's visits have bounds of their own.
    if (!resuming && run.terminals - lab.shares.joinedTo(run) - visitsTo(run) >= lab.config.terminalsPerRun) return refuse(socket, 429, `Too Many Requests: at most ${lab.config.terminalsPerRun} terminals per run`);
    terminals.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      terminals.emit("connection", ws, req);
      countTerminal(session, ws);
      const kept = terminalId ? lab.keptTerminals.take(session, terminalId, run, port) : undefined;
      if (kept) return kept.attach(ws, telnet.connected(), true);
      const keep = terminalId ? (link: TerminalLink) => lab.keptTerminals.keep(session, terminalId, link) : undefined;
      void bridgeTerminal(run, port, ws, { budgets: terminalBudgets(run, lab.admission.budgets.terminal(session), lab.config.rates.terminalBytesPerSecond), keep });
    });
  });
  return server;
}
