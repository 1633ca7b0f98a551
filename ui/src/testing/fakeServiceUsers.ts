// The fake's commands on one service user: create, delete, enable or disable, attach or detach a
// policy, with the sandbox's validation messages and journalled as the Rust side journals them.
// Bulk runs over many users are in fakeBulkActions.ts.
import type { Backend } from "../backend";
import type { ServiceUser } from "../bindings/ServiceUser";
import { isValidName, NAME_CHARACTERS, NAME_MAX } from "../format";
import { ORG } from "./fakeDemoData";
import { appError, checkPolicyId } from "./fakeInputChecks";
import type { FakeOrg } from "./fakePolicies";

export function createServiceUser(org: FakeOrg, input: Parameters<Backend["createServiceUser"]>[0]): ServiceUser {
  const name = input.name.trim();
  if (name === "") throw appError("invalid_input", "The service user needs a name.");
  const policies = input.policyIds.map((p) => p.trim()).filter((p) => p !== "");
  const action = policies.length > 0 ? `create with ${policies.join(", ")}` : "create";
  return org.recorded(action, [name], () => {
    const details: string[] = [];
    if (name.length > NAME_MAX) details.push(`service user name must be 1 to ${NAME_MAX} characters long`);
    if (!isValidName(name.slice(0, NAME_MAX))) details.push(`service user name must contain only ${NAME_CHARACTERS}`);
    if (org.users.some((u) => u.name === name)) details.push(`a service user named ${name} already exists`);
    for (const id of input.policyIds) {
      if (!org.policies.some((p) => p.name === id)) details.push(`unknown policy: ${id}`);
    }
    if (details.length > 0)
      throw appError("validation", `Trustgrid refused the change (422): ${details.join("; ")}`, details);
    const user: ServiceUser = { ...input, name, orgId: ORG.uid, clientId: null, tokenCreated: null };
    org.users.push(user);
    return [user, true];
  });
}

export function deleteServiceUser(org: FakeOrg, name: string): void {
  org.recorded("delete", [name], () => {
    const user = org.findUser(name);
    org.users = org.users.filter((u) => u !== user);
    return [undefined, true];
  });
}

export function setServiceUserStatus(org: FakeOrg, name: string, status: ServiceUser["status"]): ServiceUser {
  return org.recorded(status === "active" ? "enable" : "disable", [name], () => {
    const user = org.findUser(name);
    const changed = user.status !== status;
    user.status = status;
    return [user, changed];
  });
}

export function attachPolicy(org: FakeOrg, name: string, policyId: string): ServiceUser {
  const id = checkPolicyId(policyId);
  return org.recorded(`attach-policy ${id}`, [name], () => {
    const user = org.findUser(name);
    if (user.policyIds.includes(id)) return [user, false];
    if (!org.policies.some((p) => p.name === id)) {
      throw appError("validation", `Trustgrid refused the change (422): unknown policy: ${id}`, [
        `unknown policy: ${id}`,
      ]);
    }
    user.policyIds.push(id);
    return [user, true];
  });
}

export function detachPolicy(org: FakeOrg, name: string, policyId: string): ServiceUser {
  const id = checkPolicyId(policyId);
  return org.recorded(`detach-policy ${id}`, [name], () => {
    const user = org.findUser(name);
    const before = user.policyIds.length;
    user.policyIds = user.policyIds.filter((p) => p !== id);
    return [user, user.policyIds.length !== before];
  });
}
