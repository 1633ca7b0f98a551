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
