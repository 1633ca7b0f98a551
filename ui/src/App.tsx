// The application shell: providers, header with the connection switcher, left navigation,
// the credentials banner and the current page.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { QueryClientProvider, useQueryClient } from "@tanstack/react-query";

import { toAppError, type Backend } from "./backend";
import type { Connection } from "./bindings/Connection";
import type { KeyHandoff } from "./bindings/KeyHandoff";
import { ActivityPage } from "./components/ActivityPage";
import { ConfirmDialog } from "./components/ConfirmDialog";
import { ConnectionDialog } from "./components/ConnectionDialog";
import { ErrorNotice, Spinner } from "./components/common";
import { ActivityIcon, AlertIcon, GearIcon, PlusIcon, RobotIcon, ServerIcon } from "./components/Icons";
import { Menu, type MenuItem } from "./components/Menu";
import { ServiceUserDetailPage } from "./components/ServiceUserDetailPage";
import { ServiceUsersPage } from "./components/ServiceUsersPage";
import { SecretPanel } from "./components/SecretPanel";
import { SettingsDialog } from "./components/SettingsDialog";
import { OpenHandoffContext } from "./handoff";
import {
  BackendContext,
  createQueryClient,
  useActiveConnection,
  useConnections,
  useRemoveConnection,
  useSwitchConnection,
} from "./queries";
import { navigate, routeHref, useRoute } from "./route";
import { useMenuCommand, useMenuCommands } from "./shortcuts";

type ShellDialog =
  | { kind: "add-connection" }
  | { kind: "edit-connection"; connection: Connection }
  | { kind: "remove-connection"; connection: Connection }
  | { kind: "settings" };

type ShellActions = { editActiveConnection: () => void };
const ShellContext = createContext<ShellActions>({ editActiveConnection: () => {} });
export const useShell = () => useContext(ShellContext);

/** True once any request failed with 401, until the connection changes. */
const UnauthorizedContext = createContext<{ unauthorized: boolean; clear: () => void }>({
  unauthorized: false,
  clear: () => {},
});

export function AppRoot({ backend }: { backend: Backend }) {
  const [unauthorized, setUnauthorized] = useState(false);
  const client = useMemo(
    () =>
      createQueryClient((e) => {
        if (e.code === "unauthorized") setUnauthorized(true);
      }),
    [],
  );
  const clear = useCallback(() => setUnauthorized(false), []);
  const auth = useMemo(() => ({ unauthorized, clear }), [unauthorized, clear]);
  return (
    <BackendContext.Provider value={backend}>
      <QueryClientProvider client={client}>
        <UnauthorizedContext.Provider value={auth}>
          <Shell />
        </UnauthorizedContext.Provider>
      </QueryClientProvider>
    </BackendContext.Provider>
  );
}

function Shell() {
  const route = useRoute();
  const active = useActiveConnection();
  const connections = useConnections();
  const switcher = useSwitchConnection();
  const remove = useRemoveConnection();
  const auth = useContext(UnauthorizedContext);
  const [dialog, setDialog] = useState<ShellDialog | null>(null);
  // New keys are shown here, above whatever page the user is on when they arrive.
  const [handoff, setHandoff] = useState<KeyHandoff | null>(null);
  const current = active.data ?? null;
  const queryClient = useQueryClient();
  useMenuCommand("refresh", () => void queryClient.refetchQueries({ type: "active" }));
  useMenuCommands(() => navigate({ page: "service-users" }));

  // New or edited credentials deserve a fresh chance.
  const { clear } = auth;
  useEffect(() => clear(), [active.dataUpdatedAt, clear]);

  const actions = useMemo<ShellActions>(
    () => ({ editActiveConnection: () => current && setDialog({ kind: "edit-connection", connection: current.connection }) }),
    [current],
  );

  const menuItems: MenuItem[] = [
    { kind: "heading", label: "Connections" },
    ...(connections.data ?? []).map<MenuItem>((c) => ({
      label: c.name,
      hint: c.baseUrl,
      checked: c.id === current?.connection.id,
      onSelect: () => c.id !== current?.connection.id && switcher.mutate(c.id),
      testId: `connection-${c.id}`,
    })),
    { kind: "separator" },
    { label: "Add connection…", onSelect: () => setDialog({ kind: "add-connection" }), testId: "add-connection" },
    {
      label: "Edit…",
      disabled: !current || current.connection.embedded,
      onSelect: () => current && setDialog({ kind: "edit-connection", connection: current.connection }),
      testId: "edit-connection",
    },
    {
      label: "Remove…",
      disabled: !current || current.connection.embedded,
      danger: true,
      onSelect: () => current && setDialog({ kind: "remove-connection", connection: current.connection }),
      testId: "remove-connection",
    },
  ];

  let page: ReactNode;
  if (active.isPending) {
    page = (
      <div className="page-center">
        <Spinner label="Loading connection" />
      </div>
    );
  } else if (active.error) {
    page = <ErrorNotice error={toAppError(active.error)} onRetry={() => void active.refetch()} title="Could not load the connection." />;
  } else if (!current) {
    page = <Welcome onAdd={() => setDialog({ kind: "add-connection" })} connections={connections.data ?? []} onSwitch={(id) => switcher.mutate(id)} />;
  } else if (route.page === "service-user") {
    page = <ServiceUserDetailPage key={`${current.connection.id}/${route.name}`} name={route.name} />;
  } else if (route.page === "activity") {
    page = <ActivityPage />;
  } else {
    page = <ServiceUsersPage key={current.connection.id} />;
  }

  return (
    <ShellContext.Provider value={actions}>
      <OpenHandoffContext.Provider value={setHandoff}>
        <div className="app">
          <header className="topbar">
            <div className="brand">
              <span className="brand-mark" aria-hidden="true">
                <span />
                <span />
                <span />
                <span />
              </span>
              <span className="brand-name">
                trustgrid <span className="brand-product">Service Users</span>
              </span>
            </div>
            <div className="topbar-spacer" />
            <Menu
              testId="connection-switcher"
              buttonClassName="switcher"
              align="end"
              ariaLabel={current ? `Connection: ${current.org.name} (${current.org.domain})` : "Connections"}
              label={
                <span className="switcher-label">
                  <ServerIcon />
                  {current ? (
                    <span className="switcher-text">
                      <span className="switcher-org" data-testid="current-org">
                        {current.org.name}
                      </span>
                      <span className="switcher-domain">{current.org.domain}</span>
                    </span>
                  ) : (
                    <span className="switcher-text">
                      <span className="switcher-org">No connection</span>
                    </span>
                  )}
                </span>
              }
              items={menuItems}
            />
            <button type="button" className="icon-button" aria-label="Settings" title="Settings" data-testid="open-settings" onClick={() => setDialog({ kind: "settings" })}>
              <GearIcon />
            </button>
          </header>
          <div className="layout">
            <nav className="sidebar" aria-label="Main">
              <a
                href={routeHref({ page: "service-users" })}
                className={`nav-item${route.page !== "activity" ? " nav-item-active" : ""}`}
                aria-current={route.page !== "activity" ? "page" : undefined}
                data-testid="nav-service-users"
              >
                <RobotIcon /> Service Users
              </a>
              <a
                href={routeHref({ page: "activity" })}
                className={`nav-item${route.page === "activity" ? " nav-item-active" : ""}`}
                aria-current={route.page === "activity" ? "page" : undefined}
                data-testid="nav-activity"
              >
                <ActivityIcon /> Activity
              </a>
              {current && (
                <div className="sidebar-footer" title={current.connection.baseUrl}>
                  <span className="sidebar-footer-label">{current.connection.name}</span>
                  <span className="sidebar-footer-url">{current.connection.baseUrl.replace(/^https?:\/\//, "")}</span>
                </div>
              )}
            </nav>
            <main className="content">
              {auth.unauthorized && current && (
                <div className="banner banner-error" role="alert" data-testid="unauthorized-banner">
                  <AlertIcon />
                  <span>
                    The credentials for connection <strong>{current.connection.name}</strong> no longer work.
                  </span>
                  {!current.connection.embedded && (
                    <button type="button" className="button button-small" onClick={actions.editActiveConnection} data-testid="fix-credentials">
                      Edit connection…
                    </button>
                  )}
                </div>
              )}
              {switcher.error && <ErrorNotice error={toAppError(switcher.error)} title="Could not switch the connection." />}
              {page}
            </main>
          </div>
          {dialog?.kind === "add-connection" && <ConnectionDialog onClose={() => setDialog(null)} />}
          {dialog?.kind === "edit-connection" && <ConnectionDialog connection={dialog.connection} onClose={() => setDialog(null)} />}
          {dialog?.kind === "settings" && <SettingsDialog onClose={() => setDialog(null)} />}
          {dialog?.kind === "remove-connection" && (
            <ConfirmDialog
              title={`Remove connection “${dialog.connection.name}”?`}
              confirmLabel="Remove"
              danger
              pending={remove.isPending}
              error={remove.error ? toAppError(remove.error) : null}
              onCancel={() => setDialog(null)}
              onConfirm={() => remove.mutate(dialog.connection.id, { onSuccess: () => setDialog(null) })}
            >
              <p>
                The app forgets this connection and deletes its secret from the keychain. The service users in{" "}
                <strong>{dialog.connection.baseUrl}</strong> are not touched.
              </p>
            </ConfirmDialog>
          )}
          {handoff && <SecretPanel key={handoff.id} handoff={handoff} onClosed={() => setHandoff(null)} />}
        </div>
      </OpenHandoffContext.Provider>
    </ShellContext.Provider>
  );
}

function Welcome({ onAdd, connections, onSwitch }: { onAdd: () => void; connections: Connection[]; onSwitch: (id: string) => void }) {
  return (
    <div className="empty-state welcome" data-testid="welcome">
      <div className="empty-icon">
        <ServerIcon />
      </div>
      <h1>Connect to Trustgrid</h1>
      <p>Add a connection with the Client ID and Client Secret of an API user allowed to manage service users.</p>
      <button type="button" className="button button-primary" onClick={onAdd}>
        <PlusIcon /> Add connection…
      </button>
      {connections.length > 0 && (
        <ul className="welcome-list">
          {connections.map((c) => (
            <li key={c.id}>
              <button type="button" className="link-button" onClick={() => onSwitch(c.id)}>
                Use {c.name}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
