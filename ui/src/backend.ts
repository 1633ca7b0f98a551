// The one seam between the UI and the desktop shell.
//
// Every Tauri command the app uses has exactly one typed method here, so components never call
// `invoke` with a string name, and tests (or the browser preview) can swap in an in-memory
// implementation. This is the only module that imports `@tauri-apps/*`.
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";

import type { ActiveConnection } from "./bindings/ActiveConnection";
import type { AppError } from "./bindings/AppError";
import type { BulkAction } from "./bindings/BulkAction";
import type { BulkProgress } from "./bindings/BulkProgress";
import type { BulkReport } from "./bindings/BulkReport";
import type { Connection } from "./bindings/Connection";
import type { ConnectionUpdate } from "./bindings/ConnectionUpdate";
import type { CountdownEnded } from "./bindings/CountdownEnded";
import type { CountdownTick } from "./bindings/CountdownTick";
import type { ErrorCode } from "./bindings/ErrorCode";
import type { JournalEntry } from "./bindings/JournalEntry";
import type { KeyHandoff } from "./bindings/KeyHandoff";
import type { NewConnection } from "./bindings/NewConnection";
import type { NewServiceUser } from "./bindings/NewServiceUser";
import type { Policy } from "./bindings/Policy";
import type { SecretFileFormat } from "./bindings/SecretFileFormat";
import type { ServiceUser } from "./bindings/ServiceUser";
import type { ServiceUserStatus } from "./bindings/ServiceUserStatus";
import type { Settings } from "./bindings/Settings";

export type Unsubscribe = () => void;

/** Everything the UI can ask of the desktop side; one method per Tauri command. */
export interface Backend {
  listConnections(): Promise<Connection[]>;
  activeConnection(): Promise<ActiveConnection | null>;
  addConnection(input: NewConnection): Promise<ActiveConnection>;
  updateConnection(id: string, input: ConnectionUpdate): Promise<ActiveConnection>;
  removeConnection(id: string): Promise<void>;
  switchConnection(id: string): Promise<ActiveConnection>;

  listServiceUsers(): Promise<ServiceUser[]>;
  getServiceUser(name: string): Promise<ServiceUser>;
  createServiceUser(input: NewServiceUser): Promise<ServiceUser>;
  setServiceUserStatus(name: string, status: ServiceUserStatus): Promise<ServiceUser>;
  attachPolicy(name: string, policyId: string): Promise<ServiceUser>;
  detachPolicy(name: string, policyId: string): Promise<ServiceUser>;
  runBulkAction(action: BulkAction, names: string[]): Promise<BulkReport>;
  cancelBulkAction(): Promise<void>;

  listPolicies(): Promise<Policy[]>;

  generateKeys(name: string): Promise<KeyHandoff>;
  revealSecret(handoffId: string): Promise<string>;
  copySecret(handoffId: string): Promise<void>;
  copyHeader(handoffId: string): Promise<void>;
  copyClientId(handoffId: string): Promise<void>;
  clearClipboardNow(): Promise<void>;
  /** Opens the native save dialog; resolves to the written path, or null if the user cancelled. */
  saveSecret(handoffId: string, format: SecretFileFormat): Promise<string | null>;
  closeHandoff(handoffId: string): Promise<void>;

  getSettings(): Promise<Settings>;
  updateSettings(settings: Settings): Promise<Settings>;
  readJournal(): Promise<JournalEntry[]>;
  /** Native save dialog, then a copy of the journal; the chosen path, or null if cancelled. */
  exportJournal(): Promise<string | null>;

  onBulkProgress(cb: (progress: BulkProgress) => void): Unsubscribe;
  onCountdown(cb: (tick: CountdownTick) => void): Unsubscribe;
  onCountdownEnded(cb: (ended: CountdownEnded) => void): Unsubscribe;
}

const ERROR_CODES: readonly ErrorCode[] = [
  "unauthorized",
  "forbidden",
  "not_found",
  "validation",
  "network",
  "timeout",
  "keychain_unavailable",
  "invalid_input",
  "internal",
];

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && (ERROR_CODES as readonly string[]).includes(value);
}

/**
 * Turns whatever a command rejected with into an AppError. Commands reject with an AppError
 * object; anything else (a bug, a plugin failure) becomes `internal` so the UI can still branch
 * on `code` and never has to parse messages.
 */
export function toAppError(e: unknown): AppError {
  if (typeof e === "object" && e !== null) {
    const candidate = e as Partial<Record<keyof AppError, unknown>>;
    if (isErrorCode(candidate.code) && typeof candidate.message === "string") {
      const details = Array.isArray(candidate.details)
        ? candidate.details.filter((d): d is string => typeof d === "string")
        : [];
      return { code: candidate.code, message: candidate.message, details };
    }
    if (e instanceof Error) {
      return { code: "internal", message: e.message, details: [] };
    }
  }
  if (typeof e === "string" && e.length > 0) {
    return { code: "internal", message: e, details: [] };
  }
  return { code: "internal", message: "Something went wrong.", details: [] };
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw toAppError(e);
  }
}

/** `listen` resolves asynchronously; this returns a synchronous unsubscribe that is safe to call early. */
function subscribe<T>(event: string, cb: (payload: T) => void): Unsubscribe {
  let unlisten: UnlistenFn | null = null;
  let cancelled = false;
  listen<T>(event, (e) => cb(e.payload)).then(
    (fn) => {
      if (cancelled) fn();
      else unlisten = fn;
    },
    // Without the event permission nothing would ever arrive; say so instead of failing silently.
    (e: unknown) => console.error(`Cannot listen to "${event}":`, toAppError(e).message),
  );
  return () => {
    cancelled = true;
    unlisten?.();
  };
}

export const tauriBackend: Backend = {
  listConnections: () => call("list_connections"),
  activeConnection: () => call("active_connection"),
  addConnection: (input) => call("add_connection", { input }),
  updateConnection: (id, input) => call("update_connection", { id, input }),
  removeConnection: (id) => call("remove_connection", { id }),
  switchConnection: (id) => call("switch_connection", { id }),

  listServiceUsers: () => call("list_service_users"),
  getServiceUser: (name) => call("get_service_user", { name }),
  createServiceUser: (input) => call("create_service_user", { input }),
  setServiceUserStatus: (name, status) => call("set_service_user_status", { name, status }),
  attachPolicy: (name, policyId) => call("attach_policy", { name, policyId }),
  detachPolicy: (name, policyId) => call("detach_policy", { name, policyId }),
  runBulkAction: (action, names) => call("run_bulk_action", { action, names }),
  cancelBulkAction: () => call("cancel_bulk_action"),

  listPolicies: () => call("list_policies"),

  generateKeys: (name) => call("generate_keys", { name }),
  revealSecret: (handoffId) => call("reveal_secret", { handoffId }),
  copySecret: (handoffId) => call("copy_secret", { handoffId }),
  copyHeader: (handoffId) => call("copy_header", { handoffId }),
  copyClientId: (handoffId) => call("copy_client_id", { handoffId }),
  clearClipboardNow: () => call("clear_clipboard_now"),
  saveSecret: (handoffId, format) => call("save_secret", { handoffId, format }),
  closeHandoff: (handoffId) => call("close_handoff", { handoffId }),

  getSettings: () => call("get_settings"),
  updateSettings: (settings) => call("update_settings", { settings }),
  readJournal: () => call("read_journal"),
  exportJournal: () => call("export_journal"),

  onBulkProgress: (cb) => subscribe("bulk-progress", cb),
  onCountdown: (cb) => subscribe("clipboard-countdown", cb),
  onCountdownEnded: (cb) => subscribe("clipboard-countdown-ended", cb),
};

/** True inside the desktop app; false in a plain browser (the preview uses the in-memory backend). */
export function runningInTauri(): boolean {
  return typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;
}
