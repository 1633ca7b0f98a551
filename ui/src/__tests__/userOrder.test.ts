import { describe, expect, it } from "vitest";
import type { ServiceUser } from "../bindings/ServiceUser";
import { type SortKey, userOrders } from "../components/userOrder";

const user = (name: string, status: "active" | "inactive", policyIds: string[], tokenCreated: number | null) =>
  ({ name, orgId: "org", status, policyIds, clientId: null, tokenCreated }) as ServiceUser;

const users = [
  user("zeta", "active", ["b"], 300),
  user("Alpha", "inactive", [], null),
  user("beta", "active", ["a"], 100),
  user("alpha-2", "inactive", ["b"], 300),
  user("gamma", "active", [], null),
];

/** Names in the order `compare` puts them. */
function sorted(key: SortKey, desc: boolean) {
  const orders = userOrders(users);
  return users
    .map((_, i) => i)
    .sort((a, b) => orders.compare(key, desc, a, b))
    .map((i) => users[i].name);
}

describe("the list's orders", () => {
  it("collates names, ignoring case, with numbers in order", () => {
    expect(sorted("name", false)).toEqual(["Alpha", "alpha-2", "beta", "gamma", "zeta"]);
    expect(sorted("name", true)).toEqual(["zeta", "gamma", "beta", "alpha-2", "Alpha"]);
  });

  it("reads equal statuses and policies alphabetically", () => {
    expect(sorted("status", false)).toEqual(["beta", "gamma", "zeta", "Alpha", "alpha-2"]);
    expect(sorted("policies", false)).toEqual(["Alpha", "gamma", "beta", "alpha-2", "zeta"]);
  });

  it("puts the youngest keys first and users without keys last in both directions", () => {
    expect(sorted("tokenAge", false)).toEqual(["alpha-2", "zeta", "beta", "Alpha", "gamma"]);
    expect(sorted("tokenAge", true)).toEqual(["beta", "zeta", "alpha-2", "gamma", "Alpha"]);
  });

  it("gives every user its own rank under every column", () => {
    // The list's sorted row model places each row at its rank: a shared rank would drop a row.
    const orders = userOrders(users);
    for (const key of ["name", "status", "policies", "tokenAge"] as SortKey[]) {
      expect([...orders.rank(key)].sort(), key).toEqual([0, 1, 2, 3, 4]);
    }
  });
});

describe("a list that comes in order", () => {
  const names = (list: ServiceUser[]) => {
    const orders = userOrders(list);
    return list
      .map((_, i) => i)
      .sort((a, b) => orders.compare("name", false, a, b))
      .map((i) => list[i].name);
  };

  it("keeps its order, and a list out of order only at its end is still sorted", () => {
    const inOrder = ["a-1", "a-2", "a-10", "B", "c"].map((n) => user(n, "active", [], null));
    expect(names(inOrder)).toEqual(["a-1", "a-2", "a-10", "B", "c"]);
    const lastPairSwapped = ["a-1", "a-2", "a-10", "c", "B"].map((n) => user(n, "active", [], null));
    expect(names(lastPairSwapped)).toEqual(["a-1", "a-2", "a-10", "B", "c"]);
  });
});

describe("the list's search text", () => {
  it("matches a name or a policy, in any case, and nothing across the two", () => {
    const orders = userOrders(users);
    const found = (q: string) => users.filter((_, i) => orders.matches(i, q)).map((u) => u.name);
    expect(found("alpha")).toEqual(["Alpha", "alpha-2"]);
    expect(found("b")).toEqual(["zeta", "beta", "alpha-2"]);
    expect(found("zetab"), "a name and a policy are not one string").toEqual([]);
  });
});
