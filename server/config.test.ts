// The settings schema: defaults, limits, the messages a wrong value gets, and unknown LAB_* names.
import { describe, expect, it } from "vitest";
import { ConfigError, readConfig, readSetting, unknownSettings } from "./config";

describe("the lab's configuration", () => {
  it("with nothing set, every setting has its default", () => {
    const config = readConfig({});
    expect(config.host).toBe("127.0.0.1");
    expect(config.port).toBe(3000);
    expect(config.limits.memoryBytes).toBe(256 * 1024 * 1024);
    expect(config.limits.openFiles).toBe(512);
    expect(config.outputKeptBytes).toBe(256 * 1024);
    expect(config.idleRunMs).toBe(30 * 60_000);
    expect(config.startsAtOnce).toBeGreaterThanOrEqual(2);
    expect(config.showReference).toBe(true);
    expect(config.sandbox).toBe("auto");
    expect(config.allowedOrigins).toEqual([]);
    expect(config.dev).toBe(false);
  });

  it("reads each variable in its unit, and an empty one means the default", () => {
    const config = readConfig({ PORT: "0", LAB_RUN_MEMORY_MB: "64", LAB_RUN_CPU_SHARE: "1.5", LAB_OUTPUT_KEPT_KB: "8", LAB_SANDBOX: "weak", LAB_PYTHON: "", LAB_ALLOWED_ORIGINS: "https://a.example, https://b.example," });
    expect(config.port).toBe(0);
    expect(config.limits.memoryBytes).toBe(64 * 1024 * 1024);
    expect(config.limits.cpuShare).toBe(1.5);
    expect(config.outputKeptBytes).toBe(8 * 1024);
    expect(config.sandbox).toBe("weak");
    expect(config.allowedOrigins).toEqual(["https://a.example", "https://b.example"]);
  });

  it("LAB_REFERENCE understands 0/1, true/false, yes/no and on/off, as the site's build does", () => {
    for (const off of ["0", "false", "FALSE", "no", "off"]) expect(readConfig({ LAB_REFERENCE: off }).showReference, off).toBe(false);
    for (const on of ["1", "true", "yes", "On"]) expect(readSetting("LAB_REFERENCE", { LAB_REFERENCE: on }), on).toBe(true);
  });

  it("a value out of its limits stops start-up with a message naming the variable and what it allows", () => {
    expect(() => readConfig({ LAB_RUN_MEMORY_MB: "lots" })).toThrow(ConfigError);
    expect(() => readConfig({ LAB_RUN_MEMORY_MB: "lots" })).toThrow("LAB_RUN_MEMORY_MB=lots is not allowed: use a whole number from 16 to 65536");
    expect(() => readConfig({ PORT: "70000" })).toThrow("PORT=70000 is not allowed: use a whole number from 0 to 65535");
    expect(() => readConfig({ LAB_RUNS_PER_SESSION: "2.5" })).toThrow("LAB_RUNS_PER_SESSION=2.5 is not allowed");
    expect(() => readConfig({ LAB_CHECKS_AT_ONCE: "0" })).toThrow("LAB_CHECKS_AT_ONCE=0 is not allowed");
    expect(() => readConfig({ LAB_SANDBOX: "strongest" })).toThrow("LAB_SANDBOX=strongest is not allowed: use one of auto, strong, weak");
    expect(() => readConfig({ LAB_REFERENCE: "maybe" })).toThrow("LAB_REFERENCE=maybe is not allowed: use 1 or 0");
  });

  it("names every wrong variable at once, one line each", () => {
    let message = "";
    try {
      readConfig({ PORT: "-1", LAB_MAX_RUNS: "many" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split("\n")).toHaveLength(2);
    expect(message).toContain("PORT=-1");
    expect(message).toContain("LAB_MAX_RUNS=many");
  });

  it("names LAB_* variables that are no setting (a typo would otherwise do nothing), and ignores others", () => {
    expect(unknownSettings({ LAB_MAX_RUN: "10", LAB_MAX_RUNS: "10", HOME: "/root", PATH: "/bin" })).toEqual(["LAB_MAX_RUN"]);
  });
});
