// One service user: status, attached policies and API access (key generation), like the
// portal's detail page.
import { useState } from "react";

import { toAppError } from "../backend";
import type { ServiceUser } from "../bindings/ServiceUser";
import { useServiceUser, useSetStatus } from "../queries";
import { routeHref } from "../route";
import { ApiAccess, useIsSignInUser } from "./ApiAccess";
import { AttachedPolicies } from "./AttachedPolicies";
import { Breadcrumb } from "./Breadcrumb";
import { ConfirmDialog } from "./ConfirmDialog";
import { ErrorNotice, SelfLockoutWarning, Spinner, StaleDataNotice, StatusBadge } from "./common";
import { DeleteServiceUser } from "./DeleteServiceUser";
import { EffectivePermissions } from "./EffectivePermissions";
import { PageHeading } from "./PageHeading";
import { UserFindings } from "./UserFindings";
import "./ServiceUserDetailPage.css";

export function ServiceUserDetailPage({ name }: { name: string }) {
  const user = useServiceUser(name);
  const crumbs = [
    { label: "User Management" },
    { label: "Service Users", href: routeHref({ page: "service-users" }) },
    { label: name },
  ];

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
        <PageHeading>{name}</PageHeading>
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
      <StaleDataNotice
        error={user.error}
        title="Could not refresh; showing what was loaded before."
        onRetry={() => void user.refetch()}
      />
      <StatusSection user={user.data} />
      <AttachedPolicies user={user.data} onRefresh={() => void user.refetch()} refreshing={user.isFetching} />
      <ApiAccess user={user.data} />
      <EffectivePermissions user={user.data} />
      <UserFindings user={user.data} />
    </div>
  );
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
        <PageHeading className="mono-title">{user.name}</PageHeading>
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
        <a className="button" href={routeHref({ page: "compare", first: user.name })} data-testid="compare-user">
          Compare…
        </a>
        <DeleteServiceUser user={user} />
      </div>
      <p className="detail-subtitle muted">
        {user.status === "active"
          ? "Can call the Trustgrid API with its keys."
          : "Disabled: its API keys are refused until it is enabled again."}
      </p>
      {setStatus.error && !confirming && (
        <ErrorNotice
          error={toAppError(setStatus.error)}
          title={`Could not ${next === "active" ? "enable" : "disable"} ${user.name}.`}
        />
      )}
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
