// The list's start-up mark: "list shown" goes to the Rust side once the Service Users list has
// rows in the DOM and they have been painted, once per run of the app (see startup.ts).
import { useEffect } from "react";

import { afterPaint } from "./afterPaint";
import { useBackend } from "./queries";

let listShown = false;

/** Sends "list shown" once the list has rows in the DOM and they have been painted. */
export function useListShownMark(rows: number) {
  const backend = useBackend();
  useEffect(() => {
    if (listShown || rows === 0) return;
    listShown = true;
    performance.mark("startup-list-committed");
    afterPaint(
      () => {
        performance.mark("startup-list-painted");
        void backend.startupMark({ stage: "listShown", rows }).catch(() => {});
      },
      () => performance.mark("startup-list-frame"),
    );
  }, [backend, rows]);
}
