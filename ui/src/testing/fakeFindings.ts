// The fake backend's key-hygiene check: the same rules as tg-admin's `findings` module, over the
// fake's demo data. Permissions are judged by the policies' allow statements alone (the fake has
// no policy engine); the shared behaviour suite holds the two to the same answers on the cases it
// covers. Below the rules, the findings commands: the list for the connection in use, and
// accepting a finding (with a reason) or taking that back, as tg-admin keeps them per connection.
import type { AcceptedFinding } from "../bindings/AcceptedFinding";
import type { Finding } from "../bindings/Finding";
import type { FindingKind } from "../bindings/FindingKind";
import type { FindingsReport } from "../bindings/FindingsReport";
import type { Policy } from "../bindings/Policy";
import type { ServiceUser } from "../bindings/ServiceUser";
import type { Settings } from "../bindings/Settings";
import type { Severity } from "../bindings/Severity";
import { type ConnectionChoice, requireActive } from "./fakeConnections";
import { appError } from "./fakeInputChecks";

const APP_NEEDS = ["orgs::read", "permissions::read", "users::modify", "users::read"];
const IDENTITY_GRANTS = ["*", "users::modify", "users::*", "permissions::modify", "permissions::*"];
const NAMED_PEERS = 3;
const SEVERITY_ORDER: Severity[] = ["high", "medium", "low"];
const KIND_ORDER: FindingKind[] = [
  "admin-grant",
  "no-policy",
  "inactive-with-keys",
  "never-keyed",
  "old-keys",
  "shared-policy-set",
  "connection-over-granted",
];

type CheckContext = { keyAgeDays: number; nowSeconds: number; ownClientId: string | null };

function allowed(policies: Policy[], names: string[]): string[] {
  return policies
    .filter((p) => names.includes(p.name))
    .flatMap((p) => p.statements.filter((s) => s.effect === "allow").flatMap((s) => s.actions));
}

function isAdmin(policies: Policy[], names: string[]): boolean {
  return names.includes("builtin-tg-admin") || allowed(policies, names).some((a) => IDENTITY_GRANTS.includes(a));
}

function checkFindings(users: ServiceUser[], policies: Policy[], context: CheckContext): Finding[] {
  const bySet = new Map<string, string[]>();
  const setKey = (u: ServiceUser) => [...new Set(u.policyIds)].sort().join("\n");
  for (const u of users) {
    if (u.policyIds.length === 0) continue;
    const holders = bySet.get(setKey(u)) ?? [];
    holders.push(u.name);
    bySet.set(setKey(u), holders);
  }
  const findings: Finding[] = [];
  const add = (user: string, kind: FindingKind, severity: Severity, message: string, fix: Finding["fix"]) =>
    findings.push({ user, kind, severity, message, fix });
  for (const u of users) {
    const own = context.ownClientId !== null && u.clientId === context.ownClientId;
    if (own) {
      const extra = allowed(policies, u.policyIds).filter((a) => !APP_NEEDS.includes(a));
      if (extra.length > 0)
        add(
          u.name,
          "connection-over-granted",
          "medium",
          `${u.name} is the service user this connection signs in with and may do more than this app needs (such as ${extra.slice(0, 3).join(", ")}). The app needs only ${APP_NEEDS.join(", ")}.`,
          null,
        );
    } else if (isAdmin(policies, u.policyIds)) {
      const granting = u.policyIds.filter((p) => isAdmin(policies, [p]));
      add(
        u.name,
        "admin-grant",
        "high",
        `${u.name} holds an admin-level grant through ${granting.join(", ") || "its policies together"}: its key can create or re-key other identities. Give it only the policies its integration needs.`,
        granting.length > 0 ? { kind: "detach", policyIds: granting } : null,
      );
    }
    if (u.policyIds.length === 0) {
      const active = u.status === "active";
      add(
        u.name,
        "no-policy",
        "low",
        active
          ? `${u.name} holds no policy: it can authenticate but do nothing, so it is likely forgotten. Disable it, or attach what it needs.`
          : `${u.name} holds no policy and is disabled: nothing uses it. Delete it if it is not needed.`,
        { kind: active ? "disable" : "delete" },
      );
    }
    if (u.status === "inactive" && u.clientId !== null)
      add(
        u.name,
        "inactive-with-keys",
        "low",
        `${u.name} is disabled but still holds keys: enabling it again revives them. Delete it if it is no longer used.`,
        { kind: "delete" },
      );
    if (u.clientId === null && u.tokenCreated === null)
      add(
        u.name,
        "never-keyed",
        "low",
        `${u.name} was never given keys, so nothing can be using it. Delete it if it is not needed.`,
        { kind: "delete" },
      );
    if (u.tokenCreated !== null) {
      const age = Math.floor((context.nowSeconds - u.tokenCreated) / 86_400);
      if (age > context.keyAgeDays)
        add(
          u.name,
          "old-keys",
          "medium",
          `${u.name}'s keys are ${age} days old, older than the ${context.keyAgeDays} days set in Settings. Rotate them.`,
          { kind: "rotate" },
        );
    }
    const holders = u.policyIds.length > 0 ? (bySet.get(setKey(u)) ?? []) : [];
    if (holders.length >= 2) {
      const named = holders.filter((n) => n !== u.name).slice(0, NAMED_PEERS);
      const more = holders.length - 1 - NAMED_PEERS;
      add(
        u.name,
        "shared-policy-set",
        "low",
        `${u.name} holds exactly the same policies as ${named.join(", ")}${more > 0 ? ` and ${more} more` : ""}: one identity may be shared by several integrations. Give each integration its own service user.`,
        null,
      );
    }
  }
  const rank = (f: Finding) => [SEVERITY_ORDER.indexOf(f.severity), f.user, KIND_ORDER.indexOf(f.kind)] as const;
  return findings.sort((a, b) => {
    const [ra, rb] = [rank(a), rank(b)];
    if (ra[0] !== rb[0]) return ra[0] - rb[0];
    if (ra[1] !== rb[1]) return ra[1] < rb[1] ? -1 : 1;
    return ra[2] - rb[2];
  });
}

/** `findings` without the accepted ones, and the accepted ones that matched. */
function withoutAccepted(findings: Finding[], accepted: AcceptedFinding[]): [Finding[], AcceptedFinding[]] {
  const matched: AcceptedFinding[] = [];
  const kept = findings.filter((f) => {
    const a = accepted.find((x) => x.user === f.user && x.kind === f.kind);
    if (a) matched.push(a);
    return !a;
  });
  return [kept, matched];
}

/** What the findings commands need of the fake. */
type FindingsOrg = ConnectionChoice & {
  users: ServiceUser[];
  policies: Policy[];
  settings: Settings;
  acceptedFindings: AcceptedFinding[];
  record(action: string, targets: string[], outcome: "ok", error: null, note: string): void;
};

export function listFindings(org: FindingsOrg, nowSeconds: number): FindingsReport {
  const connection = requireActive(org).connection;
  const all = checkFindings(org.users, org.policies, {
    keyAgeDays: org.settings.keyAgeDays,
    nowSeconds,
    ownClientId: connection.clientId,
  });
  const mine = org.acceptedFindings.filter((a) => a.connection === connection.id);
  const [findings, accepted] = withoutAccepted(all, mine);
  return { findings, accepted, keyAgeDays: org.settings.keyAgeDays };
}

export function acceptFinding(org: FindingsOrg, user: string, kind: FindingKind, reason: string): void {
  const connection = requireActive(org).connection.id;
  const trimmed = reason.trim();
  if (trimmed === "")
    throw appError("invalid_input", "Say why this finding is accepted, so the next administrator knows.");
  if ([...trimmed].length > 500) throw appError("invalid_input", "The reason can be at most 500 characters.");
  org.acceptedFindings = org.acceptedFindings.filter(
    (a) => !(a.connection === connection && a.user === user && a.kind === kind),
  );
  org.acceptedFindings.push({ connection, user, kind, reason: trimmed, time: new Date().toISOString() });
  org.record(`accept-finding ${kind}`, [user], "ok", null, trimmed);
}

export function unacceptFinding(org: FindingsOrg, user: string, kind: FindingKind): void {
  const connection = requireActive(org).connection.id;
  const before = org.acceptedFindings.length;
  org.acceptedFindings = org.acceptedFindings.filter(
    (a) => !(a.connection === connection && a.user === user && a.kind === kind),
  );
  if (org.acceptedFindings.length !== before)
    org.record(`unaccept-finding ${kind}`, [user], "ok", null, "reported again");
}
