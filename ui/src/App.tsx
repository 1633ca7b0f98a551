// The application shell: providers, header with the connection switcher, left navigation,
// the credentials banner and the current page.

import { QueryClientProvider, useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, Suspense, useCallback, useContext, useEffect, useMemo, useState } from "react";

import { soonAfterPaint } from "./afterPaint";
import { type Backend, toAppError } from "./backend";
import type { Connection } from "./bindings/Connection";
import type { KeyHandoff } from "./bindings/KeyHandoff";
import { CredentialsBanner } from "./components/CredentialsBanner";
import { ErrorNotice, Spinner } from "./components/common";
import { later, loadLaterScreens } from "./components/later";
import { endLightStart } from "./components/lightStart";
import { SandboxHint } from "./components/SandboxHint";
import { ServiceUsersPage } from "./components/ServiceUsersPage";
import { Sidebar } from "./components/Sidebar";
import { NoticeBanners, UnreachableBanner } from "./components/StatusBanners";
import { TopBar } from "./components/TopBar";
import { Welcome } from "./components/Welcome";
import { OpenHandoffContext } from "./handoff";
import {
  BackendContext,
  createQueryClient,
  useActiveConnection,
  useConnections,
  useRecoverSandbox,
  useRemoveConnection,
  useSettings,
  useSwitchConnection,
} from "./queries";
import { isPermissionRoute, navigate, useRoute } from "./route";
import { useMenuCommand, useMenuCommands } from "./shortcuts";
import { type FirstScreen, seedFirstScreen } from "./startup";
import { useTheme } from "./theme";

// Not on the first screen: loaded after it has painted (components/later.tsx).
const ActivityPage = later(() => import("./components/ActivityPage").then((m) => m.ActivityPage));
const CompareConnectionsPage = later(() =>
  import("./components/CompareConnectionsPage").then((m) => m.CompareConnectionsPage),
);
const ConfirmDialog = later(() => import("./components/ConfirmDialog").then((m) => m.ConfirmDialog));
const ConnectionDialog = later(() => import("./components/ConnectionDialog").then((m) => m.ConnectionDialog));
const DeliveryTargetsPage = later(() => import("./components/DeliveryTargetsPage").then((m) => m.DeliveryTargetsPage));
const PermissionPages = later(() => import("./components/PermissionPages").then((m) => m.PermissionPages));
const SecretPanel = later(() => import("./components/SecretPanel").then((m) => m.SecretPanel));
const ServiceUserDetailPage = later(() =>
  import("./components/ServiceUserDetailPage").then((m) => m.ServiceUserDetailPage),
);
const SettingsDialog = later(() => import("./components/SettingsDialog").then((m) => m.SettingsDialog));

type ShellDialog =
  | { kind: "add-connection" }
  | { kind: "edit-connection"; connection: Connection }
  | { kind: "remove-connection"; connection: Connection }
  | { kind: "settings" };

type ShellActions = { editActiveConnection: () => void };
const ShellContext = createContext<ShellActions>({ editActiveConnection: () => {} });
export const useShell = () => useContext(ShellContext);

/**
 * True once a request on the active connection failed with 401, until one succeeds, the
 * connection changes or the user dismisses it.
 */
const UnauthorizedContext = createContext<{ unauthorized: boolean; clear: () => void }>({
  unauthorized: false,
  clear: () => {},
});

/** `seed`: the first screen's data, already in when the app starts (see startup.ts). */
export function AppRoot({ backend, seed }: { backend: Backend; seed?: FirstScreen | null }) {
  const [unauthorized, setUnauthorized] = useState(false);
  const client = useMemo(() => {
    const created = createQueryClient({
      onError: (e) => {
        if (e.code === "unauthorized") setUnauthorized(true);
      },
      onSuccess: () => setUnauthorized(false),
    });
    if (seed) seedFirstScreen(created, seed);
    return created;
  }, [seed]);
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
  const recover = useRecoverSandbox(false);
  const auth = useContext(UnauthorizedContext);
  const [dialog, setDialog] = useState<ShellDialog | null>(null);
  // New keys are shown here, above whatever page the user is on when they arrive.
  const [handoff, setHandoff] = useState<KeyHandoff | null>(null);
  const current = active.data ?? null;
  const queryClient = useQueryClient();
  // On a page without a Refresh of its own, everything shown is read again. A reload already
  // running is kept, not started again, as the Refresh buttons ignore presses while busy.
  useMenuCommand("refresh", () => void queryClient.refetchQueries({ type: "active" }, { cancelRefetch: false }), {
    fallback: true,
  });
  useMenuCommands(() => navigate({ page: "service-users" }));
  useTheme(useSettings().data?.theme);

  // Soon after the first paint: the primitives the first screen was painted without, then the
  // chunks of the screens it does not show.
  useEffect(
    () =>
      soonAfterPaint(() => {
        endLightStart();
        void loadLaterScreens();
      }),
    [],
  );

  // New or edited credentials deserve a fresh chance.
  const { clear } = auth;
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs again whenever the connection is re-read.
  useEffect(() => clear(), [active.dataUpdatedAt, clear]);

  const actions = useMemo<ShellActions>(
    () => ({
      editActiveConnection: () => current && setDialog({ kind: "edit-connection", connection: current.connection }),
    }),
    [current],
  );

  let page: ReactNode;
  if (active.isPending) {
    page = (
      <div className="page-center">
        <Spinner label="Loading connection" />
      </div>
    );
  } else if (active.error) {
    page = (
      <ErrorNotice
        error={toAppError(active.error)}
        onRetry={() => void active.refetch()}
        title="Could not load the connection."
      />
    );
  } else if (!current) {
    page = (
      <Welcome
        onAdd={() => setDialog({ kind: "add-connection" })}
        connections={connections.data ?? []}
        onSwitch={(id) => switcher.mutate(id)}
      />
    );
  } else if (route.page === "service-user") {
    page = <ServiceUserDetailPage key={`${current.connection.id}/${route.name}`} name={route.name} />;
  } else if (route.page === "activity") {
    page = <ActivityPage />;
  } else if (route.page === "compare-connections") {
    page = <CompareConnectionsPage />;
  } else if (route.page === "delivery-targets") {
    page = <DeliveryTargetsPage />;
  } else if (isPermissionRoute(route)) {
    page = <PermissionPages key={current.connection.id} route={route} />;
  } else {
    page = <ServiceUsersPage key={current.connection.id} />;
  }

  return (
    <ShellContext.Provider value={actions}>
      <OpenHandoffContext.Provider value={setHandoff}>
        <div className="app">
          <TopBar
            current={current}
            connections={connections.data ?? []}
            onSwitch={(id) => switcher.mutate(id)}
            onAdd={() => setDialog({ kind: "add-connection" })}
            onEdit={(connection) => setDialog({ kind: "edit-connection", connection })}
            onRemove={(connection) => setDialog({ kind: "remove-connection", connection })}
            onSettings={() => setDialog({ kind: "settings" })}
          />
          <div className="layout">
            <Sidebar route={route} connection={current?.connection ?? null} />
            <main className="content">
              <NoticeBanners />
              {current && (
                <UnreachableBanner key={`unreachable-${current.connection.id}`} apiUrl={current.connection.baseUrl} />
              )}
              {auth.unauthorized && current && (
                <CredentialsBanner
                  current={current}
                  onDismiss={auth.clear}
                  onEdit={actions.editActiveConnection}
                  onRecoverSandbox={() => recover.mutate()}
                />
              )}
              {current?.connection.embedded && !(connections.data ?? []).some((c) => !c.embedded) && (
                <SandboxHint onAdd={() => setDialog({ kind: "add-connection" })} />
              )}
              {recover.error && (
                <ErrorNotice error={toAppError(recover.error)} title="Could not recover the sandbox." />
              )}
              {switcher.error && (
                <ErrorNotice error={toAppError(switcher.error)} title="Could not switch the connection." />
              )}
              <Suspense
                fallback={
                  <div className="page-center">
                    <Spinner label="Loading" />
                  </div>
                }
              >
                {page}
              </Suspense>
            </main>
          </div>
          <Suspense fallback={null}>
            {dialog?.kind === "add-connection" && <ConnectionDialog onClose={() => setDialog(null)} />}
            {dialog?.kind === "edit-connection" && (
              <ConnectionDialog connection={dialog.connection} onClose={() => setDialog(null)} />
            )}
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
          </Suspense>
        </div>
      </OpenHandoffContext.Provider>
    </ShellContext.Provider>
  );
}
