import { act, renderHook } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { ServiceUser } from "../bindings/ServiceUser";
import { type SortKey, userOrders } from "../components/userOrder";
import { type ListFilters, useServiceUsersTable } from "../components/useServiceUsersTable";

const DAY = 86_400;
const NOW = 1_800_000_000;
const user = (name: string, status: "active" | "inactive", policyIds: string[], ageDays: number | null) =>
  ({
    name,
    orgId: "org",
    status,
    policyIds,
    clientId: null,
    tokenCreated: ageDays === null ? null : NOW - ageDays * DAY,
  }) as ServiceUser;

const users = [
  user("zeta", "active", ["ops"], 10),
  user("Alpha", "inactive", [], null),
  user("beta", "active", ["audit"], 200),
  user("alpha-2", "inactive", ["ops"], 10),
  user("gamma", "active", [], null),
  user("delta-7", "active", ["audit", "ops"], 40),
  user("delta-10", "inactive", ["ops"], 400),
];

const NO_FILTERS: ListFilters = { bucket: null, only: null };

/** Names in the order `UserOrders.compare` puts the given users. */
function compared(key: SortKey, desc: boolean, keep: (u: ServiceUser) => boolean = () => true) {
  const orders = userOrders(users);
  return users
    .map((_, i) => i)
    .filter((i) => keep(users[i]))
    .sort((a, b) => orders.compare(key, desc, a, b))
    .map((i) => users[i].name);
}

function renderTable(query = "", filters = NO_FILTERS) {
  return renderHook(({ q, f }) => useServiceUsersTable(users, q, f), { initialProps: { q: query, f: filters } });
}

const shown = (result: { current: ReturnType<typeof useServiceUsersTable> }) =>
  result.current.rows.map((r) => r.original.name);

describe("the list's row models", () => {
  it("sort every column both ways as the orders compare them, no-key users last under Token Age", () => {
    const { result } = renderTable();
    for (const key of ["status", "policies", "tokenAge", "name"] as SortKey[]) {
      act(() => result.current.table.setSorting([{ id: key, desc: false }]));
      expect(shown(result), `${key} ascending`).toEqual(compared(key, false));
      act(() => result.current.table.setSorting([{ id: key, desc: true }]));
      expect(shown(result), `${key} descending`).toEqual(compared(key, true));
    }
    act(() => result.current.table.setSorting([{ id: "tokenAge", desc: true }]));
    expect(shown(result).slice(-2), "no keys last, descending too").toEqual(["gamma", "Alpha"]);
  });

  it("keep only the rows every filter passes, in the sorted order", () => {
    const onlyOps = (u: ServiceUser) => u.name.toLowerCase().includes("ops") || u.policyIds.includes("ops");
    const { result, rerender } = renderTable("OPS");
    expect(shown(result), "search ignores case").toEqual(compared("name", false, onlyOps));

    const young = { bucket: { bucket: "under-30" as const, nowSeconds: NOW }, only: null };
    rerender({ q: "ops", f: young });
    expect(shown(result), "search and key age together").toEqual(["alpha-2", "zeta"]);

    act(() => result.current.table.setSorting([{ id: "name", desc: true }]));
    rerender({ q: "", f: { bucket: null, only: new Set(["beta", "gamma", "delta-10"]) } });
    expect(shown(result), "findings filter, sorted descending").toEqual(["gamma", "delta-10", "beta"]);

    rerender({ q: "", f: NO_FILTERS });
    expect(shown(result), "every user again").toEqual(compared("name", true));
  });

  it("select a hidden row by name and keep it selected when the filter goes", () => {
    const { result, rerender } = renderTable("beta");
    act(() => result.current.toggleRow("zeta", false));
    expect(result.current.selectedCount).toBe(1);
    rerender({ q: "", f: NO_FILTERS });
    expect(result.current.rows.find((r) => r.id === "zeta")?.getIsSelected()).toBe(true);
  });
});
