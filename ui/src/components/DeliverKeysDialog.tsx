// "Deliver to…" from the new-keys panel: pick one or many delivery targets, run them with the
// secret on their standard input, and see each one's result (output shown with the secret
// replaced by <redacted>).
import { useState } from "react";
import { toAppError } from "../backend";
import type { DeliveryResult } from "../bindings/DeliveryResult";
import type { KeyHandoff } from "../bindings/KeyHandoff";
import { useDeliverKeys, useDeliveryTargets } from "../queries";
import { routeHref } from "../route";
import { Checkbox } from "./Checkbox";
import { ErrorNotice, Spinner } from "./common";
import { Dialog } from "./Dialog";
import "./DeliverKeysDialog.css";

const STATUS_TEXT: Record<DeliveryResult["status"], string> = {
  delivered: "Delivered",
  failed: "Failed",
  timedOut: "Timed out",
  notConfirmed: "Not run",
};

type Props = { handoff: KeyHandoff; onClose: () => void; onDelivered: () => void };

export function DeliverKeysDialog({ handoff, onClose, onDelivered }: Props) {
  const targets = useDeliveryTargets();
  const deliver = useDeliverKeys();
  const [chosen, setChosen] = useState<string[]>([]);
  const results = deliver.data;

  const run = () =>
    deliver.mutate(
      { handoffId: handoff.id, targetIds: chosen },
      { onSuccess: (done) => done.some((r) => r.status === "delivered") && onDelivered() },
    );

  return (
    <Dialog
      title={`Deliver the keys of ${handoff.serviceUser}`}
      onClose={onClose}
      dismissable={!deliver.isPending}
      testId="deliver-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={onClose} disabled={deliver.isPending}>
            {results ? "Done" : "Cancel"}
          </button>
          {!results && (
            <button
              type="button"
              className="button button-primary"
              onClick={run}
              disabled={chosen.length === 0 || deliver.isPending}
              data-testid="deliver-run"
            >
              {deliver.isPending && <Spinner label="Delivering" />}
              Deliver
            </button>
          )}
        </>
      }
    >
      {targets.isPending && <Spinner label="Loading delivery targets" />}
      {targets.error && <ErrorNotice error={toAppError(targets.error)} onRetry={() => void targets.refetch()} />}
      {targets.data?.length === 0 && (
        <p data-testid="no-targets">
          No delivery targets yet. Add them on the{" "}
          <a href={routeHref({ page: "delivery-targets" })}>Delivery targets</a> page.
        </p>
      )}
      {!results && targets.data && targets.data.length > 0 && (
        <fieldset className="deliver-choices">
          <legend>Run with the new Client Secret on standard input:</legend>
          {targets.data.map((target) => (
            <div key={target.id} className="deliver-choice">
              <Checkbox
                id={`deliver-${target.id}`}
                checked={chosen.includes(target.id)}
                onCheckedChange={(on) =>
                  setChosen((ids) => (on ? [...ids, target.id] : ids.filter((id) => id !== target.id)))
                }
                data-testid={`deliver-choice-${target.name}`}
              />
              <label htmlFor={`deliver-${target.id}`}>
                <span>{target.name}</span>
                <code>{target.command}</code>
              </label>
            </div>
          ))}
        </fieldset>
      )}
      {results && <DeliveryResults results={results} />}
      {deliver.error && <ErrorNotice error={toAppError(deliver.error)} title="Could not deliver the keys." />}
    </Dialog>
  );
}

function DeliveryResults({ results }: { results: DeliveryResult[] }) {
  return (
    <ul className="delivery-results" data-testid="delivery-results" aria-label="Delivery results">
      {results.map((result) => (
        <li key={result.targetId} className={`delivery-result delivery-${result.status}`}>
          <div className="delivery-result-head">
            <strong>{result.target}</strong>
            <span className={`pill pill-${result.status === "delivered" ? "ok" : "failed"}`}>
              {STATUS_TEXT[result.status]}
            </span>
            {result.exitCode !== null && <span className="delivery-exit">exit status {result.exitCode}</span>}
          </div>
          {result.error && <p className="delivery-error">{result.error}</p>}
          {(result.stdout || result.stderr) && (
            <pre className="delivery-output" data-testid={`delivery-output-${result.target}`}>
              {[result.stdout, result.stderr].filter(Boolean).join("\n")}
            </pre>
          )}
        </li>
      ))}
    </ul>
  );
}
