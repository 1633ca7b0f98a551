// One service user: status, attached policies and API access (key generation), like the
// portal's detail page.
import { useMemo, useState } from "react";

import { toAppError } from "../backend";
import type { AppError } from "../bindings/AppError";
import type { ServiceUser } from "../bindings/ServiceUser";
import { authorizationHeader, formatAge, formatDateTime } from "../format";
import { useAttachPolicy, useDetachPolicy, useGenerateKeys, usePolicies, useServiceUser, useSetStatus, useSignInClientId } from "../queries";
import { routeHref } from "../route";
import { Breadcrumb } from "./Breadcrumb";
import { ErrorNotice, SelfLockoutWarning, Spinner, StatusBadge } from "./common";
import { ConfirmDialog } from "./ConfirmDialog";
import { Dialog } from "./Dialog";
import { KeyIcon, PlusIcon, RefreshIcon, SearchIcon } from "./Icons";
import { PolicyChecklist } from "./PolicyChecklist";

export function ServiceUserDetailPage({ name }: { name: string }) {
  const user = useServiceUser(name);
  const crumbs = [{ label: "Service Users", href: routeHref({ page: "service-users" }) }, { label: name }];

  if (user.isPending) {
    return (
      <div className="page">
        <Breadcrumb items={crumbs} />
        <div className="page-center">
          <Spinner label="Loading service user" />
        </div>
      </div>
    );
  }
  if (!user.data) {
    const error = toAppError(user.error);
    return (
      <div className="page">
        <Breadcrumb items={crumbs} />
        <h1>{name}</h1>
        {error.code === "not_found" ? (
          <div className="notice" data-testid="not-found">
            This service user no longer exists. <a href={routeHref({ page: "service-users" })}>Back to the list</a>
          </div>
        ) : (
          <ErrorNotice error={error} title="Could not load the service user." onRetry={() => void user.refetch()} />
        )}
      </div>
    );
  }
  return (
    <div className="page">
      <Breadcrumb items={crumbs} />
      {user.error && <ErrorNotice error={toAppError(user.error)} title="Could not refresh; showing what was loaded before." onRetry={() => void user.refetch()} />}
      <StatusSection user={user.data} />
      <AttachedPolicies user={user.data} onRefresh={() => void user.refetch()} refreshing={user.isFetching} />
      <ApiAccess user={user.data} />
    </div>
  );
}

/** True when the active connection signs in as this service user. */
function useIsSignInUser(user: ServiceUser): boolean {
  const signIn = useSignInClientId();
  return user.clientId !== null && user.clientId === signIn;
}

function StatusSection({ user }: { user: ServiceUser }) {
  const setStatus = useSetStatus();
  const isSignInUser = useIsSignInUser(user);
  const [confirming, setConfirming] = useState(false);
  const next = user.status === "active" ? "inactive" : "active";
  const apply = () => setStatus.mutate({ name: user.name, status: next }, { onSuccess: () => setConfirming(false) });
  return (
    <section className="detail-header" data-testid="detail-status">
      <div className="detail-title">
        <h1 className="mono-title">{user.name}</h1>
        <StatusBadge status={user.status} />
      </div>
      <div className="detail-actions">
        <button
          type="button"
          className={`button${next === "inactive" ? "" : " button-primary"}`}
          // Disabling is one click (Enable undoes it), except for the user this connection signs
          // in with: afterwards the app could not enable it again.
          onClick={() => (next === "inactive" && isSignInUser ? setConfirming(true) : apply())}
          disabled={setStatus.isPending}
          data-testid="toggle-status"
        >
          {setStatus.isPending && <Spinner />}
          {next === "active" ? "Enable" : "Disable"}
        </button>
      </div>
      <p className="detail-subtitle muted">
        {user.status === "active" ? "Can call the Trustgrid API with its keys." : "Disabled: its API keys are refused until it is enabled again."}
      </p>
      {setStatus.error && !confirming && <ErrorNotice error={toAppError(setStatus.error)} title={`Could not ${next === "active" ? "enable" : "disable"} ${user.name}.`} />}
      {confirming && (
        <ConfirmDialog
          title={`Disable ${user.name}?`}
          confirmLabel="Disable"
          danger
          pending={setStatus.isPending}
          error={setStatus.error ? toAppError(setStatus.error) : null}
          onCancel={() => setConfirming(false)}
          onConfirm={apply}
        >
          <SelfLockoutWarning />
          <p>Its API keys are refused at once, until it is enabled again.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function AttachedPolicies({ user, onRefresh, refreshing }: { user: ServiceUser; onRefresh: () => void; refreshing: boolean }) {
  const policies = usePolicies();
  const detach = useDetachPolicy();
  const [filter, setFilter] = useState("");
  const [picking, setPicking] = useState(false);
  const descriptions = useMemo(() => new Map((policies.data ?? []).map((p) => [p.name, p.description])), [policies.data]);
  const q = filter.trim().toLowerCase();
  const shown = user.policyIds.filter((id) => id.toLowerCase().includes(q));

  return (
    <section className="section" data-testid="detail-policies" aria-labelledby="policies-title">
      <h2 id="policies-title" className="section-title">
        Attached Policies
      </h2>
      <div className="toolbar">
        <button type="button" className="button button-icon" aria-label="Refresh" title="Refresh" onClick={onRefresh} disabled={refreshing}>
          <span className={refreshing ? "spin" : undefined}>
            <RefreshIcon />
          </span>
        </button>
        <button type="button" className="button" onClick={() => setPicking(true)} data-testid="attach-policy">
          <PlusIcon /> Attach Policy
        </button>
        <div className="toolbar-spacer" />
        <label className="search">
          <SearchIcon />
          <input type="search" placeholder="Search" aria-label="Search attached policies" value={filter} onChange={(e) => setFilter(e.target.value)} />
        </label>
      </div>
      {detach.error && <ErrorNotice error={toAppError(detach.error)} title="Could not detach the policy." />}
      <table className="simple-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Description</th>
            <th className="col-actions">Actions</th>
          </tr>
        </thead>
        <tbody>
          {shown.length === 0 && (
            <tr>
              <td colSpan={3} className="table-empty">
                {user.policyIds.length === 0 ? "No policies attached. This service user can do nothing yet." : `No attached policy matches “${filter}”.`}
              </td>
            </tr>
          )}
          {shown.map((id) => (
            <tr key={id} data-testid={`attached-policy-${id}`}>
              <td className="policy-name">{id}</td>
              <td className="muted">{descriptions.get(id) ?? ""}</td>
              <td className="col-actions">
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => detach.mutate({ name: user.name, policyId: id })}
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
    </section>
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
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={chosen.length === 0 || attach.isPending} data-testid="submit">
            {attach.isPending && <Spinner />}
            Attach{chosen.length > 1 ? ` ${chosen.length} policies` : ""}
          </button>
        </>
      }
    >
      {policies.isPending ? (
        <Spinner label="Loading policies" />
      ) : policies.error ? (
        <ErrorNotice error={toAppError(policies.error)} onRetry={() => void policies.refetch()} />
      ) : (
        <PolicyChecklist policies={available} selected={chosen} onChange={setChosen} emptyText="Every policy is already attached." />
      )}
      {attach.error && <ErrorNotice error={toAppError(attach.error)} title={`Could not attach ${attach.variables?.policyId ?? "the policy"}.`} />}
    </Dialog>
  );
}

function ApiAccess({ user }: { user: ServiceUser }) {
  const generate = useGenerateKeys();
  const isSignInUser = useIsSignInUser(user);
  const [confirming, setConfirming] = useState(false);
  const hasKeys = user.clientId !== null;

  // The secret panel itself is opened by useGenerateKeys at the shell level.
  const run = () => generate.mutate(user.name, { onSuccess: () => setConfirming(false) });

  return (
    <section className="section" data-testid="detail-api-access" aria-labelledby="api-title">
      <h2 id="api-title" className="section-title">
        API Access
      </h2>
      <div className="readonly-grid">
        <div className="field">
          <label htmlFor="token-age">Token Age</label>
          <input
            id="token-age"
            readOnly
            value={user.tokenCreated === null ? "No keys yet" : formatAge(user.tokenCreated)}
            title={user.tokenCreated === null ? undefined : formatDateTime(new Date(user.tokenCreated * 1000))}
            data-testid="token-age"
          />
        </div>
        <div className="field">
          <label htmlFor="client-id">Client ID</label>
          <input id="client-id" className="mono" readOnly value={user.clientId ?? "—"} data-testid="client-id" />
        </div>
        <div className="field">
          <label htmlFor="client-secret">Client Secret</label>
          <input id="client-secret" readOnly value={hasKeys ? "Shown only once, when the keys are generated" : "—"} className="muted-input" />
        </div>
      </div>
      <div className="header-format">
        <span>Authenticate with header:</span>
        <code data-testid="header-format">{authorizationHeader(user.clientId)}</code>
      </div>
      {generate.error && !confirming && <GenerateError error={toAppError(generate.error)} onRegenerate={run} />}
      <button
        type="button"
        className="button button-primary"
        onClick={() => (hasKeys ? setConfirming(true) : run())}
        disabled={generate.isPending}
        data-testid="generate-keys"
      >
        {generate.isPending ? <Spinner /> : <KeyIcon />}
        {hasKeys ? "Regenerate API keys" : "Generate API keys"}
      </button>
      {confirming && (
        <ConfirmDialog
          title={`Regenerate API keys for ${user.name}?`}
          confirmLabel="Regenerate"
          danger
          pending={generate.isPending}
          error={generate.error ? toAppError(generate.error) : null}
          onCancel={() => setConfirming(false)}
          onConfirm={run}
          confirmTestId="regenerate-confirm"
        >
          {isSignInUser && <SelfLockoutWarning />}
          <p>The current secret stops working at once. Anything still using it will be refused until it gets the new one.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

/**
 * Why keys could not be generated. Without a clear answer the server may have replaced the keys
 * all the same, so the old key may no longer work: the one way to a working secret is to
 * regenerate, offered right here.
 */
function GenerateError({ error, onRegenerate }: { error: AppError; onRegenerate: () => void }) {
  const unknown = error.code === "outcome_unknown";
  return (
    <ErrorNotice
      error={error}
      title={unknown ? "New keys were not confirmed." : "Could not generate keys."}
      onRetry={unknown ? onRegenerate : undefined}
      retryLabel="Regenerate keys"
      testId="generate-error"
    />
  );
}
