// Each person joining a shared server gets an address of their own on the run's loopback.
import { describe, expect, test } from "vitest";
import { LoopbackAddresses, loopbackAddress } from "./loopback-addresses";

describe("joiners' source addresses", () => {
  test("one per person, 127.0.1.1 upwards, never 127.0.0.1 (the owner's own terminals)", () => {
    const addresses = new LoopbackAddresses(30);
    expect(addresses.of("ana", new Set())).toBe("127.0.1.1");
    expect(addresses.of("ben", new Set(["ana"]))).toBe("127.0.1.2");
    expect(addresses.of("ana", new Set(["ben"]))).toBe("127.0.1.1"); // back again: the same address
    expect([0, 253, 254, 1000].map(loopbackAddress)).toEqual(["127.0.1.1", "127.0.1.254", "127.0.2.1", "127.0.4.239"]);
  });

  test("past four times the joiner limit, a person who left gives up their address; no connected person does", () => {
    const addresses = new LoopbackAddresses(1);
    for (const person of ["a", "b", "c", "d"]) addresses.of(person, new Set());
    expect(addresses.of("e", new Set(["a"]))).toBe("127.0.1.2"); // b's, the oldest not connected
    expect(addresses.of("a", new Set())).toBe("127.0.1.1");
  });
});
