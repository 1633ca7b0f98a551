// After the next paint: a frame callback runs before WebKit paints, and a task queued from it
// runs after the paint. Used where work must wait for the screen to be on show.

/** Runs `run` after the next paint; `onFrame`, if given, in the frame callback before it. */
export function afterPaint(run: () => void, onFrame?: () => void): () => void {
  let task: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => {
    onFrame?.();
    task = setTimeout(run, 0);
  });
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(task);
  };
}

/**
 * How long after the first paint the app finishes its start (see the Shell). Not in the paint's
 * own task: some twenty chunk requests sent at once queue in the app's process ahead of the calls
 * the painted screen makes next (the list's start-up mark, the user's first click).
 */
const SOON_AFTER_PAINT_MS = 100;

/** Runs `run` a moment after the next paint; the returned function cancels. */
export function soonAfterPaint(run: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const cancelPaint = afterPaint(() => {
    timer = setTimeout(run, SOON_AFTER_PAINT_MS);
  });
  return () => {
    cancelPaint();
    clearTimeout(timer);
  };
}
