"use client";
// Loads Monaco once the element it will live in is about to be seen (or `now` is set), so an
// editor lower down the page costs nothing until the student scrolls to it.
import { useCallback, useEffect, useState, type RefObject } from "react";
import { loadMonaco, type Monaco } from "./load-monaco";

export type MonacoState =
  | { status: "waiting" | "loading"; monaco?: undefined; error?: undefined }
  | { status: "ready"; monaco: Monaco; error?: undefined }
  | { status: "failed"; monaco?: undefined; error: string };

export function useMonaco(target: RefObject<Element | null>, now = false): MonacoState & { retry: () => void } {
  const [state, setState] = useState<MonacoState>({ status: "waiting" });
  const [wanted, setWanted] = useState(now);
  const [attempt, setAttempt] = useState(0);

  // Wanted once the element comes within a screen's height of the viewport.
  useEffect(() => {
    if (wanted) return;
    if (now) return setWanted(true);
    const element = target.current;
    if (!element || typeof IntersectionObserver === "undefined") return setWanted(true);
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) setWanted(true);
    }, { rootMargin: "100% 0px" });
    observer.observe(element);
    return () => observer.disconnect();
  }, [target, now, wanted]);

  useEffect(() => {
    if (!wanted) return;
    let live = true;
    setState({ status: "loading" });
    loadMonaco().then(
      (monaco) => live && setState({ status: "ready", monaco }),
      (error: unknown) => live && setState({ status: "failed", error: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
  }, [wanted, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, retry };
}
