// An in-memory Backend with demo data.
//
// Vitest renders the real components against it, and `npm run dev` in a plain browser uses it so
// the UI can be previewed without the desktop shell. It follows the command contracts (errors are
// AppError objects, events carry the same payloads) but talks to no server.

import { filterProblem } from "../activityFilter";
import type { Backend, Unsubscribe } from "../backend";
import type { AcceptedFinding } from "../bindings/AcceptedFinding";
import type { ActiveConnection } from "../bindings/ActiveConnection";
import type { ActivityFilter } from "../bindings/ActivityFilter";
import type { ActivityFormat } from "../bindings/ActivityFormat";
import type { AppError } from "../bindings/AppError";
import type { BulkItemResult } from "../bindings/BulkItemResult";
import type { BulkProgress } from "../bindings/BulkProgress";
import type { Connection } from "../bindings/Connection";
import type { CopiedContent } from "../bindings/CopiedContent";
import type { CountdownEnded } from "../bindings/CountdownEnded";
import type { CountdownTick } from "../bindings/CountdownTick";
import { RULES } from "../bindings/contract";
import type { FindingKind } from "../bindings/FindingKind";
import type { JournalEntry } from "../bindings/JournalEntry";
import type { KeyHandoff } from "../bindings/KeyHandoff";
import type { MenuCommand } from "../bindings/MenuCommand";
import type { Notice } from "../bindings/Notice";
import type { Org } from "../bindings/Org";
import type { Policy } from "../bindings/Policy";
import type { ReportFormat } from "../bindings/ReportFormat";
import type { RotationDelivery } from "../bindings/RotationDelivery";
import type { RotationProgress } from "../bindings/RotationProgress";
import type { ServiceUser } from "../bindings/ServiceUser";
import type { Settings } from "../bindings/Settings";
import type { StartupMark } from "../bindings/StartupMark";
import type { Unfinished } from "../bindings/Unfinished";
import type { UnfinishedRun } from "../bindings/UnfinishedRun";
import { fakeComparison } from "./fakeCompare";
import { FakeDeliveryTargets } from "./fakeDelivery";
import { checkFindings, withoutAccepted } from "./fakeFindings";
import { previewImport } from "./fakeImport";
import * as policyCommands from "./fakePolicies";
import { finishRotation, keepUnfinished, type NetworkFailure, type RotationSide, rotateKeys } from "./fakeRotation";

export type FakeOptions = {
  /** Delay before each answer, so loading states are visible in the browser preview. */
  latencyMs?: number;
  /** Run the clipboard countdown with real timers (browser preview); tests emit ticks themselves. */
  liveCountdown?: boolean;
  /** Extra generated service users, to try the list with thousands of rows. */
  extraUsers?: number;
  /** Start without any connection (first-run screen). */
  noConnection?: boolean;
  /** Seconds since the epoch used for demo token ages. */
  nowSeconds?: number;
  /** Start with a clipboard that refuses every copy (as on a desktop without a clipboard owner). */
  clipboardFails?: boolean;
};

const ORG: Org = { uid: "org-4f1c", name: "Acme Networks", domain: "acme.trustgrid.io" };

export function demoPolicies(): Policy[] {
  // Real catalog action names, so the permission screens decide them as the app would.
  const builtin = (name: string, description: string, actions: string[]): Policy => ({
    name,
    description,
    resources: ["*"],
    conditions: {},
    statements: [{ effect: "allow", actions }],
  });
  return [
    builtin("builtin-tg-admin", "Full access to every resource in the organization.", ["*"]),
    builtin("builtin-tg-monitor", "Read-only access to nodes, clusters and alerts.", ["*::read", "portal::access"]),
    builtin("builtin-tg-node-admin", "Manage nodes and their configuration.", [
      "*::read",
      "portal::access",
      "nodes::*",
      "node-exec::*",
      "node-vpn::*",
    ]),
    builtin("builtin-tg-read-only", "Read access to everything, no changes.", ["*::read"]),
    builtin("builtin-tg-alerts-admin", "Manage alert rules and notification channels.", ["alerts::*", "alarms::*"]),
    builtin("builtin-tg-network-admin", "Manage virtual networks, routes and domains.", [
      "virtual-networks::*",
      "domains::*",
    ]),
    {
      name: "ci-deploy",
      description: "Deploy pipelines: update node configuration in staging.",
      resources: ["tgrn:tg::nodes:node/staging-*"],
      conditions: {},
      statements: [{ effect: "allow", actions: ["nodes::configure:network"] }],
    },
  ];
}

export function demoServiceUsers(nowSeconds: number): ServiceUser[] {
  const day = 86_400;
  const user = (
    name: string,
    status: ServiceUser["status"],
    policyIds: string[],
    tokenAgeSeconds: number | null,
    clientId: string | null,
  ): ServiceUser => ({
    name,
    orgId: ORG.uid,
    status,
    policyIds,
    clientId,
    tokenCreated: tokenAgeSeconds === null ? null : nowSeconds - tokenAgeSeconds,
  });
  return [
    user("cicd", "active", ["builtin-tg-monitor"], 3 * day, "59766250b5935818"),
    user("tg-watch", "active", ["builtin-tg-node-admin"], 2 * 3600, "a41c09e2d7f38b10"),
    user("monitoring-prom", "active", ["builtin-tg-monitor", "builtin-tg-read-only"], 17 * day, "0c9f3e21aa57d604"),
    user("backup-runner", "inactive", [], null, null),
    user("terraform-ci", "active", ["builtin-tg-admin", "ci-deploy"], 45 * day, "7be2d41f90c6a3e5"),
  ];
}

import { isValidName, NAME_CHARACTERS, NAME_MAX } from "../format";

function appError(code: AppError["code"], message: string, details: string[] = []): AppError {
  return { code, message, details };
}

/** The policy id as the Rust side reads it: trimmed, and not blank. */
function checkPolicyId(policyId: string): string {
  const id = policyId.trim();
  if (id === "") throw appError("invalid_input", "No policy was chosen.");
  return id;
}

/** What the Rust side checks before it tries a connection. */
function checkConnectionInput(input: { name: string; baseUrl: string; clientId: string; allowInsecureHttp?: boolean }) {
  if (input.name.trim() === "") throw appError("invalid_input", "The connection needs a name.");
  if (!/^https?:\/\//.test(input.baseUrl.trim())) {
    throw appError("invalid_input", "The API URL must start with https:// (or http:// for a local sandbox).");
  }
  if (isInsecure(input.baseUrl) && !input.allowInsecureHttp) {
    throw appError(
      "insecure_connection",
      "This API URL uses plain http:// to another machine: the Client Secret would cross the network unencrypted. Use https://, or confirm the insecure connection.",
    );
  }
  if (input.clientId.trim() === "") throw appError("invalid_input", "The Client ID is empty.");
}

/** Plain http:// to anything but this machine, as `ApiUrl::is_insecure` decides. */
function isInsecure(baseUrl: string): boolean {
  const url = new URL(baseUrl.trim());
  if (url.protocol !== "http:") return false;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return !(host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host));
}

/** Same scheme, host and port, as `ApiUrl::same_origin` decides. */
function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a.trim()).origin === new URL(b.trim()).origin;
  } catch {
    return false;
  }
}

/** `Settings::default()`. */
export function defaultSettings(): Settings {
  return {
    clipboardSeconds: RULES.clipboardSeconds.default,
    keyAgeDays: RULES.keyAgeDays.default,
    bulkConcurrency: RULES.bulkConcurrency.default,
    theme: "system",
    confirmBulkEnable: false,
    keysFolder: null,
  };
}

/** What `Settings::validate` checks, with the same bounds (from RULES) and the same words. */
function checkSettings(given: Partial<Settings>): Settings {
  // As serde's `default`: a field left out takes its default.
  const settings = { ...defaultSettings(), ...given };
  const outside = (value: number, bounds: { min: number; max: number }) =>
    !Number.isInteger(value) || value < bounds.min || value > bounds.max;
  const { clipboardSeconds, keyAgeDays, bulkConcurrency } = RULES;
  if (outside(settings.clipboardSeconds, clipboardSeconds))
    throw appError(
      "invalid_input",
      `The clipboard timeout must be between ${clipboardSeconds.min} and ${clipboardSeconds.max} seconds, not ${settings.clipboardSeconds}.`,
    );
  if (outside(settings.keyAgeDays, keyAgeDays))
    throw appError(
      "invalid_input",
      `The key-age threshold must be between ${keyAgeDays.min} and ${keyAgeDays.max} days, not ${settings.keyAgeDays}.`,
    );
  if (outside(settings.bulkConcurrency, bulkConcurrency))
    throw appError(
      "invalid_input",
      `Bulk actions must run between ${bulkConcurrency.min} and ${bulkConcurrency.max} requests at once, not ${settings.bulkConcurrency}.`,
    );
  const folder = settings.keysFolder?.trim() ? settings.keysFolder : null;
  // The fake has no disk: a full path is taken to exist.
  if (folder !== null && !/^(\/|[A-Za-z]:[\\/])/.test(folder))
    throw appError(
      "invalid_input",
      `The folder for key files must be an existing folder given by its full path; "${folder}" is not.`,
    );
  return { ...settings, keysFolder: folder };
}

type Handoff = { id: string; serviceUser: string; clientId: string; secret: string };

type Listener<T> = Set<(value: T) => void>;

export class FakeBackend implements Backend {
  users: ServiceUser[];
  policies: Policy[];
  connections: Connection[];
  activeId: string | null;
  settings: Settings = defaultSettings();
  /** Findings the administrator accepted, as the Rust side keeps them per connection. */
  acceptedFindings: AcceptedFinding[] = [];
  journal: JournalEntry[] = [];
  /** Per-name errors that the next bulk action reports as failed. */
  bulkFailures = new Map<string, AppError>();
  /** While set, a running bulk action waits for it before each item (tests use it to cancel mid-run). */
  bulkGate: Promise<void> | null = null;
  /** What the app has to say about its start (an unreadable file set aside, a lost connection). */
  startupNotices: Notice[] = [];
  /** Calls made, by method name, for tests that check what was asked. */
  calls: { method: string; args: unknown[] }[] = [];

  /**
   * How the next native save dialog answers: a file name to save as, `null` for Cancel, or
   * `undefined` to accept the suggested name. Used once.
   */
  nextSaveDialog: string | null | undefined = undefined;

  /** Delivery targets and how the native confirmation answers (see fakeDelivery.ts). */
  delivery = new FakeDeliveryTargets();

  /** Users whose next key request in a rotation fails on the network (see fakeRotation.ts). */
  rotationFailures = new Map<string, NetworkFailure>();
  /**
   * Awaited after each rotation progress event, so a test can hold a run at a step (e.g. while
   * the second user is delivering). Without it each step waits a microtask (or `latencyMs`).
   */
  rotationPause: ((progress: RotationProgress) => Promise<void> | undefined) | null = null;
  /** Interrupted rotation runs kept per connection id, as the app keeps them in its data folder. */
  unfinishedRuns = new Map<string, UnfinishedRun>();

  /** The id of the last KeyHandoff handed out, so tests can emit countdown events for it. */
  lastHandoffId: string | null = null;
  /** While false, copying the secret or header fails and new keys come with `copied: false`. */
  clipboardWorks: boolean;
  /** While false, saving a secret fails with keychain_unavailable unless it is for the session only. */
  keychainWorks = true;

  private failures = new Map<string, AppError[]>();
  private terraformFolders = new Set<string>();
  private readonly nowSeconds: number;
  private handoffs = new Map<string, Handoff>();
  private bulkCancelled = false;
  private countdownTimer: ReturnType<typeof setInterval> | null = null;
  private countdownHandoff: string | null = null;
  private nextId = 1;
  private readonly bulkListeners: Listener<BulkProgress> = new Set();
  private readonly rotationListeners: Listener<RotationProgress> = new Set();
  private readonly tickListeners: Listener<CountdownTick> = new Set();
  private readonly endListeners: Listener<CountdownEnded> = new Set();
  private readonly menuListeners: Listener<MenuCommand> = new Set();
  private readonly latencyMs: number;
  private readonly liveCountdown: boolean;

  constructor(options: FakeOptions = {}) {
    const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
    this.nowSeconds = now;
    this.latencyMs = options.latencyMs ?? 0;
    this.liveCountdown = options.liveCountdown ?? false;
    this.clipboardWorks = !(options.clipboardFails ?? false);
    this.users = demoServiceUsers(now);
    const policies = demoPolicies();
    for (let i = 0; i < (options.extraUsers ?? 0); i++) {
      const n = String(i).padStart(5, "0");
      this.users.push({
        name: `worker-${n}`,
        orgId: ORG.uid,
        status: i % 7 === 0 ? "inactive" : "active",
        policyIds: [policies[i % policies.length].name],
        clientId: i % 5 === 0 ? null : `c${n}f00d`,
        tokenCreated: i % 5 === 0 ? null : now - (i % 400) * 3600,
      });
    }
    this.policies = policies;
    this.connections = options.noConnection
      ? []
      : [
          {
            id: "conn-sandbox",
            name: "Local sandbox",
            baseUrl: "http://127.0.0.1:8787",
            clientId: "sandbox-admin",
            embedded: true,
          },
          {
            id: "conn-acme",
            name: "Acme production",
            baseUrl: "https://api.trustgrid.io",
            clientId: "3b1f0c9d2e",
            embedded: false,
          },
        ];
    this.activeId = this.connections[1]?.id ?? null;
    const hoursAgo = (h: number) => new Date(now * 1000 - h * 3_600_000).toISOString();
    this.journal = [
      {
        time: hoursAgo(2),
        connection: "Acme production",
        action: "generate-keys",
        targets: ["tg-watch"],
        outcome: "ok",
        error: null,
      },
      {
        time: hoursAgo(26),
        connection: "Acme production",
        action: "bulk-disable",
        targets: ["backup-runner", "old-exporter"],
        outcome: "partial",
        error: "old-exporter: not found",
      },
      {
        time: hoursAgo(72),
        connection: "Acme production",
        action: "attach-policy builtin-tg-monitor",
        targets: ["cicd"],
        outcome: "ok",
        error: null,
      },
    ];
  }

  /** Makes the next call(s) of `method` reject with `error`. */
  fail(method: keyof Backend, error: AppError, times = 1): void {
    const queue = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i++) queue.push(error);
    this.failures.set(method, queue);
  }

  emitBulkProgress(progress: BulkProgress): void {
    for (const cb of this.bulkListeners) cb(progress);
  }
  emitCountdown(tick: CountdownTick): void {
    for (const cb of this.tickListeners) cb(tick);
  }
  emitCountdownEnded(ended: CountdownEnded): void {
    for (const cb of this.endListeners) cb(ended);
  }
  /** What the native menu (or its shortcut) sends in the app. */
  chooseMenu(command: MenuCommand): void {
    for (const cb of this.menuListeners) cb(command);
  }

  private async answer<T>(method: string, args: unknown[], produce: () => T | Promise<T>): Promise<T> {
    this.calls.push({ method, args });
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
    const queued = this.failures.get(method);
    if (queued && queued.length > 0) throw queued.shift();
    // Hand out copies so callers cannot mutate the fake's state by accident.
    // Awaited only when it is a promise: an extra tick would reorder answers tests rely on.
    const value = produce();
    return structuredClone(value instanceof Promise ? await value : value);
  }

  private active(): ActiveConnection {
    const connection = this.connections.find((c) => c.id === this.activeId);
    if (!connection) throw appError("invalid_input", "No connection is active.");
    return { connection, org: { ...ORG, name: connection.embedded ? "Sandbox" : ORG.name } };
  }

  findUser(name: string): ServiceUser {
    const user = this.users.find((u) => u.name === name);
    if (!user) throw appError("not_found", `Service user ${name} was not found.`);
    return user;
  }

  private record(
    action: string,
    targets: string[],
    outcome: JournalEntry["outcome"],
    error: string | null = null,
    note?: string,
  ) {
    this.journal.unshift({
      time: new Date().toISOString(),
      connection: this.connections.find((c) => c.id === this.activeId)?.name ?? "",
      action,
      targets,
      outcome,
      error,
      ...(note === undefined ? {} : { note }),
    });
  }

  /**
   * Runs `change` and records it as the Rust side does: a failure is recorded with its message
   * and rethrown, a change that was already in place (`false`) is not recorded.
   */
  recorded<T>(action: string, targets: string[], change: () => [T, boolean]): T {
    try {
      const [result, changed] = change();
      if (changed) this.record(action, targets, "ok");
      return result;
    } catch (e) {
      this.record(action, targets, "failed", (e as AppError).message);
      throw e;
    }
  }

  /** Where the native save dialog put the file, or null when the user cancelled. */
  private saveDialog(suggested: string): string | null {
    const answer = this.nextSaveDialog;
    this.nextSaveDialog = undefined;
    if (answer === null) return null;
    return `/home/demo/${answer ?? suggested}`;
  }

  listConnections() {
    return this.answer("listConnections", [], () => this.connections);
  }
  activeConnection() {
    return this.answer("activeConnection", [], () => (this.activeId ? this.active() : null));
  }
  addConnection(input: Parameters<Backend["addConnection"]>[0]) {
    return this.answer("addConnection", [{ ...input, clientSecret: "<redacted>" }], () => {
      checkConnectionInput(input);
      if (!input.clientSecret) throw appError("invalid_input", "The Client Secret is empty.");
      if (!this.keychainWorks && !input.sessionOnly) {
        throw appError(
          "keychain_unavailable",
          "The system keychain is unavailable, so the secret cannot be stored or read (no Secret Service). Unlock the keychain or start a Secret Service provider.",
        );
      }
      const connection: Connection = {
        id: `conn-${this.nextId++}`,
        name: input.name,
        baseUrl: input.baseUrl,
        clientId: input.clientId,
        embedded: false,
        ...(input.allowInsecureHttp ? { allowInsecureHttp: true } : {}),
      };
      this.connections.push(connection);
      this.activeId = connection.id;
      return this.active();
    });
  }
  updateConnection(id: string, input: Parameters<Backend["updateConnection"]>[1]) {
    return this.answer(
      "updateConnection",
      [id, { ...input, clientSecret: input.clientSecret ? "<redacted>" : null }],
      () => {
        const connection = this.connections.find((c) => c.id === id);
        if (!connection) throw appError("not_found", "That connection no longer exists.");
        if (connection.embedded) throw appError("invalid_input", "The built-in sandbox connection cannot be edited.");
        checkConnectionInput(input);
        if (input.clientSecret === null && !sameOrigin(connection.baseUrl, input.baseUrl)) {
          throw appError(
            "secret_required",
            `The connection "${connection.name}" now points at another server (its scheme, host or port changed). Enter the Client Secret again: the stored one is only sent where it was entered for.`,
          );
        }
        Object.assign(connection, { name: input.name, baseUrl: input.baseUrl, clientId: input.clientId });
        if (input.allowInsecureHttp) connection.allowInsecureHttp = true;
        else delete connection.allowInsecureHttp;
        this.activeId = id;
        return this.active();
      },
    );
  }
  recoverSandbox() {
    return this.answer("recoverSandbox", [], () => this.rekeySandbox("recover-sandbox"));
  }
  resetSandbox() {
    return this.answer("resetSandbox", [], () => {
      this.users = demoServiceUsers(this.nowSeconds);
      this.policies = demoPolicies();
      return this.rekeySandbox("reset-sandbox");
    });
  }
  /** As the Rust side does: the embedded connection signs in again and becomes the one in use. */
  private rekeySandbox(action: string) {
    const sandbox = this.connections.find((c) => c.embedded);
    if (!sandbox) throw appError("invalid_input", "No sandbox runs inside the app, so there is none to recover.");
    this.activeId = sandbox.id;
    this.record(action, ["sandbox-admin"], "ok");
    return this.active();
  }
  removeConnection(id: string) {
    return this.answer("removeConnection", [id], () => {
      if (!this.connections.some((c) => c.id === id)) throw appError("not_found", "That connection no longer exists.");
      this.connections = this.connections.filter((c) => c.id !== id);
      if (this.activeId === id) this.activeId = this.connections[0]?.id ?? null;
    });
  }
  switchConnection(id: string) {
    return this.answer("switchConnection", [id], () => {
      if (!this.connections.some((c) => c.id === id)) throw appError("not_found", "That connection no longer exists.");
      this.activeId = id;
      return this.active();
    });
  }

  listServiceUsers() {
    return this.answer("listServiceUsers", [], () => this.users);
  }
  getServiceUser(name: string) {
    return this.answer("getServiceUser", [name], () => this.findUser(name));
  }
  createServiceUser(input: Parameters<Backend["createServiceUser"]>[0]) {
    return this.answer("createServiceUser", [input], () => {
      const name = input.name.trim();
      if (name === "") throw appError("invalid_input", "The service user needs a name.");
      const policies = input.policyIds.map((p) => p.trim()).filter((p) => p !== "");
      const action = policies.length > 0 ? `create with ${policies.join(", ")}` : "create";
      return this.recorded(action, [name], () => {
        const details: string[] = [];
        if (name.length > NAME_MAX) details.push(`service user name must be 1 to ${NAME_MAX} characters long`);
        if (!isValidName(name.slice(0, NAME_MAX)))
          details.push(`service user name must contain only ${NAME_CHARACTERS}`);
        if (this.users.some((u) => u.name === name)) details.push(`a service user named ${name} already exists`);
        for (const id of input.policyIds) {
          if (!this.policies.some((p) => p.name === id)) details.push(`unknown policy: ${id}`);
        }
        if (details.length > 0)
          throw appError("validation", `Trustgrid refused the change (422): ${details.join("; ")}`, details);
        const user: ServiceUser = { ...input, name, orgId: ORG.uid, clientId: null, tokenCreated: null };
        this.users.push(user);
        return [user, true];
      });
    });
  }
  deleteServiceUser(name: string) {
    return this.answer("deleteServiceUser", [name], () =>
      this.recorded("delete", [name], () => {
        const user = this.findUser(name);
        this.users = this.users.filter((u) => u !== user);
        return [undefined, true];
      }),
    );
  }
  setServiceUserStatus(name: string, status: ServiceUser["status"]) {
    return this.answer("setServiceUserStatus", [name, status], () =>
      this.recorded(status === "active" ? "enable" : "disable", [name], () => {
        const user = this.findUser(name);
        const changed = user.status !== status;
        user.status = status;
        return [user, changed];
      }),
    );
  }
  attachPolicy(name: string, policyId: string) {
    return this.answer("attachPolicy", [name, policyId], () => {
      const id = checkPolicyId(policyId);
      return this.recorded(`attach-policy ${id}`, [name], () => {
        const user = this.findUser(name);
        if (user.policyIds.includes(id)) return [user, false];
        if (!this.policies.some((p) => p.name === id)) {
          throw appError("validation", `Trustgrid refused the change (422): unknown policy: ${id}`, [
            `unknown policy: ${id}`,
          ]);
        }
        user.policyIds.push(id);
        return [user, true];
      });
    });
  }
  detachPolicy(name: string, policyId: string) {
    return this.answer("detachPolicy", [name, policyId], () => {
      const id = checkPolicyId(policyId);
      return this.recorded(`detach-policy ${id}`, [name], () => {
        const user = this.findUser(name);
        const before = user.policyIds.length;
        user.policyIds = user.policyIds.filter((p) => p !== id);
        return [user, user.policyIds.length !== before];
      });
    });
  }
  async runBulkAction(action: Parameters<Backend["runBulkAction"]>[0], names: string[]) {
    this.calls.push({ method: "runBulkAction", args: [action, names] });
    const queued = this.failures.get("runBulkAction");
    if (queued && queued.length > 0) throw queued.shift();
    if (action === "detach") throw appError("invalid_input", "Detaching needs the policies to detach.");
    this.bulkCancelled = false;
    const items: BulkItemResult[] = [];
    for (const [index, name] of names.entries()) {
      if (this.bulkGate) await this.bulkGate;
      if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
      else await Promise.resolve();
      items.push({ name, outcome: this.bulkItem(action, name) });
      // As the desktop side does: progress after each finished item (cancelled ones too).
      this.emitBulkProgress({ done: index + 1, total: names.length, current: name });
    }
    this.recordBulk(action, items);
    return structuredClone({ action, items });
  }
  private bulkItem(action: Parameters<Backend["runBulkAction"]>[0], name: string): BulkItemResult["outcome"] {
    if (this.bulkCancelled) return { kind: "cancelled" };
    const forced = this.bulkFailures.get(name);
    if (forced) return { kind: "failed", error: forced };
    const user = this.users.find((u) => u.name === name);
    if (!user) {
      return action === "delete"
        ? { kind: "skipped", reason: "already deleted" }
        : {
            kind: "failed",
            error: appError("not_found", "Not found (404): it may have been deleted meanwhile. Refresh the list."),
          };
    }
    if (action === "delete") {
      this.users = this.users.filter((u) => u.name !== name);
      return { kind: "ok" };
    }
    if (action === "detach") {
      const before = user.policyIds.length;
      user.policyIds = user.policyIds.filter((p) => !this.detaching.includes(p));
      return user.policyIds.length === before ? { kind: "skipped", reason: "already detached" } : { kind: "ok" };
    }
    const status = action === "enable" ? "active" : "inactive";
    if (user.status === status) return { kind: "skipped", reason: `already ${status}` };
    user.status = status;
    return { kind: "ok" };
  }
  /** One journal entry for the whole action, counted as the Rust side counts it. */
  private recordBulk(action: string, items: BulkItemResult[]) {
    const count = (kind: string) => items.filter((i) => i.outcome.kind === kind).length;
    const [failed, cancelled, changed] = [count("failed"), count("cancelled"), count("ok")];
    const outcome = failed + cancelled === 0 ? "ok" : changed === 0 ? "failed" : "partial";
    let error: string | null = null;
    if (failed + cancelled > 0) {
      error = `${failed} failed, ${cancelled} cancelled, ${changed} changed of ${items.length}`;
      const first = items.find((i) => i.outcome.kind === "failed");
      if (first && first.outcome.kind === "failed")
        error += `; first failure: ${first.name}: ${first.outcome.error.message}`;
    }
    this.record(
      `bulk-${action}`,
      items.map((i) => i.name),
      outcome,
      error,
    );
  }
  /** The policies the running bulk detach removes. */
  private detaching: string[] = [];
  async runBulkDetach(policyIds: string[], names: string[]) {
    this.calls.push({ method: "runBulkDetach", args: [policyIds, names] });
    const ids = policyIds.map((p) => p.trim()).filter((p) => p !== "");
    if (ids.length === 0) {
      const error = appError("invalid_input", "No policy was chosen.");
      return {
        action: "detach" as const,
        items: names.map((name) => ({ name, outcome: { kind: "failed" as const, error } })),
      };
    }
    this.bulkCancelled = false;
    this.detaching = ids;
    const items: BulkItemResult[] = [];
    for (const [index, name] of names.entries()) {
      if (this.bulkGate) await this.bulkGate;
      await Promise.resolve();
      items.push({ name, outcome: this.bulkItem("detach", name) });
      this.emitBulkProgress({ done: index + 1, total: names.length, current: name });
    }
    this.recordBulk(`detach ${ids.join(",")}`, items);
    return structuredClone({ action: "detach" as const, items });
  }

  previewImport(text: string) {
    return this.answer("previewImport", [text], () =>
      previewImport(text, new Set(this.users.map((u) => u.name)), new Set(this.policies.map((p) => p.name))),
    );
  }
  async runImport(text: string) {
    this.calls.push({ method: "runImport", args: [text] });
    const rows = previewImport(text, new Set(this.users.map((u) => u.name)), new Set(this.policies.map((p) => p.name)));
    const items: BulkItemResult[] = [];
    for (const [index, row] of rows.filter((r) => r.problems.length === 0).entries()) {
      await Promise.resolve();
      if (this.users.some((u) => u.name === row.name)) {
        items.push({ name: row.name, outcome: { kind: "skipped", reason: "already exists" } });
      } else {
        this.users.push({
          name: row.name,
          orgId: ORG.uid,
          status: row.status ?? "active",
          policyIds: row.policyIds,
          clientId: null,
          tokenCreated: null,
        });
        items.push({ name: row.name, outcome: { kind: "ok" } });
      }
      this.emitBulkProgress({ done: index + 1, total: rows.length, current: row.name });
    }
    this.recordBulk("create", items);
    return structuredClone({ action: "create" as const, items });
  }

  listFindings() {
    return this.answer("listFindings", [], () => {
      const connection = this.active().connection;
      const all = checkFindings(this.users, this.policies, {
        keyAgeDays: this.settings.keyAgeDays,
        nowSeconds: this.nowSeconds,
        ownClientId: connection.clientId,
      });
      const mine = this.acceptedFindings.filter((a) => a.connection === connection.id);
      const [findings, accepted] = withoutAccepted(all, mine);
      return { findings, accepted, keyAgeDays: this.settings.keyAgeDays };
    });
  }
  acceptFinding(user: string, kind: FindingKind, reason: string) {
    return this.answer("acceptFinding", [user, kind, reason], () => {
      const connection = this.active().connection.id;
      const trimmed = reason.trim();
      if (trimmed === "")
        throw appError("invalid_input", "Say why this finding is accepted, so the next administrator knows.");
      if ([...trimmed].length > 500) throw appError("invalid_input", "The reason can be at most 500 characters.");
      this.acceptedFindings = this.acceptedFindings.filter(
        (a) => !(a.connection === connection && a.user === user && a.kind === kind),
      );
      this.acceptedFindings.push({ connection, user, kind, reason: trimmed, time: new Date().toISOString() });
      this.record(`accept-finding ${kind}`, [user], "ok", null, trimmed);
    });
  }
  unacceptFinding(user: string, kind: FindingKind) {
    return this.answer("unacceptFinding", [user, kind], () => {
      const connection = this.active().connection.id;
      const before = this.acceptedFindings.length;
      this.acceptedFindings = this.acceptedFindings.filter(
        (a) => !(a.connection === connection && a.user === user && a.kind === kind),
      );
      if (this.acceptedFindings.length !== before)
        this.record(`unaccept-finding ${kind}`, [user], "ok", null, "reported again");
    });
  }

  cancelBulkAction() {
    return this.answer("cancelBulkAction", [], () => {
      this.bulkCancelled = true;
    });
  }

  listPolicies() {
    return this.answer("listPolicies", [], () => this.policies);
  }
  getPolicy(name: string) {
    return this.answer("getPolicy", [name], () => {
      const policy = this.policies.find((p) => p.name === name);
      if (!policy) throw appError("not_found", `Policy ${name} was not found.`);
      return policy;
    });
  }
  createPolicy(policy: Policy) {
    return this.answer("createPolicy", [policy], () => policyCommands.createPolicy(this, policy));
  }
  updatePolicy(policy: Policy) {
    return this.answer("updatePolicy", [policy], () => policyCommands.updatePolicy(this, policy));
  }
  deletePolicy(name: string, detachFirst: boolean) {
    return this.answer("deletePolicy", [name, detachFirst], () => policyCommands.deletePolicy(this, name, detachFirst));
  }
  policyCatalog() {
    return this.answer("policyCatalog", [], () => policyCommands.CATALOG);
  }
  effectivePermissions(name: string) {
    return this.answer("effectivePermissions", [name], () => policyCommands.effectivePermissions(this, name));
  }
  whatIf(name: string, attach: string[], detach: string[]) {
    return this.answer("whatIf", [name, attach, detach], () => policyCommands.whatIf(this, name, attach, detach));
  }
  simulate(simulation: Parameters<Backend["simulate"]>[0]) {
    return this.answer("simulate", [simulation], () => policyCommands.simulate(this, simulation));
  }
  compareServiceUsers(first: string, second: string) {
    return this.answer("compareServiceUsers", [first, second], () =>
      policyCommands.compareServiceUsers(this, first, second),
    );
  }

  generateKeys(name: string) {
    return this.answer("generateKeys", [name], () => {
      this.recorded("generate-keys", [name], () => [this.findUser(name), false]);
      // As the desktop side does: a failed copy does not fail the generation, it is reported.
      const handoff = this.issueKeys(name, this.clipboardWorks);
      this.record("generate-keys", [name], "ok");
      if (handoff.copied) this.startCountdown(handoff.id, "secret");
      return handoff;
    });
  }
  /**
   * New keys for `name`, held in a handoff. The key date always moves forward, also within one
   * second, so a rotation can tell replaced keys by their date as it does against the API.
   */
  private issueKeys(name: string, copied: boolean): KeyHandoff {
    const user = this.findUser(name);
    const hex = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join("");
    const handoff: Handoff = { id: `handoff-${this.nextId++}`, serviceUser: name, clientId: hex(16), secret: hex(32) };
    this.handoffs.set(handoff.id, handoff);
    this.lastHandoffId = handoff.id;
    user.clientId = handoff.clientId;
    user.tokenCreated = Math.max(Math.floor(Date.now() / 1000), (user.tokenCreated ?? 0) + 1);
    return {
      id: handoff.id,
      serviceUser: name,
      clientId: handoff.clientId,
      clipboardSeconds: this.settings.clipboardSeconds,
      copied,
    };
  }
  private handoff(id: string): Handoff {
    const handoff = this.handoffs.get(id);
    if (!handoff) throw appError("not_found", "This secret is no longer available.");
    return handoff;
  }
  revealSecret(handoffId: string) {
    return this.answer("revealSecret", [handoffId], () => this.handoff(handoffId).secret);
  }
  private clipboard(): void {
    if (!this.clipboardWorks) throw appError("internal", "The clipboard is not available.");
  }
  copySecret(handoffId: string) {
    return this.answer("copySecret", [handoffId], () => {
      this.handoff(handoffId);
      this.clipboard();
      this.startCountdown(handoffId, "secret");
    });
  }
  copyHeader(handoffId: string) {
    return this.answer("copyHeader", [handoffId], () => {
      this.handoff(handoffId);
      this.clipboard();
      this.startCountdown(handoffId, "header");
    });
  }
  copyClientId(handoffId: string) {
    return this.answer("copyClientId", [handoffId], () => {
      this.handoff(handoffId);
      this.clipboard();
    });
  }
  clearClipboardNow() {
    return this.answer("clearClipboardNow", [], () => this.endCountdown(true, "clearedNow"));
  }
  saveSecret(handoffId: string, format: Parameters<Backend["saveSecret"]>[1]) {
    return this.answer("saveSecret", [handoffId, format], () => {
      const handoff = this.handoff(handoffId);
      return this.saveDialog(format === "env" ? `${handoff.serviceUser}.env` : `${handoff.serviceUser}-keys.json`);
    });
  }
  closeHandoff(handoffId: string) {
    return this.answer("closeHandoff", [handoffId], () => {
      this.handoff(handoffId);
      if (this.countdownHandoff === handoffId) this.endCountdown(true, "closed");
      this.handoffs.delete(handoffId);
    });
  }

  private startCountdown(handoffId: string, content: CopiedContent) {
    if (!this.liveCountdown) return;
    if (this.countdownTimer) clearInterval(this.countdownTimer);
    const total = this.settings.clipboardSeconds;
    let remaining = total;
    this.countdownHandoff = handoffId;
    const tick = () => this.emitCountdown({ handoffId, content, remaining, total });
    setTimeout(tick, 0);
    this.countdownTimer = setInterval(() => {
      remaining -= 1;
      if (remaining <= 0) this.endCountdown(true, "expired");
      else tick();
    }, 1000);
  }
  private endCountdown(cleared: boolean, reason: CountdownEnded["reason"]) {
    if (this.countdownTimer) clearInterval(this.countdownTimer);
    this.countdownTimer = null;
    const handoffId = this.countdownHandoff;
    this.countdownHandoff = null;
    if (handoffId) setTimeout(() => this.emitCountdownEnded({ handoffId, cleared, reason }), 0);
  }

  listDeliveryTargets() {
    return this.answer("listDeliveryTargets", [], () => this.delivery.list());
  }
  saveDeliveryTarget(input: Parameters<Backend["saveDeliveryTarget"]>[0]) {
    return this.answer("saveDeliveryTarget", [input], () => this.delivery.save(input));
  }
  deleteDeliveryTarget(id: string) {
    return this.answer("deleteDeliveryTarget", [id], () => this.delivery.delete(id));
  }
  deliverKeys(handoffId: string, targetIds: string[]) {
    return this.answer("deliverKeys", [handoffId, targetIds], () => {
      const { serviceUser } = this.handoff(handoffId);
      return this.delivery.deliver(serviceUser, targetIds, (action, outcome, error) =>
        this.record(action, [serviceUser], outcome, error),
      );
    });
  }

  private rotationSide(): RotationSide {
    return {
      findUser: (name) => this.findUser(name),
      connectionClientId: () => this.active().connection.clientId,
      issueKeys: (name) => this.issueKeys(name, false),
      replaceOwnKey: (clientId) => {
        const connection = this.active().connection;
        connection.clientId = clientId;
        return connection.embedded || this.keychainWorks;
      },
      reissueOwnKey: (name) => {
        const connection = this.active().connection;
        if (!connection.embedded) return false;
        connection.clientId = this.issueKeys(name, false).clientId;
        this.record("recover-sandbox", [name], "ok");
        return true;
      },
      copy: (handoffId) => {
        if (!this.clipboardWorks) return false;
        this.startCountdown(handoffId, "secret");
        return true;
      },
      close: (handoffId) => {
        this.handoffs.delete(handoffId);
      },
      saveDialog: (suggested) => this.saveDialog(suggested),
      checkTargets: (ids) => {
        for (const id of ids) {
          if (!this.delivery.list().some((t) => t.id === id)) {
            throw appError("invalid_input", `No delivery target with id "${id}"; it may have been deleted.`);
          }
        }
      },
      deliver: (user, targetIds) =>
        this.delivery.deliver(user, targetIds, (action, outcome, error) => this.record(action, [user], outcome, error)),
      record: (action, targets, outcome, error) => this.record(action, targets, outcome, error),
      progress: async (progress) => {
        for (const cb of this.rotationListeners) cb(progress);
        await this.rotationPause?.(progress);
        if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
        else await Promise.resolve();
      },
      networkFailures: this.rotationFailures,
    };
  }
  rotateKeys(names: string[], delivery: RotationDelivery) {
    return this.answer("rotateKeys", [names, delivery], async () => {
      const id = this.active().connection.id;
      const report = await rotateKeys(this.rotationSide(), names, delivery);
      keepUnfinished(this.unfinishedRuns, id, report, false);
      return report;
    });
  }
  finishRotation(unfinished: Unfinished[], delivery: RotationDelivery) {
    return this.answer("finishRotation", [unfinished, delivery], async () => {
      const id = this.active().connection.id;
      const report = await finishRotation(this.rotationSide(), unfinished, delivery);
      keepUnfinished(this.unfinishedRuns, id, report, true);
      return report;
    });
  }
  unfinishedRotation() {
    return this.answer("unfinishedRotation", [], () =>
      this.activeId ? (this.unfinishedRuns.get(this.activeId) ?? null) : null,
    );
  }
  dismissUnfinishedRotation() {
    return this.answer("dismissUnfinishedRotation", [], () => {
      const run = this.activeId ? this.unfinishedRuns.get(this.activeId) : undefined;
      if (!run || !this.activeId) return;
      this.unfinishedRuns.delete(this.activeId);
      this.record(
        "rotate-keys dismiss-unfinished",
        run.users.map((u) => u.name),
        "ok",
      );
    });
  }
  onRotationProgress(cb: (p: RotationProgress) => void): Unsubscribe {
    this.rotationListeners.add(cb);
    return () => this.rotationListeners.delete(cb);
  }

  private comparison(leftId: string, rightId: string) {
    const side = (id: string) => {
      const connection = this.connections.find((c) => c.id === id);
      if (!connection) throw appError("not_found", `The connection "${id}" no longer exists.`);
      return connection.name;
    };
    return fakeComparison(side(leftId), side(rightId), leftId === rightId);
  }
  compareConnections(leftId: string, rightId: string) {
    return this.answer("compareConnections", [leftId, rightId], () => this.comparison(leftId, rightId));
  }
  exportComparison(leftId: string, rightId: string, format: Parameters<Backend["exportComparison"]>[2]) {
    return this.answer("exportComparison", [leftId, rightId, format], () => {
      const { left, right } = this.comparison(leftId, rightId);
      return this.saveDialog(`${left}-vs-${right}.${format === "markdown" ? "md" : "json"}`.replace(/[/\\ ]/g, "-"));
    });
  }

  async copyAcross(fromId: string, toId: string, users: string[], policies: string[]) {
    this.calls.push({ method: "copyAcross", args: [fromId, toId, users, policies] });
    const queued = this.failures.get("copyAcross");
    if (queued && queued.length > 0) throw queued.shift();
    this.comparison(fromId, toId);
    const target = this.connections.find((c) => c.id === toId)!;
    // As the desktop side does: on the bulk path, policies first, one progress count over both
    // kinds, and what has not started when Cancel comes is cancelled. The fake holds one org:
    // what it copies from is what the target already holds.
    this.bulkCancelled = false;
    const total = policies.length + users.length;
    let done = 0;
    const each = async (name: string, reason: string): Promise<BulkItemResult> => {
      if (this.bulkGate) await this.bulkGate;
      if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
      else await Promise.resolve();
      const outcome: BulkItemResult["outcome"] = this.bulkCancelled
        ? { kind: "cancelled" }
        : { kind: "skipped", reason };
      done += 1;
      this.emitBulkProgress({ done, total, current: name });
      return { name, outcome };
    };
    const copiedPolicies: BulkItemResult[] = [];
    for (const name of policies) {
      copiedPolicies.push(
        await each(name, name.startsWith("builtin-tg-") ? "built-in: every org has it" : "already exists there"),
      );
    }
    const copiedUsers: BulkItemResult[] = [];
    for (const name of users) copiedUsers.push(await each(name, "already exists there"));
    const items = [...copiedPolicies, ...copiedUsers];
    const cancelled = items.filter((i) => i.outcome.kind === "cancelled").length;
    this.record(
      `copy-from ${this.connections.find((c) => c.id === fromId)!.name}`,
      items.map((i) => i.name),
      cancelled > 0 ? "partial" : "ok",
      cancelled > 0 ? `0 of ${items.length} could not be copied, ${cancelled} cancelled` : null,
    );
    return structuredClone({
      target: target.name,
      targetOrg: this.active().org.name,
      policies: copiedPolicies,
      users: copiedUsers,
    });
  }

  exportTerraform() {
    return this.answer("exportTerraform", [], () => {
      const folder = this.saveDialog("acme-terraform");
      if (folder === null) return null;
      if (this.terraformFolders.has(folder)) {
        throw appError("invalid_input", `${folder} already holds a main.tf; choose an empty folder.`);
      }
      this.terraformFolders.add(folder);
      const policies = this.policies.filter((p) => !p.name.startsWith("builtin-tg-")).length;
      return { folder, serviceUsers: this.users.length, policies };
    });
  }

  getSettings() {
    return this.answer("getSettings", [], () => this.settings);
  }
  updateSettings(settings: Settings) {
    return this.answer("updateSettings", [settings], () => {
      this.settings = checkSettings(settings);
      return this.settings;
    });
  }
  exportActivity(format: ActivityFormat, filter: ActivityFilter) {
    return this.answer("exportActivity", [format, filter], () => {
      const problem = filterProblem(filter);
      if (problem) throw appError("invalid_input", problem);
      return this.saveDialog(`service-users-activity.${format}`);
    });
  }
  exportCredentialReport(format: ReportFormat) {
    return this.answer("exportCredentialReport", [format], () => {
      this.active();
      return this.saveDialog(`service-users-credential-report.${format}`);
    });
  }
  notices() {
    return this.answer("notices", [], () => this.startupNotices);
  }
  readJournal() {
    return this.answer("readJournal", [], () => this.journal);
  }
  startupMark(mark: StartupMark) {
    return this.answer("startupMark", [mark], () => undefined);
  }

  onBulkProgress(cb: (p: BulkProgress) => void): Unsubscribe {
    this.bulkListeners.add(cb);
    return () => this.bulkListeners.delete(cb);
  }
  onCountdownTick(cb: (t: CountdownTick) => void): Unsubscribe {
    this.tickListeners.add(cb);
    return () => this.tickListeners.delete(cb);
  }
  onCountdownEnded(cb: (e: CountdownEnded) => void): Unsubscribe {
    this.endListeners.add(cb);
    return () => this.endListeners.delete(cb);
  }
  onMenuCommand(cb: (c: MenuCommand) => void): Unsubscribe {
    this.menuListeners.add(cb);
    return () => this.menuListeners.delete(cb);
  }
}

export function createFakeBackend(options?: FakeOptions): FakeBackend {
  return new FakeBackend(options);
}
