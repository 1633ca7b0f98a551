// The fake's rotation assistant: the same steps, report and journal entries as
// crates/tg-admin/src/rotation, over the fake's users, handoffs and delivery targets. A network
// failure is simulated per user through `RotationSide.networkFailures`. Each progress event is
// awaited (`RotationSide.progress`), so tests can see a run between its steps. An interrupted
// run is kept per connection as the app keeps it (`keepUnfinished`).

import type { AppError } from "../bindings/AppError";
import type { DeliveryResult } from "../bindings/DeliveryResult";
import type { KeyHandoff } from "../bindings/KeyHandoff";
import type { RotationDelivery } from "../bindings/RotationDelivery";
import type { RotationProgress } from "../bindings/RotationProgress";
import type { RotationReport } from "../bindings/RotationReport";
import type { RotationState } from "../bindings/RotationState";
import type { ServiceUser } from "../bindings/ServiceUser";
import type { Unfinished } from "../bindings/Unfinished";
import type { UnfinishedRun } from "../bindings/UnfinishedRun";
import type { UserRotation } from "../bindings/UserRotation";
import { appError } from "./fakeInputChecks";

/** How a user's key request fails: never sent, or sent without an answer (keys replaced). */
export type NetworkFailure = "notSent" | "noAnswer";

/** What the rotation needs of the fake backend. */
export interface RotationSide {
  findUser(name: string): ServiceUser;
  /** The Client ID the active connection signs in with. */
  connectionClientId(): string;
  /** Replaces the user's keys and holds them (nothing copied). */
  issueKeys(name: string): KeyHandoff;
  /** Puts new keys in place of the connection's own; false when the keychain refuses. */
  replaceOwnKey(clientId: string): boolean;
  /**
   * After the connection's own key was lost: the embedded sandbox issues its admin new keys and
   * the connection signs in with them (false: not the embedded sandbox, nothing can be done).
   */
  reissueOwnKey(name: string): boolean;
  copy(handoffId: string): boolean;
  close(handoffId: string): void;
  saveDialog(suggested: string): string | null;
  checkTargets(ids: string[]): void;
  deliver(user: string, targetIds: string[]): DeliveryResult[];
  record(action: string, targets: string[], outcome: "ok" | "failed", error: string | null): void;
  /** Sends a progress event; the run goes on when the returned promise settles. */
  progress(progress: RotationProgress): Promise<void>;
  networkFailures: Map<string, NetworkFailure>;
}

function entry(item: Unfinished): UserRotation {
  return {
    name: item.name,
    state: "notRotated",
    previousClientId: item.previousClientId ?? null,
    previousTokenCreated: item.previousTokenCreated ?? null,
    clientId: null,
    ownConnection: false,
    ownKey: null,
    file: null,
    targets: [],
    verified: null,
    handoff: null,
    error: null,
  };
}

function keptSomewhere(user: UserRotation): boolean {
  return user.file?.path != null || user.targets.some((t) => t.status === "delivered") || user.ownKey?.stored === true;
}

const OWN_KEY_REISSUED =
  "The earlier unanswered request had replaced the key this connection signs in with, and its secret never arrived: the sandbox issued new keys to sign in again, and they were rotated.";
const OWN_KEY_LOST =
  "The earlier unanswered request replaced the key this connection signs in with, and its new secret never arrived: the connection can no longer sign in. For the built-in sandbox use Recover sandbox; otherwise give the connection new keys.";

/** As crates/tg-admin/src/rotation/recheck.rs: what an earlier unanswered request did. */
function recheck(side: RotationSide, item: Unfinished, result: UserRotation) {
  const journal = (error: string) => side.record("rotate-keys recheck", [item.name], "failed", error);
  if (item.previousClientId === side.connectionClientId()) {
    // The old key itself is the test: it still signs in when the user still has it.
    const user = side.findUser(item.name);
    if (user.clientId === item.previousClientId)
      return { note: "The earlier unanswered request had not replaced the keys." };
    if (side.reissueOwnKey(item.name)) return { note: OWN_KEY_REISSUED };
    result.state = "unknown";
    result.ownConnection = true;
    result.error = OWN_KEY_LOST;
    journal(OWN_KEY_LOST);
    return { stop: true };
  }
  let user: ServiceUser;
  try {
    user = side.findUser(item.name);
  } catch (e) {
    result.state = "unknown";
    result.error = `Could not tell what happened: ${(e as AppError).message}`;
    journal(result.error);
    return { stop: false };
  }
  const same = user.clientId === item.previousClientId && user.tokenCreated === item.previousTokenCreated;
  return {
    note: same
      ? "The earlier unanswered request had not replaced the keys."
      : "The earlier unanswered request had replaced the keys; their secret never arrived, so they were rotated again.",
  };
}

async function rotateOne(
  side: RotationSide,
  item: Unfinished,
  delivery: RotationDelivery,
  single: boolean,
  index: number,
  total: number,
) {
  const result = entry(item);
  const name = item.name;
  const step = (at: RotationProgress["step"]) => side.progress({ name, step: at, index, total, result: null });
  const journal = (step: string, error: string | null) =>
    side.record(`rotate-keys ${step}`, [name], error === null ? "ok" : "failed", error);
  await step("regenerating");
  let note: string | null = null;
  if (item.state === "unknown") {
    const found = recheck(side, item, result);
    if (found.stop !== undefined) return { result, stop: found.stop };
    note = found.note;
  }
  let user: ServiceUser;
  try {
    user = side.findUser(name);
  } catch (e) {
    result.error = `Could not read ${name}, so nothing was changed: ${(e as AppError).message}`;
    journal("regenerate", result.error);
    return { result, stop: false };
  }
  result.previousClientId = user.clientId;
  result.previousTokenCreated = user.tokenCreated;
  result.ownConnection = user.clientId === side.connectionClientId();
  const failure = side.networkFailures.get(name);
  if (failure) {
    side.networkFailures.delete(name);
    if (failure === "noAnswer") {
      const lost = side.issueKeys(name); // carried out upstream; the answer never arrives
      side.close(lost.id);
      result.state = "unknown";
      result.error =
        "Trustgrid did not answer the key request (The request timed out.). The keys may have been replaced with a secret that never arrived; Finish reads the user again to tell.";
      if (result.ownConnection) {
        result.error +=
          " This is the user this connection signs in with: if its keys were replaced, the app can no longer sign in until Finish gives it new ones.";
      }
    } else {
      result.error = "The key request was not sent (Could not reach the API.); the old key still works.";
    }
    journal("regenerate", result.error);
    return { result, stop: true };
  }
  const handoff = side.issueKeys(name);
  result.state = "rotated";
  result.clientId = handoff.clientId;
  journal("regenerate", null);
  if (result.ownConnection) {
    const stored = side.replaceOwnKey(handoff.clientId);
    const error = stored
      ? null
      : "The new secret could not be stored in the system keychain; the app uses it for this session only. Keep the keys shown now: the keychain still holds the old secret, which no longer works.";
    result.ownKey = { stored, switched: true, error };
    side.record("rotate-keys replace-own-key", [name], stored ? "ok" : "failed", error);
    if (!stored) handoff.copied = side.copy(handoff.id);
  }
  await step("delivering");
  if (delivery.file) {
    const suggested = delivery.file === "env" ? `${name}.env` : `${name}-keys.json`;
    const path = side.saveDialog(suggested);
    const error = path === null ? "The save dialog was cancelled: no file was written." : null;
    side.record(
      "rotate-keys deliver file",
      [name],
      path === null ? "failed" : "ok",
      path === null ? "the save dialog was cancelled" : null,
    );
    result.file = { path, error };
  }
  if (delivery.targetIds.length > 0) result.targets = side.deliver(name, delivery.targetIds);
  await step("verifying");
  result.verified = true;
  journal("verify", null);
  if (delivery.clipboard && single && !handoff.copied) handoff.copied = side.copy(handoff.id);
  if (delivery.clipboard || handoff.copied || !keptSomewhere(result)) {
    if (!delivery.clipboard && !keptSomewhere(result)) {
      result.error =
        "The new keys were not delivered anywhere: copy or save them before closing this report, or they are lost.";
    }
    result.handoff = handoff;
  } else {
    side.close(handoff.id);
  }
  if (note) result.error = result.error ? `${note} ${result.error}` : note;
  return { result, stop: false };
}

async function run(side: RotationSide, items: Unfinished[], asked: RotationDelivery): Promise<RotationReport> {
  // Left-out fields default as serde's `#[serde(default)]` makes them on the Rust side.
  const delivery: RotationDelivery = {
    file: asked.file ?? null,
    clipboard: asked.clipboard ?? false,
    targetIds: asked.targetIds ?? [],
  };
  if (items.length === 0) throw appError("invalid_input", "Choose at least one service user to rotate.");
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.name))
      throw appError("invalid_input", `${item.name} is listed twice; each user is rotated once.`);
    seen.add(item.name);
  }
  side.checkTargets(delivery.targetIds);
  const users: UserRotation[] = [];
  let stoppedAt: string | null = null;
  const total = items.length;
  for (const [index, item] of items.entries()) {
    let result: UserRotation;
    if (stoppedAt !== null) {
      result = entry(item);
      result.state = item.state;
      result.error = `Not started: the run stopped at ${stoppedAt} after a network failure. Its old key still works${
        item.state === "unknown" ? " unless the earlier unanswered request replaced it" : ""
      }.`;
    } else {
      const one = await rotateOne(side, item, delivery, total === 1, index, total);
      result = one.result;
      if (one.stop) stoppedAt = item.name;
    }
    await side.progress({ name: item.name, step: "done", index, total, result: structuredClone(result) });
    users.push(result);
  }
  const interrupted =
    (stoppedAt !== null && users.some((u) => u.state !== "rotated")) || users.some((u) => u.state === "unknown");
  return { users, interrupted };
}

export function rotateKeys(side: RotationSide, names: string[], delivery: RotationDelivery): Promise<RotationReport> {
  const state: RotationState = "notRotated";
  return run(
    side,
    names.map((name) => ({ name, state, previousClientId: null, previousTokenCreated: null })),
    delivery,
  );
}

export function finishRotation(
  side: RotationSide,
  unfinished: Unfinished[],
  delivery: RotationDelivery,
): Promise<RotationReport> {
  return run(
    side,
    unfinished.filter((u) => u.state !== "rotated"),
    delivery,
  );
}

/**
 * As crates/tg-admin/src/rotation/unfinished.rs: an interrupted run's users are merged in by name;
 * a run that went through updates the users already kept; a finish that went through clears them.
 */
export function keepUnfinished(
  runs: Map<string, UnfinishedRun>,
  connectionId: string,
  report: RotationReport,
  finishing: boolean,
): void {
  const kept = runs.get(connectionId);
  runs.delete(connectionId);
  if (!kept && !report.interrupted) return;
  const users = kept?.users ?? [];
  for (const user of report.users) {
    const now: Unfinished = {
      name: user.name,
      state: user.state,
      previousClientId: user.previousClientId,
      previousTokenCreated: user.previousTokenCreated,
    };
    const at = users.findIndex((u) => u.name === now.name);
    if (at >= 0) users[at] = now;
    else if (report.interrupted) users.push(now);
  }
  // A finish that went through settles the users it ran; users of other cut-off runs stay.
  const left =
    finishing && !report.interrupted ? users.filter((u) => !report.users.some((r) => r.name === u.name)) : users;
  const open = left.some((u) => u.state !== "rotated");
  if (report.interrupted || open) runs.set(connectionId, { users: left });
}
