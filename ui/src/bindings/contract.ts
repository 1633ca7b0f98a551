// Generated from the contract table (crates/tg-admin/src/contract/table.rs) by `cargo xtask contract`. Do not edit: change the table and regenerate.

import type { ActiveConnection } from "./ActiveConnection";
import type { ActivityFilter } from "./ActivityFilter";
import type { ActivityFormat } from "./ActivityFormat";
import type { BulkAction } from "./BulkAction";
import type { BulkProgress } from "./BulkProgress";
import type { BulkReport } from "./BulkReport";
import type { CatalogEntry } from "./CatalogEntry";
import type { Comparison } from "./Comparison";
import type { ComparisonFormat } from "./ComparisonFormat";
import type { Connection } from "./Connection";
import type { ConnectionUpdate } from "./ConnectionUpdate";
import type { CopyReport } from "./CopyReport";
import type { CountdownEnded } from "./CountdownEnded";
import type { CountdownTick } from "./CountdownTick";
import type { DeliveryResult } from "./DeliveryResult";
import type { DeliveryTarget } from "./DeliveryTarget";
import type { DeliveryTargetInput } from "./DeliveryTargetInput";
import type { EffectivePermission } from "./EffectivePermission";
import type { ErrorCode } from "./ErrorCode";
import type { FindingKind } from "./FindingKind";
import type { FindingsReport } from "./FindingsReport";
import type { ImportRow } from "./ImportRow";
import type { JournalEntry } from "./JournalEntry";
import type { KeyHandoff } from "./KeyHandoff";
import type { MenuCommand } from "./MenuCommand";
import type { NewConnection } from "./NewConnection";
import type { NewServiceUser } from "./NewServiceUser";
import type { Notice } from "./Notice";
import type { PermissionChange } from "./PermissionChange";
import type { Policy } from "./Policy";
import type { PolicyDeletion } from "./PolicyDeletion";
import type { ReportFormat } from "./ReportFormat";
import type { RotationDelivery } from "./RotationDelivery";
import type { RotationProgress } from "./RotationProgress";
import type { RotationReport } from "./RotationReport";
import type { Rules } from "./Rules";
import type { SecretFileFormat } from "./SecretFileFormat";
import type { ServiceUser } from "./ServiceUser";
import type { ServiceUserStatus } from "./ServiceUserStatus";
import type { Settings } from "./Settings";
import type { Simulation } from "./Simulation";
import type { SimulationResult } from "./SimulationResult";
import type { StartupMark } from "./StartupMark";
import type { TerraformExport } from "./TerraformExport";
import type { Unfinished } from "./Unfinished";
import type { UnfinishedRun } from "./UnfinishedRun";
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
  /**
   * The way back into the embedded sandbox: re-enables `sandbox-admin`, gives it the admin
   * policy back and new keys, and makes the sandbox the connection in use.
   */
  recoverSandbox(): Promise<ActiveConnection>;
  /**
   * Puts the embedded sandbox's demo data back (every other user and custom policy is
   * removed), with new admin keys, and makes the sandbox the connection in use.
   */
  resetSandbox(): Promise<ActiveConnection>;
  /** Every service user of the connected org. */
  listServiceUsers(): Promise<Array<ServiceUser>>;
  /** One service user, read fresh. */
  getServiceUser(name: string): Promise<ServiceUser>;
  /** Creates a service user with its initial policies. */
  createServiceUser(input: NewServiceUser): Promise<ServiceUser>;
  /** Deletes one service user (its keys stop working at once); journaled as `delete`. */
  deleteServiceUser(name: string): Promise<void>;
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
  /** Reads and checks a CSV import (`name,policies,status`) row by row; sends nothing. */
  previewImport(text: string): Promise<Array<ImportRow>>;
  /**
   * Creates the import's rows that have no problem and do not exist yet, each on the
   * bulk path with its own outcome; progress arrives as `BulkProgress` events.
   */
  runImport(text: string): Promise<BulkReport>;
  /** Stops the running bulk action: items not yet started end as cancelled. */
  cancelBulkAction(): Promise<void>;
  /**
   * Detaches policies from many users (a finding's fix), reporting each one's outcome
   * like `run_bulk_action`; progress arrives as `BulkProgress` events.
   */
  runBulkDetach(policyIds: Array<string>, names: Array<string>): Promise<BulkReport>;
  /**
   * Key-hygiene findings over every service user of the connected org, most urgent
   * first, without the accepted ones (listed apart).
   */
  listFindings(): Promise<FindingsReport>;
  /** Stops reporting a finding, keeping the reason locally and in the journal. */
  acceptFinding(user: string, kind: FindingKind, reason: string): Promise<void>;
  /** Reports an accepted finding again. */
  unacceptFinding(user: string, kind: FindingKind): Promise<void>;
  /**
   * Asks where with the native save dialog, then writes every service user's status,
   * policies, Client ID, key age and findings there (never a secret); the path written,
   * or null when the user cancelled.
   */
  exportCredentialReport(format: ReportFormat): Promise<string | null>;
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
   * Compares the orgs of two saved connections: users and custom policies on one side
   * only, same-named ones that differ, and the actions a same-named user is allowed on
   * one side only.
   */
  compareConnections(leftId: string, rightId: string): Promise<Comparison>;
  /**
   * Compares again, asks where with the native save dialog and writes the comparison as
   * Markdown or JSON; the path written, or null when the user cancelled.
   */
  exportComparison(leftId: string, rightId: string, format: ComparisonFormat): Promise<string | null>;
  /**
   * Copies the chosen custom policies, then the chosen users (with their status and
   * policies, never keys), from one connection's org to another's (either way round),
   * skipping what exists there; one outcome per item. Progress arrives as `BulkProgress`
   * events; `cancel_bulk_action` stops the items not yet started.
   */
  copyAcross(fromId: string, toId: string, users: Array<string>, policies: Array<string>): Promise<CopyReport>;
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
  /** The saved delivery targets. */
  listDeliveryTargets(): Promise<Array<DeliveryTarget>>;
  /**
   * Validates and saves a new or changed delivery target. A new or changed command is
   * saved only after the user confirms its exact text in a native dialog; null when they
   * did not.
   */
  saveDeliveryTarget(input: DeliveryTargetInput): Promise<DeliveryTarget | null>;
  /** Forgets a delivery target. */
  deleteDeliveryTarget(id: string): Promise<void>;
  /**
   * Runs each chosen target's command with the secret of open keys on its standard input,
   * one after the other, and reports each; a command not yet confirmed asks first.
   */
  deliverKeys(handoffId: string, targetIds: Array<string>): Promise<Array<DeliveryResult>>;
  /**
   * Rotates the users' keys one after the other: regenerate (the old key stops working
   * there), deliver (a file per user through the native save dialog, the clipboard one
   * user at a time, delivery targets), verify that the new key signs in, and report each
   * user. The connection's own user gets its new secret stored in the same step. A network
   * failure stops the run; progress arrives as `RotationProgress` events.
   */
  rotateKeys(names: Array<string>, delivery: RotationDelivery): Promise<RotationReport>;
  /**
   * Finishes an interrupted run: reads each unknown user again to tell whether the
   * unanswered request replaced its keys, then rotates every user not rotated.
   */
  finishRotation(unfinished: Array<Unfinished>, delivery: RotationDelivery): Promise<RotationReport>;
  /**
   * The run on the connection in use that a network failure interrupted and that was
   * neither finished nor dismissed, also from before a restart (names, states, the Client
   * IDs and key dates before it; never a secret). Null when there is none.
   */
  unfinishedRotation(): Promise<UnfinishedRun | null>;
  /** Forgets the unfinished run of the connection in use (its users stay as they are). */
  dismissUnfinishedRotation(): Promise<void>;
  /** The user's settings. */
  getSettings(): Promise<Settings>;
  /** Validates, saves and applies the user's settings. */
  updateSettings(settings: Settings): Promise<Settings>;
  /**
   * Asks for a folder with the native dialog, then writes the connected org's service users
   * and custom policies there as Terraform (`main.tf`, `imports.tf`); null when the user
   * cancelled.
   */
  exportTerraform(): Promise<TerraformExport | null>;
  /**
   * What the app has to tell the user about its start (a file it could not read and set
   * aside, the last connection it could not open); waits for the first connection.
   */
  notices(): Promise<Array<Notice>>;
  /** The activity journal, newest first. */
  readJournal(): Promise<Array<JournalEntry>>;
  /**
   * Asks where with the native save dialog, then writes the journal entries the filter
   * keeps as JSON Lines or CSV; the path written, or null when the user cancelled.
   */
  exportActivity(format: ActivityFormat, filter: ActivityFilter): Promise<string | null>;
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
  /** A rotation moved one user to its next step (or finished it). */
  onRotationProgress(listener: (payload: RotationProgress) => void): Unsubscribe;
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
    recoverSandbox: () => invoke("recover_sandbox", {}) as Promise<ActiveConnection>,
    resetSandbox: () => invoke("reset_sandbox", {}) as Promise<ActiveConnection>,
    listServiceUsers: () => invoke("list_service_users", {}) as Promise<Array<ServiceUser>>,
    getServiceUser: (name: string) => invoke("get_service_user", { name }) as Promise<ServiceUser>,
    createServiceUser: (input: NewServiceUser) => invoke("create_service_user", { input }) as Promise<ServiceUser>,
    deleteServiceUser: (name: string) => invoke("delete_service_user", { name }) as Promise<void>,
    setServiceUserStatus: (name: string, status: ServiceUserStatus) => invoke("set_service_user_status", { name, status }) as Promise<ServiceUser>,
    attachPolicy: (name: string, policyId: string) => invoke("attach_policy", { name, policyId }) as Promise<ServiceUser>,
    detachPolicy: (name: string, policyId: string) => invoke("detach_policy", { name, policyId }) as Promise<ServiceUser>,
    runBulkAction: (action: BulkAction, names: Array<string>) => invoke("run_bulk_action", { action, names }) as Promise<BulkReport>,
    previewImport: (text: string) => invoke("preview_import", { text }) as Promise<Array<ImportRow>>,
    runImport: (text: string) => invoke("run_import", { text }) as Promise<BulkReport>,
    cancelBulkAction: () => invoke("cancel_bulk_action", {}) as Promise<void>,
    runBulkDetach: (policyIds: Array<string>, names: Array<string>) => invoke("run_bulk_detach", { policyIds, names }) as Promise<BulkReport>,
    listFindings: () => invoke("list_findings", {}) as Promise<FindingsReport>,
    acceptFinding: (user: string, kind: FindingKind, reason: string) => invoke("accept_finding", { user, kind, reason }) as Promise<void>,
    unacceptFinding: (user: string, kind: FindingKind) => invoke("unaccept_finding", { user, kind }) as Promise<void>,
    exportCredentialReport: (format: ReportFormat) => invoke("export_credential_report", { format }) as Promise<string | null>,
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
    compareConnections: (leftId: string, rightId: string) => invoke("compare_connections", { leftId, rightId }) as Promise<Comparison>,
    exportComparison: (leftId: string, rightId: string, format: ComparisonFormat) => invoke("export_comparison", { leftId, rightId, format }) as Promise<string | null>,
    copyAcross: (fromId: string, toId: string, users: Array<string>, policies: Array<string>) => invoke("copy_across", { fromId, toId, users, policies }) as Promise<CopyReport>,
    generateKeys: (name: string) => invoke("generate_keys", { name }) as Promise<KeyHandoff>,
    revealSecret: (handoffId: string) => invoke("reveal_secret", { handoffId }) as Promise<string>,
    copySecret: (handoffId: string) => invoke("copy_secret", { handoffId }) as Promise<void>,
    copyHeader: (handoffId: string) => invoke("copy_header", { handoffId }) as Promise<void>,
    copyClientId: (handoffId: string) => invoke("copy_client_id", { handoffId }) as Promise<void>,
    clearClipboardNow: () => invoke("clear_clipboard_now", {}) as Promise<void>,
    saveSecret: (handoffId: string, format: SecretFileFormat) => invoke("save_secret", { handoffId, format }) as Promise<string | null>,
    closeHandoff: (handoffId: string) => invoke("close_handoff", { handoffId }) as Promise<void>,
    listDeliveryTargets: () => invoke("list_delivery_targets", {}) as Promise<Array<DeliveryTarget>>,
    saveDeliveryTarget: (input: DeliveryTargetInput) => invoke("save_delivery_target", { input }) as Promise<DeliveryTarget | null>,
    deleteDeliveryTarget: (id: string) => invoke("delete_delivery_target", { id }) as Promise<void>,
    deliverKeys: (handoffId: string, targetIds: Array<string>) => invoke("deliver_keys", { handoffId, targetIds }) as Promise<Array<DeliveryResult>>,
    rotateKeys: (names: Array<string>, delivery: RotationDelivery) => invoke("rotate_keys", { names, delivery }) as Promise<RotationReport>,
    finishRotation: (unfinished: Array<Unfinished>, delivery: RotationDelivery) => invoke("finish_rotation", { unfinished, delivery }) as Promise<RotationReport>,
    unfinishedRotation: () => invoke("unfinished_rotation", {}) as Promise<UnfinishedRun | null>,
    dismissUnfinishedRotation: () => invoke("dismiss_unfinished_rotation", {}) as Promise<void>,
    getSettings: () => invoke("get_settings", {}) as Promise<Settings>,
    updateSettings: (settings: Settings) => invoke("update_settings", { settings }) as Promise<Settings>,
    exportTerraform: () => invoke("export_terraform", {}) as Promise<TerraformExport | null>,
    notices: () => invoke("notices", {}) as Promise<Array<Notice>>,
    readJournal: () => invoke("read_journal", {}) as Promise<Array<JournalEntry>>,
    exportActivity: (format: ActivityFormat, filter: ActivityFilter) => invoke("export_activity", { format, filter }) as Promise<string | null>,
    startupMark: (mark: StartupMark) => invoke("startup_mark", { mark }) as Promise<void>,
    onBulkProgress: (listener) => listen("bulk-progress", listener as (payload: unknown) => void),
    onCountdownTick: (listener) => listen("clipboard-countdown", listener as (payload: unknown) => void),
    onCountdownEnded: (listener) => listen("clipboard-countdown-ended", listener as (payload: unknown) => void),
    onMenuCommand: (listener) => listen("menu-command", listener as (payload: unknown) => void),
    onRotationProgress: (listener) => listen("rotation-progress", listener as (payload: unknown) => void),
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
  recoverSandbox: { name: "recover_sandbox", args: [] },
  resetSandbox: { name: "reset_sandbox", args: [] },
  listServiceUsers: { name: "list_service_users", args: [] },
  getServiceUser: { name: "get_service_user", args: ["name"] },
  createServiceUser: { name: "create_service_user", args: ["input"] },
  deleteServiceUser: { name: "delete_service_user", args: ["name"] },
  setServiceUserStatus: { name: "set_service_user_status", args: ["name", "status"] },
  attachPolicy: { name: "attach_policy", args: ["name", "policyId"] },
  detachPolicy: { name: "detach_policy", args: ["name", "policyId"] },
  runBulkAction: { name: "run_bulk_action", args: ["action", "names"] },
  previewImport: { name: "preview_import", args: ["text"] },
  runImport: { name: "run_import", args: ["text"] },
  cancelBulkAction: { name: "cancel_bulk_action", args: [] },
  runBulkDetach: { name: "run_bulk_detach", args: ["policyIds", "names"] },
  listFindings: { name: "list_findings", args: [] },
  acceptFinding: { name: "accept_finding", args: ["user", "kind", "reason"] },
  unacceptFinding: { name: "unaccept_finding", args: ["user", "kind"] },
  exportCredentialReport: { name: "export_credential_report", args: ["format"] },
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
  compareConnections: { name: "compare_connections", args: ["leftId", "rightId"] },
  exportComparison: { name: "export_comparison", args: ["leftId", "rightId", "format"] },
  copyAcross: { name: "copy_across", args: ["fromId", "toId", "users", "policies"] },
  generateKeys: { name: "generate_keys", args: ["name"] },
  revealSecret: { name: "reveal_secret", args: ["handoffId"] },
  copySecret: { name: "copy_secret", args: ["handoffId"] },
  copyHeader: { name: "copy_header", args: ["handoffId"] },
  copyClientId: { name: "copy_client_id", args: ["handoffId"] },
  clearClipboardNow: { name: "clear_clipboard_now", args: [] },
  saveSecret: { name: "save_secret", args: ["handoffId", "format"] },
  closeHandoff: { name: "close_handoff", args: ["handoffId"] },
  listDeliveryTargets: { name: "list_delivery_targets", args: [] },
  saveDeliveryTarget: { name: "save_delivery_target", args: ["input"] },
  deleteDeliveryTarget: { name: "delete_delivery_target", args: ["id"] },
  deliverKeys: { name: "deliver_keys", args: ["handoffId", "targetIds"] },
  rotateKeys: { name: "rotate_keys", args: ["names", "delivery"] },
  finishRotation: { name: "finish_rotation", args: ["unfinished", "delivery"] },
  unfinishedRotation: { name: "unfinished_rotation", args: [] },
  dismissUnfinishedRotation: { name: "dismiss_unfinished_rotation", args: [] },
  getSettings: { name: "get_settings", args: [] },
  updateSettings: { name: "update_settings", args: ["settings"] },
  exportTerraform: { name: "export_terraform", args: [] },
  notices: { name: "notices", args: [] },
  readJournal: { name: "read_journal", args: [] },
  exportActivity: { name: "export_activity", args: ["format", "filter"] },
  startupMark: { name: "startup_mark", args: ["mark"] },
} as const satisfies Record<keyof Commands, { name: string; args: readonly string[] }>;

/** Each event's wire name, by subscription. */
export const EVENTS = {
  onBulkProgress: "bulk-progress",
  onCountdownTick: "clipboard-countdown",
  onCountdownEnded: "clipboard-countdown-ended",
  onMenuCommand: "menu-command",
  onRotationProgress: "rotation-progress",
} as const satisfies Record<keyof Events, string>;

/** The command `Listen` is built on: it answers with the events after the last one seen (tg-admin's `event_stream`). Not in `Commands`: nothing but the subscriptions calls it. */
export const EVENT_STREAM_COMMAND = "next_events";

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
  },
  "deliveryTimeoutSeconds": {
    "min": 1,
    "max": 600,
    "default": 60
  },
  "keyAgeDays": {
    "min": 7,
    "max": 730,
    "default": 90
  },
  "bulkConcurrency": {
    "min": 1,
    "max": 16,
    "default": 8
  }
};
