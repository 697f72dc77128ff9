// Exercise 4 (and the quick half of 5): a line from one client reaches the others. The sender may
// or may not get its own line back; the check only says which this program does.
import type { TelnetClient } from "./client";
import type { CheckDefinition } from "./definition";
import { rollCall } from "./crowd";
import { CRASHED, deathWarning, expectDelivered, failIfStuck, type Finding } from "./expect";
import { CheckFailed, type CheckContext } from "./harness";

/** Nobody heard the line, or only some did. */
const NOT_RELAYED = (someHeard: boolean): Finding =>
  !someHeard
    ? {
        finding: "clients don't receive each other's lines",
        hint: "Keep one list of every connected client's socket, shared by all threads; when a line arrives, sendall() it to each socket in the list (except, if you like, the sender's).",
      }
    : {
        finding: "a line reaches only some of the other clients",
        hint: "Send the line to every socket in the shared list: check that every client is added when it connects and that the loop goes over the whole list.",
      };

/** After a client leaves, give the program a moment to notice before the next line. */
const SETTLE_MS = 150;

/**
 * Wait until the program has taken these clients into the chat: one says "roll call" until the
 * others have heard it. A tested line sent before that could miss a client the program has not
 * accepted yet (the kernel can hold a connection back for a second), which would be unfair.
 */
async function intoChat(ctx: CheckContext, clients: TelnetClient[], missing: (someHeard: boolean) => Finding): Promise<void> {
  const wait = ctx.replyMs();
  const confirmed = await rollCall(clients, wait, 250);
  const missed = clients.filter((c) => !confirmed.has(c));
  if (missed.length === 0) return;
  await ctx.waitExit(300);
  const names = missed.map((c) => c.name).join(", ");
  const heard = confirmed.size === 0 ? "none of them received a line from another" : `${names} never received one, nor was heard`;
  const rolled = `For ${wait / 1000} s clients ${clients.map((c) => c.name.replace("client ", "")).join(", ")} said "roll call" in turn (a line each other client should receive); ${heard}.`;
  // Some clients unheard while the program lives may be threads stuck behind a lock (held during
  // recv()): that cause comes first, whether or not a few clients were heard before it struck.
  await failIfStuck(ctx, rolled);
  const finding = ctx.exitInfo ? CRASHED : missing(confirmed.size > 0);
  const exited = ctx.exitInfo ? ` The program ${ctx.exitText()}.${ctx.lastErrorLine()}` : "";
  throw new CheckFailed(finding.finding, `${rolled}${exited}`, finding.hint);
}

function others(all: TelnetClient[], sender: TelnetClient): TelnetClient[] {
  return all.filter((c) => c !== sender && c.open);
}

/** Say whether the program sends a line back to its sender (both are fine). */
async function noteSenderEcho(ctx: CheckContext, senders: Array<[TelnetClient, string]>): Promise<void> {
  await ctx.sleep(200);
  const back = senders.filter(([c, line]) => c.received.includes(line)).length;
  if (back === senders.length) ctx.notes.push("The program also sends each line back to its sender.");
  else if (back === 0) ctx.notes.push("The program does not send a line back to its sender (either way is fine).");
  else ctx.notes.push(`${back} of ${senders.length} senders got their own line back: the program is not consistent about echoing to the sender.`);
}

export const broadcast: CheckDefinition = {
  id: "ex4-broadcast",
  name: "a line from any client reaches each of the others",
  expected: "Three clients are connected; a line from client 1 reaches clients 2 and 3, a line from client 2 reaches 1 and 3, and one from client 3 reaches 1 and 2.",
  timeoutMs: 20_000,
  async run(ctx) {
    const clients = await ctx.connectMany(3);
    await intoChat(ctx, clients, NOT_RELAYED);
    const sent: Array<[TelnetClient, string]> = [];
    for (const sender of clients) {
      const line = `hello from ${sender.name}`;
      await expectDelivered(ctx, sender, line, others(clients, sender), NOT_RELAYED);
      sent.push([sender, line]);
    }
    await noteSenderEcho(ctx, sent);
    // The notes are shown once, as notes: not repeated in what happened.
    return "Each client's line reached the two others.";
  },
};

const AFTER_LEAVING: Finding = {
  finding: "lines stop reaching the others after a client leaves",
  hint: "When a client leaves, remove its socket from the shared list (and close it) before its thread ends.",
};
const LATE_JOINER: Finding = {
  finding: "a client that joins later is left out",
  hint: "Add each new client's socket to the shared list as soon as it connects.",
};

export const joinAndLeave: CheckDefinition = {
  id: "ex4-join-leave",
  name: "clients joining and leaving between lines are handled",
  expected: "Clients 1-3 chat; client 4 joins and its line reaches 1-3; client 2 leaves and client 3's line still reaches 1 and 4; client 5 joins and client 1's line reaches 3, 4 and 5; the program keeps running.",
  timeoutMs: 25_000,
  async run(ctx) {
    const [c1, c2, c3] = await ctx.connectMany(3);
    await intoChat(ctx, [c1, c2, c3], NOT_RELAYED);
    await expectDelivered(ctx, c1, "first line from client 1", [c2, c3], NOT_RELAYED);
    const c4 = await ctx.connect();
    await intoChat(ctx, [c1, c2, c3, c4], () => LATE_JOINER);
    await expectDelivered(ctx, c4, "client 4 has joined", [c1, c2, c3], () => LATE_JOINER);
    await c2.leave();
    await ctx.sleep(SETTLE_MS);
    await expectDelivered(ctx, c3, "client 2 has left", [c1, c4], () => AFTER_LEAVING);
    const c5 = await ctx.connect();
    await intoChat(ctx, [c1, c3, c4, c5], () => LATE_JOINER);
    await expectDelivered(ctx, c1, "welcome, client 5", [c3, c4, c5], () => LATE_JOINER);
    await ctx.expectRunning("the program stops when a client leaves", AFTER_LEAVING.hint);
    return "Lines reached every client connected at the time, through two clients joining and one leaving.";
  },
};

const STOPS: Finding = {
  finding: "the program stops when a client leaves abruptly",
  hint: "A reset makes recv() raise ConnectionResetError; if nothing catches it in the main thread, the program ends. Catch OSError and treat it as the client leaving.",
};

export const abruptLeavers: CheckDefinition = {
  id: "ex4-abrupt",
  name: "the program keeps running after clients leave abruptly",
  expected: "With three clients chatting, clients 2 and 3 reset their connections (as a crashed client would); the program keeps running and client 4 can still connect.",
  timeoutMs: 20_000,
  async run(ctx) {
    const [c1, c2, c3] = await ctx.connectMany(3);
    await intoChat(ctx, [c1, c2, c3], NOT_RELAYED);
    await expectDelivered(ctx, c1, "hello before the crash", [c2, c3], NOT_RELAYED);
    c2.reset();
    c3.reset();
    await ctx.expectRunning(STOPS.finding, STOPS.hint, 500);
    const c4 = await ctx.connect(STOPS);
    await ctx.sleep(SETTLE_MS);
    await c4.leave();
    await ctx.expectRunning(STOPS.finding, STOPS.hint);
    await deathWarning(ctx, "The program kept running, but those threads' clients stay in the list: exercise 5 deals with that.");
    return "The program kept running after two clients reset their connections, and a new client could connect.";
  },
};

const BLOCKED: Finding = {
  finding: "a client that left abruptly stops lines reaching the others",
  hint: "Sending to a client that has gone raises OSError (BrokenPipeError, ConnectionResetError). Catch it around each send, drop that client from the list, and carry on with the rest; catch it around recv() too, and take the client out of the list when it leaves.",
};

export const othersUnharmed: CheckDefinition = {
  id: "ex5-left-abruptly",
  name: "a client that left abruptly does not stop the others",
  expected: "Four clients chat; client 2 resets its connection; afterwards a line from each of clients 1, 3 and 4, and from a new client 5, reaches all the others still connected.",
  timeoutMs: 25_000,
  async run(ctx) {
    const [c1, c2, c3, c4] = await ctx.connectMany(4);
    await intoChat(ctx, [c1, c2, c3, c4], NOT_RELAYED);
    await expectDelivered(ctx, c1, "hello everyone", [c2, c3, c4], NOT_RELAYED);
    c2.reset();
    await ctx.sleep(300);
    for (const sender of [c1, c3, c4]) {
      await expectDelivered(ctx, sender, `${sender.name} after the reset`, others([c1, c3, c4], sender), () => BLOCKED);
    }
    const c5 = await ctx.connect(STOPS);
    await intoChat(ctx, [c1, c3, c4, c5], () => BLOCKED);
    await expectDelivered(ctx, c5, "client 5 joins late", [c1, c3, c4], () => BLOCKED);
    await deathWarning(ctx, "No client lost a line, but a thread should end cleanly: catch OSError around recv() and sendall().");
    return "After client 2 reset its connection, every line from the clients still connected reached all the others.";
  },
};
