// The Service Users list's model on TanStack Table: search by name or policy, sort by any column
// (ascending first, then toggling), and row selection with select-all over the shown rows and
// Shift-click ranges in the order the rows are shown.
import {
  type ColumnDef,
  type ColumnFiltersState,
  columnFilteringFeature,
  createFilteredRowModel,
  createSortedRowModel,
  type Row,
  type RowSelectionState,
  rowSelectionFeature,
  rowSortingFeature,
  type SortingState,
  tableFeatures,
  useTable,
} from "@tanstack/react-table";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { ServiceUser } from "../bindings/ServiceUser";
import { bucketOf, type KeyAgeBucket } from "../keyAge";

const features = tableFeatures({
  rowSortingFeature,
  columnFilteringFeature,
  rowSelectionFeature,
  sortedRowModel: createSortedRowModel(),
  filteredRowModel: createFilteredRowModel(),
});

export type UserRow = Row<typeof features, ServiceUser>;
export type SortKey = "name" | "status" | "policies" | "tokenAge";

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

/** The search matches a name or an attached policy, ignoring case. */
function matchesSearch(row: UserRow, _columnId: string, query: string): boolean {
  const q = query.toLowerCase();
  return row.original.name.toLowerCase().includes(q) || row.original.policyIds.some((p) => p.toLowerCase().includes(q));
}

/**
 * Each value's place in collation order ("a" and "A" share one). Sorting 10,000 rows compares
 * about 140,000 pairs: comparing these numbers instead of collating the strings each time keeps a
 * click on a column header quick.
 */
function collationRanks(values: string[]): Map<string, number> {
  const sorted = [...new Set(values)].sort(collator.compare);
  const ranks = new Map<string, number>();
  let rank = 0;
  sorted.forEach((value, i) => {
    if (i > 0 && collator.compare(sorted[i - 1], value) !== 0) rank = i;
    ranks.set(value, rank);
  });
  return ranks;
}

/** The key-age chart's filter: only users whose keys fall in the chosen bucket. */
function inBucket(row: UserRow, _columnId: string, value: { bucket: KeyAgeBucket; nowSeconds: number }): boolean {
  return bucketOf(row.original.tokenCreated, value.nowSeconds) === value.bucket;
}

/** The "users with findings" filter: only the named users. */
function inSet(row: UserRow, _columnId: string, names: ReadonlySet<string>): boolean {
  return names.has(row.original.name);
}

/** Filters besides the search, from the key-age chart and the findings toggle. */
export type ListFilters = {
  bucket: { bucket: KeyAgeBucket; nowSeconds: number } | null;
  only: ReadonlySet<string> | null;
};

const NO_FILTERS: ListFilters = { bucket: null, only: null };

const joinedPolicies = (u: ServiceUser) => u.policyIds.join(", ");

function columnsFor(users: ServiceUser[]): ColumnDef<typeof features, ServiceUser>[] {
  const names = collationRanks(users.map((u) => u.name));
  const statuses = collationRanks(users.map((u) => u.status));
  const policies = collationRanks(users.map(joinedPolicies));
  const compare = (ranks: Map<string, number>, a: string, b: string) => (ranks.get(a) ?? 0) - (ranks.get(b) ?? 0);
  // Equal statuses, policies or token ages read alphabetically.
  const byName = (a: UserRow, b: UserRow) => compare(names, a.original.name, b.original.name);
  return [
    { id: "name", accessorFn: (u) => u.name, sortFn: byName, filterFn: matchesSearch },
    {
      id: "status",
      accessorFn: (u) => u.status,
      filterFn: inSet,
      sortFn: (a, b) => compare(statuses, a.original.status, b.original.status) || byName(a, b),
    },
    {
      id: "policies",
      accessorFn: joinedPolicies,
      // The joined list is computed once per row (TanStack caches accessor values).
      sortFn: (a, b) =>
        compare(policies, a.getValue<string>("policies"), b.getValue<string>("policies")) || byName(a, b),
    },
    {
      // Youngest token first when ascending; users without keys come last in both directions.
      id: "tokenAge",
      accessorFn: (u) => u.tokenCreated ?? undefined,
      sortUndefined: "last",
      filterFn: inBucket,
      sortFn: (a, b) => (b.original.tokenCreated ?? 0) - (a.original.tokenCreated ?? 0) || byName(a, b),
    },
  ];
}

const NO_USERS: ServiceUser[] = [];

export function useServiceUsersTable(all: ServiceUser[] | undefined, query: string, filters: ListFilters = NO_FILTERS) {
  const [sorting, setSorting] = useState<SortingState>([{ id: "name", desc: false }]);
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const search = query.trim();
  const columns = useMemo(() => columnsFor(all ?? NO_USERS), [all]);
  const { bucket, only } = filters;
  const columnFilters = useMemo<ColumnFiltersState>(() => {
    const list: ColumnFiltersState = search ? [{ id: "name", value: search }] : [];
    if (bucket) list.push({ id: "tokenAge", value: bucket });
    if (only) list.push({ id: "status", value: only });
    return list;
  }, [search, bucket, only]);
  const options = {
    features,
    columns,
    data: all ?? NO_USERS,
    getRowId: (u: ServiceUser) => u.name,
    enableMultiSort: false,
    enableSortingRemoval: false,
    sortDescFirst: false,
    onSortingChange: setSorting,
    onRowSelectionChange: setRowSelection,
  };
  const table = useTable({ ...options, state: { sorting, rowSelection, columnFilters } });
  // The same order over every user, search or not: selected rows the search hides are acted on
  // in the order the table would show them. Sorted only when asked for.
  const everyone = useTable({ ...options, state: { sorting, rowSelection } });
  const rows = table.getRowModel().rows;

  // Forget selections of users that no longer exist (deleted here or elsewhere).
  useEffect(() => {
    if (!all) return;
    setRowSelection((current) => {
      const existing = new Set(all.map((u) => u.name));
      const kept = Object.keys(current).filter((name) => existing.has(name));
      return kept.length === Object.keys(current).length ? current : Object.fromEntries(kept.map((n) => [n, true]));
    });
  }, [all]);

  // Shift-click selects (or clears) every row between the last clicked one and this one, in the
  // order the table shows them, as file managers do.
  const anchor = useRef<string | null>(null);
  const toggleRow = useCallback(
    (name: string, extend: boolean) => {
      const shown = table.getRowModel().rows;
      const from = anchor.current === null ? -1 : shown.findIndex((r) => r.id === anchor.current);
      const to = shown.findIndex((r) => r.id === name);
      anchor.current = name;
      if (!extend || from < 0 || to < 0) {
        table.getRow(name, true)?.toggleSelected();
        return;
      }
      const select = !shown[to].getIsSelected();
      const range = shown.slice(Math.min(from, to), Math.max(from, to) + 1);
      setRowSelection((current) => {
        const next = { ...current };
        for (const row of range) {
          if (select) next[row.id] = true;
          else delete next[row.id];
        }
        return next;
      });
    },
    [table],
  );

  return {
    table,
    rows,
    selection: rowSelection,
    selectedCount: Object.keys(rowSelection).length,
    /** Selected names in the order the table shows them, including rows the search hides. */
    selectedNames: () =>
      everyone
        .getRowModel()
        .rows.filter((r) => rowSelection[r.id])
        .map((r) => r.id),
    select: (names: string[]) => setRowSelection(Object.fromEntries(names.map((n) => [n, true]))),
    toggleRow,
  };
}

export type ServiceUsersTable = ReturnType<typeof useServiceUsersTable>;
