// The Service Users list's model on TanStack Table: search by name or policy, sort by any column
// (ascending first, then toggling), and row selection with select-all over the shown rows and
// Shift-click ranges in the order the rows are shown.
import {
  type ColumnDef,
  type ColumnFiltersState,
  type ColumnSort,
  columnFilteringFeature,
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
import { createListFilteredRowModel, createListSortedRowModel, type ListMeta } from "./listRowModels";
import { joinedPolicies, type SortKey, type UserOrders, userOrders } from "./userOrder";

const features = tableFeatures({
  rowSortingFeature,
  columnFilteringFeature,
  rowSelectionFeature,
  sortedRowModel: createListSortedRowModel(),
  filteredRowModel: createListFilteredRowModel(),
});

export type UserRow = Row<typeof features, ServiceUser>;
export type { SortKey };

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

/**
 * The columns: what each filters on. They are sorted by the list's sorted row model
 * (listRowModels.ts), which places rows by the ranks of `orders`.
 */
function columnsFor(orders: UserOrders): ColumnDef<typeof features, ServiceUser>[] {
  /** The search (already lower case) matches a name or an attached policy, ignoring case. */
  const matchesSearch = (row: UserRow, _columnId: string, query: string) => orders.matches(row.index, query);
  return [
    { id: "name", accessorFn: (u) => u.name, filterFn: matchesSearch },
    { id: "status", accessorFn: (u) => u.status, filterFn: inSet },
    { id: "policies", accessorFn: joinedPolicies },
    { id: "tokenAge", accessorFn: (u) => u.tokenCreated, filterFn: inBucket },
  ];
}

const NO_USERS: ServiceUser[] = [];

export function useServiceUsersTable(all: ServiceUser[] | undefined, query: string, filters: ListFilters = NO_FILTERS) {
  const [sorting, setSorting] = useState<SortingState>([{ id: "name", desc: false }]);
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const search = query.trim();
  const orders = useMemo(() => userOrders(all ?? NO_USERS), [all]);
  const columns = useMemo(() => columnsFor(orders), [orders]);
  const { bucket, only } = filters;
  const columnFilters = useMemo<ColumnFiltersState>(() => {
    const list: ColumnFiltersState = search ? [{ id: "name", value: search.toLowerCase() }] : [];
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
    meta: { orders } satisfies ListMeta,
  };
  const table = useTable({ ...options, state: { sorting, rowSelection, columnFilters } });
  const rows = table.getRowModel().rows;

  // Forget selections of users that no longer exist (deleted here or elsewhere).
  useEffect(() => {
    if (!all) return;
    setRowSelection((current) => {
      // Nothing selected, nothing to forget: no set of every name to build for a refresh.
      if (Object.keys(current).length === 0) return current;
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

  const sort: ColumnSort = sorting[0] ?? { id: "name", desc: false };
  return {
    table,
    rows,
    /** The column the rows are sorted by (one at a time). */
    sort,
    selection: rowSelection,
    selectedCount: Object.keys(rowSelection).length,
    /** Selected names in the order the table shows them, including rows the search hides. */
    selectedNames: () => {
      const { id, desc } = sort;
      const index = new Map((all ?? NO_USERS).map((u, i) => [u.name, i]));
      return Object.keys(rowSelection)
        .filter((name) => index.has(name))
        .sort((a, b) => orders.compare(id as SortKey, desc, index.get(a) ?? 0, index.get(b) ?? 0));
    },
    select: (names: string[]) => setRowSelection(Object.fromEntries(names.map((n) => [n, true]))),
    toggleRow,
  };
}

export type ServiceUsersTable = ReturnType<typeof useServiceUsersTable>;
