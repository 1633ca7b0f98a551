// The Service Users list page: search, sort, select, bulk actions (the model is TanStack Table in
// useServiceUsersTable, the virtualized table is ServiceUsersGrid).
import { Suspense, useCallback, useMemo, useState } from "react";

import { toAppError } from "../backend";
import type { Unfinished } from "../bindings/Unfinished";
import type { UnfinishedRun } from "../bindings/UnfinishedRun";
import { useNow } from "../clock";
import { findingsByUser, startFix } from "../findingFix";
import type { KeyAgeBucket } from "../keyAge";
import { useListShownMark } from "../listShownMark";
import { useFindings, useServiceUsers, useSettings, useSignInClientId } from "../queries";
import { useMenuCommand } from "../shortcuts";
import { useSteady } from "../steady";
import { Breadcrumb } from "./Breadcrumb";
import type { Pending } from "./BulkConfirmations";
import { ErrorNotice, FindField, Spinner, StaleDataNotice } from "./common";
import { PlusIcon, RobotIcon } from "./Icons";
import { ListActions } from "./ListActions";
import { ListHygiene } from "./ListHygiene";
import { later } from "./later";
import { PageHeading } from "./PageHeading";
import { ServiceUsersGrid } from "./ServiceUsersGrid";
import { UnfinishedRotationNotice } from "./UnfinishedRotationNotice";
import { useServiceUsersTable } from "./useServiceUsersTable";
import "./ServiceUsersPage.css";

// The page's dialogs, loaded after the first screen has painted (later.tsx).
const AddServiceUserDialog = later(() => import("./AddServiceUserDialog").then((m) => m.AddServiceUserDialog));
const BulkConfirmations = later(() => import("./BulkConfirmations").then((m) => m.BulkConfirmations));
const FindingsPanel = later(() => import("./FindingsPanel").then((m) => m.FindingsPanel));
const ImportDialog = later(() => import("./ImportDialog").then((m) => m.ImportDialog));
const RotateKeysDialog = later(() => import("./RotateKeysDialog").then((m) => m.RotateKeysDialog));

const CRUMBS = [{ label: "User Management" }, { label: "Service Users" }];

export function ServiceUsersPage() {
  const users = useServiceUsers();
  const signIn = useSignInClientId();
  const [query, setQuery] = useState("");
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  const [pending, setPending] = useState<Pending | null>(null);
  const [rotating, setRotating] = useState<string[] | null>(null);
  const [finishing, setFinishing] = useState<Unfinished[] | null>(null);
  const all = users.data;
  const findings = useFindings(!!all);
  // Refresh reads the list again and checks the findings again: both change behind the app's back.
  // The findings are worked out over the list the backend has just fetched, so they are asked for
  // once it is in (asked beside it, their work slows its answer and render); a list that could
  // not be read leaves them as they were. Pressed again meanwhile, it joins the reads under way.
  const refresh = useSteady(() => {
    void users.refetch({ cancelRefetch: false }).then((listed) => {
      if (listed.isSuccess && findings.data) void findings.refetch({ cancelRefetch: false });
    });
  });
  const settings = useSettings();
  const byUser = useMemo(() => findingsByUser(findings.data?.findings), [findings.data]);
  const [bucket, setBucket] = useState<KeyAgeBucket | null>(null);
  const [onlyFindings, setOnlyFindings] = useState(false);
  const [showFindings, setShowFindings] = useState(false);
  const openFindings = useCallback(() => setShowFindings(true), []);
  const nowSeconds = Math.floor(useNow() / 1000);
  const only = useMemo(() => (onlyFindings ? new Set(byUser.keys()) : null), [onlyFindings, byUser]);
  const bucketFilter = useMemo(() => (bucket ? { bucket, nowSeconds } : null), [bucket, nowSeconds]);
  const model = useServiceUsersTable(all, query, { bucket: bucketFilter, only });
  const { rows, selectedCount, selection } = model;
  // Selected rows the search hides are still acted on: the footer says so.
  const hiddenSelected = useMemo(
    () => (selectedCount === 0 ? 0 : selectedCount - rows.filter((r) => selection[r.id]).length),
    [rows, selection, selectedCount],
  );
  useListShownMark(rows.length);
  // Which selected users the search hides matters only while a confirmation is open.
  const shown = useMemo(() => new Set(pending ? rows.map((r) => r.id) : []), [pending, rows]);

  const ask = (step: "confirm-delete" | "confirm-disable") => setPending({ step, names: model.selectedNames() });
  // Steady handlers, so the memoised toolbar buttons do not render again with the list.
  const add = useCallback(() => setAdding(true), []);
  const startImport = useCallback(() => setImporting(true), []);
  const enable = useSteady(() => {
    const names = model.selectedNames();
    setPending(
      settings.data?.confirmBulkEnable ? { step: "confirm-enable", names } : { step: "run", action: "enable", names },
    );
  });
  const disable = useSteady(() => ask("confirm-disable"));
  const rotate = useSteady(() => setRotating(model.selectedNames()));
  const remove = useSteady(() => ask("confirm-delete"));
  const finishRotation = useCallback(
    (run: UnfinishedRun) => setFinishing(run.users.filter((u) => u.state !== "rotated")),
    [],
  );
  useMenuCommand("newServiceUser", add);
  // The menu's Refresh (Ctrl+R) is this page's Refresh button.
  useMenuCommand("refresh", refresh);

  let placeholder = null;
  if (users.isPending) {
    placeholder = (
      <div className="table-state" data-testid="list-loading">
        <Spinner label="Loading service users" /> Loading service users…
      </div>
    );
  } else if (users.error && !all) {
    placeholder = (
      <div className="table-state">
        <ErrorNotice
          error={toAppError(users.error)}
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
          {query ? `No service users match “${query}”.` : "No service users match the filters."}{" "}
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setQuery("");
              setBucket(null);
              setOnlyFindings(false);
            }}
          >
            Show every service user
          </button>
        </p>
      </div>
    );
  }

  return (
    <div className="page page-fill">
      <Breadcrumb items={CRUMBS} />
      <div className="page-heading">
        <PageHeading>Service Users</PageHeading>
      </div>
      <p className="page-intro">
        Service users cannot login to the Portal but can have permissions assigned to them and can invoke the Trustgrid
        API.
      </p>

      {all && all.length > 0 && (
        <ListHygiene
          users={all}
          nowSeconds={nowSeconds}
          thresholdDays={settings.data?.keyAgeDays ?? findings.data?.keyAgeDays ?? 90}
          bucket={bucket}
          onBucket={setBucket}
          report={findings.data}
          onlyFindings={onlyFindings}
          onOnlyFindings={setOnlyFindings}
          onOpenFindings={openFindings}
        />
      )}
      <UnfinishedRotationNotice onFinish={finishRotation} />
      {/* One cause, one notice: the list's own notice, or the window's banner for an API out of reach. */}
      {!users.error && (
        <StaleDataNotice error={findings.error} title="Could not check the findings." testId="findings-error" />
      )}

      <div className="toolbar">
        <ListActions
          busy={users.isFetching || findings.isFetching}
          selectedCount={selectedCount}
          onRefresh={refresh}
          onAdd={add}
          onImport={startImport}
          onEnable={enable}
          onDisable={disable}
          onRotate={rotate}
          onDelete={remove}
        />
        <div className="toolbar-spacer" />
        <FindField
          label="Search service users"
          placeholder="Search name or policy"
          value={query}
          onChange={setQuery}
          testId="search"
        />
      </div>

      {all && (
        <StaleDataNotice
          error={users.error}
          title="Could not refresh the list; showing what was loaded before."
          onRetry={() => void users.refetch()}
          testId="refresh-error"
        />
      )}

      <ServiceUsersGrid model={model} placeholder={placeholder} findings={byUser} />

      <div className="table-footer" aria-live="polite">
        <span data-testid="row-count">
          {all ? `Showing ${rows.length.toLocaleString()} of ${all.length.toLocaleString()}` : ""}
        </span>
        {selectedCount > 0 && (
          <span className="selection-count" data-testid="selection-count">
            {selectedCount.toLocaleString()} selected
            {hiddenSelected > 0 && `, ${hiddenSelected.toLocaleString()} hidden by the search`}
            <button type="button" className="link-button" onClick={() => model.select([])}>
              Clear selection
            </button>
          </span>
        )}
      </div>

      <Suspense fallback={null}>
        {adding && <AddServiceUserDialog onClose={() => setAdding(false)} />}
        {importing && <ImportDialog onClose={() => setImporting(false)} />}
        {(rotating || finishing) && (
          <RotateKeysDialog
            names={rotating ?? finishing?.map((u) => u.name) ?? []}
            earlier={finishing ?? undefined}
            signInUser={all?.find((u) => u.clientId !== null && u.clientId === signIn)?.name ?? null}
            onClose={() => {
              setRotating(null);
              setFinishing(null);
            }}
          />
        )}
        {showFindings && findings.data && (
          <FindingsPanel
            report={findings.data}
            onFix={(f) => startFix(f, setPending)}
            onClose={() => setShowFindings(false)}
          />
        )}
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
      </Suspense>
    </div>
  );
}
