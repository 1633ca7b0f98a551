// The fake backend's rotation commands, and the fake playing the rotation's side (RotationSide in
// fakeRotation.ts): its users, handoffs, clipboard, delivery targets and journal. The steps
// themselves are in fakeRotation.ts; this is only what ties them to the fake's state.
import type { RotationDelivery } from "../bindings/RotationDelivery";
import type { RotationProgress } from "../bindings/RotationProgress";
import type { RotationReport } from "../bindings/RotationReport";
import type { Unfinished } from "../bindings/Unfinished";
import type { UnfinishedRun } from "../bindings/UnfinishedRun";
import { type ConnectionChoice, requireActive } from "./fakeConnections";
import type { FakeDeliveryTargets } from "./fakeDelivery";
import { saveDialog } from "./fakeFileExports";
import { deliverFor, issueKeys, type KeyOrg } from "./fakeKeyHandoffs";
import { pause } from "./fakeLatency";
import * as assistant from "./fakeRotation";

/** What the rotation commands need of the fake. */
type RotationOrg = ConnectionChoice &
  KeyOrg & {
    keychainWorks: boolean;
    delivery: FakeDeliveryTargets;
    latencyMs: number;
    rotationFailures: Map<string, assistant.NetworkFailure>;
    rotationPause: ((progress: RotationProgress) => Promise<void> | undefined) | null;
    unfinishedRuns: Map<string, UnfinishedRun>;
    emitRotationProgress(progress: RotationProgress): void;
  };

function sideOf(org: RotationOrg): assistant.RotationSide {
  return {
    findUser: (name) => org.findUser(name),
    connectionClientId: () => requireActive(org).connection.clientId,
    issueKeys: (name) => issueKeys(org, name, false),
    replaceOwnKey: (clientId) => {
      const connection = requireActive(org).connection;
      connection.clientId = clientId;
      return connection.embedded || org.keychainWorks;
    },
    reissueOwnKey: (name) => {
      const connection = requireActive(org).connection;
      if (!connection.embedded) return false;
      connection.clientId = issueKeys(org, name, false).clientId;
      org.record("recover-sandbox", [name], "ok");
      return true;
    },
    copy: (handoffId) => {
      if (!org.clipboardWorks) return false;
      org.handoffs.startCountdown(handoffId, "secret", org.settings.clipboardSeconds);
      return true;
    },
    close: (handoffId) => org.handoffs.forget(handoffId),
    saveDialog: (suggested) => saveDialog(org, suggested),
    checkTargets: (ids) => org.delivery.check(ids),
    deliver: (user, targetIds) => deliverFor(org, user, targetIds),
    record: (action, targets, outcome, error) => org.record(action, targets, outcome, error),
    progress: async (progress) => {
      org.emitRotationProgress(progress);
      await org.rotationPause?.(progress);
      await pause(org.latencyMs);
    },
    networkFailures: org.rotationFailures,
  };
}

/** Runs the assistant and keeps what the run leaves unfinished under the connection in use. */
async function runAndKeep(
  org: RotationOrg,
  finishing: boolean,
  run: (side: assistant.RotationSide) => Promise<RotationReport>,
): Promise<RotationReport> {
  const id = requireActive(org).connection.id;
  const report = await run(sideOf(org));
  assistant.keepUnfinished(org.unfinishedRuns, id, report, finishing);
  return report;
}

export function rotateKeys(org: RotationOrg, names: string[], delivery: RotationDelivery): Promise<RotationReport> {
  return runAndKeep(org, false, (side) => assistant.rotateKeys(side, names, delivery));
}

export function finishRotation(org: RotationOrg, unfinished: Unfinished[], delivery: RotationDelivery) {
  return runAndKeep(org, true, (side) => assistant.finishRotation(side, unfinished, delivery));
}

export function unfinishedRotation(org: RotationOrg): UnfinishedRun | null {
  return org.activeId ? (org.unfinishedRuns.get(org.activeId) ?? null) : null;
}

export function dismissUnfinishedRotation(org: RotationOrg): void {
  const run = org.activeId ? org.unfinishedRuns.get(org.activeId) : undefined;
  if (!run || !org.activeId) return;
  org.unfinishedRuns.delete(org.activeId);
  org.record(
    "rotate-keys dismiss-unfinished",
    run.users.map((u) => u.name),
    "ok",
  );
}
