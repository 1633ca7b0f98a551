// The fake's stand-in for the time a step takes on the desktop side: `latencyMs` in the browser
// preview, so progress is visible, and one microtask otherwise. Apart so the bulk runs and the
// rotation can share it without importing each other.

/** Waits `latencyMs`, or one microtask when it is 0 (not an async function: no extra tick). */
export function pause(latencyMs: number): Promise<unknown> {
  return latencyMs > 0 ? new Promise((r) => setTimeout(r, latencyMs)) : Promise.resolve();
}
