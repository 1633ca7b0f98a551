// The fake's bulk runs: enable, disable, delete or detach over many users, an import's creations,
// and a copy from another connection. They share the Rust side's shape, kept here in one place:
// one item at a time with a progress event after each, and one journal entry counts the whole run.
// Each item waits for `bulkGate` first, and Cancel stops what has not started; the import is the
// exception: its creations ignore the gate, `latencyMs` and Cancel.
import type { Backend } from "../backend";
import type { AppError } from "../bindings/AppError";
import type { BulkItemResult } from "../bindings/BulkItemResult";
import type { BulkProgress } from "../bindings/BulkProgress";
import type { JournalEntry } from "../bindings/JournalEntry";
import type { Policy } from "../bindings/Policy";
import type { ServiceUser } from "../bindings/ServiceUser";
import { compareConnectionsById } from "./fakeCompare";
import { type ConnectionChoice, requireActive } from "./fakeConnections";
import { ORG } from "./fakeDemoData";
import { previewImportInto } from "./fakeImport";
import { appError } from "./fakeInputChecks";
import { pause } from "./fakeLatency";

type BulkAction = Parameters<Backend["runBulkAction"]>[0];

/** What a bulk run needs of the fake. */
type BulkOrg = ConnectionChoice & {
  users: ServiceUser[];
  policies: Policy[];
  bulkGate: Promise<void> | null;
  bulkFailures: Map<string, AppError>;
  emitBulkProgress(progress: BulkProgress): void;
  record(action: string, targets: string[], outcome: JournalEntry["outcome"], error: string | null): void;
};

export class FakeBulkRuns {
  private cancelled = false;
  /** The policies the running bulk detach removes. */
  private detaching: string[] = [];

  /**
   * `latencyMs`: the delay before each item of an action or a copy across, so the preview shows a
   * run's progress. A detach and an import wait one microtask instead.
   */
  constructor(private readonly latencyMs: number) {}

  cancel(): void {
    this.cancelled = true;
  }

  async run(org: BulkOrg, action: BulkAction, names: string[]) {
    if (action === "detach") throw appError("invalid_input", "Detaching needs the policies to detach.");
    this.cancelled = false;
    const items: BulkItemResult[] = [];
    for (const [index, name] of names.entries()) {
      if (org.bulkGate) await org.bulkGate;
      await pause(this.latencyMs);
      items.push({ name, outcome: this.item(org, action, name) });
      // As the desktop side does: progress after each finished item (cancelled ones too).
      org.emitBulkProgress({ done: index + 1, total: names.length, current: name });
    }
    this.recordRun(org, action, items);
    return structuredClone({ action, items });
  }

  async detach(org: BulkOrg, policyIds: string[], names: string[]) {
    const ids = policyIds.map((p) => p.trim()).filter((p) => p !== "");
    if (ids.length === 0) {
      const error = appError("invalid_input", "No policy was chosen.");
      return {
        action: "detach" as const,
        items: names.map((name) => ({ name, outcome: { kind: "failed" as const, error } })),
      };
    }
    this.cancelled = false;
    this.detaching = ids;
    const items: BulkItemResult[] = [];
    for (const [index, name] of names.entries()) {
      if (org.bulkGate) await org.bulkGate;
      await Promise.resolve();
      items.push({ name, outcome: this.item(org, "detach", name) });
      org.emitBulkProgress({ done: index + 1, total: names.length, current: name });
    }
    this.recordRun(org, `detach ${ids.join(",")}`, items);
    return structuredClone({ action: "detach" as const, items });
  }

  /** Creates the rows of an import file that have no problems. */
  async importRows(org: BulkOrg, text: string) {
    const rows = previewImportInto(org, text);
    const items: BulkItemResult[] = [];
    for (const [index, row] of rows.filter((r) => r.problems.length === 0).entries()) {
      await Promise.resolve();
      if (org.users.some((u) => u.name === row.name)) {
        items.push({ name: row.name, outcome: { kind: "skipped", reason: "already exists" } });
      } else {
        org.users.push({
          name: row.name,
          orgId: ORG.uid,
          status: row.status ?? "active",
          policyIds: row.policyIds,
          clientId: null,
          tokenCreated: null,
        });
        items.push({ name: row.name, outcome: { kind: "ok" } });
      }
      org.emitBulkProgress({ done: index + 1, total: rows.length, current: row.name });
    }
    this.recordRun(org, "create", items);
    return structuredClone({ action: "create" as const, items });
  }

  async copyAcross(org: BulkOrg, fromId: string, toId: string, users: string[], policies: string[]) {
    compareConnectionsById(org.connections, fromId, toId);
    const target = org.connections.find((c) => c.id === toId)!;
    // As the desktop side does: on the bulk path, policies first, one progress count over both
    // kinds, and what has not started when Cancel comes is cancelled. The fake holds one org:
    // what it copies from is what the target already holds.
    this.cancelled = false;
    const total = policies.length + users.length;
    let done = 0;
    const each = async (name: string, reason: string): Promise<BulkItemResult> => {
      if (org.bulkGate) await org.bulkGate;
      await pause(this.latencyMs);
      const outcome: BulkItemResult["outcome"] = this.cancelled ? { kind: "cancelled" } : { kind: "skipped", reason };
      done += 1;
      org.emitBulkProgress({ done, total, current: name });
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
    org.record(
      `copy-from ${org.connections.find((c) => c.id === fromId)!.name}`,
      items.map((i) => i.name),
      cancelled > 0 ? "partial" : "ok",
      cancelled > 0 ? `0 of ${items.length} could not be copied, ${cancelled} cancelled` : null,
    );
    return structuredClone({
      target: target.name,
      targetOrg: requireActive(org).org.name,
      policies: copiedPolicies,
      users: copiedUsers,
    });
  }

  private item(org: BulkOrg, action: BulkAction, name: string): BulkItemResult["outcome"] {
    if (this.cancelled) return { kind: "cancelled" };
    const forced = org.bulkFailures.get(name);
    if (forced) return { kind: "failed", error: forced };
    const user = org.users.find((u) => u.name === name);
    if (!user) {
      return action === "delete"
        ? { kind: "skipped", reason: "already deleted" }
        : {
            kind: "failed",
            error: appError("not_found", "Not found (404): it may have been deleted meanwhile. Refresh the list."),
          };
    }
    if (action === "delete") {
      org.users = org.users.filter((u) => u.name !== name);
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

  /** One journal entry for the whole run, counted as the Rust side counts it. */
  private recordRun(org: BulkOrg, action: string, items: BulkItemResult[]) {
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
    org.record(
      `bulk-${action}`,
      items.map((i) => i.name),
      outcome,
      error,
    );
  }
}
