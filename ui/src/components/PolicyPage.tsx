// One policy as the portal shows it: description, resources, conditions and each statement's
// effect and actions; the service users holding it; Edit and Delete for custom policies.
// Deleting a policy that users hold names them and offers to detach it from them first.
import { useState } from "react";

import { toAppError } from "../backend";
import type { Policy } from "../bindings/Policy";
import { readConditions } from "../policyDraft";
import { useDeletePolicy, usePolicy, useServiceUsers } from "../queries";
import { navigate, routeHref } from "../route";
import { Breadcrumb } from "./Breadcrumb";
import { ConfirmDialog } from "./ConfirmDialog";
import { ErrorNotice, Spinner } from "./common";
import { DetailSection } from "./DetailSection";
import { PageHeading } from "./PageHeading";
import { isBuiltinPolicy } from "./PoliciesPage";
import "./PoliciesPage.css";

export function PolicyPage({ name }: { name: string }) {
  const policy = usePolicy(name);
  const users = useServiceUsers();
  const [deleting, setDeleting] = useState(false);
  const crumbs = [
    { label: "User Management" },
    { label: "Policies", href: routeHref({ page: "policies" }) },
    { label: name },
  ];
  if (policy.isPending) return <Spinner label="Loading policy" />;
  if (!policy.data)
    return (
      <div className="page">
        <Breadcrumb items={crumbs} />
        <PageHeading>{name}</PageHeading>
        <ErrorNotice error={toAppError(policy.error)} title="Could not load the policy." />
      </div>
    );
  const holders = (users.data ?? []).filter((u) => u.policyIds.includes(name)).map((u) => u.name);
  const builtin = isBuiltinPolicy(name);
  return (
    <div className="page">
      <Breadcrumb items={crumbs} />
      <div className="detail-header">
        <div className="detail-title">
          <PageHeading className="mono-title">{name}</PageHeading>
          {builtin && <span className="badge-readonly">Built-in · read-only</span>}
        </div>
        {!builtin && (
          <div className="detail-actions">
            <a className="button" href={routeHref({ page: "edit-policy", name })} data-testid="edit-policy">
              Edit
            </a>
            <button
              type="button"
              className="button button-danger"
              onClick={() => setDeleting(true)}
              data-testid="delete-policy"
            >
              Delete
            </button>
          </div>
        )}
        <p className="detail-subtitle muted">{policy.data.description}</p>
      </div>
      <Statements policy={policy.data} />
      <DetailSection title="Service Users" testId="policy-holders">
        {holders.length === 0 ? (
          <p className="muted">No service user holds this policy.</p>
        ) : (
          <ul>
            {holders.map((u) => (
              <li key={u}>
                <a href={routeHref({ page: "service-user", name: u })}>{u}</a>
              </li>
            ))}
          </ul>
        )}
      </DetailSection>
      {deleting && <DeletePolicyDialog name={name} holders={holders} onClose={() => setDeleting(false)} />}
    </div>
  );
}

function Statements({ policy }: { policy: Policy }) {
  const conditions = readConditions(policy.conditions);
  const tests = (["all", "any", "none"] as const).flatMap((block) =>
    (["eq", "ne"] as const).flatMap((op) =>
      Object.entries(conditions[block][op]).map(
        ([key, values]) => `${block} · ${key} ${op === "eq" ? "=" : "≠"} ${values.join(" or ")}`,
      ),
    ),
  );
  return (
    <DetailSection title="Statements" testId="policy-statements">
      <p>
        <strong>Resources:</strong> <code>{policy.resources.join(", ") || "none"}</code>
      </p>
      {tests.length > 0 && (
        <p>
          <strong>Conditions:</strong> {tests.join("; ")}
        </p>
      )}
      {policy.statements.length === 0 && <p className="muted">No statements: this policy allows nothing.</p>}
      {policy.statements.map((s, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: statements are identified by position, as the engine names them.
        <div className="statement-card" key={i} data-testid={`statement-${i}`}>
          <span className={`effect-${s.effect}`}>{s.effect.toUpperCase()}</span> · statement {i + 1}
          <ul>
            {s.actions.map((a) => (
              <li key={a} className="mono">
                {a}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </DetailSection>
  );
}

function DeletePolicyDialog({ name, holders, onClose }: { name: string; holders: string[]; onClose: () => void }) {
  const remove = useDeletePolicy();
  const detachFirst = holders.length > 0;
  return (
    <ConfirmDialog
      title={`Delete policy ${name}?`}
      confirmLabel={detachFirst ? `Detach from ${holders.length} and delete` : "Delete"}
      danger
      pending={remove.isPending}
      error={remove.error ? toAppError(remove.error) : null}
      onCancel={onClose}
      onConfirm={() => remove.mutate({ name, detachFirst }, { onSuccess: () => navigate({ page: "policies" }) })}
      testId="delete-policy-dialog"
    >
      {detachFirst ? (
        <>
          <p>
            Trustgrid refuses to delete a policy that service users hold. These lose its permissions when it is detached
            first:
          </p>
          <ul data-testid="delete-policy-holders">
            {holders.map((u) => (
              <li key={u}>{u}</li>
            ))}
          </ul>
        </>
      ) : (
        <p>No service user holds it. This cannot be undone.</p>
      )}
    </ConfirmDialog>
  );
}
