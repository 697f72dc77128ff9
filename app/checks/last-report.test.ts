import { describe, expect, it } from "vitest";
import type { CheckReport } from "@/shared/check-report";
import { memoryStorage, throwingStorage } from "@/app/drafts/test-storage";
import { loadReport, saveReport } from "./last-report";

const report: CheckReport = {
  exercise: 2,
  fileName: "chatserver2.py",
  passed: false,
  isolation: { isolated: true, description: "own network, pid and mount namespaces, uid and cgroup per run" },
  checks: [
    {
      id: "ex2-next-clients",
      name: "clients one after another are all served",
      status: "fail",
      expected: "three clients in turn are echoed",
      happened: "the program exited after the first client left",
      finding: "the server exits after the first client leaves",
      hint: "Put accept() in a loop.",
      warnings: [],
      notes: [],
      transcripts: [],
      stderr: "",
      durationMs: 300,
    },
  ],
  durationMs: 320,
};

describe("last check report", () => {
  it("comes back as it was saved, with when", () => {
    const storage = memoryStorage();
    saveReport(2, report, storage);
    const loaded = loadReport(2, storage);
    expect(loaded?.report).toEqual(report);
    expect(loaded?.at).toBeInstanceOf(Date);
    expect(loadReport(3, storage)).toBeNull();
  });

  it("a damaged entry, another exercise's report or a missing time is ignored, not trusted", () => {
    const storage = memoryStorage();
    storage.setItem("chat-server-lab:report:2", "{not json");
    expect(loadReport(2, storage)).toBeNull();
    storage.setItem("chat-server-lab:report:2", JSON.stringify({ at: new Date().toISOString(), report: { ...report, checks: [{ id: 1 }] } }));
    expect(loadReport(2, storage)).toBeNull();
    storage.setItem("chat-server-lab:report:4", JSON.stringify({ at: new Date().toISOString(), report }));
    expect(loadReport(4, storage)).toBeNull();
    storage.setItem("chat-server-lab:report:2", JSON.stringify({ report }));
    expect(loadReport(2, storage)).toBeNull();
  });

  it("a browser that refuses storage loses nothing but the saving", () => {
    const refusing = throwingStorage();
    expect(() => saveReport(2, report, refusing)).not.toThrow();
    expect(loadReport(2, refusing)).toBeNull();
    expect(loadReport(2, null)).toBeNull();
  });
});
