// The Service Users list page: search, sort, select, bulk actions (the model is TanStack Table in
// useServiceUsersTable, the virtualized table is ServiceUsersGrid).
import { useMemo, useRef, useState } from "react";

import { toAppError } from "../backend";
import { useServiceUsers, useSignInClientId } from "../queries";
import { ariaShortcut, useMenuCommand, withShortcut } from "../shortcuts";
import { useListShownMark } from "../startup";
import { AddServiceUserDialog } from "./AddServiceUserDialog";
import { Breadcrumb } from "./Breadcrumb";
import { BulkConfirmations, type Pending } from "./BulkConfirmations";
import { ErrorNotice, RefreshButton, SearchField, Spinner } from "./common";
import { PlusIcon, RobotIcon } from "./Icons";
import { Menu } from "./Menu";
import { PageHeading } from "./PageHeading";
import { ServiceUsersGrid } from "./ServiceUsersGrid";
import { Tooltip } from "./Tooltip";
import { useServiceUsersTable } from "./useServiceUsersTable";
import "./ServiceUsersPage.css";

export function ServiceUsersPage() {
  const users = useServiceUsers();
  const signIn = useSignInClientId();
  const [query, setQuery] = useState("");
  const [adding, setAdding] = useState(false);
  const [pending, setPending] = useState<Pending | null>(null);
  const all = users.data;
  const model = useServiceUsersTable(all, query);
  const { rows, selectedCount } = model;
  useListShownMark(rows.length);
  const search = useRef<HTMLInputElement>(null);
  useMenuCommand("find", () => {
    search.current?.focus();
    search.current?.select();
  });
  useMenuCommand("newServiceUser", () => setAdding(true));
  // Which selected users the search hides matters only while a confirmation is open.
  const shown = useMemo(() => new Set(pending ? rows.map((r) => r.id) : []), [pending, rows]);

  const error = users.error ? toAppError(users.error) : null;
  const ask = (step: "confirm-delete" | "confirm-disable") => setPending({ step, names: model.selectedNames() });

  let placeholder = null;
  if (users.isPending) {
    placeholder = (
      <div className="table-state" data-testid="list-loading">
        <Spinner label="Loading service users" /> Loading service users…
      </div>
    );
  } else if (error && !all) {
    placeholder = (
      <div className="table-state">
        <ErrorNotice
          error={error}
          title="Could not load service users."
          onRetry={() => void users.refetch()}
          testId="list-error"
        />
      </div>
    );
  } else if (all && all.length === 0) {
    placeholder = (
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
    );
  } else if (rows.length === 0) {
    placeholder = (
      <div className="table-state" data-testid="list-no-match">
        <p>
          No service users match “{query}”.{" "}
          <button type="button" className="link-button" onClick={() => setQuery("")}>
            Clear search
          </button>
        </p>
      </div>
    );
  }

  return (
    <div className="page page-fill">
      <Breadcrumb items={[{ label: "User Management" }, { label: "Service Users" }]} />
      <div className="page-heading">
        <PageHeading>Service Users</PageHeading>
      </div>
      <p className="page-intro">
        Service users cannot login to the Portal but can have permissions assigned to them and can invoke the Trustgrid
        API.
      </p>

      <div className="toolbar">
        <RefreshButton
          onClick={() => void users.refetch()}
          busy={users.isFetching}
          testId="refresh"
          tooltip={withShortcut("Refresh", "refresh")}
          keyShortcuts={ariaShortcut("refresh")}
        />
        <Tooltip content={withShortcut("New service user", "newServiceUser")}>
          <button
            type="button"
            className="button button-primary"
            onClick={() => setAdding(true)}
            aria-keyshortcuts={ariaShortcut("newServiceUser")}
            data-testid="add-service-user"
          >
            <PlusIcon /> Add Service User
          </button>
        </Tooltip>
        <Menu
          label="Actions"
          testId="actions-menu"
          disabled={selectedCount === 0}
          items={[
            {
              label: "Enable",
              testId: "action-enable",
              onSelect: () => setPending({ step: "run", action: "enable", names: model.selectedNames() }),
            },
            // Disabling refuses the users' API keys at once, so it is confirmed; enabling is not.
            { label: "Disable…", testId: "action-disable", onSelect: () => ask("confirm-disable") },
            { kind: "separator" },
            { label: "Delete…", testId: "action-delete", danger: true, onSelect: () => ask("confirm-delete") },
          ]}
        />
        <div className="toolbar-spacer" />
        <SearchField
          label="Search service users"
          placeholder={withShortcut("Search name or policy", "find")}
          value={query}
          onChange={setQuery}
          testId="search"
          inputRef={search}
          keyShortcuts={ariaShortcut("find")}
        />
      </div>

      {error && all && (
        <ErrorNotice
          error={error}
          title="Could not refresh the list; showing what was loaded before."
          onRetry={() => void users.refetch()}
          testId="refresh-error"
        />
      )}

      <ServiceUsersGrid model={model} placeholder={placeholder} />

      <div className="table-footer" aria-live="polite">
        <span data-testid="row-count">
          {all ? `Showing ${rows.length.toLocaleString()} of ${all.length.toLocaleString()}` : ""}
        </span>
        {selectedCount > 0 && (
          <span className="selection-count" data-testid="selection-count">
            {selectedCount.toLocaleString()} selected
            <button type="button" className="link-button" onClick={() => model.select([])}>
              Clear selection
            </button>
          </span>
        )}
      </div>

      {adding && <AddServiceUserDialog onClose={() => setAdding(false)} />}
      {pending && (
        <BulkConfirmations
          pending={pending}
          onChange={setPending}
          onFinished={model.select}
          users={all ?? []}
          shown={shown}
          signInClientId={signIn}
        />
      )}
    </div>
  );
}
