// The list's start-up mark: "list shown" goes to the Rust side once the Service Users list has
// rows in the DOM and they have been painted, once per run of the app (see startup.ts).
import { useEffect } from "react";

import { useBackend } from "./queries";

let listShown = false;

/** After the next paint: a frame callback runs before painting, a task queued from it after. */
function afterPaint(run: () => void) {
  requestAnimationFrame(() => {
    performance.mark("startup-list-frame");
    setTimeout(run, 0);
  });
}

/** Sends "list shown" once the list has rows in the DOM and they have been painted. */
export function useListShownMark(rows: number) {
  const backend = useBackend();
  useEffect(() => {
    if (listShown || rows === 0) return;
    listShown = true;
    performance.mark("startup-list-committed");
    afterPaint(() => {
      performance.mark("startup-list-painted");
      void backend.startupMark({ stage: "listShown", rows }).catch(() => {});
    });
  }, [backend, rows]);
}
