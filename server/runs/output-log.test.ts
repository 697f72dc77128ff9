// A run's kept output: the newest part up to the cap, in order, one chunk per run of a stream.
import { expect, it } from "vitest";
import { OutputLog } from "./output-log";

it("keeps what was printed, in order, merging a stream's adjacent pieces", () => {
  const log = new OutputLog(100);
  log.append("stdout", "Listening");
  log.append("stdout", " on 8888\n");
  log.append("stderr", "Traceback\n");
  log.append("stdout", "bye\n");
  expect(log.snapshot()).toEqual([
    { stream: "stdout", data: "Listening on 8888\n" },
    { stream: "stderr", data: "Traceback\n" },
    { stream: "stdout", data: "bye\n" },
  ]);
});

it("past its capacity keeps the newest characters exactly, and says that earlier output was dropped", () => {
  const log = new OutputLog(10);
  log.append("stdout", "aaaaaaaa");
  log.append("stderr", "bbbbbbbb");
  const [note, ...kept] = log.snapshot();
  expect(note).toEqual({ stream: "system", data: "[lab] earlier output was dropped; this is the newest part\n" });
  expect(kept).toEqual([
    { stream: "stdout", data: "aa" },
    { stream: "stderr", data: "bbbbbbbb" },
  ]);
  log.append("stdout", "c".repeat(25));
  expect(log.snapshot().slice(1)).toEqual([{ stream: "stdout", data: "c".repeat(10) }]);
});

it("a snapshot is a copy: later output does not change what a page was sent", () => {
  const log = new OutputLog(100);
  log.append("stdout", "one\n");
  const before = log.snapshot();
  log.append("stdout", "two\n");
  expect(before).toEqual([{ stream: "stdout", data: "one\n" }]);
});
