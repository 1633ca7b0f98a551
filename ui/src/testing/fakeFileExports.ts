// What the fake saves through the native save dialog: the activity log, the credential report, a
// comparison and a Terraform export. The fake has no disk: after the Rust side's checks it answers
// with the path the dialog would give, or null when the user cancels. Its `saveDialog` also serves
// saving a secret (fakeKeyHandoffs.ts) and the rotation's key files (fakeRotationCommands.ts).

import { filterProblem } from "../activityFilter";
import type { Backend } from "../backend";
import type { ActivityFilter } from "../bindings/ActivityFilter";
import type { ActivityFormat } from "../bindings/ActivityFormat";
import type { Policy } from "../bindings/Policy";
import type { ReportFormat } from "../bindings/ReportFormat";
import type { ServiceUser } from "../bindings/ServiceUser";
import { compareConnectionsById } from "./fakeCompare";
import { type ConnectionChoice, requireActive } from "./fakeConnections";
import { appError } from "./fakeInputChecks";

/** How the next save dialog answers (see `FakeBackend.nextSaveDialog`). */
export type SaveDialogAnswer = { nextSaveDialog: string | null | undefined };

/** What the exports need of the fake. */
type ExportingOrg = ConnectionChoice & SaveDialogAnswer & { users: ServiceUser[]; policies: Policy[] };

/** Where the native save dialog put the file, or null when the user cancelled. */
export function saveDialog(fake: SaveDialogAnswer, suggested: string): string | null {
  const answer = fake.nextSaveDialog;
  fake.nextSaveDialog = undefined;
  if (answer === null) return null;
  return `/home/demo/${answer ?? suggested}`;
}

export function exportComparison(
  fake: ExportingOrg,
  leftId: string,
  rightId: string,
  format: Parameters<Backend["exportComparison"]>[2],
): string | null {
  const { left, right } = compareConnectionsById(fake.connections, leftId, rightId);
  return saveDialog(fake, `${left}-vs-${right}.${format === "markdown" ? "md" : "json"}`.replace(/[/\\ ]/g, "-"));
}

/** `usedFolders`: where earlier exports wrote, as the Rust side refuses a folder with a main.tf. */
export function exportTerraform(fake: ExportingOrg, usedFolders: Set<string>) {
  const folder = saveDialog(fake, "acme-terraform");
  if (folder === null) return null;
  if (usedFolders.has(folder)) {
    throw appError("invalid_input", `${folder} already holds a main.tf; choose an empty folder.`);
  }
  usedFolders.add(folder);
  const policies = fake.policies.filter((p) => !p.name.startsWith("builtin-tg-")).length;
  return { folder, serviceUsers: fake.users.length, policies };
}

export function exportActivity(fake: ExportingOrg, format: ActivityFormat, filter: ActivityFilter): string | null {
  const problem = filterProblem(filter);
  if (problem) throw appError("invalid_input", problem);
  return saveDialog(fake, `service-users-activity.${format}`);
}

export function exportCredentialReport(fake: ExportingOrg, format: ReportFormat): string | null {
  requireActive(fake);
  return saveDialog(fake, `service-users-credential-report.${format}`);
}
