// The shared list once found: the tracer switches the list's type in place to one whose methods
// report themselves, and turns its profile function off (lab_trace/shared_list.py). The program must
// not notice: the same program traced and untraced says the same of its list, and the trace still
// shows every change, in order, with the line that made it.
import { expect, it } from "vitest";
import { sandboxForFile } from "../support/per-file";
import { connect, ofKind, seen, startTraced } from "./helpers";

const sandbox = sandboxForFile();

const source = `import copy, json, socket, sys, threading
CLIENTS = []
ALIAS = CLIENTS                       # another name for it, taken before the list was found
seen_by_thread = []
def walker(clients):
    seen_by_thread.append(clients is CLIENTS)
s = socket.socket(); s.bind(('', 8888)); s.listen(5)
t = threading.Thread(target=walker, args=(CLIENTS,))
a, _ = s.accept()
CLIENTS.append(a)                     # found here
b, _ = s.accept()
ALIAS.append(b)                       # the same list under its other name
t.start(); t.join()
r = [ALIAS is CLIENTS, seen_by_thread, len(CLIENTS), a in CLIENTS, CLIENTS[:] == [a, b], CLIENTS[::-1] == [b, a],
     type(CLIENTS[:]).__name__, isinstance(CLIENTS, list), repr(CLIENTS) == repr([a, b]), str(CLIENTS) == str([a, b]),
     json.dumps([c is a for c in CLIENTS]), CLIENTS == [a, b], [a, b] == CLIENTS, CLIENTS + [] == [a, b],
     list(CLIENTS) == [a, b], sorted(CLIENTS, key=id) == sorted([a, b], key=id), CLIENTS.index(b), CLIENTS.count(a),
     type(CLIENTS).__name__, bool(CLIENTS), sys.getprofile() is None, type(copy.copy(CLIENTS)) is list,
     copy.copy(CLIENTS) == CLIENTS, type(CLIENTS.copy()) is list, type(CLIENTS * 1) is list]
try:
    copy.deepcopy(CLIENTS)
except Exception as error:
    r.append(type(error).__name__)
r.append(CLIENTS.pop() is b)
CLIENTS.insert(0, b)
try:
    CLIENTS.remove(None)
except ValueError as error:
    r.append(str(error))
CLIENTS.sort(key=lambda c: c is a)
r.append([c is a for c in CLIENTS])
del CLIENTS[0]                        # reported by the list itself, as a method call is
CLIENTS *= 2                          # no method of the tracer's: found as "changed" at the next socket event
r.append(len(CLIENTS))
a.sendall((json.dumps(r) + "\\n").encode())
CLIENTS = [c for c in CLIENTS]        # a rebuild
a.sendall(b"rebuilt\\n")
CLIENTS.append(b)                     # the rebuilt list's own change
a.sendall(b"bye\\n")
a.recv(10)
`;


it("a shared list behaves as a list for the program, traced or not, and every change is still seen", async () => {
  // Untraced first: what the program says of its list without the tracer.
  const untraced = await sandbox.start({ source, fileName: "program.py" });
  let untracedErr = "";
  untraced.on("stderr", (d) => (untracedErr += d.toString()));
  const { listening } = await import("../support/sandbox-runs");
  await listening(untraced, 8888, 10_000, () => untracedErr);
  const [ua, ub] = [await connect(untraced), await connect(untraced)];
  await ua.waitText("bye\n");
  const expected = ua.text.split("\n")[0];
  ua.end();
  ub.end();
  await untraced.stop("test done");
  expect(untracedErr).toBe("");

  const traced = await startTraced(sandbox, source);
  await traced.listening();
  const [a, b] = [await connect(traced.run), await connect(traced.run)];
  await a.waitText("bye\n");
  const report = JSON.parse(a.text.split("\n")[0]);
  // The same answers, but for what type() says and that the profile function is off.
  expect(report.slice(0, 18)).toEqual(JSON.parse(expected).slice(0, 18));
  expect(report.slice(19)).toEqual(JSON.parse(expected).slice(19));
  expect(report[18]).toBe("list"); // type(CLIENTS).__name__
  expect(report[20]).toBe(true); // sys.getprofile() is None: the tracer's profile function is gone
  await seen(traced.trace, "send", (e) => e.preview === "bye\n");
  const events = traced.trace.events();
  const changes = ofKind(events, "list.change");
  const lineOf = (text: string) => source.split("\n").findIndex((l) => l.includes(text)) + 1;
  expect(changes.map((e) => [e.op, e.line ?? null, e.items.length])).toEqual([
    ["append", lineOf("CLIENTS.append(a)"), 1],
    ["append", lineOf("ALIAS.append(b)"), 2],
    ["pop", lineOf("CLIENTS.pop()"), 1],
    ["insert", lineOf("CLIENTS.insert(0, b)"), 2],
    ["sort", lineOf("CLIENTS.sort("), 2],
    ["__delitem__", lineOf("del CLIENTS[0]"), 1],
    ["changed", null, 2],
    ["rebuild", null, 2],
    ["append", lineOf("CLIENTS.append(b)"), 3],
  ]);
  expect(changes.every((e) => e.name === "CLIENTS")).toBe(true);
  expect(changes[7].replaces).toBe(changes[0].list);
  expect(changes[8].list).toBe(changes[7].list);
  expect(ofKind(events, "tracer.note")).toEqual([]);
  a.end();
  b.end();
  await traced.stop();
});
