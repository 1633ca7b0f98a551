// TanStack Query hooks over the Backend: the single place that knows query keys and which
// mutations make which cached data stale.

import {
  MutationCache,
  notifyManager,
  QueryCache,
  QueryClient,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import { createContext, useContext } from "react";

import { type Backend, toAppError } from "./backend";
import type { AppError } from "./bindings/AppError";
import type { ConnectionUpdate } from "./bindings/ConnectionUpdate";
import type { DeliveryTargetInput } from "./bindings/DeliveryTargetInput";
import type { FindingKind } from "./bindings/FindingKind";
import type { NewConnection } from "./bindings/NewConnection";
import type { NewServiceUser } from "./bindings/NewServiceUser";
import type { Policy } from "./bindings/Policy";
import type { RotationDelivery } from "./bindings/RotationDelivery";
import type { ServiceUser } from "./bindings/ServiceUser";
import type { ServiceUserStatus } from "./bindings/ServiceUserStatus";
import type { Settings } from "./bindings/Settings";
import type { Simulation } from "./bindings/Simulation";
import type { Unfinished } from "./bindings/Unfinished";
import { useOpenHandoff } from "./handoff";
import { keys } from "./queryKeys";

export const BackendContext = createContext<Backend | null>(null);

export function useBackend(): Backend {
  const backend = useContext(BackendContext);
  if (!backend) throw new Error("useBackend needs a BackendContext provider");
  return backend;
}

/**
 * Marks a mutation that tests credentials the user is typing (add, edit, switch): its failure
 * belongs to its own dialog or notice, never to the active connection's banner.
 */
export const TESTS_CONNECTION = { testsConnection: true } as const;

/**
 * Marks a query that reads only the app's own files: its success says nothing about whether the
 * active connection works, so it must not drop that connection's banner.
 */
export const LOCAL_ONLY = { localOnly: true } as const;

/** What the shell hears about requests made with the active connection. */
export type ConnectionHealth = {
  /** A request on the active connection failed. */
  onError: (error: AppError) => void;
  /** A request on the active connection succeeded: its credentials work. */
  onSuccess?: () => void;
};

// Components hear of new data in a microtask after it arrives, still batched, rather than in a
// timer task queued behind whatever else the page has scheduled. TanStack Query's scheduler is
// process-wide, so it is set once, here, where every client (the app's and the tests') is made.
// In the built UI on WebKitGTK, the Effective Permissions list reached the DOM 21 ms after its
// data with the default setTimeout(0) and 6 ms with this (medians of 24 visits).
notifyManager.setScheduler(queueMicrotask);

function onActiveConnection(meta: Record<string, unknown> | undefined): boolean {
  return meta?.testsConnection !== true && meta?.localOnly !== true;
}

/**
 * Creates the app's QueryClient. `health` hears every query and mutation made with the active
 * connection (not the ones testing other credentials), so the shell can show one banner when the
 * connection's credentials stop working and drop it when they work again.
 */
export function createQueryClient(health: ConnectionHealth | ((error: AppError) => void)) {
  const { onError, onSuccess } = typeof health === "function" ? { onError: health, onSuccess: undefined } : health;
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (e, query) => onActiveConnection(query.meta) && onError(toAppError(e)),
      onSuccess: (_, query) => onActiveConnection(query.meta) && onSuccess?.(),
    }),
    mutationCache: new MutationCache({
      onError: (e, _v, _c, mutation) => onActiveConnection(mutation.meta) && onError(toAppError(e)),
      onSuccess: (_d, _v, _c, mutation) => onActiveConnection(mutation.meta) && onSuccess?.(),
    }),
    defaultOptions: {
      queries: {
        // The Rust client is the one retry layer (idempotent reads, Retry-After, a bound on the
        // whole wait): retrying here again would multiply its waits.
        retry: false,
        refetchOnWindowFocus: false,
        staleTime: 30_000,
      },
      mutations: { retry: false },
    },
  });
}

export function useActiveConnection() {
  const backend = useBackend();
  return useQuery({ queryKey: keys.activeConnection, queryFn: () => backend.activeConnection() });
}

/** The Client ID the active connection signs in with, to spot changes that would lock it out. */
export function useSignInClientId(): string | null {
  return useActiveConnection().data?.connection.clientId ?? null;
}

export function useConnections() {
  const backend = useBackend();
  return useQuery({ queryKey: keys.connections, queryFn: () => backend.listConnections(), meta: LOCAL_ONLY });
}

export function useServiceUsers(enabled = true) {
  const backend = useBackend();
  return useQuery({ queryKey: keys.serviceUsers, queryFn: () => backend.listServiceUsers(), enabled });
}

export function useServiceUser(name: string) {
  const backend = useBackend();
  const client = useQueryClient();
  return useQuery({
    queryKey: keys.serviceUser(name),
    queryFn: () => backend.getServiceUser(name),
    initialData: () => client.getQueryData<ServiceUser[]>(keys.serviceUsers)?.find((u) => u.name === name),
    initialDataUpdatedAt: () => client.getQueryState(keys.serviceUsers)?.dataUpdatedAt,
  });
}

export function usePolicies(enabled = true) {
  const backend = useBackend();
  return useQuery({ queryKey: keys.policies, queryFn: () => backend.listPolicies(), enabled });
}

export function useSettings() {
  const backend = useBackend();
  return useQuery({ queryKey: keys.settings, queryFn: () => backend.getSettings(), meta: LOCAL_ONLY });
}

/** What the app has to say about its start; fixed once the app has started. */
export function useNotices() {
  const backend = useBackend();
  return useQuery({ queryKey: keys.notices, queryFn: () => backend.notices(), staleTime: Number.POSITIVE_INFINITY });
}

export function useJournal() {
  const backend = useBackend();
  return useQuery({ queryKey: keys.journal, queryFn: () => backend.readJournal(), staleTime: 0, meta: LOCAL_ONLY });
}

/** Puts a changed service user into both the list and its detail cache, then marks both stale. */
function useStoreServiceUser() {
  const client = useQueryClient();
  return (user: ServiceUser) => {
    client.setQueryData(keys.serviceUser(user.name), user);
    client.setQueryData<ServiceUser[]>(keys.serviceUsers, (list) =>
      list ? list.map((u) => (u.name === user.name ? user : u)) : list,
    );
    void client.invalidateQueries({ queryKey: keys.serviceUsers });
    void client.invalidateQueries({ queryKey: keys.journal });
    void client.invalidateQueries({ queryKey: keys.effective(user.name) });
  };
}

export function useCreateServiceUser() {
  const backend = useBackend();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: NewServiceUser) => backend.createServiceUser(input),
    onSuccess: (user) => {
      client.setQueryData<ServiceUser[]>(keys.serviceUsers, (list) => (list ? [...list, user] : list));
      void client.invalidateQueries({ queryKey: keys.serviceUsers });
      void client.invalidateQueries({ queryKey: keys.journal });
    },
  });
}

/** Deletes one service user (journaled as `delete`, not as a bulk run). */
export function useDeleteServiceUser() {
  const backend = useBackend();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => backend.deleteServiceUser(name),
    onSuccess: (_, name) => {
      client.setQueryData<ServiceUser[]>(keys.serviceUsers, (list) => list?.filter((u) => u.name !== name));
      client.removeQueries({ queryKey: keys.serviceUser(name) });
      void client.invalidateQueries({ queryKey: keys.serviceUsers });
      void client.invalidateQueries({ queryKey: keys.journal });
    },
  });
}

export function useSetStatus() {
  const backend = useBackend();
  const store = useStoreServiceUser();
  return useMutation({
    mutationFn: (v: { name: string; status: ServiceUserStatus }) => backend.setServiceUserStatus(v.name, v.status),
    onSuccess: store,
  });
}

export function useAttachPolicy() {
  const backend = useBackend();
  const store = useStoreServiceUser();
  return useMutation({
    mutationFn: (v: { name: string; policyId: string }) => backend.attachPolicy(v.name, v.policyId),
    onSuccess: store,
  });
}

export function useDetachPolicy() {
  const backend = useBackend();
  const store = useStoreServiceUser();
  return useMutation({
    mutationFn: (v: { name: string; policyId: string }) => backend.detachPolicy(v.name, v.policyId),
    onSuccess: store,
  });
}

export function useGenerateKeys() {
  const backend = useBackend();
  const client = useQueryClient();
  const openHandoff = useOpenHandoff();
  return useMutation({
    mutationFn: (name: string) => backend.generateKeys(name),
    // Hook-level, not per-call: TanStack still runs it after the page that asked has unmounted.
    onSuccess: (handoff) => {
      openHandoff(handoff);
      void client.invalidateQueries({ queryKey: keys.serviceUser(handoff.serviceUser) });
      void client.invalidateQueries({ queryKey: keys.serviceUsers });
      void client.invalidateQueries({ queryKey: keys.journal });
    },
    // Without a clear answer the keys may have changed on the server all the same.
    onError: (error, name) => {
      if (toAppError(error).code !== "outcome_unknown") return;
      void client.invalidateQueries({ queryKey: keys.serviceUser(name) });
      void client.invalidateQueries({ queryKey: keys.serviceUsers });
      void client.invalidateQueries({ queryKey: keys.journal });
    },
  });
}

export function useUpdateSettings() {
  const backend = useBackend();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (settings: Settings) => backend.updateSettings(settings),
    onSuccess: (settings) => {
      client.setQueryData(keys.settings, settings);
      // The key-age threshold decides which keys are old.
      void client.invalidateQueries({ queryKey: keys.findings });
    },
  });
}

export function useFindings(enabled = true) {
  const backend = useBackend();
  return useQuery({ queryKey: keys.findings, queryFn: () => backend.listFindings(), enabled });
}

export function useAcceptFinding() {
  const backend = useBackend();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { user: string; kind: FindingKind; reason: string }) =>
      backend.acceptFinding(v.user, v.kind, v.reason),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: keys.findings });
      void client.invalidateQueries({ queryKey: keys.journal });
    },
  });
}

export function useUnacceptFinding() {
  const backend = useBackend();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { user: string; kind: FindingKind }) => backend.unacceptFinding(v.user, v.kind),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: keys.findings });
      void client.invalidateQueries({ queryKey: keys.journal });
    },
  });
}

/** After the active connection changes every cached org datum belongs to another org. */
function useConnectionChanged() {
  const client = useQueryClient();
  return () => {
    client.removeQueries({ queryKey: keys.serviceUsers });
    client.removeQueries({ queryKey: ["serviceUser"] });
    client.removeQueries({ queryKey: keys.policies });
    client.removeQueries({ queryKey: ["policy"] });
    client.removeQueries({ queryKey: ["effective"] });
    void client.invalidateQueries({ queryKey: keys.connections });
    void client.invalidateQueries({ queryKey: keys.activeConnection });
    void client.invalidateQueries({ queryKey: keys.journal });
  };
}

/**
 * The Client Secret is read through `readSecret` when the request starts instead of being passed
 * as mutation variables: TanStack keeps variables in its mutation cache after the dialog closes,
 * and a secret must not linger anywhere it was not asked to be. `gcTime: 0` drops the finished
 * mutation at once as well.
 */
export function useAddConnection(readSecret: () => string) {
  const backend = useBackend();
  const client = useQueryClient();
  const changed = useConnectionChanged();
  return useMutation({
    mutationFn: (input: Omit<NewConnection, "clientSecret">) =>
      backend.addConnection({ ...input, clientSecret: readSecret() }),
    gcTime: 0,
    meta: TESTS_CONNECTION,
    onSuccess: (active) => {
      client.setQueryData(keys.activeConnection, active);
      changed();
    },
  });
}

/** Like `useAddConnection`: `readSecret` returns the new secret, or null to keep the stored one. */
export function useUpdateConnection(readSecret: () => string | null) {
  const backend = useBackend();
  const client = useQueryClient();
  const changed = useConnectionChanged();
  return useMutation({
    mutationFn: (v: { id: string; input: Omit<ConnectionUpdate, "clientSecret"> }) =>
      backend.updateConnection(v.id, { ...v.input, clientSecret: readSecret() }),
    gcTime: 0,
    meta: TESTS_CONNECTION,
    onSuccess: (active) => {
      client.setQueryData(keys.activeConnection, active);
      changed();
    },
  });
}

export function useSwitchConnection() {
  const backend = useBackend();
  const client = useQueryClient();
  const changed = useConnectionChanged();
  return useMutation({
    mutationFn: (id: string) => backend.switchConnection(id),
    meta: TESTS_CONNECTION,
    onSuccess: (active) => {
      client.setQueryData(keys.activeConnection, active);
      changed();
    },
  });
}

/**
 * The embedded sandbox's way back (`reset`: with its demo data put back as well): new admin keys,
 * and the sandbox becomes the connection in use.
 */
export function useRecoverSandbox(reset: boolean) {
  const backend = useBackend();
  const client = useQueryClient();
  const changed = useConnectionChanged();
  return useMutation({
    mutationFn: () => (reset ? backend.resetSandbox() : backend.recoverSandbox()),
    meta: TESTS_CONNECTION,
    onSuccess: (active) => {
      client.setQueryData(keys.activeConnection, active);
      changed();
    },
  });
}

export function useRemoveConnection() {
  const backend = useBackend();
  const changed = useConnectionChanged();
  return useMutation({
    mutationFn: (id: string) => backend.removeConnection(id),
    onSuccess: changed,
    // The connection is gone even when its keychain entry could not be deleted: show the truth.
    onError: (error) => {
      if (toAppError(error).code === "keychain_unavailable") changed();
    },
  });
}

export function useDeliveryTargets() {
  const backend = useBackend();
  return useQuery({ queryKey: keys.deliveryTargets, queryFn: () => backend.listDeliveryTargets(), meta: LOCAL_ONLY });
}

/** Saves a target; resolves to null when the administrator declined the native confirmation. */
export function useSaveDeliveryTarget() {
  const backend = useBackend();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: DeliveryTargetInput) => backend.saveDeliveryTarget(input),
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.deliveryTargets }),
  });
}

export function useDeleteDeliveryTarget() {
  const backend = useBackend();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => backend.deleteDeliveryTarget(id),
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.deliveryTargets }),
  });
}

/** Delivers open keys to the chosen targets; the results stay with the dialog that asked. */
export function useDeliverKeys() {
  const backend = useBackend();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { handoffId: string; targetIds: string[] }) => backend.deliverKeys(v.handoffId, v.targetIds),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: keys.deliveryTargets });
      void client.invalidateQueries({ queryKey: keys.journal });
    },
  });
}
/**
 * Rotates keys (or finishes an interrupted rotation). Whatever the outcome, keys may have changed
 * and the connection may sign in with a new one: the users, the connection and the journal are
 * read again.
 */
export function useRotateKeys() {
  const backend = useBackend();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (
      v: { names: string[]; delivery: RotationDelivery } | { unfinished: Unfinished[]; delivery: RotationDelivery },
    ) => ("names" in v ? backend.rotateKeys(v.names, v.delivery) : backend.finishRotation(v.unfinished, v.delivery)),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: keys.serviceUsers });
      void client.invalidateQueries({ queryKey: ["serviceUser"] });
      void client.invalidateQueries({ queryKey: keys.activeConnection });
      void client.invalidateQueries({ queryKey: keys.connections });
      void client.invalidateQueries({ queryKey: keys.deliveryTargets });
      void client.invalidateQueries({ queryKey: keys.journal });
    },
  });
}
/** The active connection's rotation run that a network failure interrupted, kept until finished. */
export function useUnfinishedRotation() {
  const backend = useBackend();
  return useQuery({
    queryKey: keys.unfinishedRotation,
    queryFn: () => backend.unfinishedRotation(),
    meta: LOCAL_ONLY,
  });
}
/** Forgets the active connection's unfinished rotation run (journaled). */
export function useDismissUnfinishedRotation() {
  const backend = useBackend();
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => backend.dismissUnfinishedRotation(),
    meta: LOCAL_ONLY,
    onSettled: () => {
      void client.invalidateQueries({ queryKey: keys.unfinishedRotation });
      void client.invalidateQueries({ queryKey: keys.journal });
    },
  });
}
export function usePolicy(name: string) {
  const backend = useBackend();
  const client = useQueryClient();
  return useQuery({
    queryKey: keys.policy(name),
    queryFn: () => backend.getPolicy(name),
    initialData: () => client.getQueryData<Policy[]>(keys.policies)?.find((p) => p.name === name),
    initialDataUpdatedAt: () => client.getQueryState(keys.policies)?.dataUpdatedAt,
  });
}

/** The action catalog never changes while the app runs. */
export function useCatalog() {
  const backend = useBackend();
  return useQuery({
    queryKey: keys.catalog,
    queryFn: () => backend.policyCatalog(),
    staleTime: Number.POSITIVE_INFINITY,
    // Built into the app (tg-policy), not read from the API.
    meta: LOCAL_ONLY,
  });
}

/** Performance marks: the effective permissions arrived, and their list was rendered. */
export const EFFECTIVE_DATA_MARK = "effective-permissions-data";
export const EFFECTIVE_RENDERED_MARK = "effective-permissions-rendered";

export function useEffectivePermissions(name: string) {
  const backend = useBackend();
  return useQuery({
    queryKey: keys.effective(name),
    queryFn: async () => {
      const rows = await backend.effectivePermissions(name);
      // The benchmark (tests/e2e/tests/permissions_performance.rs) times the render from here.
      performance.mark(EFFECTIVE_DATA_MARK);
      return rows;
    },
  });
}

/** After a policy changes, every list, page and decision that shows it is stale. */
function usePolicyChanged() {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: keys.policies });
    void client.invalidateQueries({ queryKey: ["policy"] });
    void client.invalidateQueries({ queryKey: ["effective"] });
    void client.invalidateQueries({ queryKey: keys.journal });
  };
}

export function useSavePolicy(creating: boolean) {
  const backend = useBackend();
  const changed = usePolicyChanged();
  return useMutation({
    mutationFn: (policy: Policy) => (creating ? backend.createPolicy(policy) : backend.updatePolicy(policy)),
    onSuccess: changed,
  });
}

export function useDeletePolicy() {
  const backend = useBackend();
  const client = useQueryClient();
  const changed = usePolicyChanged();
  return useMutation({
    mutationFn: (v: { name: string; detachFirst: boolean }) => backend.deletePolicy(v.name, v.detachFirst),
    onSuccess: (deletion) => {
      client.removeQueries({ queryKey: keys.policy(deletion.name) });
      if (deletion.detachedFrom.length > 0) {
        void client.invalidateQueries({ queryKey: keys.serviceUsers });
        void client.invalidateQueries({ queryKey: ["serviceUser"] });
      }
      changed();
    },
  });
}

export function useWhatIf() {
  const backend = useBackend();
  return useMutation({
    mutationFn: (v: { name: string; attach: string[]; detach: string[] }) => backend.whatIf(v.name, v.attach, v.detach),
  });
}

export function useSimulate() {
  const backend = useBackend();
  return useMutation({ mutationFn: (simulation: Simulation) => backend.simulate(simulation) });
}

export function useCompare() {
  const backend = useBackend();
  return useMutation({
    mutationFn: (v: { first: string; second: string }) => backend.compareServiceUsers(v.first, v.second),
  });
}
