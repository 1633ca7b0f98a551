// The Service Users list: search, sort, select, bulk actions; rows are virtualized so an org with
// thousands of service users scrolls smoothly.
import { useEffect, useMemo, useRef, useState } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";

import { toAppError } from "../backend";
import type { BulkAction } from "../bindings/BulkAction";
import type { ServiceUser } from "../bindings/ServiceUser";
import { useServiceUsers, useSignInClientId } from "../queries";
import { routeHref } from "../route";
import { ariaShortcut, useMenuCommand, withShortcut } from "../shortcuts";
import { useListShownMark } from "../startup";
import { AddServiceUserDialog } from "./AddServiceUserDialog";
import { BulkActionDialog } from "./BulkActionDialog";
import { ErrorNotice, SelfLockoutWarning, Spinner, StatusBadge, TokenAge } from "./common";
import { ConfirmDialog } from "./ConfirmDialog";
import { PlusIcon, RefreshIcon, RobotIcon, SearchIcon } from "./Icons";
import { Menu } from "./Menu";
import { Breadcrumb } from "./Breadcrumb";

export const ROW_HEIGHT = 44;
const HEADER_HEIGHT = 42;

type SortKey = "name" | "status" | "policies" | "tokenAge";
type Sort = { key: SortKey; direction: "asc" | "desc" };

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

function compare(a: ServiceUser, b: ServiceUser, key: SortKey): number {
  switch (key) {
    case "status":
      return collator.compare(a.status, b.status) || collator.compare(a.name, b.name);
    case "policies":
      return collator.compare(a.policyIds.join(", "), b.policyIds.join(", ")) || collator.compare(a.name, b.name);
    case "tokenAge": {
      // Youngest token first when ascending; users without keys always go last.
      if (a.tokenCreated === null || b.tokenCreated === null) return 0;
      return b.tokenCreated - a.tokenCreated || collator.compare(a.name, b.name);
    }
    default:
      return collator.compare(a.name, b.name);
  }
}

export function sortUsers(users: ServiceUser[], sort: Sort): ServiceUser[] {
  const sign = sort.direction === "asc" ? 1 : -1;
  return [...users].sort((a, b) => {
    if (sort.key === "tokenAge" && (a.tokenCreated === null) !== (b.tokenCreated === null)) {
      return a.tokenCreated === null ? 1 : -1;
    }
    return sign * compare(a, b, sort.key);
  });
}

/** What the search looks in, lower-cased once per user object rather than on every keystroke. */
const searchText = new WeakMap<ServiceUser, string[]>();

export function filterUsers(users: ServiceUser[], query: string): ServiceUser[] {
  const q = query.trim().toLowerCase();
  if (!q) return users;
  return users.filter((u) => {
    let text = searchText.get(u);
    if (!text) {
      text = [u.name, ...u.policyIds].map((s) => s.toLowerCase());
      searchText.set(u, text);
    }
    return text.some((s) => s.includes(q));
  });
}

type Pending =
  | { step: "confirm-delete"; names: string[] }
  | { step: "confirm-disable"; names: string[] }
  | { step: "run"; action: BulkAction; names: string[] };

/** Selected rows the search hides would otherwise be acted on unseen; the confirmation says so. */
export function hiddenNote(hidden: number, total: number): string | null {
  if (hidden === 0) return null;
  if (total === 1) return "It is hidden by the search.";
  return `${hidden.toLocaleString()} of them ${hidden === 1 ? "is" : "are"} hidden by the search.`;
}

export function ServiceUsersPage() {
  const users = useServiceUsers();
  const signIn = useSignInClientId();
  const [query, setQuery] = useState("");
  const [sort, setSort] = useState<Sort>({ key: "name", direction: "asc" });
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [adding, setAdding] = useState(false);
  const [pending, setPending] = useState<Pending | null>(null);

  const all = users.data;
  // Sorted once per order; each keystroke only filters (which keeps the order).
  const sorted = useMemo(() => (all ? sortUsers(all, sort) : []), [all, sort]);
  const rows = useMemo(() => filterUsers(sorted, query), [sorted, query]);
  useListShownMark(rows.length);
  const search = useRef<HTMLInputElement>(null);
  useMenuCommand("find", () => {
    search.current?.focus();
    search.current?.select();
  });
  useMenuCommand("newServiceUser", () => setAdding(true));

  // Forget selections of users that no longer exist (deleted here or elsewhere).
  useEffect(() => {
    if (!all) return;
    setSelected((current) => {
      const existing = new Set(all.map((u) => u.name));
      const kept = [...current].filter((n) => existing.has(n));
      return kept.length === current.size ? current : new Set(kept);
    });
  }, [all]);

  // In the order the table shows them, including selected rows the search currently hides.
  const selectedNames = useMemo(
    () => (all ? sortUsers(all.filter((u) => selected.has(u.name)), sort).map((u) => u.name) : []),
    [all, selected, sort],
  );
  const allFilteredSelected = rows.length > 0 && rows.every((u) => selected.has(u.name));
  const someFilteredSelected = rows.some((u) => selected.has(u.name));

  const toggle = (name: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(name)) next.delete(name);
      else next.add(name);
      return next;
    });

  // Shift-click selects (or clears) every row between the last clicked one and this one, in the
  // order the table shows them, as file managers do.
  const anchor = useRef<string | null>(null);
  const toggleRow = (name: string, extend: boolean) => {
    const from = anchor.current === null ? -1 : rows.findIndex((u) => u.name === anchor.current);
    const to = rows.findIndex((u) => u.name === name);
    anchor.current = name;
    if (!extend || from < 0 || to < 0) {
      toggle(name);
      return;
    }
    const range = rows.slice(Math.min(from, to), Math.max(from, to) + 1).map((u) => u.name);
    const select = !selected.has(name);
    setSelected((current) => {
      const next = new Set(current);
      range.forEach((n) => (select ? next.add(n) : next.delete(n)));
      return next;
    });
  };

  const toggleAll = () =>
    setSelected((current) => {
      const next = new Set(current);
      if (allFilteredSelected) rows.forEach((u) => next.delete(u.name));
      else rows.forEach((u) => next.add(u.name));
      return next;
    });

  const setSortKey = (key: SortKey) =>
    setSort((s) => (s.key === key ? { key, direction: s.direction === "asc" ? "desc" : "asc" } : { key, direction: "asc" }));

  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    // The sticky header sits above the rows inside the same scroll container.
    scrollMargin: HEADER_HEIGHT,
    getItemKey: (i) => rows[i].name,
  });

  const error = users.error ? toAppError(users.error) : null;
  const nothingSelected = selectedNames.length === 0;
  // Disabling or deleting the user this connection signs in with cuts the app off: say so first.
  const lockoutWarning = (names: string[]) => {
    const chosen = new Set(names);
    const self = signIn === null ? undefined : all?.find((u) => chosen.has(u.name) && u.clientId === signIn);
    return self && <SelfLockoutWarning name={names.length > 1 ? self.name : undefined} />;
  };
  const hiddenLine = (names: string[]) => {
    const shownNames = new Set(rows.map((u) => u.name));
    const note = hiddenNote(names.filter((n) => !shownNames.has(n)).length, names.length);
    return note && (
      <p className="confirm-hidden" data-testid="hidden-selection">
        <strong>{note}</strong>
      </p>
    );
  };

  return (
    <div className="page page-fill">
      <Breadcrumb items={[{ label: "User Management" }, { label: "Service Users" }]} />
      <div className="page-heading">
        <h1>Service Users</h1>
      </div>
      <p className="page-intro">Service users cannot login to the Portal but can have permissions assigned to them and can invoke the Trustgrid API.</p>

      <div className="toolbar">
        <button
          type="button"
          className="button button-icon"
          onClick={() => void users.refetch()}
          aria-label="Refresh"
          title={withShortcut("Refresh", "refresh")}
          aria-keyshortcuts={ariaShortcut("refresh")}
          data-testid="refresh"
          disabled={users.isFetching}
        >
          <span className={users.isFetching ? "spin" : undefined}>
            <RefreshIcon />
          </span>
        </button>
        <button
          type="button"
          className="button button-primary"
          onClick={() => setAdding(true)}
          title={withShortcut("New service user", "newServiceUser")}
          aria-keyshortcuts={ariaShortcut("newServiceUser")}
          data-testid="add-service-user"
        >
          <PlusIcon /> Add Service User
        </button>
        <Menu
          label="Actions"
          testId="actions-menu"
          disabled={nothingSelected}
          items={[
            { label: "Enable", testId: "action-enable", onSelect: () => setPending({ step: "run", action: "enable", names: selectedNames }) },
            // Disabling refuses the users' API keys at once, so it is confirmed; enabling is not.
            { label: "Disable…", testId: "action-disable", onSelect: () => setPending({ step: "confirm-disable", names: selectedNames }) },
            { kind: "separator" },
            { label: "Delete…", testId: "action-delete", danger: true, onSelect: () => setPending({ step: "confirm-delete", names: selectedNames }) },
          ]}
        />
        <div className="toolbar-spacer" />
        <label className="search">
          <SearchIcon />
          <input
            type="search"
            placeholder="Search name or policy"
            aria-label="Search service users"
            title={withShortcut("Search", "find")}
            aria-keyshortcuts={ariaShortcut("find")}
            ref={search}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            data-testid="search"
          />
        </label>
      </div>

      {error && all && (
        <ErrorNotice error={error} title="Could not refresh the list; showing what was loaded before." onRetry={() => void users.refetch()} testId="refresh-error" />
      )}

      <div className="table table-users" role="table" aria-label="Service users" aria-rowcount={rows.length + 1}>
        <div className="table-scroll" ref={scroller} data-scroll-container="service-users">
          <div className="table-head" role="rowgroup">
            <div className="table-row table-header-row" role="row">
              <div className="cell cell-check" role="columnheader">
                <SelectAll checked={allFilteredSelected} indeterminate={!allFilteredSelected && someFilteredSelected} disabled={rows.length === 0} onChange={toggleAll} />
              </div>
              <SortHeader label="Name" sortKey="name" sort={sort} onSort={setSortKey} />
              <SortHeader label="Status" sortKey="status" sort={sort} onSort={setSortKey} />
              <SortHeader label="Policies" sortKey="policies" sort={sort} onSort={setSortKey} />
              <SortHeader label="Token Age" sortKey="tokenAge" sort={sort} onSort={setSortKey} />
            </div>
          </div>
          {users.isPending ? (
            <div className="table-state" data-testid="list-loading">
              <Spinner label="Loading service users" /> Loading service users…
            </div>
          ) : error && !all ? (
            <div className="table-state">
              <ErrorNotice error={error} title="Could not load service users." onRetry={() => void users.refetch()} testId="list-error" />
            </div>
          ) : all && all.length === 0 ? (
            <div className="table-state empty-state" data-testid="list-empty">
              <div className="empty-icon">
                <RobotIcon />
              </div>
              <h2>No service users yet</h2>
              <p>Create one for each integration that calls the Trustgrid API.</p>
              <button type="button" className="button button-primary" onClick={() => setAdding(true)}>
                <PlusIcon /> Add Service User
              </button>
            </div>
          ) : rows.length === 0 ? (
            <div className="table-state" data-testid="list-no-match">
              <p>
                No service users match “{query}”.{" "}
                <button type="button" className="link-button" onClick={() => setQuery("")}>
                  Clear search
                </button>
              </p>
            </div>
          ) : (
            <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
              {virtualizer.getVirtualItems().map((item) => (
                <UserRow key={item.key} user={rows[item.index]} index={item.index} top={item.start - HEADER_HEIGHT} selected={selected.has(rows[item.index].name)} onToggle={toggleRow} />
              ))}
            </div>
          )}
        </div>
      </div>

      <div className="table-footer" aria-live="polite">
        <span data-testid="row-count">
          {all ? `Showing ${rows.length.toLocaleString()} of ${all.length.toLocaleString()}` : ""}
        </span>
        {selectedNames.length > 0 && (
          <span className="selection-count" data-testid="selection-count">
            {selectedNames.length.toLocaleString()} selected
            <button type="button" className="link-button" onClick={() => setSelected(new Set())}>
              Clear selection
            </button>
          </span>
        )}
      </div>

      {adding && <AddServiceUserDialog onClose={() => setAdding(false)} />}
      {pending?.step === "confirm-delete" && (
        <ConfirmDialog
          title={pending.names.length === 1 ? `Delete service user “${pending.names[0]}”?` : `Delete ${pending.names.length} service users?`}
          confirmLabel={pending.names.length === 1 ? "Delete" : `Delete ${pending.names.length} service users`}
          danger
          typeToConfirm={pending.names.length > 1 ? String(pending.names.length) : undefined}
          typePrompt={pending.names.length > 1 ? <>Type <strong>{pending.names.length}</strong>, the number of service users, to confirm</> : undefined}
          onCancel={() => setPending(null)}
          onConfirm={() => setPending({ step: "run", action: "delete", names: pending.names })}
        >
          {lockoutWarning(pending.names)}
          <p>Their API keys stop working at once. This cannot be undone.</p>
          {hiddenLine(pending.names)}
          <NameList names={pending.names} />
        </ConfirmDialog>
      )}
      {pending?.step === "confirm-disable" && (
        <ConfirmDialog
          title={pending.names.length === 1 ? `Disable service user “${pending.names[0]}”?` : `Disable ${pending.names.length} service users?`}
          confirmLabel={pending.names.length === 1 ? "Disable" : `Disable ${pending.names.length} service users`}
          danger
          onCancel={() => setPending(null)}
          onConfirm={() => setPending({ step: "run", action: "disable", names: pending.names })}
        >
          {lockoutWarning(pending.names)}
          <p>Their API keys are refused at once, until they are enabled again.</p>
          {hiddenLine(pending.names)}
          <NameList names={pending.names} />
        </ConfirmDialog>
      )}
      {pending?.step === "run" && (
        <BulkActionDialog
          action={pending.action}
          names={pending.names}
          onClose={(report) => {
            setPending(null);
            // Keep the rows that failed selected so the user can retry them.
            if (report) {
              setSelected(new Set(report.items.filter((i) => i.outcome.kind === "failed" || i.outcome.kind === "cancelled").map((i) => i.name)));
            }
          }}
        />
      )}
    </div>
  );
}

export function NameList({ names }: { names: string[] }) {
  const shown = names.slice(0, 8);
  return (
    <ul className="name-list" data-testid="name-list">
      {shown.map((n) => (
        <li key={n} className="mono">
          {n}
        </li>
      ))}
      {names.length > shown.length && <li className="muted">and {(names.length - shown.length).toLocaleString()} more</li>}
    </ul>
  );
}

function SelectAll({ checked, indeterminate, disabled, onChange }: { checked: boolean; indeterminate: boolean; disabled: boolean; onChange: () => void }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = indeterminate;
  }, [indeterminate]);
  return (
    <input
      ref={ref}
      type="checkbox"
      checked={checked}
      disabled={disabled}
      onChange={onChange}
      aria-label="Select all shown service users"
      data-testid="select-all"
    />
  );
}

function SortHeader({ label, sortKey, sort, onSort }: { label: string; sortKey: SortKey; sort: Sort; onSort: (key: SortKey) => void }) {
  const active = sort.key === sortKey;
  return (
    <div className={`cell cell-${sortKey}`} role="columnheader" aria-sort={active ? (sort.direction === "asc" ? "ascending" : "descending") : "none"}>
      <button type="button" className={`sort-button${active ? " sort-active" : ""}`} onClick={() => onSort(sortKey)} data-testid={`sort-${sortKey}`}>
        {label}
        <span className="sort-arrow" aria-hidden="true">
          {active ? (sort.direction === "asc" ? "▲" : "▼") : "▲▼"}
        </span>
      </button>
    </div>
  );
}

function UserRow({ user, index, top, selected, onToggle }: { user: ServiceUser; index: number; top: number; selected: boolean; onToggle: (name: string, extend: boolean) => void }) {
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`table-row${selected ? " row-selected" : ""}`}
      style={{ position: "absolute", top, left: 0, right: 0, height: ROW_HEIGHT }}
      data-testid={`service-user-row-${user.name}`}
    >
      <div className="cell cell-check" role="cell">
        <input type="checkbox" checked={selected} onChange={(e) => onToggle(user.name, (e.nativeEvent as MouseEvent).shiftKey === true)} aria-label={`Select ${user.name}`} data-testid={`row-checkbox-${user.name}`} />
      </div>
      <div className="cell cell-name" role="cell">
        <a href={routeHref({ page: "service-user", name: user.name })} className="row-link">
          {user.name}
        </a>
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
}
