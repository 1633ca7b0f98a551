// Runs enable/disable/delete over many service users: live progress from "bulk-progress"
// events, a Cancel button, then a per-item summary so partial failures are never hidden.

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";

import { toAppError } from "../backend";
import type { AppError } from "../bindings/AppError";
import type { BulkAction } from "../bindings/BulkAction";
import type { BulkProgress } from "../bindings/BulkProgress";
import type { BulkReport } from "../bindings/BulkReport";
import { describeError } from "../format";
import { useBackend } from "../queries";
import { keys } from "../queryKeys";
import { ErrorNotice } from "./common";
import { Dialog } from "./Dialog";
import { ProgressBar } from "./ProgressBar";
import "./BulkActionDialog.css";

const VERB: Record<BulkAction, { running: string; done: string }> = {
  enable: { running: "Enabling", done: "Enabled" },
  disable: { running: "Disabling", done: "Disabled" },
  delete: { running: "Deleting", done: "Deleted" },
  detach: { running: "Detaching policies from", done: "Detached" },
  create: { running: "Creating", done: "Created" },
};

type Props = {
  action: BulkAction;
  names: string[];
  /** For `detach` (a finding's fix): the policies to detach from every name. */
  policyIds?: string[];
  onClose: (report: BulkReport | null) => void;
};

export function BulkActionDialog({ action, names, policyIds, onClose }: Props) {
  const backend = useBackend();
  const client = useQueryClient();
  const [progress, setProgress] = useState<BulkProgress>({ done: 0, total: names.length, current: null });
  const [report, setReport] = useState<BulkReport | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const started = useRef(false);

  useEffect(() => backend.onBulkProgress(setProgress), [backend]);

  useEffect(() => {
    // Guard against React running mount effects twice in development: the action must run once.
    if (started.current) return;
    started.current = true;
    const run =
      action === "detach" ? backend.runBulkDetach(policyIds ?? [], names) : backend.runBulkAction(action, names);
    run
      .then(setReport, (e) => setError(toAppError(e)))
      .finally(() => {
        void client.invalidateQueries({ queryKey: keys.serviceUsers });
        void client.invalidateQueries({ queryKey: ["serviceUser"] });
        void client.invalidateQueries({ queryKey: keys.journal });
        void client.invalidateQueries({ queryKey: keys.findings });
      });
  }, [backend, client, action, names, policyIds]);

  const running = !report && !error;
  const noun = names.length === 1 ? "service user" : "service users";
  const title = running
    ? `${VERB[action].running} ${names.length.toLocaleString()} ${noun}…`
    : error
      ? `Could not ${action} the ${noun}`
      : `${action[0].toUpperCase()}${action.slice(1)} finished`;

  return (
    <Dialog
      title={title}
      onClose={() => onClose(report)}
      dismissable={!running}
      testId="bulk-dialog"
      footer={
        running ? (
          <button
            type="button"
            className="button"
            disabled={cancelling}
            onClick={() => {
              setCancelling(true);
              backend.cancelBulkAction().catch((e) => {
                setCancelling(false);
                setError(toAppError(e));
              });
            }}
            data-testid="cancel-bulk"
          >
            {cancelling ? "Cancelling…" : "Cancel"}
          </button>
        ) : (
          <button
            type="button"
            className="button button-primary"
            onClick={() => onClose(report)}
            data-testid="close-bulk"
            data-autofocus
          >
            Close
          </button>
        )
      }
    >
      {running && (
        <div className="bulk-progress" data-testid="bulk-progress">
          <ProgressBar value={progress.done} max={progress.total} label="Progress" />
          <div className="bulk-progress-text">
            <span data-testid="bulk-progress-count">
              {progress.done.toLocaleString()} of {progress.total.toLocaleString()}
            </span>
            {progress.current && (
              <span className="muted">
                {cancelling ? "Stopping… last done: " : "Done: "}
                <span className="mono">{progress.current}</span>
              </span>
            )}
          </div>
        </div>
      )}
      {error && <ErrorNotice error={error} />}
      {report && <BulkSummary report={report} />}
    </Dialog>
  );
}

export function BulkSummary({ report }: { report: BulkReport }) {
  const count = (kind: string) => report.items.filter((i) => i.outcome.kind === kind).length;
  const failures = report.items.flatMap((i) =>
    i.outcome.kind === "failed" ? [{ name: i.name, error: i.outcome.error }] : [],
  );
  const skipped = report.items.flatMap((i) =>
    i.outcome.kind === "skipped" ? [{ name: i.name, reason: i.outcome.reason }] : [],
  );
  const succeeded = report.items.filter((i) => i.outcome.kind === "ok").map((i) => i.name);
  const cancelled = count("cancelled");
  const stats: { label: string; value: number; tone: string; testId: string }[] = [
    { label: VERB[report.action].done, value: count("ok"), tone: "ok", testId: "bulk-count-ok" },
    { label: "Skipped", value: skipped.length, tone: "skipped", testId: "bulk-count-skipped" },
    { label: "Failed", value: failures.length, tone: "failed", testId: "bulk-count-failed" },
  ];
  if (cancelled > 0)
    stats.push({ label: "Cancelled", value: cancelled, tone: "cancelled", testId: "bulk-count-cancelled" });
  return (
    <div className="bulk-summary" data-testid="bulk-summary">
      <dl className="stats">
        {stats.map((s) => (
          <div
            key={s.label}
            className={`stat stat-${s.tone}${s.value === 0 ? " stat-zero" : ""}`}
            data-testid={s.testId}
          >
            <dt>{s.label}</dt>
            <dd>{s.value.toLocaleString()}</dd>
          </div>
        ))}
      </dl>
      {succeeded.length > 0 && (
        <section className="result-section">
          <h3>{VERB[report.action].done}</h3>
          <ul className="result-list" data-testid="bulk-succeeded">
            {succeeded.map((name) => (
              <li key={name}>
                <span className="mono result-name">{name}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {failures.length > 0 && (
        <section className="result-section">
          <h3>Failed</h3>
          <ul className="result-list" data-testid="bulk-failures">
            {failures.map((f) => (
              <li key={f.name}>
                <span className="mono result-name">{f.name}</span>
                <span className="result-message">{describeError(f.error)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {skipped.length > 0 && (
        <section className="result-section">
          <h3>Skipped</h3>
          <ul className="result-list" data-testid="bulk-skipped">
            {skipped.map((s) => (
              <li key={s.name}>
                <span className="mono result-name">{s.name}</span>
                <span className="result-message muted">{s.reason}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {cancelled > 0 && (
        <p className="muted">
          {cancelled.toLocaleString()} not started because the action was cancelled; they are still selected.
        </p>
      )}
      {failures.length > 0 && <p className="muted">The failed ones stay selected so you can try again.</p>}
    </div>
  );
}
