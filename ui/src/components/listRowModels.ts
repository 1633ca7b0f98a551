// The Service Users list's filtered and sorted row models, in TanStack Table's row-model slots.
//
// TanStack's stock models are general: they allow nested rows, multi-column sorts and filter
// metadata, so filtering 10,000 rows allocates two maps per row and a dictionary of every row
// that passes, and sorting them calls a comparator about 140,000 times. The list's rows are flat
// and every column's whole order is already known as a rank per user (userOrder.ts), so here
// filtering is one pass that keeps the matching rows, and sorting places each row at its rank:
// both linear, which is what keeps a chart click or a keystroke within a frame with 10,000 users.
// They read the same table state (column filters, sorting) as the stock ones, and rows hidden by
// a filter stay reachable by id (`rowsById` is the whole list's, where `table.getRow` looks next).
import {
  type ColumnFiltersState,
  type FilterFn,
  type Row,
  type RowData,
  type RowModel,
  type SortingState,
  type Table,
  type TableFeatures,
  tableMemo,
} from "@tanstack/react-table";
import type { SortKey, UserOrders } from "./userOrder";

/** What the list's table carries for its row models: the orders of its current users. */
export type ListMeta = { orders: UserOrders };

/** Placeholder for TanStack's filter-meta callback, which the list's filters never use. */
const NO_META = () => {};

/** The state the models read, from tables whose features include filtering and sorting. */
type ListAtoms = {
  columnFilters?: { get(): ColumnFiltersState };
  sorting?: { get(): SortingState };
};
const atomsOf = <F extends TableFeatures, D extends RowData>(table: Table<F, D>) => table.atoms as ListAtoms;

/** Rows that pass every column filter, in the order they came. */
export function createListFilteredRowModel<F extends TableFeatures, D extends RowData>() {
  return (table: Table<F, D>) =>
    tableMemo({
      feature: "columnFilteringFeature",
      table,
      fnName: "table.getFilteredRowModel",
      memoDeps: () => [table.getPreFilteredRowModel(), atomsOf(table).columnFilters?.get()],
      fn: (): RowModel<F, D> => {
        const model = table.getPreFilteredRowModel();
        const tests: ((row: Row<F, D>) => boolean)[] = [];
        for (const { id, value } of atomsOf(table).columnFilters?.get() ?? []) {
          // The list's columns give their filters as functions, never by name.
          const def = table.getColumn(id)?.columnDef as { filterFn?: FilterFn<F, D> | string } | undefined;
          const filterFn = def?.filterFn;
          if (typeof filterFn === "function") tests.push((row) => filterFn(row, id, value, NO_META));
        }
        if (tests.length === 0) return model;
        const rows = model.rows.filter((row) => tests.every((test) => test(row)));
        return { rows, flatRows: rows, rowsById: model.rowsById };
      },
    });
}

/**
 * The rows placed by the sorted column's ranks (of the `ListMeta` orders the table carries),
 * reversed when descending. Users without keys stay last under Token Age in both directions, as
 * `UserOrders.compare` has them. New users change the pre-sorted rows as well as the orders, so
 * the memo's inputs cover both.
 */
export function createListSortedRowModel<F extends TableFeatures, D extends RowData>() {
  return (table: Table<F, D>) =>
    tableMemo({
      feature: "rowSortingFeature",
      table,
      fnName: "table.getSortedRowModel",
      memoDeps: () => [atomsOf(table).sorting?.get(), table.getPreSortedRowModel()],
      fn: (): RowModel<F, D> => {
        const model = table.getPreSortedRowModel();
        const sort = atomsOf(table).sorting?.get()?.[0];
        const orders = (table.options.meta as ListMeta | undefined)?.orders;
        if (!sort || !orders || model.rows.length === 0) return model;
        const ranks = orders.rank(sort.id as SortKey);
        const slots: (Row<F, D> | undefined)[] = new Array(ranks.length);
        for (const row of model.rows) slots[ranks[row.index]] = row;
        const placed = slots.filter((row) => row !== undefined);
        if (sort.desc) placed.reverse();
        const rows =
          sort.id === "tokenAge" && sort.desc
            ? [
                ...placed.filter((row) => !orders.withoutKey(row.index)),
                ...placed.filter((row) => orders.withoutKey(row.index)),
              ]
            : placed;
        return { rows, flatRows: rows, rowsById: model.rowsById };
      },
    });
}
