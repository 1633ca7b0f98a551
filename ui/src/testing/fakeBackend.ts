// An in-memory Backend with demo data.
//
// Vitest renders the real components against it, and `npm run dev` in a plain browser uses it so
// the UI can be previewed without the desktop shell. It follows the command contracts (errors are
// AppError objects, events carry the same payloads) but talks to no server.
//
// This class holds the fake's state (all but a running bulk action's own and the open key handoffs
// with their countdown, which it owns through FakeBulkRuns and FakeKeyHandoffs) and answers each
// command as the app would (recording the call, waiting `latencyMs`, failing on request, handing
// out copies); what a command does lives in the fake*.ts module named after its concern.

import type { Backend, Unsubscribe } from "../backend";
import type { AcceptedFinding } from "../bindings/AcceptedFinding";
import type { ActivityFilter } from "../bindings/ActivityFilter";
import type { ActivityFormat } from "../bindings/ActivityFormat";
import type { AppError } from "../bindings/AppError";
import type { BulkProgress } from "../bindings/BulkProgress";
import type { Connection } from "../bindings/Connection";
import type { CountdownEnded } from "../bindings/CountdownEnded";
import type { CountdownTick } from "../bindings/CountdownTick";
import type { FindingKind } from "../bindings/FindingKind";
import type { JournalEntry } from "../bindings/JournalEntry";
import type { MenuCommand } from "../bindings/MenuCommand";
import type { Notice } from "../bindings/Notice";
import type { Policy } from "../bindings/Policy";
import type { ReportFormat } from "../bindings/ReportFormat";
import type { RotationDelivery } from "../bindings/RotationDelivery";
import type { RotationProgress } from "../bindings/RotationProgress";
import type { ServiceUser } from "../bindings/ServiceUser";
import type { Settings } from "../bindings/Settings";
import type { StartupMark } from "../bindings/StartupMark";
import type { Unfinished } from "../bindings/Unfinished";
import type { UnfinishedRun } from "../bindings/UnfinishedRun";
import { FakeBulkRuns } from "./fakeBulkActions";
import { compareConnectionsById } from "./fakeCompare";
import * as connectionCommands from "./fakeConnections";
import { FakeDeliveryTargets } from "./fakeDelivery";
import { demoConnections, demoJournal, demoPolicies, demoServiceUsers, generatedServiceUsers } from "./fakeDemoData";
import { EventChannel } from "./fakeEvents";
import * as fileExports from "./fakeFileExports";
import * as findingCommands from "./fakeFindings";
import { previewImportInto } from "./fakeImport";
import { appError, checkSettings, defaultSettings } from "./fakeInputChecks";
import { journalEntry, recordedChange } from "./fakeJournal";
import * as keyCommands from "./fakeKeyHandoffs";
import * as policyCommands from "./fakePolicies";
import type { NetworkFailure } from "./fakeRotation";
import * as rotationCommands from "./fakeRotationCommands";
import * as userCommands from "./fakeServiceUsers";

export { defaultSettings } from "./fakeInputChecks";

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

  /** Keys handed out and not yet closed, and the clipboard countdown (see fakeKeyHandoffs.ts). */
  readonly handoffs: keyCommands.FakeKeyHandoffs;
  /** The id of the last KeyHandoff handed out, so tests can emit countdown events for it. */
  lastHandoffId: string | null = null;
  /** While false, copying the secret or header fails and new keys come with `copied: false`. */
  clipboardWorks: boolean;
  /** While false, saving a secret fails with keychain_unavailable unless it is for the session only. */
  keychainWorks = true;

  /** Delay before each answer (see FakeOptions). */
  readonly latencyMs: number;

  private failures = new Map<string, AppError[]>();
  private terraformFolders = new Set<string>();
  private readonly nowSeconds: number;
  private nextId = 1;
  private readonly bulkProgress = new EventChannel<BulkProgress>();
  private readonly rotationProgress = new EventChannel<RotationProgress>();
  private readonly countdownTicks = new EventChannel<CountdownTick>();
  private readonly countdownEnds = new EventChannel<CountdownEnded>();
  private readonly menuCommands = new EventChannel<MenuCommand>();
  private readonly bulk: FakeBulkRuns;

  constructor(options: FakeOptions = {}) {
    const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
    this.nowSeconds = now;
    this.latencyMs = options.latencyMs ?? 0;
    this.bulk = new FakeBulkRuns(this.latencyMs);
    this.handoffs = new keyCommands.FakeKeyHandoffs(
      options.liveCountdown ?? false,
      this.countdownTicks,
      this.countdownEnds,
    );
    this.clipboardWorks = !(options.clipboardFails ?? false);
    this.policies = demoPolicies();
    this.users = [...demoServiceUsers(now), ...generatedServiceUsers(options.extraUsers ?? 0, now, this.policies)];
    this.connections = options.noConnection ? [] : demoConnections();
    this.activeId = this.connections[1]?.id ?? null;
    this.journal = demoJournal(now);
  }

  /** Makes the next call(s) of `method` reject with `error`. */
  fail(method: keyof Backend, error: AppError, times = 1): void {
    const queue = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i++) queue.push(error);
    this.failures.set(method, queue);
  }

  emitBulkProgress(progress: BulkProgress): void {
    this.bulkProgress.emit(progress);
  }
  emitRotationProgress(progress: RotationProgress): void {
    this.rotationProgress.emit(progress);
  }
  emitCountdown(tick: CountdownTick): void {
    this.countdownTicks.emit(tick);
  }
  emitCountdownEnded(ended: CountdownEnded): void {
    this.countdownEnds.emit(ended);
  }
  /** What the native menu (or its shortcut) sends in the app. */
  chooseMenu(command: MenuCommand): void {
    this.menuCommands.emit(command);
  }

  private async answer<T>(method: keyof Backend, args: unknown[], produce: () => T | Promise<T>): Promise<T> {
    this.calls.push({ method, args });
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
    const failure = this.queuedFailure(method);
    if (failure) throw failure;
    // Hand out copies so callers cannot mutate the fake's state by accident.
    // Awaited only when it is a promise: an extra tick would reorder answers tests rely on.
    const value = produce();
    return structuredClone(value instanceof Promise ? await value : value);
  }

  /** The failure queued for the next call of `method` (see `fail`), taken off the queue. */
  private queuedFailure(method: keyof Backend): AppError | undefined {
    const queued = this.failures.get(method);
    return queued && queued.length > 0 ? queued.shift() : undefined;
  }

  /** Copies from a handoff to the clipboard as it is now, with the countdown Settings ask for. */
  private copyFrom(handoffId: string, content: Parameters<keyCommands.FakeKeyHandoffs["copy"]>[2]) {
    return this.handoffs.copy(handoffId, this.clipboardWorks, content, this.settings.clipboardSeconds);
  }

  findUser(name: string): ServiceUser {
    const user = this.users.find((u) => u.name === name);
    if (!user) throw appError("not_found", `Service user ${name} was not found.`);
    return user;
  }

  /** Ids for new connections and handoffs, from one counter. */
  newId(prefix: string): string {
    return `${prefix}-${this.nextId++}`;
  }

  /** Adds an entry to the journal, as the Rust side does after each change. */
  record(
    action: string,
    targets: string[],
    outcome: JournalEntry["outcome"],
    error: string | null = null,
    note?: string,
  ) {
    const connection = this.connections.find((c) => c.id === this.activeId)?.name ?? "";
    this.journal.unshift(journalEntry(connection, action, targets, outcome, error, note));
  }

  /** Runs `change` and records it as the Rust side does (see fakeJournal.ts). */
  recorded<T>(action: string, targets: string[], change: () => [T, boolean]): T {
    return recordedChange((...entry) => this.record(...entry), action, targets, change);
  }

  listConnections() {
    return this.answer("listConnections", [], () => this.connections);
  }
  activeConnection() {
    return this.answer("activeConnection", [], () => (this.activeId ? connectionCommands.requireActive(this) : null));
  }
  addConnection(input: Parameters<Backend["addConnection"]>[0]) {
    return this.answer("addConnection", [{ ...input, clientSecret: "<redacted>" }], () =>
      connectionCommands.addConnection(this, input),
    );
  }
  updateConnection(id: string, input: Parameters<Backend["updateConnection"]>[1]) {
    return this.answer(
      "updateConnection",
      [id, { ...input, clientSecret: input.clientSecret ? "<redacted>" : null }],
      () => connectionCommands.updateConnection(this, id, input),
    );
  }
  recoverSandbox() {
    return this.answer("recoverSandbox", [], () => connectionCommands.rekeySandbox(this, "recover-sandbox"));
  }
  resetSandbox() {
    return this.answer("resetSandbox", [], () => {
      this.users = demoServiceUsers(this.nowSeconds);
      this.policies = demoPolicies();
      return connectionCommands.rekeySandbox(this, "reset-sandbox");
    });
  }
  removeConnection(id: string) {
    return this.answer("removeConnection", [id], () => connectionCommands.removeConnection(this, id));
  }
  switchConnection(id: string) {
    return this.answer("switchConnection", [id], () => connectionCommands.switchConnection(this, id));
  }

  listServiceUsers() {
    return this.answer("listServiceUsers", [], () => this.users);
  }
  getServiceUser(name: string) {
    return this.answer("getServiceUser", [name], () => this.findUser(name));
  }
  createServiceUser(input: Parameters<Backend["createServiceUser"]>[0]) {
    return this.answer("createServiceUser", [input], () => userCommands.createServiceUser(this, input));
  }
  deleteServiceUser(name: string) {
    return this.answer("deleteServiceUser", [name], () => userCommands.deleteServiceUser(this, name));
  }
  setServiceUserStatus(name: string, status: ServiceUser["status"]) {
    return this.answer("setServiceUserStatus", [name, status], () =>
      userCommands.setServiceUserStatus(this, name, status),
    );
  }
  attachPolicy(name: string, policyId: string) {
    return this.answer("attachPolicy", [name, policyId], () => userCommands.attachPolicy(this, name, policyId));
  }
  detachPolicy(name: string, policyId: string) {
    return this.answer("detachPolicy", [name, policyId], () => userCommands.detachPolicy(this, name, policyId));
  }
  // The bulk runs answer over many steps, so they log the call and copy their result themselves;
  // of them only runBulkAction and copyAcross take a failure queued with `fail`.
  runBulkAction(action: Parameters<Backend["runBulkAction"]>[0], names: string[]) {
    this.calls.push({ method: "runBulkAction", args: [action, names] });
    const failure = this.queuedFailure("runBulkAction");
    return failure ? Promise.reject(failure) : this.bulk.run(this, action, names);
  }
  runBulkDetach(policyIds: string[], names: string[]) {
    this.calls.push({ method: "runBulkDetach", args: [policyIds, names] });
    return this.bulk.detach(this, policyIds, names);
  }
  cancelBulkAction() {
    return this.answer("cancelBulkAction", [], () => {
      this.bulk.cancel();
    });
  }

  previewImport(text: string) {
    return this.answer("previewImport", [text], () => previewImportInto(this, text));
  }
  runImport(text: string) {
    this.calls.push({ method: "runImport", args: [text] });
    return this.bulk.importRows(this, text);
  }

  listFindings() {
    return this.answer("listFindings", [], () => findingCommands.listFindings(this, this.nowSeconds));
  }
  acceptFinding(user: string, kind: FindingKind, reason: string) {
    return this.answer("acceptFinding", [user, kind, reason], () =>
      findingCommands.acceptFinding(this, user, kind, reason),
    );
  }
  unacceptFinding(user: string, kind: FindingKind) {
    return this.answer("unacceptFinding", [user, kind], () => findingCommands.unacceptFinding(this, user, kind));
  }

  listPolicies() {
    return this.answer("listPolicies", [], () => this.policies);
  }
  getPolicy(name: string) {
    return this.answer("getPolicy", [name], () => policyCommands.getPolicy(this, name));
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
    return this.answer("generateKeys", [name], () => keyCommands.generateKeys(this, name));
  }
  revealSecret(handoffId: string) {
    return this.answer("revealSecret", [handoffId], () => this.handoffs.get(handoffId).secret);
  }
  copySecret(handoffId: string) {
    return this.answer("copySecret", [handoffId], () => this.copyFrom(handoffId, "secret"));
  }
  copyHeader(handoffId: string) {
    return this.answer("copyHeader", [handoffId], () => this.copyFrom(handoffId, "header"));
  }
  copyClientId(handoffId: string) {
    return this.answer("copyClientId", [handoffId], () => this.copyFrom(handoffId, null));
  }
  clearClipboardNow() {
    return this.answer("clearClipboardNow", [], () => this.handoffs.endCountdown(true, "clearedNow"));
  }
  saveSecret(handoffId: string, format: Parameters<Backend["saveSecret"]>[1]) {
    return this.answer("saveSecret", [handoffId, format], () => keyCommands.saveSecret(this, handoffId, format));
  }
  closeHandoff(handoffId: string) {
    return this.answer("closeHandoff", [handoffId], () => this.handoffs.close(handoffId));
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
    return this.answer("deliverKeys", [handoffId, targetIds], () =>
      keyCommands.deliverKeys(this, handoffId, targetIds),
    );
  }

  rotateKeys(names: string[], delivery: RotationDelivery) {
    return this.answer("rotateKeys", [names, delivery], () => rotationCommands.rotateKeys(this, names, delivery));
  }
  finishRotation(unfinished: Unfinished[], delivery: RotationDelivery) {
    return this.answer("finishRotation", [unfinished, delivery], () =>
      rotationCommands.finishRotation(this, unfinished, delivery),
    );
  }
  unfinishedRotation() {
    return this.answer("unfinishedRotation", [], () => rotationCommands.unfinishedRotation(this));
  }
  dismissUnfinishedRotation() {
    return this.answer("dismissUnfinishedRotation", [], () => rotationCommands.dismissUnfinishedRotation(this));
  }
  onRotationProgress(cb: (p: RotationProgress) => void): Unsubscribe {
    return this.rotationProgress.listen(cb);
  }

  compareConnections(leftId: string, rightId: string) {
    return this.answer("compareConnections", [leftId, rightId], () =>
      compareConnectionsById(this.connections, leftId, rightId),
    );
  }
  exportComparison(leftId: string, rightId: string, format: Parameters<Backend["exportComparison"]>[2]) {
    return this.answer("exportComparison", [leftId, rightId, format], () =>
      fileExports.exportComparison(this, leftId, rightId, format),
    );
  }
  copyAcross(fromId: string, toId: string, users: string[], policies: string[]) {
    this.calls.push({ method: "copyAcross", args: [fromId, toId, users, policies] });
    const failure = this.queuedFailure("copyAcross");
    return failure ? Promise.reject(failure) : this.bulk.copyAcross(this, fromId, toId, users, policies);
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
    return this.answer("exportActivity", [format, filter], () => fileExports.exportActivity(this, format, filter));
  }
  exportCredentialReport(format: ReportFormat) {
    return this.answer("exportCredentialReport", [format], () => fileExports.exportCredentialReport(this, format));
  }
  exportTerraform() {
    return this.answer("exportTerraform", [], () => fileExports.exportTerraform(this, this.terraformFolders));
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
    return this.bulkProgress.listen(cb);
  }
  onCountdownTick(cb: (t: CountdownTick) => void): Unsubscribe {
    return this.countdownTicks.listen(cb);
  }
  onCountdownEnded(cb: (e: CountdownEnded) => void): Unsubscribe {
    return this.countdownEnds.listen(cb);
  }
  onMenuCommand(cb: (c: MenuCommand) => void): Unsubscribe {
    return this.menuCommands.listen(cb);
  }
}

export function createFakeBackend(options?: FakeOptions): FakeBackend {
  return new FakeBackend(options);
}
