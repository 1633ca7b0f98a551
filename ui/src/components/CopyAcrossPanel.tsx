// Copying what only one org has to the other: pick users and custom policies, confirm in a dialog
// that names the target connection and its address, watch the progress (with Cancel), and read
// each item's outcome. The page shows one panel per direction. Users are created with their status
// and policies, never with keys.
import { useMutation } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { toAppError } from "../backend";
import type { BulkItemResult } from "../bindings/BulkItemResult";
import type { BulkProgress } from "../bindings/BulkProgress";
import type { Comparison } from "../bindings/Comparison";
import type { Connection } from "../bindings/Connection";
import { useBackend } from "../queries";
import { Checkbox } from "./Checkbox";
import { ConfirmDialog } from "./ConfirmDialog";
import { ErrorNotice } from "./common";
import { ProgressBar } from "./ProgressBar";

/** Which side the copies go to: `right` copies what only the left org has, `left` the reverse. */
export type CopyDirection = "right" | "left";

type Props = {
  comparison: Comparison;
  direction: CopyDirection;
  from: Connection;
  to: Connection;
  onCopied: () => void;
};

function outcomeText(item: BulkItemResult): string {
  switch (item.outcome.kind) {
    case "ok":
      return "copied";
    case "skipped":
      return `skipped: ${item.outcome.reason}`;
    case "failed":
      return `failed: ${item.outcome.error.message}`;
    default:
      return "cancelled";
  }
}

function CopyProgress({ progress, onCancel }: { progress: BulkProgress; onCancel: () => void }) {
  const [cancelling, setCancelling] = useState(false);
  return (
    <div className="bulk-progress copy-progress" data-testid="copy-progress">
      <ProgressBar value={progress.done} max={progress.total} label="Copy progress" />
      <div className="bulk-progress-text">
        <span data-testid="copy-progress-count">
          {progress.done.toLocaleString()} of {progress.total.toLocaleString()}
        </span>
        {progress.current && (
          <span className="muted">
            {cancelling ? "Stopping… last done: " : "Done: "}
            <span className="mono">{progress.current}</span>
          </span>
        )}
        <button
          type="button"
          className="button"
          disabled={cancelling}
          onClick={() => {
            setCancelling(true);
            onCancel();
          }}
          data-testid="cancel-copy"
        >
          {cancelling ? "Cancelling…" : "Cancel"}
        </button>
      </div>
    </div>
  );
}

export function CopyAcrossPanel({ comparison, direction, from, to, onCopied }: Props) {
  const backend = useBackend();
  const [users, setUsers] = useState<string[]>([]);
  const [policies, setPolicies] = useState<string[]>([]);
  const [confirming, setConfirming] = useState(false);
  const [progress, setProgress] = useState<BulkProgress | null>(null);
  const [cancelError, setCancelError] = useState<unknown>(null);
  const copying = useMutation({
    mutationFn: () => backend.copyAcross(from.id, to.id, users, policies),
    onSuccess: onCopied,
  });
  const running = copying.isPending;
  // Only the panel whose copy runs listens to the bulk path's progress.
  useEffect(() => (running ? backend.onBulkProgress(setProgress) : undefined), [backend, running]);

  const onlyHere =
    direction === "right"
      ? { policies: comparison.policiesOnlyLeft, users: comparison.usersOnlyLeft }
      : { policies: comparison.policiesOnlyRight, users: comparison.usersOnlyRight };
  const items = [
    ...onlyHere.policies.map((name) => ({ kind: "policy" as const, name })),
    ...onlyHere.users.map((name) => ({ kind: "user" as const, name })),
  ];
  if (items.length === 0 && !copying.data) return null;
  const chosen = users.length + policies.length;
  const toggle = (kind: "user" | "policy", name: string, on: boolean) =>
    (kind === "user" ? setUsers : setPolicies)((list) => (on ? [...list, name] : list.filter((n) => n !== name)));
  const start = () => {
    setConfirming(false);
    setCancelError(null);
    setProgress({ done: 0, total: chosen, current: null });
    copying.mutate();
  };

  return (
    <section className="compare-section" data-testid={`copy-across-${direction}`}>
      <h2>
        Copy from {from.name} to {to.name}
      </h2>
      <ul className="compare-cards copy-choices">
        {items.map(({ kind, name }) => (
          <li key={`${kind}-${name}`} className="copy-choice">
            <Checkbox
              id={`copy-${kind}-${name}`}
              checked={(kind === "user" ? users : policies).includes(name)}
              onCheckedChange={(on) => toggle(kind, name, on)}
              disabled={running}
              data-testid={`copy-${kind}-${name}`}
            />
            <label htmlFor={`copy-${kind}-${name}`}>
              {name} <span className="compare-label">({kind === "user" ? "service user" : "custom policy"})</span>
            </label>
          </li>
        ))}
      </ul>
      <button
        type="button"
        className="button"
        disabled={chosen === 0 || running}
        onClick={() => setConfirming(true)}
        data-testid={`copy-across-start-${direction}`}
      >
        Copy {chosen} to {to.name}…
      </button>
      {running && progress && (
        <CopyProgress progress={progress} onCancel={() => backend.cancelBulkAction().catch(setCancelError)} />
      )}
      {copying.error && <ErrorNotice error={toAppError(copying.error)} title={`Could not copy to ${to.name}.`} />}
      {cancelError !== null && <ErrorNotice error={toAppError(cancelError)} title="Could not cancel the copy." />}
      {copying.data && !running && (
        <ul className="copy-report" data-testid={`copy-report-${direction}`} aria-label={`Copied to ${to.name}`}>
          {[...copying.data.policies, ...copying.data.users].map((item) => (
            <li key={item.name}>
              <strong>{item.name}</strong>: {outcomeText(item)}
            </li>
          ))}
        </ul>
      )}
      {confirming && (
        <ConfirmDialog
          title={`Copy ${chosen} item${chosen === 1 ? "" : "s"} to ${to.name}?`}
          confirmLabel="Copy"
          onCancel={() => setConfirming(false)}
          onConfirm={start}
          confirmTestId="copy-across-confirm"
        >
          <p>
            They are created in the org of <strong>{to.name}</strong> ({to.baseUrl}), copied from {from.name}: policies
            first, then users with their status and policies. No keys are copied; what already exists there is left as
            it is.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
