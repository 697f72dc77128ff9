// What the tutorial leaves out, shown (a warning, not a failure): one client that stops reading.
// Its buffers fill, the server's sendall() to it blocks, and if that send happens while the lock is
// held, every other thread waits for the lock: the whole chat freezes. Measured here: how much was
// in flight when it froze, and whether another client's line still gets through.
import { sizeText } from "./bounded-text";
import { rollCall } from "./crowd";
import type { CheckDefinition } from "./definition";
import type { CheckContext } from "./harness";

/** A line of about 1 KB, numbered, so the reader's count says how far delivery got. */
const LINE = `${"x".repeat(1000)}`;
/** The most the sender sends: past chatserver5's ~4 MB in flight with room to spare, and bounded. */
const MOST_BYTES = 24 * 1024 * 1024;
/** Delivery has stopped when the reader has received nothing new for this long. */
const STILL_MS = 1000;
/** Stalls that resumed (a busy machine, not a frozen chat) before the check gives up measuring. */
const MOST_STALLS = 3;

export const slowReader: CheckDefinition = {
  id: "ex5-slow-reader",
  name: "one client that stops reading",
  expected:
    "Client 1 stops reading; client 2 sends lines as fast as the server takes them and client 3 reads them. A chat server that sends from each client's own queue goes on; " +
    "one that sends while holding the lock freezes once client 1's buffers are full. Either passes this exercise: this check only measures and warns.",
  timeoutMs: 30_000,
  async run(ctx) {
    const [quiet, sender, reader] = await ctx.connectMany(3);
    // Only a chat that works can freeze: the other checks judge one that does not. A roll call first:
    // a line sent at once can miss a client the program has not accepted yet (on a busy machine the
    // accept lagged, and a correct chatserver5 was left "not measured").
    const joined = await rollCall([quiet, sender, reader], ctx.replyMs(), 250);
    if (joined.size < 3) {
      return "Not measured: the three clients did not all receive each other's lines even before anyone stopped reading (the other checks say why).";
    }
    quiet.connection.pause(); // client 1 reads nothing from here on
    await ctx.sleep(200);
    const stopwatch = { last: reader.receivedBytes, at: Date.now() };
    let sent = 0;
    // A busy machine can stall delivery for a second or more with nothing frozen (the program
    // starved of CPU); a stall is believed only once client 2's lines stay stopped.
    for (let stall = 1; stall <= MOST_STALLS; stall++) {
      let frozen = false;
      // Send with TCP's own back-pressure (the program's recv pace), and watch the reader.
      while (sent < MOST_BYTES && sender.open && !ctx.signal.aborted) {
        if (!sender.connection.write(`${LINE}\r\n`)) await new Promise<void>((resolve) => {
          const done = () => (clearTimeout(timer), resolve());
          const timer = setTimeout(done, 200);
          sender.connection.once("drain", done);
        });
        sent += LINE.length + 2;
        sender.sentBytes += LINE.length + 2; // what the clients sent is the flood allowance
        if (reader.receivedBytes !== stopwatch.last) Object.assign(stopwatch, { last: reader.receivedBytes, at: Date.now() });
        else if (Date.now() - stopwatch.at > ctx.patience.stretch(STILL_MS)) {
          frozen = true;
          break;
        }
      }
      if (!frozen) {
        return `Client 2 sent ${sizeText(sent)} while client 1 read nothing, and client 3 went on receiving: one slow client does not hold up the others.`;
      }
      // Stopped for client 2's lines: does a line from someone else still get through?
      const before = reader.mark();
      const greeting = stall === 1 ? "client 1 is still here" : `client 1 is still here (${stall})`;
      quiet.sendLine(greeting);
      const others = await reader.waitFor(() => reader.since(before).includes(greeting), ctx.patience.stretch(2000));
      const inFlight = sizeText(reader.receivedBytes);
      if (!others) return frozeTheChat(ctx, inFlight);
      // Client 1's line got through. If client 2's lines flow again too, the stall was the machine's.
      const after = reader.receivedBytes;
      const resumed = await reader.waitFor(() => reader.receivedBytes > after + LINE.length, ctx.patience.stretch(1000));
      if (!resumed) {
        ctx.notes.push(`Once client 1's buffers were full (about ${inFlight} in flight), client 2's lines stopped, but other clients' lines still got through: only the sender waits for the slow client.`);
        return `Client 2's lines stopped after about ${inFlight}; the rest of the chat went on.`;
      }
      Object.assign(stopwatch, { last: reader.receivedBytes, at: Date.now() });
    }
    return "Not measured: delivery kept stalling and resuming (a busy machine); check again when it is quieter.";
  },
};

function frozeTheChat(ctx: CheckContext, inFlight: string): string {
  // Why it froze depends on the program's shape: a threaded chat's sends wait under its lock; a chat
  // with one thread (select, selectors) is itself the one waiting. A report must not blame a lock
  // that a program without threads does not have.
  const threaded = /\bthreading\b|\b_thread\b/.test(ctx.program.source);
  const why = threaded
    ? "The sends happen while the lock is held, so every other thread waits for the one blocked in sendall(). Read \"What the lock alone does not do\" in this exercise:"
    : "The program's one thread is blocked in sendall() to that client, so it reads from and sends to no one else:";
  ctx.warnings.push(
    `One client that stops reading froze the whole chat: after about ${inFlight} in flight to client 1, which read nothing, no line reached anyone, not even client 1's own. ${why} ` +
      "real chat servers give each client its own outgoing queue, or a time limit on sending.",
  );
  return `After about ${inFlight}, nothing reached anyone: the whole chat froze behind the client that stopped reading.`;
}
