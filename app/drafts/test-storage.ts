// Storage stand-ins for unit tests of what the page keeps in localStorage.
import type { StorageLike } from "./draft-store";

/** An in-memory localStorage. */
export function memoryStorage(): StorageLike & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, String(value)),
    removeItem: (key) => void data.delete(key),
  };
}

/** Like Safari's private mode: reads work, every write throws. */
export function refusingStorage(name = "QuotaExceededError"): StorageLike {
  const storage = memoryStorage();
  storage.setItem = () => {
    throw Object.assign(new Error("The operation failed."), { name });
  };
  return storage;
}

/** Storage turned off: every read and write throws (as some browsers' settings make it). */
export function throwingStorage(): StorageLike {
  const fail = () => {
    throw new Error("SecurityError");
  };
  return { getItem: fail, setItem: fail, removeItem: () => {} };
}
