// The demo org the fake starts from: the users, policies, connections and journal that the browser
// preview shows and the tests count on. Apart from the commands so `resetSandbox` and the
// constructor start from the same data, and so changing the demo touches no command.
import type { Connection } from "../bindings/Connection";
import type { JournalEntry } from "../bindings/JournalEntry";
import type { Org } from "../bindings/Org";
import type { Policy } from "../bindings/Policy";
import type { ServiceUser } from "../bindings/ServiceUser";

export const ORG: Org = { uid: "org-4f1c", name: "Acme Networks", domain: "acme.trustgrid.io" };

export function demoPolicies(): Policy[] {
  // Real catalog action names, so the permission screens decide them as the app would.
  const builtin = (name: string, description: string, actions: string[]): Policy => ({
    name,
    description,
    resources: ["*"],
    conditions: {},
    statements: [{ effect: "allow", actions }],
  });
  return [
    builtin("builtin-tg-admin", "Full access to every resource in the organization.", ["*"]),
    builtin("builtin-tg-monitor", "Read-only access to nodes, clusters and alerts.", ["*::read", "portal::access"]),
    builtin("builtin-tg-node-admin", "Manage nodes and their configuration.", [
      "*::read",
      "portal::access",
      "nodes::*",
      "node-exec::*",
      "node-vpn::*",
    ]),
    builtin("builtin-tg-read-only", "Read access to everything, no changes.", ["*::read"]),
    builtin("builtin-tg-alerts-admin", "Manage alert rules and notification channels.", ["alerts::*", "alarms::*"]),
    builtin("builtin-tg-network-admin", "Manage virtual networks, routes and domains.", [
      "virtual-networks::*",
      "domains::*",
    ]),
    {
      name: "ci-deploy",
      description: "Deploy pipelines: update node configuration in staging.",
      resources: ["tgrn:tg::nodes:node/staging-*"],
      conditions: {},
      statements: [{ effect: "allow", actions: ["nodes::configure:network"] }],
    },
  ];
}

export function demoServiceUsers(nowSeconds: number): ServiceUser[] {
  const day = 86_400;
  const user = (
    name: string,
    status: ServiceUser["status"],
    policyIds: string[],
    tokenAgeSeconds: number | null,
    clientId: string | null,
  ): ServiceUser => ({
    name,
    orgId: ORG.uid,
    status,
    policyIds,
    clientId,
    tokenCreated: tokenAgeSeconds === null ? null : nowSeconds - tokenAgeSeconds,
  });
  return [
    user("cicd", "active", ["builtin-tg-monitor"], 3 * day, "59766250b5935818"),
    user("tg-watch", "active", ["builtin-tg-node-admin"], 2 * 3600, "a41c09e2d7f38b10"),
    user("monitoring-prom", "active", ["builtin-tg-monitor", "builtin-tg-read-only"], 17 * day, "0c9f3e21aa57d604"),
    user("backup-runner", "inactive", [], null, null),
    user("terraform-ci", "active", ["builtin-tg-admin", "ci-deploy"], 45 * day, "7be2d41f90c6a3e5"),
  ];
}

/** `count` generated service users, to try the list with thousands of rows. */
export function generatedServiceUsers(count: number, nowSeconds: number, policies: Policy[]): ServiceUser[] {
  const users: ServiceUser[] = [];
  for (let i = 0; i < count; i++) {
    const n = String(i).padStart(5, "0");
    users.push({
      name: `worker-${n}`,
      orgId: ORG.uid,
      status: i % 7 === 0 ? "inactive" : "active",
      policyIds: [policies[i % policies.length].name],
      clientId: i % 5 === 0 ? null : `c${n}f00d`,
      tokenCreated: i % 5 === 0 ? null : nowSeconds - (i % 400) * 3600,
    });
  }
  return users;
}

/** The built-in sandbox and a production connection; the second one starts in use. */
export function demoConnections(): Connection[] {
  return [
    {
      id: "conn-sandbox",
      name: "Local sandbox",
      baseUrl: "http://127.0.0.1:8787",
      clientId: "sandbox-admin",
      embedded: true,
    },
    {
      id: "conn-acme",
      name: "Acme production",
      baseUrl: "https://api.trustgrid.io",
      clientId: "3b1f0c9d2e",
      embedded: false,
    },
  ];
}

export function demoJournal(nowSeconds: number): JournalEntry[] {
  const hoursAgo = (h: number) => new Date(nowSeconds * 1000 - h * 3_600_000).toISOString();
  return [
    {
      time: hoursAgo(2),
      connection: "Acme production",
      action: "generate-keys",
      targets: ["tg-watch"],
      outcome: "ok",
      error: null,
    },
    {
      time: hoursAgo(26),
      connection: "Acme production",
      action: "bulk-disable",
      targets: ["backup-runner", "old-exporter"],
      outcome: "partial",
      error: "old-exporter: not found",
    },
    {
      time: hoursAgo(72),
      connection: "Acme production",
      action: "attach-policy builtin-tg-monitor",
      targets: ["cicd"],
      outcome: "ok",
      error: null,
    },
  ];
}
