// Getting a crowd of clients into the chat before the stress round's lines are sent.
//
// The tutorial's servers call listen(1). Connections arriving faster than accept() runs overflow
// that backlog, and the kernel copes in ways that test the kernel, not the program: a dropped SYN
// is retried after 1 s, and a handshake whose last ACK was dropped leaves a client that believes
// it is connected while the server never accepts it (measured: a few in 400 connects, even 10 ms
// apart). So the clients connect a few ms apart, a roll call proves who is in the chat, and the
// few the kernel lost are replaced. A program that cannot take the crowd still fails: replacing
// is only done for a small share, a few times.
import type { StressStats } from "../../shared/check-report";
import type { TelnetClient } from "./client";

export interface RoundEnv {
  connect: () => Promise<TelnetClient>;
  stats: StressStats;
  emit: () => void;
  progress: (message: string) => void;
  signal?: AbortSignal;
  /** A time limit, stretched while the machine is busy (the check's Patience); as is by default. */
  stretch?: (ms: number) => number;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const CONNECT_PACE_MS = 8;
const ROLL_CALL_EVERY_MS = 100;
const KNOCK_AFTER = 3;
/**
 * How long a roll call waits without anyone new being heard: long enough for the kernel's first
 * SYN-ACK retry (at 1 s) to bring a held-back client in.
 */
export const ROLL_CALL_MS = 2500;
const REPLACE_ROUNDS = 3;
/** Replace at most this share of the crowd: more missing than that is the program's doing. */
const REPLACE_SHARE = 0.25;
const ROLL_CALL = /roll call \d+ from (client \d+)/g;

export function checkAbort(signal?: AbortSignal): void {
  if (signal?.aborted) throw Object.assign(new Error("the stress run was cancelled"), { name: "AbortError" });
}

/** Keep `stats.connected` true to the clients' sockets. */
export function track(env: RoundEnv, client: TelnetClient): TelnetClient {
  env.stats.connected++;
  client.connection.once("close", () => (env.stats.connected--, env.emit()));
  env.emit();
  return client;
}

/** `count` clients, and `lingerers` more spread evenly among them (so they sit between them in the program's list). */
async function connectPaced(env: RoundEnv, count: number, lingerers = 0): Promise<[TelnetClient[], TelnetClient[]]> {
  const pending: Promise<TelnetClient>[] = [];
  const lingering: Promise<TelnetClient>[] = [];
  const every = lingerers ? Math.max(1, Math.floor(count / lingerers)) : Infinity;
  // Marked handled at once: a refusal during the loop must not be an unhandled rejection; the
  // Promise.all below still sees it.
  const start = (into: Promise<TelnetClient>[]) => {
    const p = env.connect().then((c) => track(env, c));
    p.catch(() => {});
    into.push(p);
  };
  for (let i = 0; i < count; i++) {
    if (i % every === every - 1 && lingering.length < lingerers) {
      start(lingering);
      await sleep(CONNECT_PACE_MS);
    }
    start(pending);
    await sleep(CONNECT_PACE_MS);
  }
  const [stayers, others] = await Promise.all([Promise.all(pending), Promise.all(lingering)]);
  return [stayers, others];
}

/**
 * Clients say "roll call" until everyone in `group` has heard one. A client is in the chat when it
 * received a roll call, or when its own roll call reached someone. The caller is one already known
 * to be in, else the next in turn (the first may be one the kernel held back).
 */
export async function rollCall(group: TelnetClient[], ms: number, everyMs = ROLL_CALL_EVERY_MS): Promise<Set<TelnetClient>> {
  const from = group.map((c) => c.mark());
  const byName = new Map(group.map((c) => [c.name, c]));
  const confirmed = new Set<TelnetClient>();
  const update = () =>
    group.forEach((c, i) => {
      for (const m of c.since(from[i]).matchAll(ROLL_CALL)) {
        if (m[1] === c.name) continue; // its own call echoed back proves nothing about the others
        confirmed.add(c);
        const caller = byName.get(m[1]);
        if (caller) confirmed.add(caller);
      }
    });
  // The call goes on while it makes progress: a busy machine (a class's lab, a slow CI) slows a
  // correct server's relaying of 50 clients' calls, and that is not the program's fault. A server
  // that stops relaying makes none and fails after `ms`, as before; never longer than 4 × ms.
  const hardDeadline = Date.now() + ms * 4;
  let deadline = Date.now() + ms;
  let heard = 0;
  for (let n = 0; Date.now() < deadline; n++) {
    update();
    if (confirmed.size === group.length) break;
    if (confirmed.size > heard) {
      heard = confirmed.size;
      deadline = Math.min(hardDeadline, Date.now() + ms);
    }
    // Still unheard after a few calls: most likely held back by the kernel. A line of their own
    // makes the kernel finish (or refuse) their handshake at once instead of after seconds.
    if (n === KNOCK_AFTER) group.filter((c) => !confirmed.has(c)).forEach((c) => c.sendLine(`${c.name} knocking`));
    if (group.every((c) => confirmed.has(c) || !c.open)) break;
    const caller = group.find((c) => confirmed.has(c) && c.open) ?? group[n % group.length];
    caller.sendLine(`roll call ${n + 1} from ${caller.name}`);
    await sleep(everyMs);
  }
  update();
  return confirmed;
}

export interface Crowd {
  inChat: TelnetClient[];
  /** Clients still not in the chat after the replacements: the round fails. */
  notInChat: TelnetClient[];
  /** Clients the kernel held back that were replaced by new ones. */
  replaced: number;
  /** Clients that joined among the crowd but are not counted on: they leave during the sending. */
  lingerers: TelnetClient[];
}

export async function gatherCrowd(env: RoundEnv, size: number, lingerCount: number): Promise<Crowd> {
  let inChat: TelnetClient[] = [];
  let replaced = 0;
  let lingerers: TelnetClient[] = [];
  for (let attempt = 0; ; attempt++) {
    const [fresh, lingering] = await connectPaced(env, size - inChat.length, attempt === 0 ? lingerCount : 0);
    lingerers = lingerers.concat(lingering);
    checkAbort(env.signal);
    const group = [...inChat, ...fresh];
    const confirmed = await rollCall(group, env.stretch?.(ROLL_CALL_MS) ?? ROLL_CALL_MS);
    checkAbort(env.signal);
    inChat = group.filter((c) => confirmed.has(c));
    const missing = group.filter((c) => !confirmed.has(c));
    if (missing.length === 0) return { inChat, notInChat: [], replaced, lingerers };
    if (attempt === REPLACE_ROUNDS || missing.length > size * REPLACE_SHARE) {
      return { inChat, notInChat: missing, replaced, lingerers };
    }
    missing.forEach((c) => c.dispose());
    replaced += missing.length;
  }
}
