// The Service Users table: a sticky header with select-all and sortable columns, and rows
// virtualized with TanStack Virtual so an org with thousands of service users scrolls smoothly.
// Only this component re-renders while scrolling; a row re-renders only when its own data changes.
// Rows are recycled (rowRecycling.ts): a scroll step, a sort or a filter gives the row elements
// already in the page other users instead of building new ones.

import type { ColumnSort, RowSelectionState } from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { memo, type ReactNode, useCallback, useMemo, useRef } from "react";
import type { Finding } from "../bindings/Finding";
import type { ServiceUser } from "../bindings/ServiceUser";
import { routeHref } from "../route";
import { Checkbox } from "./Checkbox";
import { StatusBadge, TokenAge } from "./common";
import { FindingsBadge } from "./FindingItem";
import { useFocusFollowsUser, useRowSlots, useSpareSlots } from "./rowRecycling";
import { ariaSort, SortButton } from "./SortButton";
import type { ServiceUsersTable, SortKey, UserRow } from "./useServiceUsersTable";
import "./ServiceUsersGrid.css";

export const ROW_HEIGHT = 44;
const HEADER_HEIGHT = 42;
const rowHeight = () => ROW_HEIGHT;

const HEADERS: { key: SortKey; label: string }[] = [
  { key: "name", label: "Name" },
  { key: "status", label: "Status" },
  { key: "policies", label: "Policies" },
  { key: "tokenAge", label: "Token Age" },
];

/** Whether all or only some of the shown rows are selected, in one pass (none when nothing is). */
function shownSelection(rows: UserRow[], selection: RowSelectionState) {
  let selected = 0;
  if (Object.keys(selection).length > 0) {
    for (const row of rows) if (selection[row.id]) selected += 1;
  }
  const allShown = rows.length > 0 && selected === rows.length;
  return { allShown, someShown: selected > 0 && !allShown };
}

const NO_FINDINGS = new Map<string, Finding[]>();

type GridProps = {
  model: ServiceUsersTable;
  placeholder: ReactNode;
  /** Each user's findings, shown as a badge beside the name. */
  findings?: ReadonlyMap<string, Finding[]>;
};

/** `placeholder` (loading, error, empty, no match) takes the rows' place when given. */
export function ServiceUsersGrid({ model, placeholder, findings = NO_FINDINGS }: GridProps) {
  const { table, rows, sort, selection, toggleRow } = model;
  const { allShown, someShown } = useMemo(() => shownSelection(rows, selection), [rows, selection]);

  return (
    <div className="table table-users" role="table" aria-label="Service users" aria-rowcount={rows.length + 1}>
      <div className="table-scroll" data-scroll-container="service-users">
        <GridHeader
          table={table}
          sort={sort}
          checked={allShown ? true : someShown ? "indeterminate" : false}
          disabled={rows.length === 0}
        />
        {placeholder ?? <VirtualRows rows={rows} selection={selection} onToggle={toggleRow} findings={findings} />}
      </div>
    </div>
  );
}

type GridHeaderProps = {
  table: ServiceUsersTable["table"];
  sort: ColumnSort;
  checked: boolean | "indeterminate";
  disabled: boolean;
};

/** The sticky header row: select-all and the sort buttons. Memoised: a scroll, a filter or a
 * keystroke that leaves the sort and the selection as they were does not render it again. */
const GridHeader = memo(function GridHeader({ table, sort, checked, disabled }: GridHeaderProps) {
  return (
    <div className="table-head" role="rowgroup">
      <div className="table-row table-header-row" role="row">
        <div className="cell cell-check" role="columnheader">
          <Checkbox
            checked={checked}
            disabled={disabled}
            onCheckedChange={() => table.toggleAllPageRowsSelected(checked !== true)}
            aria-label="Select all shown service users"
            data-testid="select-all"
          />
        </div>
        {HEADERS.map(({ key, label }) => {
          const column = table.getColumn(key);
          const direction = sort.id === key ? (sort.desc ? "desc" : "asc") : false;
          return (
            <div key={key} className={`cell cell-${key}`} role="columnheader" aria-sort={ariaSort(direction)}>
              <SortButton
                label={label}
                direction={direction}
                onClick={() => column?.toggleSorting()}
                testId={`sort-${key}`}
              />
            </div>
          );
        })}
      </div>
    </div>
  );
});

type VirtualRowsProps = {
  rows: UserRow[];
  selection: RowSelectionState;
  onToggle: (name: string, extend: boolean) => void;
  findings: ReadonlyMap<string, Finding[]>;
};

/** The rows in view (and a few around them); the only part that re-renders while scrolling. */
const VirtualRows = memo(function VirtualRows({ rows, selection, onToggle, findings }: VirtualRowsProps) {
  const group = useRef<HTMLDivElement>(null);
  useFocusFollowsUser(group);
  // Steady options, and rows keyed by index (the virtualizer's default; every row has the same
  // height, so no size is cached by key): the virtualizer works out every row's place again
  // whenever its count or key function changes, and a new closure would make it do that for
  // 10,000 rows on each scroll step, sort and filter.
  //
  // The scroll container is the rows' parent, read through their own element: its ref is attached
  // before this component's layout effects run, where the virtualizer first looks for it, so the
  // first commit measures the container and brings the rows in view, with no render in between
  // that only hands over the element (a parent's ref is attached after its children's effects).
  const getScrollElement = useCallback(() => group.current?.parentElement ?? null, []);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement,
    estimateSize: rowHeight,
    // Rows beyond the view on each side: enough for a wheel step, few enough that a sort or a
    // filter, which gives every mounted row another user, redraws no more than it must.
    overscan: 6,
    // The sticky header sits above the rows inside the same scroll container.
    scrollMargin: HEADER_HEIGHT,
  });
  const items = virtualizer.getVirtualItems();
  const slots = useRowSlots(items.map((item) => item.index));
  const spares = useSpareSlots(slots);
  return (
    <div ref={group} role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
      {/* One array, so a spare's key meets the same key when its slot is used again. */}
      {[
        ...items.map((item) => (
          <UserRowView
            key={slots.get(item.index)}
            user={rows[item.index].original}
            index={item.index}
            top={item.start - HEADER_HEIGHT}
            selected={selection[rows[item.index].id] === true}
            onToggle={onToggle}
            findings={findings.get(rows[item.index].id)}
          />
        )),
        ...spares.map((slot) => (
          <UserRowView
            key={slot}
            user={null}
            index={-1}
            top={0}
            selected={false}
            onToggle={onToggle}
            findings={undefined}
          />
        )),
      ]}
    </div>
  );
});

type RowProps = {
  /** Null for a spare row: hidden and blank, kept for the next rows to come into view. */
  user: ServiceUser | null;
  index: number;
  top: number;
  selected: boolean;
  onToggle: (name: string, extend: boolean) => void;
  findings: Finding[] | undefined;
};

const NO_USER: ServiceUser = {
  name: "",
  orgId: "",
  status: "active",
  policyIds: [],
  clientId: null,
  tokenCreated: null,
};

const UserRowView = memo(function UserRowView({ user: shown, index, top, selected, onToggle, findings }: RowProps) {
  const user = shown ?? NO_USER;
  // A spare row keeps its elements but names nobody (no test id, no name), and is out of sight
  // and of the accessibility tree (display: none).
  const id = (testId: string) => (shown ? testId : undefined);
  return (
    <div
      hidden={!shown}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`table-row${selected ? " row-selected" : ""}`}
      style={{ position: "absolute", top, left: 0, right: 0, height: ROW_HEIGHT }}
      data-testid={id(`service-user-row-${user.name}`)}
    >
      <div className="cell cell-check" role="cell">
        {/* The input itself rather than Checkbox, which only adds the "mixed" state rows never
            have: a row mounts on every scroll step and every sort, so it stays one element. */}
        <input
          type="checkbox"
          className="checkbox"
          checked={selected}
          onChange={(e) => onToggle(user.name, (e.nativeEvent as MouseEvent).shiftKey === true)}
          aria-label={`Select ${user.name}`}
          data-testid={id(`row-checkbox-${user.name}`)}
          data-focus-key={`${user.name} check`}
        />
      </div>
      <div className="cell cell-name" role="cell">
        <a
          href={routeHref({ page: "service-user", name: user.name })}
          className="row-link"
          data-focus-key={`${user.name} link`}
        >
          {user.name}
        </a>
        {findings && <FindingsBadge findings={findings} />}
      </div>
      <div className="cell cell-status" role="cell">
        <StatusBadge status={user.status} />
      </div>
      <div className="cell cell-policies" role="cell" title={user.policyIds.join(", ")}>
        {user.policyIds.length ? user.policyIds.join(", ") : <span className="muted">None</span>}
      </div>
      <div className="cell cell-tokenAge" role="cell">
        <TokenAge tokenCreated={user.tokenCreated} />
      </div>
    </div>
  );
});
