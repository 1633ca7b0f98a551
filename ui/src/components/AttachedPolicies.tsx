// The detail page's Attached Policies: the list with its search, Detach, and the Attach dialog.
import { useMemo, useState } from "react";

import { toAppError } from "../backend";
import type { ServiceUser } from "../bindings/ServiceUser";
import { useAttachPolicy, useDetachPolicy, usePolicies } from "../queries";
import { routeHref } from "../route";
import { ErrorNotice, RefreshButton, SearchField, Spinner } from "./common";
import { DetailSection } from "./DetailSection";
import { Dialog, FormButtons } from "./Dialog";
import { PlusIcon } from "./Icons";
import { Menu } from "./Menu";
import { PolicyChecklist } from "./PolicyChecklist";
import "./AttachedPolicies.css";

export function AttachedPolicies({
  user,
  onRefresh,
  refreshing,
}: {
  user: ServiceUser;
  onRefresh: () => void;
  refreshing: boolean;
}) {
  const policies = usePolicies();
  const detach = useDetachPolicy();
  const reattach = useAttachPolicy();
  // The last policy detached, offered back with Undo until something else happens.
  const [detached, setDetached] = useState<string | null>(null);
  const [filter, setFilter] = useState("");
  const [picking, setPicking] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const held = selected.filter((id) => user.policyIds.includes(id));
  // One request per policy, as the API detaches one at a time; stop at the first failure.
  const detachSelected = async () => {
    for (const policyId of held) {
      await detach.mutateAsync({ name: user.name, policyId });
      setSelected((s) => s.filter((x) => x !== policyId));
    }
  };
  const descriptions = useMemo(
    () => new Map((policies.data ?? []).map((p) => [p.name, p.description])),
    [policies.data],
  );
  const q = filter.trim().toLowerCase();
  const shown = user.policyIds.filter((id) => id.toLowerCase().includes(q));

  return (
    <DetailSection title="Attached Policies" testId="detail-policies">
      <div className="toolbar">
        <RefreshButton onClick={onRefresh} busy={refreshing} />
        <button type="button" className="button" onClick={() => setPicking(true)} data-testid="attach-policy">
          <PlusIcon /> Attach Policy
        </button>
        <Menu
          label="Actions"
          testId="attached-actions"
          items={[
            { label: "Attach…", onSelect: () => setPicking(true), testId: "attached-action-attach" },
            {
              label: `Detach selected (${held.length})`,
              onSelect: () => void detachSelected().catch(() => {}),
              disabled: held.length === 0 || detach.isPending,
              testId: "attached-action-detach",
            },
          ]}
        />
        <div className="toolbar-spacer" />
        <SearchField label="Search attached policies" placeholder="Search" value={filter} onChange={setFilter} />
      </div>
      {detach.error && <ErrorNotice error={toAppError(detach.error)} title="Could not detach the policy." />}
      {detached && (
        <div className="notice" role="status" data-testid="detached-notice">
          <span className="notice-text">
            Detached <span className="mono">{detached}</span> from {user.name}.
          </span>
          <button
            type="button"
            className="button button-small"
            disabled={reattach.isPending}
            onClick={() =>
              reattach.mutate({ name: user.name, policyId: detached }, { onSuccess: () => setDetached(null) })
            }
            data-testid="undo-detach"
          >
            Undo
          </button>
        </div>
      )}
      {reattach.error && (
        <ErrorNotice error={toAppError(reattach.error)} title={`Could not attach ${detached ?? "the policy"} again.`} />
      )}
      <table className="simple-table">
        <thead>
          <tr>
            <th className="col-select">
              <span className="visually-hidden">Select</span>
            </th>
            <th>Name</th>
            <th>Description</th>
            <th className="col-actions">Actions</th>
          </tr>
        </thead>
        <tbody>
          {shown.length === 0 && (
            <tr>
              <td colSpan={4} className="table-empty">
                {user.policyIds.length === 0
                  ? "No policies attached. This service user can do nothing yet."
                  : `No attached policy matches “${filter}”.`}
              </td>
            </tr>
          )}
          {shown.map((id) => (
            <tr key={id} data-testid={`attached-policy-${id}`}>
              <td className="col-select">
                <input
                  type="checkbox"
                  className="checkbox"
                  aria-label={`Select ${id}`}
                  checked={selected.includes(id)}
                  onChange={(e) => setSelected((s) => (e.target.checked ? [...s, id] : s.filter((x) => x !== id)))}
                  data-testid={`select-attached-${id}`}
                />
              </td>
              <td className="policy-name">
                <a href={routeHref({ page: "policy", name: id })}>{id}</a>
              </td>
              <td className="muted">{descriptions.get(id) ?? ""}</td>
              <td className="col-actions">
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => {
                    setDetached(null);
                    reattach.reset();
                    detach.mutate({ name: user.name, policyId: id }, { onSuccess: () => setDetached(id) });
                  }}
                  disabled={detach.isPending && detach.variables?.policyId === id}
                  data-testid={`detach-${id}`}
                >
                  Detach
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="table-caption muted">
        Showing {shown.length} of {user.policyIds.length}
      </p>
      {picking && <AttachPolicyDialog user={user} onClose={() => setPicking(false)} />}
    </DetailSection>
  );
}

function AttachPolicyDialog({ user, onClose }: { user: ServiceUser; onClose: () => void }) {
  const policies = usePolicies();
  const attach = useAttachPolicy();
  const [chosen, setChosen] = useState<string[]>([]);
  const [done, setDone] = useState<string[]>([]);
  const available = (policies.data ?? []).filter((p) => !user.policyIds.includes(p.name) && !done.includes(p.name));

  const submit = async () => {
    if (chosen.length === 0 || attach.isPending) return;
    // One request per policy, as the API attaches one at a time; stop at the first failure.
    for (const policyId of chosen) {
      try {
        await attach.mutateAsync({ name: user.name, policyId });
        setDone((d) => [...d, policyId]);
        setChosen((c) => c.filter((x) => x !== policyId));
      } catch {
        return;
      }
    }
    onClose();
  };

  return (
    <Dialog
      title={`Attach policies to ${user.name}`}
      onClose={onClose}
      onSubmit={() => void submit()}
      testId="attach-policy-dialog"
      footer={
        <FormButtons
          onCancel={onClose}
          pending={attach.isPending}
          disabled={chosen.length === 0}
          submitLabel={`Attach${chosen.length > 1 ? ` ${chosen.length} policies` : ""}`}
        />
      }
    >
      {policies.isPending ? (
        <Spinner label="Loading policies" />
      ) : policies.error ? (
        <ErrorNotice error={toAppError(policies.error)} onRetry={() => void policies.refetch()} />
      ) : (
        <PolicyChecklist
          policies={available}
          selected={chosen}
          onChange={setChosen}
          emptyText="Every policy is already attached."
        />
      )}
      {attach.error && (
        <ErrorNotice
          error={toAppError(attach.error)}
          title={`Could not attach ${attach.variables?.policyId ?? "the policy"}.`}
        />
      )}
    </Dialog>
  );
}
