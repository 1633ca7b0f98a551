// One clock for every relative time on screen ("a few seconds ago"), ticking every 30 s while
// anything shows one, so token ages keep ageing on a screen left open.
import { useSyncExternalStore } from "react";

export const CLOCK_TICK_MS = 30_000;
const FRESH_MS = 1000;

const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === null) {
    // A clock read less than a second ago, either way (the system clock may have been set back),
    // is fresh enough for relative times; reading it again here would render every subscriber a
    // second time right after its first render.
    if (Math.abs(Date.now() - now) >= FRESH_MS) now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const listener of listeners) listener();
    }, CLOCK_TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}

/** The current time in ms, re-rendering the caller every 30 s. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}
