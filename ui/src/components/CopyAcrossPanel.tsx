// Copying what only the left org has to the right one: pick users and custom policies, confirm
// in a dialog that names the target connection and its address, and read each item's outcome.
// Users are created with their status and policies, never with keys.
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { toAppError } from "../backend";
import type { BulkItemResult } from "../bindings/BulkItemResult";
import type { Comparison } from "../bindings/Comparison";
import type { Connection } from "../bindings/Connection";
import { useBackend } from "../queries";
import { Checkbox } from "./Checkbox";
import { ConfirmDialog } from "./ConfirmDialog";

type Props = { comparison: Comparison; from: string; to: Connection; onCopied: () => void };

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

export function CopyAcrossPanel({ comparison, from, to, onCopied }: Props) {
  const backend = useBackend();
  const [users, setUsers] = useState<string[]>([]);
  const [policies, setPolicies] = useState<string[]>([]);
  const [confirming, setConfirming] = useState(false);
  const copying = useMutation({
    mutationFn: () => backend.copyAcross(from, to.id, users, policies),
    onSuccess: onCopied,
  });
  const items = [
    ...comparison.policiesOnlyLeft.map((name) => ({ kind: "policy" as const, name })),
    ...comparison.usersOnlyLeft.map((name) => ({ kind: "user" as const, name })),
  ];
  if (items.length === 0 && !copying.data) return null;
  const chosen = users.length + policies.length;
  const toggle = (kind: "user" | "policy", name: string, on: boolean) =>
    (kind === "user" ? setUsers : setPolicies)((list) => (on ? [...list, name] : list.filter((n) => n !== name)));

  return (
    <section className="compare-section" data-testid="copy-across">
      <h2>Copy to {to.name}</h2>
      <ul className="compare-cards copy-choices">
        {items.map(({ kind, name }) => (
          <li key={`${kind}-${name}`} className="copy-choice">
            <Checkbox
              id={`copy-${kind}-${name}`}
              checked={(kind === "user" ? users : policies).includes(name)}
              onCheckedChange={(on) => toggle(kind, name, on)}
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
        disabled={chosen === 0 || copying.isPending}
        onClick={() => setConfirming(true)}
        data-testid="copy-across-start"
      >
        Copy {chosen} to {to.name}…
      </button>
      {copying.data && (
        <ul className="copy-report" data-testid="copy-report" aria-label="Copy results">
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
          pending={copying.isPending}
          error={copying.error ? toAppError(copying.error) : null}
          onCancel={() => setConfirming(false)}
          onConfirm={() => copying.mutate(undefined, { onSuccess: () => setConfirming(false) })}
          confirmTestId="copy-across-confirm"
        >
          <p>
            They are created in the org of <strong>{to.name}</strong> ({to.baseUrl}): policies first, then users with
            their status and policies. No keys are copied; what already exists there is left as it is.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
