// Class chat: the servers students share with their class, who is joined to each, and the rules.
// - Only members of the same class see a share or join it; a share is known by a random id, so
//   nothing of the owner's run (its id, files, other ports, console) is reachable from it.
// - A share takes at most `maxJoiners` connections, one per person (joining again from another
//   tab replaces the first), each at its own source address and input rate.
// - Unshare, Stop, the program ending, or the owner disconnecting one person closes the joined
//   terminals with a message that says which it was.
import { randomBytes } from "node:crypto";
import type { WebSocket } from "ws";
import type { LabConfig } from "../config";
import { LabError } from "../lab";
import { CloseCode, type RunState, type TerminalServerMessage } from "../../shared/protocol";
import type { Run } from "../runs/run";
import type { Session } from "../sessions/session";
import { bridgeTerminal } from "../terminals/terminal-bridge";
import { memberOf, type Member } from "./class-members";
import { InputRate } from "./input-rate";
import { LoopbackAddresses } from "./loopback-addresses";
import type { ShareView } from "../../shared/share-messages";

interface Joined {
  id: string;
  member: Member;
  address: string;
  since: number;
  ws: WebSocket;
}

interface Share {
  id: string;
  owner: Member;
  ownerSession: Session;
  run: Run;
  port: number;
  label: string;
  joined: Map<string, Joined>;
  addresses: LoopbackAddresses;
  /** People the owner disconnected: they may not join this share again. */
  sentAway: Set<string>;
  stopWatching: () => void;
}

/** Changes within this long go to the class's pages as one update (30 people joining at once). */
const NOTIFY_DELAY_MS = 50;

const newId = (bytes: number) => randomBytes(bytes).toString("base64url");

function programLabel(run: Run, owner: Member): string {
  const program = run.program;
  if (program.kind === "stage") return `chatserver${program.stage}.py (the lab's program)`;
  return `${program.name} (${owner.instructor ? "the instructor's" : "their own"} version)`;
}

function stoppedBecause(owner: string, reason: string): string {
  if (reason === "stopped by you") return `${owner} stopped their program: the server is gone.`;
  if (reason === "replaced by a new run") return `${owner} restarted their program: join it again once they share it again.`;
  return `${owner}'s program was stopped (${reason}): the server is gone.`;
}

export class ShareBoard {
  private readonly shares = new Map<string, Share>();
  private readonly byRun = new Map<Run, Share>();
  private notifyTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly settings: LabConfig["sharing"],
    private readonly sessions: ReadonlyMap<string, Session>,
  ) {}

  /** "Share with the class": the run's listening port (8888 when it listens there) becomes joinable. */
  share(session: Session, run: Run): void {
    const owner = memberOf(session);
    if (!owner) throw new LabError("not-a-member", "Join the class (with your name) first: only the class's members share and join servers.");
    if (this.byRun.has(run)) return;
    const ports = run.state.state === "running" ? run.state.ports : [];
    if (ports.length === 0) throw new LabError("not-listening", "Your program is not listening on a port yet: share it once its status says it is listening.");
    // Told when the stop is asked for, before the program's sockets close under the joiners.
    const onStopping = (reason: string) => this.end(share, stoppedBecause(owner.name, reason));
    const onState = (state: RunState) => {
      if (state.state === "exited" || state.state === "stopped") this.end(share, `${owner.name}'s program ended: the server is gone.`);
    };
    const share: Share = {
      id: newId(16),
      owner,
      ownerSession: session,
      run,
      port: ports.includes(8888) ? 8888 : ports[0]!,
      label: programLabel(run, owner),
      joined: new Map(),
      addresses: new LoopbackAddresses(this.settings.maxJoiners),
      sentAway: new Set(),
      stopWatching: () => {
        run.off("state", onState);
        run.off("stopping", onStopping);
      },
    };
    run.on("state", onState);
    run.on("stopping", onStopping);
    this.shares.set(share.id, share);
    this.byRun.set(run, share);
    this.notify();
  }

  /** "Unshare": every joined terminal closes, saying the owner stopped sharing. */
  unshare(run: Run): void {
    const share = this.byRun.get(run);
    if (share) this.end(share, `${share.owner.name} stopped sharing their server.`);
  }

  /** The owner disconnects one person, who may not join this share again. */
  disconnect(session: Session, shareId: string, joinerId: string): void {
    const share = this.shares.get(shareId);
    if (!share || share.ownerSession !== session) throw new LabError("no-such-share", "That server is not shared any more.");
    const joined = share.joined.get(joinerId);
    if (!joined) return;
    share.sentAway.add(joined.member.id);
    this.close(share, joined, `${share.owner.name} disconnected you from their server.`);
  }

  /** A browser gave the instructor key: from now on it shares (and joins) as the instructor. */
  becameInstructor(session: Session): void {
    if (session.instructor) return;
    session.instructor = true;
    this.notify();
  }

  /** Connections joined to this run (they do not count against the owner's own terminals). */
  joinedTo(run: Run): number {
    return this.byRun.get(run)?.joined.size ?? 0;
  }

  /**
   * A terminal socket asking to join share `shareId`. A share that does not exist, and one of
   * another class, get the same answer: guessing learns nothing.
   */
  join(session: Session, shareId: string, ws: WebSocket): void {
    const member = memberOf(session);
    const share = this.shares.get(shareId);
    if (!member) return refuse(ws, CloseCode.forbidden, "Join the class (with your name) first: only the class's members join classmates' servers.");
    if (!share || !this.visible(share, member)) return refuse(ws, CloseCode.notFound, "No such server is shared with your class (it may have been unshared): pick one from “Servers you can join”.");
    if (share.ownerSession === session || share.owner.id === member.id) return refuse(ws, CloseCode.forbidden, "This is your own server: open a terminal to it from its Run panel.");
    if (share.sentAway.has(member.id)) return refuse(ws, CloseCode.forbidden, `${share.owner.name} disconnected you from this server: you can join again when they share it again.`);
    for (const other of share.joined.values()) {
      if (other.member.id === member.id) this.close(share, other, "You joined this server again from another terminal: this one is closed.");
    }
    if (share.joined.size >= this.settings.maxJoiners) {
      return refuse(ws, CloseCode.full, `${share.owner.name}'s server already has ${this.settings.maxJoiners} people connected, the most one shared server takes: try again when someone leaves.`);
    }
    const connected = new Set([...share.joined.values()].map((j) => j.member.id));
    const joined: Joined = { id: newId(6), member, address: share.addresses.of(member.id, connected), since: Date.now(), ws };
    share.joined.set(joined.id, joined);
    ws.once("close", () => {
      if (share.joined.get(joined.id) !== joined) return;
      share.joined.delete(joined.id);
      this.notify();
    });
    const rate = new InputRate({ linesPerSecond: this.settings.linesPerSecond, bytesPerSecond: this.settings.bytesPerSecond, burstSeconds: 2 });
    void bridgeTerminal(share.run, share.port, ws, { from: joined.address, peer: `${share.owner.name}'s server`, pace: (bytes) => rate.take(bytes) });
    this.notify();
  }

  /** The shares this session may see: its class's, and its own with who is connected. */
  viewFor(session: Session): ShareView[] {
    const member = memberOf(session);
    if (!member) return [];
    const views: ShareView[] = [];
    for (const share of this.shares.values()) {
      const own = share.ownerSession === session;
      if (!own && !this.visible(share, member)) continue;
      views.push({
        shareId: share.id,
        owner: share.owner.name,
        label: share.label,
        port: share.port,
        instructor: share.owner.instructor,
        joiners: share.joined.size,
        maxJoiners: this.settings.maxJoiners,
        ...(own && {
          runId: share.run.id,
          connected: [...share.joined.values()].map((j) => ({ joinerId: j.id, name: j.member.name, address: j.address, since: j.since })),
        }),
      });
    }
    return views;
  }

  private visible(share: Share, member: Member): boolean {
    return share.owner.classId === member.classId;
  }

  private end(share: Share, message: string): void {
    if (this.shares.get(share.id) !== share) return;
    this.shares.delete(share.id);
    this.byRun.delete(share.run);
    share.stopWatching();
    for (const joined of [...share.joined.values()]) this.close(share, joined, message);
    this.notify();
  }

  private close(share: Share, joined: Joined, message: string): void {
    share.joined.delete(joined.id);
    refuse(joined.ws, CloseCode.normal, message);
    this.notify();
  }

  /** Tell every page of the class what changed, a moment later (changes come in bursts). */
  private notify(): void {
    this.notifyTimer ??= setTimeout(() => {
      this.notifyTimer = null;
      for (const session of this.sessions.values()) {
        if (session.sockets.size > 0 && memberOf(session)) session.broadcast({ type: "shares", shares: this.viewFor(session) });
      }
    }, NOTIFY_DELAY_MS);
  }
}

/** Close a terminal socket with a status line that says why (the page shows it in the terminal). */
function refuse(ws: WebSocket, code: number, message: string): void {
  const status: TerminalServerMessage = { type: "status", status: code === CloseCode.normal ? "closed" : "error", message };
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(status));
  ws.close(code, code === CloseCode.normal ? "closed by the server's owner" : "cannot join");
}
