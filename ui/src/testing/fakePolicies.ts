// The fake backend's policy commands: create / update / delete with the sandbox's validation
// messages, and the permission screens' answers from fakePolicyEngine (the Rust engine is the
// reference; the behaviour suite holds this to it).
import type { AppError } from "../bindings/AppError";
import type { Policy } from "../bindings/Policy";
import type { PolicyDeletion } from "../bindings/PolicyDeletion";
import type { ServiceUser } from "../bindings/ServiceUser";
import type { Simulation } from "../bindings/Simulation";
import type { SimulationResult } from "../bindings/SimulationResult";
import type { UserComparison } from "../bindings/UserComparison";
import { isValidName, NAME_CHARACTERS, NAME_MAX } from "../format";
import { appError } from "./fakeInputChecks";
import { CATALOG, change, decide, effective, type FakeTarget, ORGANISATION } from "./fakePolicyEngine";

/** What the policy commands and the service-user commands (fakeServiceUsers.ts) need of the fake org. */
export type FakeOrg = {
  users: ServiceUser[];
  policies: Policy[];
  findUser(name: string): ServiceUser;
  recorded<T>(action: string, targets: string[], change: () => [T, boolean]): T;
};

function refused(details: string[]): AppError {
  return appError("validation", `Trustgrid refused the change (422): ${details.join("; ")}`, details);
}

const isBuiltin = (name: string) => name.startsWith("builtin-tg-");

/** The sandbox's checks of everything but the name. */
function problems(policy: Policy): string[] {
  const found: string[] = [];
  for (const r of policy.resources) {
    if (r !== "*" && !r.startsWith("tgrn:"))
      found.push(`resource ${JSON.stringify(r)} must be "*" or a TGRN (tgrn:tg::service:type/id)`);
  }
  for (const s of policy.statements) {
    if (!["allow", "deny", "noop"].includes(s.effect))
      found.push(`statement effect ${JSON.stringify(s.effect)} must be "allow", "deny" or "noop"`);
    if (s.actions.length === 0) found.push("every statement needs at least one action");
    for (const a of s.actions) {
      const allowed = /^[a-z0-9:*-]+$/;
      const [area, ...rest] = a.split("::");
      const verb = rest.join("::");
      if (!(a === "*" || (rest.length > 0 && area && verb && allowed.test(area) && allowed.test(verb))))
        found.push(`action ${JSON.stringify(a)} must be "*" or look like "resource::verb"`);
    }
  }
  return found;
}

function complete(policy: Policy): Policy {
  return {
    name: policy.name.trim(),
    description: policy.description ?? "",
    resources: policy.resources ?? ["*"],
    conditions: policy.conditions ?? { all: { eq: {}, ne: {} }, any: { eq: {}, ne: {} }, none: { eq: {}, ne: {} } },
    statements: policy.statements ?? [],
  };
}

export function getPolicy(org: FakeOrg, name: string): Policy {
  const policy = org.policies.find((p) => p.name === name);
  if (!policy) throw appError("not_found", `Policy ${name} was not found.`);
  return policy;
}

export function createPolicy(org: FakeOrg, input: Policy): Policy {
  const policy = complete(input);
  if (policy.name === "") throw appError("invalid_input", "The policy needs a name.");
  return org.recorded("create-policy", [policy.name], () => {
    const found: string[] = [];
    if (policy.name.length > NAME_MAX) found.push(`policy name must be 1 to ${NAME_MAX} characters long`);
    if (!isValidName(policy.name.slice(0, NAME_MAX))) found.push(`policy name must contain only ${NAME_CHARACTERS}`);
    if (isBuiltin(policy.name)) found.push("policy names starting with builtin-tg- are reserved");
    found.push(...problems(policy));
    if (found.length === 0 && org.policies.some((p) => p.name === policy.name))
      found.push(`a policy named ${policy.name} already exists`);
    if (found.length > 0) throw refused(found);
    org.policies.push(policy);
    return [policy, true];
  });
}

export function updatePolicy(org: FakeOrg, input: Policy): Policy {
  const policy = complete(input);
  if (policy.name === "") throw appError("invalid_input", "The policy needs a name.");
  return org.recorded("update-policy", [policy.name], () => {
    const index = org.policies.indexOf(getPolicy(org, policy.name));
    if (isBuiltin(policy.name)) throw refused([`${policy.name} is a built-in policy and cannot be changed or deleted`]);
    const found = problems(policy);
    if (found.length > 0) throw refused(found);
    org.policies[index] = policy;
    return [policy, true];
  });
}

export function deletePolicy(org: FakeOrg, rawName: string, detachFirst: boolean): PolicyDeletion {
  const name = rawName.trim();
  if (name === "") throw appError("invalid_input", "No policy was chosen.");
  const detachedFrom: string[] = [];
  if (detachFirst) {
    const holders = org.users.filter((u) => u.policyIds.includes(name)).map((u) => u.name);
    for (const user of holders.sort()) {
      org.recorded(`detach-policy ${name}`, [user], () => {
        const held = org.findUser(user);
        held.policyIds = held.policyIds.filter((p) => p !== name);
        return [held, true];
      });
      detachedFrom.push(user);
    }
  }
  org.recorded("delete-policy", [name], () => {
    const policy = getPolicy(org, name);
    if (isBuiltin(name)) throw refused([`${name} is a built-in policy and cannot be changed or deleted`]);
    const users = org.users.filter((u) => u.policyIds.includes(name)).map((u) => u.name);
    if (users.length > 0)
      throw refused([`policy ${name} is attached to service users ${users.sort().join(", ")}; detach it first`]);
    org.policies = org.policies.filter((p) => p !== policy);
    return [null, true];
  });
  return { name, detachedFrom };
}

function held(org: FakeOrg, ids: string[]): Policy[] {
  return ids.flatMap((id) => org.policies.filter((p) => p.name === id));
}

export function effectivePermissions(org: FakeOrg, name: string) {
  return effective(held(org, org.findUser(name).policyIds));
}

export function whatIf(org: FakeOrg, name: string, attach: string[], detach: string[]) {
  const ids = org.findUser(name).policyIds;
  const unknown = attach.find((id) => !org.policies.some((p) => p.name === id));
  if (unknown !== undefined) throw appError("invalid_input", `There is no policy ${unknown}.`);
  const after = ids.filter((id) => !detach.includes(id));
  for (const id of attach) if (!after.includes(id) && !detach.includes(id)) after.push(id);
  return change(held(org, ids), held(org, after));
}

export function simulate(org: FakeOrg, simulation: Simulation): SimulationResult {
  let ids = simulation.policyIds;
  if (simulation.serviceUser?.trim()) ids = org.findUser(simulation.serviceUser.trim()).policyIds;
  else {
    const unknown = ids.find((id) => !org.policies.some((p) => p.name === id));
    if (unknown !== undefined) throw appError("invalid_input", `There is no policy ${unknown}.`);
  }
  const action = simulation.action.trim();
  if (action === "") throw appError("invalid_input", "Choose an action to simulate.");
  if (action.includes("*")) throw appError("invalid_input", "Simulate one action, not a pattern with *.");
  const resource = simulation.resource?.trim() ?? "";
  let target: FakeTarget = ORGANISATION;
  if (resource === "") {
    if (simulation.tags.length > 0)
      throw appError("invalid_input", "Tags belong to a resource: enter the resource's TGRN too.");
  } else {
    if (!resource.startsWith("tgrn:"))
      throw appError("invalid_input", "The resource must be a TGRN (tgrn:tg::service:type/id).");
    const tags: Record<string, string> = {};
    for (const tag of simulation.tags) {
      const key = tag.name.trim();
      if (key === "") continue;
      tags[key.includes(":") ? key : `tg:node:tags:${key}`] = tag.value.trim();
    }
    target = { resource, tags };
  }
  const policies = held(org, ids);
  const decision = decide(policies, action, target);
  const at = decision.decidedBy;
  const statement = at ? (policies.find((p) => p.name === at.policy)?.statements[at.statement] ?? null) : null;
  return { ...decision, statement, policies: policies.map((p) => p.name) };
}

export function compareServiceUsers(org: FakeOrg, first: string, second: string): UserComparison {
  const a = held(org, org.findUser(first).policyIds);
  const b = held(org, org.findUser(second).policyIds);
  const { gained, lost } = change(a, b);
  const allowedByA = effective(a).filter((p) => p.verdict === "allowed").length;
  return { onlyFirst: lost, onlySecond: gained, both: allowedByA - lost.length };
}

export { CATALOG };
