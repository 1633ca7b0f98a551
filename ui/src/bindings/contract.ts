// Generated from the contract table (crates/tg-admin/src/contract/table.rs) by `cargo xtask contract`. Do not edit: change the table and regenerate.

import type { ActiveConnection } from "./ActiveConnection";
import type { BulkAction } from "./BulkAction";
import type { BulkProgress } from "./BulkProgress";
import type { BulkReport } from "./BulkReport";
import type { CatalogEntry } from "./CatalogEntry";
import type { Connection } from "./Connection";
import type { ConnectionUpdate } from "./ConnectionUpdate";
import type { CountdownEnded } from "./CountdownEnded";
import type { CountdownTick } from "./CountdownTick";
import type { EffectivePermission } from "./EffectivePermission";
import type { ErrorCode } from "./ErrorCode";
import type { JournalEntry } from "./JournalEntry";
import type { KeyHandoff } from "./KeyHandoff";
import type { MenuCommand } from "./MenuCommand";
import type { NewConnection } from "./NewConnection";
import type { NewServiceUser } from "./NewServiceUser";
import type { Notice } from "./Notice";
import type { PermissionChange } from "./PermissionChange";
import type { Policy } from "./Policy";
import type { PolicyDeletion } from "./PolicyDeletion";
import type { Rules } from "./Rules";
import type { SecretFileFormat } from "./SecretFileFormat";
import type { ServiceUser } from "./ServiceUser";
import type { ServiceUserStatus } from "./ServiceUserStatus";
import type { Settings } from "./Settings";
import type { Simulation } from "./Simulation";
import type { SimulationResult } from "./SimulationResult";
import type { StartupMark } from "./StartupMark";
import type { UserComparison } from "./UserComparison";

/** Everything the UI can ask of the Rust side: one method per command. */
export interface Commands {
  /** The saved connections, the embedded sandbox first. */
  listConnections(): Promise<Array<Connection>>;
  /**
   * The connection in use; on the first call, connects to the last one used (or the
   * embedded sandbox).
   */
  activeConnection(): Promise<ActiveConnection | null>;
  /** Verifies and saves a new connection (its secret to the keychain) and switches to it. */
  addConnection(input: NewConnection): Promise<ActiveConnection>;
  /** Verifies and saves changes to a connection and switches to it. */
  updateConnection(id: string, input: ConnectionUpdate): Promise<ActiveConnection>;
  /** Forgets a connection and deletes its secret from the keychain. */
  removeConnection(id: string): Promise<void>;
  /** Verifies a saved connection and makes it the one in use. */
  switchConnection(id: string): Promise<ActiveConnection>;
  /** Every service user of the connected org. */
  listServiceUsers(): Promise<Array<ServiceUser>>;
  /** One service user, read fresh. */
  getServiceUser(name: string): Promise<ServiceUser>;
  /** Creates a service user with its initial policies. */
  createServiceUser(input: NewServiceUser): Promise<ServiceUser>;
  /** Enables (`active`) or disables (`inactive`) one service user. */
  setServiceUserStatus(name: string, status: ServiceUserStatus): Promise<ServiceUser>;
  /** Adds a policy to a service user, keeping its others. */
  attachPolicy(name: string, policyId: string): Promise<ServiceUser>;
  /** Removes a policy from a service user, keeping its others. */
  detachPolicy(name: string, policyId: string): Promise<ServiceUser>;
  /**
   * Enables, disables or deletes many users, reporting each one's outcome; progress
   * arrives as `BulkProgress` events.
   */
  runBulkAction(action: BulkAction, names: Array<string>): Promise<BulkReport>;
  /** Stops the running bulk action: items not yet started end as cancelled. */
  cancelBulkAction(): Promise<void>;
  /** Every policy of the connected org. */
  listPolicies(): Promise<Array<Policy>>;
  /** One policy, read fresh. */
  getPolicy(name: string): Promise<Policy>;
  /** Creates a custom policy; the server's validation messages arrive as `details`. */
  createPolicy(policy: Policy): Promise<Policy>;
  /** Replaces a custom policy (found by its name); validation messages as for create. */
  updatePolicy(policy: Policy): Promise<Policy>;
  /**
   * Deletes a custom policy. The server refuses while users hold it; with `detachFirst`
   * it is detached from each of them first.
   */
  deletePolicy(name: string, detachFirst: boolean): Promise<PolicyDeletion>;
  /** Every action Trustgrid defines, sorted by name, with its area and description. */
  policyCatalog(): Promise<Array<CatalogEntry>>;
  /**
   * Every catalog action as the service user's policies decide it, with the deciding
   * statement.
   */
  effectivePermissions(name: string): Promise<Array<EffectivePermission>>;
  /**
   * The actions the user would gain and lose by attaching and detaching these policies;
   * nothing is saved.
   */
  whatIf(name: string, attach: Array<string>, detach: Array<string>): Promise<PermissionChange>;
  /** Decides one action for a user's (or a set of) policies, on the org or a resource. */
  simulate(simulation: Simulation): Promise<SimulationResult>;
  /** The actions only one of two service users is allowed. */
  compareServiceUsers(first: string, second: string): Promise<UserComparison>;
  /**
   * Generates (or regenerates) keys; the secret is on the clipboard with a countdown when
   * this returns (unless `copied` is false), never in the answer.
   */
  generateKeys(name: string): Promise<KeyHandoff>;
  /** The secret of open keys, to show it: the one place a secret crosses to the UI. */
  revealSecret(handoffId: string): Promise<string>;
  /** Copies the secret again and restarts the countdown. */
  copySecret(handoffId: string): Promise<void>;
  /** Copies `Authorization: trustgrid-token <clientId>:<secret>` with a countdown. */
  copyHeader(handoffId: string): Promise<void>;
  /** Copies the Client ID (not a secret); ends a running countdown as replaced. */
  copyClientId(handoffId: string): Promise<void>;
  /** Ends the countdown now, clearing the clipboard if it still holds the secret. */
  clearClipboardNow(): Promise<void>;
  /**
   * Asks where with the native save dialog, then writes the keys owner-only; the path
   * written, or null when the user cancelled.
   */
  saveSecret(handoffId: string, format: SecretFileFormat): Promise<string | null>;
  /** Drops the secret of open keys and ends their countdown. */
  closeHandoff(handoffId: string): Promise<void>;
  /** The user's settings. */
  getSettings(): Promise<Settings>;
  /** Validates, saves and applies the user's settings. */
  updateSettings(settings: Settings): Promise<Settings>;
  /**
   * What the app has to tell the user about its start (a file it could not read and set
   * aside, the last connection it could not open); waits for the first connection.
   */
  notices(): Promise<Array<Notice>>;
  /** The activity journal, newest first. */
  readJournal(): Promise<Array<JournalEntry>>;
  /**
   * Asks where with the native save dialog, then copies the journal there; the path
   * written, or null when the user cancelled.
   */
  exportJournal(): Promise<string | null>;
  /** A start-up mark, logged for the start-up benchmark (`cargo xtask bench`). */
  startupMark(mark: StartupMark): Promise<void>;
}

/** Stops a subscription. */
export type Unsubscribe = () => void;

/** Every event the Rust side sends, as a subscription. */
export interface Events {
  /** A bulk action finished one more item. */
  onBulkProgress(listener: (payload: BulkProgress) => void): Unsubscribe;
  /** Once a second while a copied secret's countdown runs. */
  onCountdownTick(listener: (payload: CountdownTick) => void): Unsubscribe;
  /** A copied secret's countdown ended (expired, cleared, replaced or closed). */
  onCountdownEnded(listener: (payload: CountdownEnded) => void): Unsubscribe;
  /** A native menu item or its shortcut was chosen. */
  onMenuCommand(listener: (payload: MenuCommand) => void): Unsubscribe;
}

/** The UI's one seam to the Rust side. */
export type Backend = Commands & Events;

/** Sends one command by its wire name, with arguments by their wire names. */
export type Invoke = (command: string, args: Record<string, unknown>) => Promise<unknown>;
/** Subscribes to one event by its wire name. */
export type Listen = (event: string, listener: (payload: unknown) => void) => Unsubscribe;

/** The backend over `invoke` and `listen`: the only place wire names appear. */
export function createBackend(invoke: Invoke, listen: Listen): Backend {
  return {
    listConnections: () => invoke("list_connections", {}) as Promise<Array<Connection>>,
    activeConnection: () => invoke("active_connection", {}) as Promise<ActiveConnection | null>,
    addConnection: (input: NewConnection) => invoke("add_connection", { input }) as Promise<ActiveConnection>,
    updateConnection: (id: string, input: ConnectionUpdate) => invoke("update_connection", { id, input }) as Promise<ActiveConnection>,
    removeConnection: (id: string) => invoke("remove_connection", { id }) as Promise<void>,
    switchConnection: (id: string) => invoke("switch_connection", { id }) as Promise<ActiveConnection>,
    listServiceUsers: () => invoke("list_service_users", {}) as Promise<Array<ServiceUser>>,
    getServiceUser: (name: string) => invoke("get_service_user", { name }) as Promise<ServiceUser>,
    createServiceUser: (input: NewServiceUser) => invoke("create_service_user", { input }) as Promise<ServiceUser>,
    setServiceUserStatus: (name: string, status: ServiceUserStatus) => invoke("set_service_user_status", { name, status }) as Promise<ServiceUser>,
    attachPolicy: (name: string, policyId: string) => invoke("attach_policy", { name, policyId }) as Promise<ServiceUser>,
    detachPolicy: (name: string, policyId: string) => invoke("detach_policy", { name, policyId }) as Promise<ServiceUser>,
    runBulkAction: (action: BulkAction, names: Array<string>) => invoke("run_bulk_action", { action, names }) as Promise<BulkReport>,
    cancelBulkAction: () => invoke("cancel_bulk_action", {}) as Promise<void>,
    listPolicies: () => invoke("list_policies", {}) as Promise<Array<Policy>>,
    getPolicy: (name: string) => invoke("get_policy", { name }) as Promise<Policy>,
    createPolicy: (policy: Policy) => invoke("create_policy", { policy }) as Promise<Policy>,
    updatePolicy: (policy: Policy) => invoke("update_policy", { policy }) as Promise<Policy>,
    deletePolicy: (name: string, detachFirst: boolean) => invoke("delete_policy", { name, detachFirst }) as Promise<PolicyDeletion>,
    policyCatalog: () => invoke("policy_catalog", {}) as Promise<Array<CatalogEntry>>,
    effectivePermissions: (name: string) => invoke("effective_permissions", { name }) as Promise<Array<EffectivePermission>>,
    whatIf: (name: string, attach: Array<string>, detach: Array<string>) => invoke("what_if", { name, attach, detach }) as Promise<PermissionChange>,
    simulate: (simulation: Simulation) => invoke("simulate", { simulation }) as Promise<SimulationResult>,
    compareServiceUsers: (first: string, second: string) => invoke("compare_service_users", { first, second }) as Promise<UserComparison>,
    generateKeys: (name: string) => invoke("generate_keys", { name }) as Promise<KeyHandoff>,
    revealSecret: (handoffId: string) => invoke("reveal_secret", { handoffId }) as Promise<string>,
    copySecret: (handoffId: string) => invoke("copy_secret", { handoffId }) as Promise<void>,
    copyHeader: (handoffId: string) => invoke("copy_header", { handoffId }) as Promise<void>,
    copyClientId: (handoffId: string) => invoke("copy_client_id", { handoffId }) as Promise<void>,
    clearClipboardNow: () => invoke("clear_clipboard_now", {}) as Promise<void>,
    saveSecret: (handoffId: string, format: SecretFileFormat) => invoke("save_secret", { handoffId, format }) as Promise<string | null>,
    closeHandoff: (handoffId: string) => invoke("close_handoff", { handoffId }) as Promise<void>,
    getSettings: () => invoke("get_settings", {}) as Promise<Settings>,
    updateSettings: (settings: Settings) => invoke("update_settings", { settings }) as Promise<Settings>,
    notices: () => invoke("notices", {}) as Promise<Array<Notice>>,
    readJournal: () => invoke("read_journal", {}) as Promise<Array<JournalEntry>>,
    exportJournal: () => invoke("export_journal", {}) as Promise<string | null>,
    startupMark: (mark: StartupMark) => invoke("startup_mark", { mark }) as Promise<void>,
    onBulkProgress: (listener) => listen("bulk-progress", listener as (payload: unknown) => void),
    onCountdownTick: (listener) => listen("clipboard-countdown", listener as (payload: unknown) => void),
    onCountdownEnded: (listener) => listen("clipboard-countdown-ended", listener as (payload: unknown) => void),
    onMenuCommand: (listener) => listen("menu-command", listener as (payload: unknown) => void),
  };
}

/** Each command's wire name and argument names in order, for calls by name (the shared behaviour suite). */
export const COMMANDS = {
  listConnections: { name: "list_connections", args: [] },
  activeConnection: { name: "active_connection", args: [] },
  addConnection: { name: "add_connection", args: ["input"] },
  updateConnection: { name: "update_connection", args: ["id", "input"] },
  removeConnection: { name: "remove_connection", args: ["id"] },
  switchConnection: { name: "switch_connection", args: ["id"] },
  listServiceUsers: { name: "list_service_users", args: [] },
  getServiceUser: { name: "get_service_user", args: ["name"] },
  createServiceUser: { name: "create_service_user", args: ["input"] },
  setServiceUserStatus: { name: "set_service_user_status", args: ["name", "status"] },
  attachPolicy: { name: "attach_policy", args: ["name", "policyId"] },
  detachPolicy: { name: "detach_policy", args: ["name", "policyId"] },
  runBulkAction: { name: "run_bulk_action", args: ["action", "names"] },
  cancelBulkAction: { name: "cancel_bulk_action", args: [] },
  listPolicies: { name: "list_policies", args: [] },
  getPolicy: { name: "get_policy", args: ["name"] },
  createPolicy: { name: "create_policy", args: ["policy"] },
  updatePolicy: { name: "update_policy", args: ["policy"] },
  deletePolicy: { name: "delete_policy", args: ["name", "detachFirst"] },
  policyCatalog: { name: "policy_catalog", args: [] },
  effectivePermissions: { name: "effective_permissions", args: ["name"] },
  whatIf: { name: "what_if", args: ["name", "attach", "detach"] },
  simulate: { name: "simulate", args: ["simulation"] },
  compareServiceUsers: { name: "compare_service_users", args: ["first", "second"] },
  generateKeys: { name: "generate_keys", args: ["name"] },
  revealSecret: { name: "reveal_secret", args: ["handoffId"] },
  copySecret: { name: "copy_secret", args: ["handoffId"] },
  copyHeader: { name: "copy_header", args: ["handoffId"] },
  copyClientId: { name: "copy_client_id", args: ["handoffId"] },
  clearClipboardNow: { name: "clear_clipboard_now", args: [] },
  saveSecret: { name: "save_secret", args: ["handoffId", "format"] },
  closeHandoff: { name: "close_handoff", args: ["handoffId"] },
  getSettings: { name: "get_settings", args: [] },
  updateSettings: { name: "update_settings", args: ["settings"] },
  notices: { name: "notices", args: [] },
  readJournal: { name: "read_journal", args: [] },
  exportJournal: { name: "export_journal", args: [] },
  startupMark: { name: "startup_mark", args: ["mark"] },
} as const satisfies Record<keyof Commands, { name: string; args: readonly string[] }>;

/** Each event's wire name, by subscription. */
export const EVENTS = {
  onBulkProgress: "bulk-progress",
  onCountdownTick: "clipboard-countdown",
  onCountdownEnded: "clipboard-countdown-ended",
  onMenuCommand: "menu-command",
} as const satisfies Record<keyof Events, string>;

/** Every error code a command can reject with. */
export const ERROR_CODES: readonly ErrorCode[] = ["unauthorized", "forbidden", "not_found", "validation", "network", "timeout", "keychain_unavailable", "invalid_input", "secret_required", "insecure_connection", "outcome_unknown", "internal"];

/** The rules the UI checks as the user types, as Rust enforces them. */
export const RULES: Rules = {
  "name": {
    "maxLength": 64,
    "characterClass": "A-Za-z0-9-",
    "charactersInWords": "letters, digits and hyphens"
  },
  "clipboardSeconds": {
    "min": 10,
    "max": 300,
    "default": 30
  }
};
