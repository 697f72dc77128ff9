// Exercises 1-3: the echo server. One client is echoed (1); clients one after another are all
// served and the server outlives them (2); clients at the same time are all served (3).
import type { CheckDefinition } from "./definition";
import type { TelnetClient } from "./client";
import { deathWarning, expectEcho, type Finding } from "./expect";
import { CheckFailed, type CheckContext } from "./harness";

const NO_ECHO: Finding = {
  finding: "the line does not come back",
  hint: "After recv(), send the same bytes back to that client with sendall() on the socket accept() returned.",
};

export const echoWorks: CheckDefinition = {
  id: "ex1-echo",
  name: "a client's line comes back to it unchanged",
  expected: 'A client connects to port 8888 and sends "hello, server"; exactly that line comes back to it, and so does a second line.',
  timeoutMs: 15_000,
  async run(ctx) {
    const client = await ctx.connect();
    await expectEcho(ctx, client, "hello, server", NO_ECHO);
    await expectEcho(ctx, client, "a second line: 2 + 2 = 4", {
      finding: "only the first line comes back",
      hint: "Keep reading in a loop (while True: recv ... sendall) until recv() returns b''.",
    });
    return "Both lines came back unchanged.";
  },
};

const EXITS: Finding = {
  finding: "the server exits after the first client leaves",
  hint: "Put accept() and the serving of one client inside a while True: loop, so the server waits for the next client.",
};

export const nextClients: CheckDefinition = {
  id: "ex2-next-clients",
  name: "clients one after another are all served",
  expected: "Client 1 connects, is echoed and leaves; then client 2 and client 3 are served the same way, one after the other, and the program is still running at the end.",
  timeoutMs: 20_000,
  async run(ctx) {
    const served: TelnetClient[] = [];
    for (let i = 1; i <= 3; i++) {
      const client = await ctx.connect(i > 1 ? EXITS : undefined);
      await expectEcho(ctx, client, `line from client ${i}`, i === 1 ? NO_ECHO : {
        finding: `client ${i} is not served after client ${i - 1} left`,
        hint: "After a client leaves, close its socket and go back to accept() for the next one.",
      }, i > 1 ? EXITS : undefined);
      served.push(client);
      await client.leave(300);
      // As a student would: leave, then connect again a moment later. A program that exits when
      // its client leaves is then gone, and the next client is plainly refused.
      await ctx.waitExit(250);
    }
    await ctx.expectRunning("the server exits after its clients leave", EXITS.hint);
    // The socket of a client that left is closed when the program closes it, or when nothing refers
    // to it any more (CPython frees it with the object: the next accept() replaces it). A program
    // that keeps every one (a list, a dict) holds a descriptor per client until it runs out.
    const open = served.slice(0, -1).filter((c) => !c.serverClosed);
    if (open.length === served.length - 1) {
      ctx.warnings.push(
        `The server keeps a socket open for every client served: clients 1 to ${served.length - 1} left, and the server never closed its end of their connections (they are still in CLOSE_WAIT while it runs). ` +
          "Call close() on a client's socket when it leaves; a program that keeps every client's socket (in a list, say) runs out of file descriptors after a few hundred clients.",
      );
    }
    return "Each of the three clients was echoed after the one before it had left, and the program was still running at the end.";
  },
};

const ONE_AT_A_TIME: Finding = {
  finding: "only one client is served at a time",
  hint: "Give each client its own thread (threading.Thread with the serving loop in run()), so the main loop goes straight back to accept().",
};

export const together: CheckDefinition = {
  id: "ex3-together",
  name: "clients connected at the same time are all served",
  expected: "Clients 1 and 2 connect and stay connected; each is echoed. Then client 3 joins, and all three are echoed.",
  timeoutMs: 20_000,
  async run(ctx) {
    const [c1, c2] = await ctx.connectMany(2);
    await expectEcho(ctx, c1, "one from client 1", NO_ECHO);
    await expectEcho(ctx, c2, "one from client 2", ONE_AT_A_TIME);
    await expectEcho(ctx, c1, "two from client 1", ONE_AT_A_TIME);
    const c3 = await ctx.connect();
    await thirdServed(ctx, c3);
    for (const [i, c] of [c1, c2, c3].entries()) await expectEcho(ctx, c, `three from client ${i + 1}`, ONE_AT_A_TIME);
    return "Two and then three clients connected at the same time were each echoed.";
  },
};

/**
 * Two clients are served; is the third? If not, and the program still serves the first two, see
 * whether the third is served once one of them leaves: a pool of two workers (or listen backlog
 * games) serves some, not all, at once, and saying "only one at a time" would send the student
 * to fix what works.
 */
async function thirdServed(ctx: CheckContext, c3: TelnetClient): Promise<void> {
  const line = "hello from client 3";
  const mark = c3.mark();
  c3.sendLine(line);
  const wait = ctx.replyMs();
  if (await c3.waitFor(() => c3.since(mark).includes(`${line}\r\n`), wait)) return;
  const [c1] = ctx.clients;
  await expectEcho(ctx, c1, "client 1 is still served", ONE_AT_A_TIME);
  await c1.leave();
  const waited = await c3.waitFor(() => c3.since(mark).includes(`${line}\r\n`), wait);
  throw new CheckFailed(
    waited ? "two clients were served at once; the third waited until one left" : "two clients are served at once, but not a third",
    `Clients 1 and 2 were both echoed while connected together; client 3 then connected and sent ${JSON.stringify(`${line}\r\n`)}, and got nothing back within ${wait / 1000} s while client 1 was still echoed. ${waited ? "When client 1 left, client 3's line came back: it had waited for a free place." : `Client 1 left, and client 3 still got nothing back within ${wait / 1000} s.`}`,
    "The program serves a fixed number of clients at once (a pool of workers, or threads started only up to a count). Start one thread per client as it connects, with no upper limit the class would reach.",
  );
}

const DISTURBED: Finding = {
  finding: "a client leaving disturbs the others",
  hint: "Each client's thread should only end its own connection: when recv() returns b'' (or raises), close that socket and return.",
};

export const leavingAlone: CheckDefinition = {
  id: "ex3-leaving",
  name: "one client leaving does not disturb the others",
  expected: "With three clients connected, client 2 leaves and client 4 connects and leaves abruptly (a reset); clients 1 and 3 are still echoed.",
  timeoutMs: 20_000,
  async run(ctx) {
    const [c1, c2, c3] = await ctx.connectMany(3);
    for (const [i, c] of [c1, c2, c3].entries()) await expectEcho(ctx, c, `hello from client ${i + 1}`, i === 0 ? NO_ECHO : ONE_AT_A_TIME);
    await c2.leave();
    await expectEcho(ctx, c1, "client 2 has left", DISTURBED);
    await expectEcho(ctx, c3, "still here", DISTURBED);
    const c4 = await ctx.connect();
    await expectEcho(ctx, c4, "hello from client 4", NO_ECHO);
    c4.reset();
    await ctx.sleep(200);
    await expectEcho(ctx, c1, "client 4 has gone", DISTURBED);
    await expectEcho(ctx, c3, "me too", DISTURBED);
    await ctx.expectRunning("the program stops when a client leaves abruptly", "A reset makes recv() raise ConnectionResetError: catch OSError around recv() and treat it as leaving.");
    await deathWarning(ctx, "The other clients were not disturbed, but a thread should end cleanly: catch OSError around recv().");
    return "After client 2 left and client 4 reset its connection, clients 1 and 3 were still echoed.";
  },
};
