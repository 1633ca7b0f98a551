// The questions asked before a bulk Disable or Delete (who, how many, which the search hides, and
// whether the connection would lock itself out), and before Enable when Settings ask for it, then
// the bulk run itself (also a finding's detach fix).

import { toAppError } from "../backend";
import type { BulkAction } from "../bindings/BulkAction";
import type { BulkReport } from "../bindings/BulkReport";
import type { ServiceUser } from "../bindings/ServiceUser";
import { apiHost } from "../connectionFacts";
import { useActiveConnection, useDeleteServiceUser } from "../queries";
import { BulkActionDialog } from "./BulkActionDialog";
import { ConfirmDialog } from "./ConfirmDialog";
import { SelfLockoutWarning } from "./common";
import "./BulkConfirmations.css";

export type Pending =
  | { step: "confirm-delete"; names: string[] }
  | { step: "confirm-disable"; names: string[] }
  | { step: "confirm-enable"; names: string[] }
  | { step: "run"; action: BulkAction; names: string[]; policyIds?: string[] };

/** Selected rows the search hides would otherwise be acted on unseen; the confirmation says so. */
export function hiddenNote(hidden: number, total: number): string | null {
  if (hidden === 0) return null;
  if (total === 1) return "It is hidden by the search.";
  return `${hidden.toLocaleString()} of them ${hidden === 1 ? "is" : "are"} hidden by the search.`;
}

type Props = {
  pending: Pending;
  onChange: (next: Pending | null) => void;
  /** Keeps the rows that failed or were cancelled selected, so they can be retried. */
  onFinished: (retry: string[]) => void;
  users: ServiceUser[];
  shown: ReadonlySet<string>;
  signInClientId: string | null;
};

export function BulkConfirmations({ pending, onChange, onFinished, users, shown, signInClientId }: Props) {
  const { names } = pending;
  const active = useActiveConnection().data;
  const deleteOne = useDeleteServiceUser();
  // On a real organisation the confirmation names it, so the sandbox and production cannot be mixed up.
  const realOrg = active && !active.connection.embedded ? active : null;
  if (pending.step === "run") {
    return (
      <BulkActionDialog
        action={pending.action}
        names={names}
        policyIds={pending.policyIds}
        onClose={(report: BulkReport | null) => {
          onChange(null);
          if (report) {
            const retry = report.items.filter((i) => i.outcome.kind === "failed" || i.outcome.kind === "cancelled");
            onFinished(retry.map((i) => i.name));
          }
        }}
      />
    );
  }
  if (pending.step === "confirm-enable") {
    const one = names.length === 1;
    return (
      <ConfirmDialog
        title={one ? `Enable service user “${names[0]}”?` : `Enable ${names.length} service users?`}
        confirmLabel={one ? "Enable" : `Enable ${names.length} service users`}
        onCancel={() => onChange(null)}
        onConfirm={() => onChange({ step: "run", action: "enable", names })}
      >
        <p>Their API keys work again at once.</p>
        <NameList names={names} />
      </ConfirmDialog>
    );
  }
  const deleting = pending.step === "confirm-delete";
  const verb = deleting ? "Delete" : "Disable";
  const one = names.length === 1;
  // Disabling or deleting the user this connection signs in with cuts the app off: say so first.
  const chosen = new Set(names);
  const self =
    signInClientId === null ? undefined : users.find((u) => chosen.has(u.name) && u.clientId === signInClientId);
  const note = hiddenNote(names.filter((n) => !shown.has(n)).length, names.length);
  return (
    <ConfirmDialog
      title={`${one ? `${verb} service user “${names[0]}”` : `${verb} ${names.length} service users`}${
        realOrg ? ` in ${realOrg.org.name}` : ""
      }?`}
      confirmLabel={one ? verb : `${verb} ${names.length} service users`}
      danger
      typeToConfirm={deleting && !one ? String(names.length) : undefined}
      typePrompt={
        deleting && !one ? (
          <>
            Type <strong>{names.length}</strong>, the number of service users, to confirm
          </>
        ) : undefined
      }
      pending={deleteOne.isPending}
      error={deleteOne.error ? toAppError(deleteOne.error) : null}
      onCancel={() => onChange(null)}
      onConfirm={() => {
        // One user is one delete, journaled as such; several go through the bulk run and its report.
        if (deleting && one) {
          deleteOne.mutate(names[0], {
            onSuccess: () => {
              onChange(null);
              onFinished([]);
            },
          });
        } else {
          onChange({ step: "run", action: deleting ? "delete" : "disable", names });
        }
      }}
    >
      {self && <SelfLockoutWarning name={one ? undefined : self.name} />}
      {realOrg && (
        <p data-testid="real-org-warning">
          This changes the real organisation <strong>{realOrg.org.name}</strong> at{" "}
          <span className="mono">{apiHost(realOrg.connection.baseUrl)}</span>, not demo data.
        </p>
      )}
      <p>
        {deleting
          ? "Their API keys stop working at once. This cannot be undone."
          : "Their API keys are refused at once, until they are enabled again."}
      </p>
      {note && (
        <p className="confirm-hidden" data-testid="hidden-selection">
          <strong>{note}</strong>
        </p>
      )}
      <NameList names={names} />
    </ConfirmDialog>
  );
}

export function NameList({ names }: { names: string[] }) {
  const shown = names.slice(0, 8);
  return (
    <ul className="name-list" data-testid="name-list">
      {shown.map((n) => (
        <li key={n} className="mono">
          {n}
        </li>
      ))}
      {names.length > shown.length && (
        <li className="muted">and {(names.length - shown.length).toLocaleString()} more</li>
      )}
    </ul>
  );
}
