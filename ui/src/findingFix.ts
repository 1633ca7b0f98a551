// What a finding's fix does in the UI: detach runs on the bulk path at once (its report follows),
// disable and delete ask first as the list's actions do, rotating opens the user's page, where
// the keys are regenerated.
import type { Finding } from "./bindings/Finding";
import type { Pending } from "./components/BulkConfirmations";
import { navigate } from "./route";

export function startFix(finding: Finding, setPending: (pending: Pending) => void): void {
  const fix = finding.fix;
  if (!fix) return;
  const names = [finding.user];
  switch (fix.kind) {
    case "detach":
      setPending({ step: "run", action: "detach", names, policyIds: fix.policyIds });
      return;
    case "disable":
      setPending({ step: "confirm-disable", names });
      return;
    case "delete":
      setPending({ step: "confirm-delete", names });
      return;
    case "rotate":
      navigate({ page: "service-user", name: finding.user });
      return;
  }
}

/** Each user's findings, most urgent first (the report's order). */
export function findingsByUser(findings: Finding[] | undefined): Map<string, Finding[]> {
  const map = new Map<string, Finding[]>();
  for (const f of findings ?? []) {
    const list = map.get(f.user);
    if (list) list.push(f);
    else map.set(f.user, [f]);
  }
  return map;
}
