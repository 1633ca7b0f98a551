// The policy editor's model: one Policy, shown both as the permission tree and as Policy JSON.
// Each side changes the same value, so the two stay in step: a tree click rewrites the
// statements and the JSON text is printed from them; valid JSON text replaces the policy and the
// tree is read from it. Patterns (`nodes::*`) are kept as written and listed beside the tree.
import type { CatalogEntry } from "./bindings/CatalogEntry";
import type { Policy } from "./bindings/Policy";
import type { PolicyEffect } from "./bindings/PolicyEffect";
import type { PolicyStatement } from "./bindings/PolicyStatement";

export type TreeEffect = "allow" | "deny";
export type ConditionBlock = "all" | "any" | "none";
export type ConditionOp = "eq" | "ne";
export type Conditions = Record<ConditionBlock, Record<ConditionOp, Record<string, string[]>>>;

export function emptyConditions(): Conditions {
  return { all: { eq: {}, ne: {} }, any: { eq: {}, ne: {} }, none: { eq: {}, ne: {} } };
}

export function newPolicy(): Policy {
  return { name: "", description: "", resources: ["*"], conditions: emptyConditions(), statements: [] };
}

/** The conditions in their full shape, whatever the server or the user wrote. */
export function readConditions(value: unknown): Conditions {
  const full = emptyConditions();
  if (!value || typeof value !== "object") return full;
  for (const block of ["all", "any", "none"] as const) {
    const tests = (value as Record<string, unknown>)[block];
    if (!tests || typeof tests !== "object") continue;
    for (const op of ["eq", "ne"] as const) {
      const map = (tests as Record<string, unknown>)[op];
      if (map && typeof map === "object") full[block][op] = { ...(map as Record<string, string[]>) };
    }
  }
  return full;
}

/** The effect each exactly named action has in the policy (a deny anywhere wins). */
export function treeState(policy: Policy): Map<string, TreeEffect> {
  const state = new Map<string, TreeEffect>();
  for (const statement of policy.statements) {
    if (statement.effect === "noop") continue;
    for (const action of statement.actions) {
      if (action.includes("*")) continue;
      if (statement.effect === "deny" || !state.has(action)) state.set(action, statement.effect);
    }
  }
  return state;
}

/** The action patterns with `*` the policy holds, with their effect, for the list beside the tree. */
export function patterns(policy: Policy): { effect: PolicyEffect; pattern: string }[] {
  return policy.statements.flatMap((s) =>
    s.actions.filter((a) => a.includes("*")).map((pattern) => ({ effect: s.effect, pattern })),
  );
}

/**
 * The policy with `action` allowed, denied or (null) not mentioned. The action leaves every
 * statement; a statement this empties is dropped; it joins the first statement of its new effect
 * (a new one at the end when there is none).
 */
export function setActionEffect(policy: Policy, action: string, effect: TreeEffect | null): Policy {
  const statements: PolicyStatement[] = [];
  for (const statement of policy.statements) {
    const actions = statement.actions.filter((a) => a !== action);
    if (actions.length === 0 && statement.actions.length > 0) continue;
    statements.push({ ...statement, actions });
  }
  if (effect) {
    const target = statements.findIndex((s) => s.effect === effect);
    if (target >= 0) statements[target] = { ...statements[target], actions: [...statements[target].actions, action] };
    else statements.push({ effect, actions: [action] });
  }
  return { ...policy, statements };
}

/** The Policy JSON pane's text: the API's shape, two-space indented. */
export function policyToJson(policy: Policy): string {
  const { name, description, resources, conditions, statements } = policy;
  // Conditions without a single test are left out, as the portal's pane does; reading the text
  // back gives the same (empty) conditions.
  const full = readConditions(conditions);
  const tested = Object.values(full).some((t) => Object.keys(t.eq).length + Object.keys(t.ne).length > 0);
  return JSON.stringify(
    tested
      ? { name, description, resources, conditions: full, statements }
      : { name, description, resources, statements },
    null,
    2,
  );
}

export type Parsed = { policy: Policy; error: null } | { policy: null; error: string };

/** Reads the Policy JSON pane: the policy, or why it is not one (shape only; the server judges names). */
export function parsePolicyJson(text: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { policy: null, error: `Not valid JSON: ${(e as Error).message}` };
  }
  if (!value || typeof value !== "object" || Array.isArray(value))
    return { policy: null, error: "A policy is a JSON object." };
  const o = value as Record<string, unknown>;
  if (typeof o.name !== "string") return { policy: null, error: "“name” must be a string." };
  if (o.description !== undefined && o.description !== null && typeof o.description !== "string")
    return { policy: null, error: "“description” must be a string." };
  const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");
  if (o.resources !== undefined && o.resources !== null && !isStrings(o.resources))
    return { policy: null, error: "“resources” must be a list of strings." };
  if (!Array.isArray(o.statements)) return { policy: null, error: "“statements” must be a list." };
  const statements: PolicyStatement[] = [];
  for (const [i, s] of o.statements.entries()) {
    const st = s as Record<string, unknown> | null;
    if (!st || typeof st !== "object" || !["allow", "deny", "noop"].includes(st.effect as string))
      return { policy: null, error: `Statement ${i + 1}: “effect” must be "allow", "deny" or "noop".` };
    if (!isStrings(st.actions))
      return { policy: null, error: `Statement ${i + 1}: “actions” must be a list of strings.` };
    statements.push({ effect: st.effect as PolicyEffect, actions: st.actions });
  }
  return {
    policy: {
      name: o.name,
      description: (o.description as string | undefined) ?? "",
      resources: (o.resources as string[] | undefined) ?? ["*"],
      conditions: readConditions(o.conditions),
      statements,
    },
    error: null,
  };
}

/** The catalog grouped by area, filtered by a search over names and descriptions. */
export function groupCatalog(catalog: CatalogEntry[], search: string): [string, CatalogEntry[]][] {
  const q = search.trim().toLowerCase();
  const groups = new Map<string, CatalogEntry[]>();
  for (const entry of catalog) {
    if (q && !entry.name.toLowerCase().includes(q) && !entry.description.toLowerCase().includes(q)) continue;
    const list = groups.get(entry.area) ?? [];
    list.push(entry);
    groups.set(entry.area, list);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
}

/** "nodes" → "Nodes", "node-exec" → "Node Exec", as the portal titles areas. */
export function areaTitle(area: string): string {
  return area
    .split(/[-_]/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(" ");
}
