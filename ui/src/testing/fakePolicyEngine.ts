// The fake backend's policy decisions. The reference is the Rust engine (crates/tg-policy), which
// the app and the sandbox both use; this is a plain reading of the same rules (its README) over
// the same catalog file, and the shared behaviour suite (tests/behaviour/permissions.json) holds
// it to the Rust answers. Change the rules there first, then here.
import catalogFile from "../../../crates/tg-policy/catalog.json";
import type { CatalogEntry } from "../bindings/CatalogEntry";
import type { EffectivePermission } from "../bindings/EffectivePermission";
import type { PermissionChange } from "../bindings/PermissionChange";
import type { Policy } from "../bindings/Policy";
import type { StatementAt } from "../bindings/StatementAt";
import type { Verdict } from "../bindings/Verdict";

type CatalogFile = {
  actions: { name: string; area: string; description: string; endpoints: { method: string; path: string }[] }[];
};

export const CATALOG: CatalogEntry[] = (catalogFile as CatalogFile).actions.map((a) => ({
  name: a.name,
  area: a.area,
  description: a.description,
  endpoints: a.endpoints.map((e) => `${e.method} ${e.path}`),
}));

/** `*` matches any run of characters; everything else is literal. */
export function globMatches(pattern: string, text: string): boolean {
  const source = pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${source.join(".*")}$`).test(text);
}

/** What an action is decided on: the organisation (no resource) or a TGRN with tags. */
export type FakeTarget = { resource: string | null; tags: Record<string, string> };
export const ORGANISATION: FakeTarget = { resource: null, tags: {} };

type TagTests = { eq?: Record<string, string[]>; ne?: Record<string, string[]> };
type Conditions = { all?: TagTests; any?: TagTests; none?: TagTests };

function tests(t: TagTests | undefined, tags: Record<string, string>): boolean[] {
  const isOneOf = (key: string, values: string[]) => key in tags && values.includes(tags[key]);
  return [
    ...Object.entries(t?.eq ?? {}).map(([k, v]) => isOneOf(k, v)),
    ...Object.entries(t?.ne ?? {}).map(([k, v]) => !isOneOf(k, v)),
  ];
}

function covers(policy: Policy, target: FakeTarget): boolean {
  const resources = policy.resources;
  const resourceCovered =
    target.resource === null
      ? resources.includes("*")
      : resources.some((pattern) => globMatches(pattern, target.resource as string));
  const conditions = (policy.conditions ?? {}) as Conditions;
  const any = tests(conditions.any, target.tags);
  return (
    resourceCovered &&
    tests(conditions.all, target.tags).every(Boolean) &&
    (any.length === 0 || any.some(Boolean)) &&
    !tests(conditions.none, target.tags).some(Boolean)
  );
}

type Match = { at: StatementAt; deny: boolean; specificity: number };

export type FakeDecision = { verdict: Verdict; decidedBy: StatementAt | null; elsewhere: StatementAt[] };

/** Allowed, denied or not granted, the deciding statement, and statements limited elsewhere. */
export function decide(policies: Policy[], action: string, target: FakeTarget): FakeDecision {
  const matches: Match[] = [];
  const elsewhere: StatementAt[] = [];
  for (const policy of policies) {
    const covered = covers(policy, target);
    policy.statements.forEach((statement, index) => {
      if (statement.effect === "noop") return;
      const hits = statement.actions.filter((p) => globMatches(p, action));
      if (hits.length === 0) return;
      const at = { policy: policy.name, statement: index };
      if (!covered) {
        elsewhere.push(at);
        return;
      }
      const specificity = Math.max(...hits.map((p) => p.replaceAll("*", "").length));
      matches.push({ at, deny: statement.effect === "deny", specificity });
    });
  }
  const best = (deny: boolean) =>
    matches
      .filter((m) => m.deny === deny)
      .sort(
        (a, b) =>
          b.specificity - a.specificity ||
          (a.at.policy < b.at.policy ? -1 : a.at.policy > b.at.policy ? 1 : 0) ||
          a.at.statement - b.at.statement,
      )[0];
  const deny = best(true);
  const allow = best(false);
  elsewhere.sort((a, b) => (a.policy < b.policy ? -1 : a.policy > b.policy ? 1 : a.statement - b.statement));
  if (deny) return { verdict: "denied", decidedBy: deny.at, elsewhere };
  if (allow) return { verdict: "allowed", decidedBy: allow.at, elsewhere };
  return { verdict: "notGranted", decidedBy: null, elsewhere };
}

export function effective(policies: Policy[]): EffectivePermission[] {
  return CATALOG.map((a) => ({
    action: a.name,
    area: a.area,
    description: a.description,
    ...decide(policies, a.name, ORGANISATION),
  }));
}

export function change(before: Policy[], after: Policy[]): PermissionChange {
  const gained: string[] = [];
  const lost: string[] = [];
  for (const a of CATALOG) {
    const was = decide(before, a.name, ORGANISATION).verdict === "allowed";
    const is = decide(after, a.name, ORGANISATION).verdict === "allowed";
    if (!was && is) gained.push(a.name);
    if (was && !is) lost.push(a.name);
  }
  return { gained, lost };
}
