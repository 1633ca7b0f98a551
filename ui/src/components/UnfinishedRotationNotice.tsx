// The list page's word on a key rotation that a network failure interrupted, on this connection,
// maybe before the app was last quit: how many users it rotated, did not rotate and left unknown,
// with Finish (the rotation dialog's finish path) and Dismiss (forget it; the users stay as they
// are on the server).
import { memo } from "react";
import { toAppError } from "../backend";
import type { UnfinishedRun } from "../bindings/UnfinishedRun";
import { useDismissUnfinishedRotation, useUnfinishedRotation } from "../queries";
import { ErrorNotice } from "./common";
import { AlertIcon } from "./Icons";

/** "2 users rotated, 1 not rotated, 1 unknown": the counts that are not zero, rotated first. */
export function unfinishedSummary(run: UnfinishedRun): string {
  const count = (state: string) => run.users.filter((u) => u.state === state).length;
  const rotated = count("rotated");
  const parts = [`${rotated} ${rotated === 1 ? "user" : "users"} rotated`];
  if (count("notRotated") > 0) parts.push(`${count("notRotated")} not rotated`);
  if (count("unknown") > 0) parts.push(`${count("unknown")} unknown`);
  return parts.join(", ");
}

/** Memoised (give it a steady `onFinish`): the list page renders again on every filter click. */
export const UnfinishedRotationNotice = memo(function UnfinishedRotationNotice({
  onFinish,
}: {
  onFinish: (run: UnfinishedRun) => void;
}) {
  const unfinished = useUnfinishedRotation();
  const dismiss = useDismissUnfinishedRotation();
  const run = unfinished.data;
  if (!run) return null;
  return (
    <>
      <section
        className="notice notice-warning unfinished-rotation"
        aria-labelledby="unfinished-rotation-text"
        data-testid="unfinished-rotation"
      >
        <AlertIcon />
        <div className="notice-text">
          <span id="unfinished-rotation-text" data-testid="unfinished-rotation-text">
            A key rotation did not finish: {unfinishedSummary(run)}.
          </span>
          <button
            type="button"
            className="button button-small button-primary"
            onClick={() => onFinish(run)}
            data-testid="unfinished-rotation-finish"
          >
            Finish…
          </button>
          <button
            type="button"
            className="button button-small"
            onClick={() => dismiss.mutate()}
            disabled={dismiss.isPending}
            data-testid="unfinished-rotation-dismiss"
          >
            Dismiss
          </button>
        </div>
      </section>
      {dismiss.error && <ErrorNotice error={toAppError(dismiss.error)} title="Could not dismiss the rotation." />}
    </>
  );
});
