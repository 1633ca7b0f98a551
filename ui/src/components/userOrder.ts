// The Service Users list's orders and search text, worked out once per list rather than per
// comparison or keystroke.
//
// Sorting 10,000 rows compares about 140,000 pairs. Collating names or reading TanStack's cached
// cell values on each comparison made a click on a column header take several frames; here each
// column's whole order (ties read alphabetically) is computed once per list and kept as a rank per
// user, so a comparison is two array reads. The same ranks put the selected users in the order the
// table shows them, without sorting everyone a second time.
import type { ServiceUser } from "../bindings/ServiceUser";

export type SortKey = "name" | "status" | "policies" | "tokenAge";

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

/**
 * `items` sorted by `compare`. A list already in order (the sandbox lists users by name, and a
 * refresh brings back the order it had) is confirmed in one pass of n - 1 comparisons instead of
 * sorted: with 10,000 names the collator's sort alone takes about 100 ms in WebKit.
 */
function sorted<T>(items: T[], compare: (a: T, b: T) => number): T[] {
  for (let i = 1; i < items.length; i++) {
    if (compare(items[i - 1], items[i]) > 0) return items.sort(compare);
  }
  return items;
}

/** Each user's place (by index in `users`) when sorted ascending by `compare`. */
function ranksBy(users: ServiceUser[], compare: (a: number, b: number) => number): Int32Array {
  const order = sorted(
    Array.from(users, (_, i) => i),
    compare,
  );
  const ranks = new Int32Array(users.length);
  order.forEach((userIndex, place) => {
    ranks[userIndex] = place;
  });
  return ranks;
}

/**
 * Each distinct value's place in collation order ("a" and "A" share one). Values already in
 * order (names, as the sandbox and the API list them) are confirmed and ranked in one pass of
 * n - 1 comparisons, the same comparisons that would find them out of order.
 */
function collationRanks(values: string[]): Map<string, number> {
  const distinct = [...new Set(values)];
  // Once sorted they are in order, so the second call always ranks them.
  return ranksInOrder(distinct) ?? ranksInOrder(distinct.sort(collator.compare)) ?? new Map();
}

/** Each value's place in `values`, equal values sharing one; null if two are out of order. */
function ranksInOrder(values: string[]): Map<string, number> | null {
  const ranks = new Map<string, number>();
  let rank = 0;
  for (let i = 0; i < values.length; i++) {
    const order = i > 0 ? collator.compare(values[i - 1], values[i]) : 0;
    if (order > 0) return null;
    if (order < 0) rank = i;
    ranks.set(values[i], rank);
  }
  return ranks;
}

/** The text the Policies column shows and sorts by. */
export const joinedPolicies = (u: ServiceUser) => u.policyIds.join(", ");

/**
 * The list's orders over one list of users, each computed on first use. `rank(key)[i]` is user
 * `i`'s place when sorted ascending by `key`: names collated, then status, policies or token age
 * (youngest first) with equal values read alphabetically.
 */
export function userOrders(users: ServiceUser[]) {
  const cache = new Map<SortKey, Int32Array>();
  const textRanks = (text: (u: ServiceUser) => string) => {
    const values = users.map(text);
    const places = collationRanks(values);
    return values.map((v) => places.get(v) ?? 0);
  };
  let names: number[] | null = null;
  const byName = (a: number, b: number) => {
    names ??= textRanks((u) => u.name);
    return names[a] - names[b];
  };
  const build = (key: SortKey): Int32Array => {
    if (key === "name") return ranksBy(users, byName);
    if (key === "tokenAge") {
      return ranksBy(users, (a, b) => (users[b].tokenCreated ?? 0) - (users[a].tokenCreated ?? 0) || byName(a, b));
    }
    const values = textRanks(key === "status" ? (u) => u.status : joinedPolicies);
    return ranksBy(users, (a, b) => values[a] - values[b] || byName(a, b));
  };
  const rank = (key: SortKey) => {
    let ranks = cache.get(key);
    if (!ranks) {
      ranks = build(key);
      cache.set(key, ranks);
    }
    return ranks;
  };
  let haystacks: string[] | null = null;
  /** Whether user `i` has no keys: such users sort last under Token Age in both directions. */
  const withoutKey = (i: number) => users[i].tokenCreated === null;
  return {
    rank,
    withoutKey,
    /** Whether user `i`'s name or one of its policies contains `query` (already lower case). */
    matches(i: number, query: string): boolean {
      haystacks ??= users.map((u) => [u.name, ...u.policyIds].join("\n").toLowerCase());
      return haystacks[i].includes(query);
    },
    /**
     * Compares users `a` and `b` (indices) as the table shows them sorted by `key`, already
     * reversed when descending: users without keys come last in both directions.
     */
    compare(key: SortKey, desc: boolean, a: number, b: number): number {
      if (key === "tokenAge") {
        const aNone = withoutKey(a);
        const bNone = withoutKey(b);
        if (aNone !== bNone) return aNone ? 1 : -1;
      }
      const ranks = rank(key);
      return desc ? ranks[b] - ranks[a] : ranks[a] - ranks[b];
    },
  };
}

export type UserOrders = ReturnType<typeof userOrders>;
