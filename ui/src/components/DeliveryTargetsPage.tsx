// Delivery targets: where new keys go right after they are generated (a CI secret, a vault, a
// cluster). Each is a command that receives the Client Secret on its standard input.
import { useState } from "react";
import { toAppError } from "../backend";
import type { DeliveryTarget } from "../bindings/DeliveryTarget";
import { useDeleteDeliveryTarget, useDeliveryTargets } from "../queries";
import { Breadcrumb } from "./Breadcrumb";
import { ConfirmDialog } from "./ConfirmDialog";
import { ErrorNotice, Spinner } from "./common";
import { DeliveryTargetDialog } from "./DeliveryTargetDialog";
import { PlusIcon } from "./Icons";
import { PageHeading } from "./PageHeading";
import "./DeliveryTargetsPage.css";

type Editing = { kind: "add" } | { kind: "edit"; target: DeliveryTarget } | { kind: "delete"; target: DeliveryTarget };

export function DeliveryTargetsPage() {
  const targets = useDeliveryTargets();
  const remove = useDeleteDeliveryTarget();
  const [editing, setEditing] = useState<Editing | null>(null);
  const close = () => {
    remove.reset();
    setEditing(null);
  };
  return (
    <div className="page">
      <Breadcrumb items={[{ label: "Delivery targets" }]} />
      <div className="page-heading">
        <PageHeading>Delivery targets</PageHeading>
        <button
          type="button"
          className="button button-primary"
          onClick={() => setEditing({ kind: "add" })}
          data-testid="add-delivery-target"
        >
          <PlusIcon /> Add delivery target
        </button>
      </div>
      <p className="page-intro">
        After generating keys, choose <strong>Deliver to…</strong> to run these commands with the new Client Secret on
        their standard input. Each command runs only once you have allowed its exact text in a system dialog.
      </p>
      {targets.error && (
        <ErrorNotice
          error={toAppError(targets.error)}
          title="Could not read the delivery targets."
          onRetry={() => void targets.refetch()}
        />
      )}
      {targets.isPending ? (
        <Spinner label="Loading delivery targets" />
      ) : (
        <table className="simple-table targets-table" data-testid="delivery-targets">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Command</th>
              <th scope="col">Timeout</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(targets.data ?? []).length === 0 && (
              <tr>
                <td colSpan={4} className="table-empty">
                  No delivery targets yet.
                </td>
              </tr>
            )}
            {(targets.data ?? []).map((target) => (
              <tr key={target.id} data-testid={`target-${target.name}`}>
                <td>{target.name}</td>
                <td>
                  <code className="target-command">{target.command}</code>
                  {target.confirmedCommand !== target.command && (
                    <span className="target-unconfirmed"> (asks for confirmation before it runs)</span>
                  )}
                </td>
                <td>{target.timeoutSeconds} s</td>
                <td className="target-actions">
                  <button
                    type="button"
                    className="button button-small"
                    onClick={() => setEditing({ kind: "edit", target })}
                    aria-label={`Edit ${target.name}`}
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    className="button button-small"
                    onClick={() => setEditing({ kind: "delete", target })}
                    aria-label={`Delete ${target.name}`}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing?.kind === "add" && <DeliveryTargetDialog onClose={close} />}
      {editing?.kind === "edit" && <DeliveryTargetDialog target={editing.target} onClose={close} />}
      {editing?.kind === "delete" && (
        <ConfirmDialog
          title={`Delete delivery target “${editing.target.name}”?`}
          confirmLabel="Delete"
          danger
          pending={remove.isPending}
          error={remove.error ? toAppError(remove.error) : null}
          onCancel={close}
          onConfirm={() => remove.mutate(editing.target.id, { onSuccess: close })}
        >
          <p>Keys are no longer offered to this command. Secrets it already received stay where it put them.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
