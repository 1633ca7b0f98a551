// The fake's rotation assistant: the same steps, report and journal entries as
// crates/tg-admin/src/rotation, over the fake's users, handoffs and delivery targets. A network
// failure is simulated per user through `RotationSide.networkFailures`.

import type { AppError } from "../bindings/AppError";
import type { DeliveryResult } from "../bindings/DeliveryResult";
import type { KeyHandoff } from "../bindings/KeyHandoff";
import type { RotationDelivery } from "../bindings/RotationDelivery";
import type { RotationProgress } from "../bindings/RotationProgress";
import type { RotationReport } from "../bindings/RotationReport";
import type { RotationState } from "../bindings/RotationState";
import type { ServiceUser } from "../bindings/ServiceUser";
import type { Unfinished } from "../bindings/Unfinished";
import type { UserRotation } from "../bindings/UserRotation";

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
  copy(handoffId: string): boolean;
  close(handoffId: string): void;
  saveDialog(suggested: string): string | null;
  checkTargets(ids: string[]): void;
  deliver(user: string, targetIds: string[]): DeliveryResult[];
  record(action: string, targets: string[], outcome: "ok" | "failed", error: string | null): void;
  progress(progress: RotationProgress): void;
  networkFailures: Map<string, NetworkFailure>;
}

function invalid(message: string): AppError {
  return { code: "invalid_input", message, details: [] };
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

function rotateOne(side: RotationSide, item: Unfinished, delivery: RotationDelivery, single: boolean) {
  const result = entry(item);
  const name = item.name;
  const journal = (step: string, error: string | null) =>
    side.record(`rotate-keys ${step}`, [name], error === null ? "ok" : "failed", error);
  let note: string | null = null;
  let user: ServiceUser;
  try {
    user = side.findUser(name);
  } catch (e) {
    result.error = `Could not read ${name}, so nothing was changed: ${(e as AppError).message}`;
    journal("regenerate", result.error);
    return { result, stop: false };
  }
  if (item.state === "unknown") {
    const same = user.clientId === item.previousClientId && user.tokenCreated === item.previousTokenCreated;
    note = same
      ? "The earlier unanswered request had not replaced the keys."
      : "The earlier unanswered request had replaced the keys; their secret never arrived, so they were rotated again.";
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

function run(side: RotationSide, items: Unfinished[], asked: RotationDelivery): RotationReport {
  // Left-out fields default as serde's `#[serde(default)]` makes them on the Rust side.
  const delivery: RotationDelivery = {
    file: asked.file ?? null,
    clipboard: asked.clipboard ?? false,
    targetIds: asked.targetIds ?? [],
  };
  if (items.length === 0) throw invalid("Choose at least one service user to rotate.");
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.name)) throw invalid(`${item.name} is listed twice; each user is rotated once.`);
    seen.add(item.name);
  }
  side.checkTargets(delivery.targetIds);
  const users: UserRotation[] = [];
  let stoppedAt: string | null = null;
  items.forEach((item, index) => {
    const total = items.length;
    let result: UserRotation;
    if (stoppedAt !== null) {
      result = entry(item);
      result.state = item.state;
      result.error = `Not started: the run stopped at ${stoppedAt} after a network failure. Its old key still works${
        item.state === "unknown" ? " unless the earlier unanswered request replaced it" : ""
      }.`;
    } else {
      side.progress({ name: item.name, step: "regenerating", index, total, result: null });
      const one = rotateOne(side, item, delivery, total === 1);
      result = one.result;
      if (one.stop) stoppedAt = item.name;
    }
    side.progress({ name: item.name, step: "done", index, total, result });
    users.push(result);
  });
  const interrupted =
    (stoppedAt !== null && users.some((u) => u.state !== "rotated")) || users.some((u) => u.state === "unknown");
  return { users, interrupted };
}

export function rotateKeys(side: RotationSide, names: string[], delivery: RotationDelivery): RotationReport {
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
): RotationReport {
  return run(
    side,
    unfinished.filter((u) => u.state !== "rotated"),
    delivery,
  );
}
