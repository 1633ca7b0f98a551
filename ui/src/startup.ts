// Start-up marks: the UI tells the Rust side when its script runs and when the Service Users list
// has painted its first rows. The shell logs them, so `cargo xtask bench` can time a launch to the
// list on screen without a timer inside the app. Each mark is sent once per run of the app.
import { useEffect } from "react";

import type { Backend } from "./backend";
import { useBackend } from "./queries";

let listShown = false;

/** After the next paint: a frame callback runs before painting, a task queued from it after. */
function afterPaint(run: () => void) {
  requestAnimationFrame(() => setTimeout(run, 0));
}

export function markScriptStarted(backend: Backend) {
  void backend.startupMark({ stage: "scriptStarted" }).catch(() => {});
}

/** Sends "list shown" once the list has rows in the DOM and they have been painted. */
export function useListShownMark(rows: number) {
  const backend = useBackend();
  useEffect(() => {
    if (listShown || rows === 0) return;
    listShown = true;
    afterPaint(() => void backend.startupMark({ stage: "listShown", rows }).catch(() => {}));
  }, [backend, rows]);
}
