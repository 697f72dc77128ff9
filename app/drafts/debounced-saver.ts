// Saves the latest value a short while after typing pauses, and at once when asked (the page is
// being hidden, closed or left). Only a pending value is ever written, so a tab that was merely
// looked at never overwrites what another tab saved meanwhile.

export interface DebouncedSaver<T> {
  /** Remembers value and saves it once `delay` ms pass without another schedule. */
  schedule(value: T): void;
  /** Saves the pending value now, if there is one. */
  flush(): void;
  /** Forgets the pending value without saving it. */
  cancel(): void;
  readonly pending: boolean;
}

export function createDebouncedSaver<T>(save: (value: T) => void, delay = 300): DebouncedSaver<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let waiting: { value: T } | undefined;
  const clear = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  const flush = () => {
    clear();
    if (!waiting) return;
    const { value } = waiting;
    waiting = undefined;
    save(value);
  };
  return {
    schedule(value) {
      waiting = { value };
      clear();
      timer = setTimeout(flush, delay);
    },
    flush,
    cancel() {
      clear();
      waiting = undefined;
    },
    get pending() {
      return waiting !== undefined;
    },
  };
}

/**
 * Calls flush when the page is hidden or left (pagehide, visibilitychange to hidden): the last
 * moments a closing tab gets. Returns the function that stops listening.
 */
export function flushWhenPageHides(flush: () => void): () => void {
  const onVisibility = () => {
    if (document.visibilityState === "hidden") flush();
  };
  window.addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", onVisibility);
  return () => {
    window.removeEventListener("pagehide", flush);
    document.removeEventListener("visibilitychange", onVisibility);
  };
}
