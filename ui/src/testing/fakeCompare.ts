// The fake's comparison of two connections. The fake holds one org, so a connection compared with
// itself is the same (as on the Rust side) and two different ones show a fixed set of
// differences, enough to preview and test the comparison screen.

import type { Comparison } from "../bindings/Comparison";
import type { Connection } from "../bindings/Connection";
import { appError } from "./fakeInputChecks";

/** The comparison of two of `connections` by id; fails when either no longer exists. */
export function compareConnectionsById(connections: Connection[], leftId: string, rightId: string): Comparison {
  const side = (id: string) => {
    const connection = connections.find((c) => c.id === id);
    if (!connection) throw appError("not_found", `The connection "${id}" no longer exists.`);
    return connection.name;
  };
  return fakeComparison(side(leftId), side(rightId), leftId === rightId);
}

function fakeComparison(left: string, right: string, same: boolean): Comparison {
  const empty: Comparison = {
    left,
    right,
    usersOnlyLeft: [],
    usersOnlyRight: [],
    users: [],
    policiesOnlyLeft: [],
    policiesOnlyRight: [],
    policies: [],
  };
  if (same) return empty;
  return {
    ...empty,
    usersOnlyLeft: ["legacy-importer"],
    usersOnlyRight: ["canary-probe"],
    users: [
      {
        name: "cicd",
        status: ["active", "inactive"],
        policiesOnlyLeft: ["ci-deployer"],
        policiesOnlyRight: [],
        actionsOnlyLeft: ["nodes::manage", "virtual-networks::modify"],
        actionsOnlyRight: [],
      },
    ],
    policiesOnlyLeft: ["staging-extra"],
    policies: [
      {
        name: "ci-deployer",
        lines: [
          { side: "same", text: "description: CI pipelines" },
          { side: "same", text: "allow: nodes::read" },
          { side: "left", text: "allow: nodes::manage" },
          { side: "right", text: "deny: nodes::delete" },
        ],
      },
    ],
  };
}
