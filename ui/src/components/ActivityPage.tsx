// The activity journal: what this app changed, when, on which connection, and how it went.
import { useMutation } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { actionWords, filterActivity, filterProblem, NO_FILTER } from "../activityFilter";
import { toAppError } from "../backend";
import type { ActivityFormat } from "../bindings/ActivityFormat";
import { fileName, formatDateTime } from "../format";
import { useBackend, useJournal } from "../queries";
import { ActivityFilters } from "./ActivityFilters";
import { Breadcrumb } from "./Breadcrumb";
import { ErrorNotice, RefreshButton, Spinner } from "./common";
import { PageHeading } from "./PageHeading";
import "./ActivityPage.css";

export function ActivityPage() {
  const journal = useJournal();
  const backend = useBackend();
  const [filter, setFilter] = useState(NO_FILTER);
  const problem = filterProblem(filter);
  const exporting = useMutation({
    mutationFn: (format: ActivityFormat) => backend.exportActivity(format, filter),
  });
  const all = journal.data ?? [];
  const actions = useMemo(() => actionWords(journal.data ?? []), [journal.data]);
  const entries = useMemo(() => filterActivity(journal.data ?? [], filter), [journal.data, filter]);
  return (
    <div className="page page-fill">
      <Breadcrumb items={[{ label: "Activity" }]} />
      <div className="page-heading">
        <PageHeading>Activity</PageHeading>
      </div>
      <p className="page-intro">
        Changes made from this app, newest first. Secrets are never recorded. The export holds the entries the filter
        shows.
      </p>
      <div className="toolbar">
        <RefreshButton onClick={() => void journal.refetch()} busy={journal.isFetching} testId="refresh" />
        <button
          type="button"
          className="button"
          onClick={() => exporting.mutate("jsonl")}
          disabled={exporting.isPending || problem !== null}
          data-testid="export-journal"
        >
          Export JSON Lines…
        </button>
        <button
          type="button"
          className="button"
          onClick={() => exporting.mutate("csv")}
          disabled={exporting.isPending || problem !== null}
          data-testid="export-journal-csv"
        >
          Export CSV…
        </button>
        <span className="muted" data-testid="activity-count">
          {entries.length === all.length
            ? `${all.length.toLocaleString()} entries`
            : `${entries.length.toLocaleString()} of ${all.length.toLocaleString()} entries`}
        </span>
        {exporting.data && (
          <span className="saved-note" title={exporting.data} data-testid="exported-path">
            Exported to {fileName(exporting.data)}
          </span>
        )}
      </div>
      <ActivityFilters filter={filter} onChange={setFilter} actions={actions} problem={problem} />
      {exporting.error && (
        <ErrorNotice error={toAppError(exporting.error)} title="Could not export the activity journal." />
      )}
      {journal.error && (
        <ErrorNotice
          error={toAppError(journal.error)}
          title="Could not read the activity journal."
          onRetry={() => void journal.refetch()}
        />
      )}
      {journal.isPending ? (
        <Spinner label="Loading activity" />
      ) : (
        // Fixed column widths: long targets and errors are cut short (full text on hover) and the
        // table scrolls inside its frame, so Outcome and Error stay in view in a small window.
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard to scroll it.
        <section className="journal-frame" aria-label="Activity journal" tabIndex={0}>
          <table className="simple-table journal-table" data-testid="journal">
            <colgroup>
              <col className="col-time" />
              <col className="col-connection" />
              <col className="col-action" />
              <col />
              <col className="col-outcome" />
              <col />
            </colgroup>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Connection</th>
                <th scope="col">Action</th>
                <th scope="col">Targets</th>
                <th scope="col">Outcome</th>
                <th scope="col">Error</th>
              </tr>
            </thead>
            <tbody>
              {entries.length === 0 && (
                <tr>
                  <td colSpan={6} className="table-empty">
                    {all.length === 0
                      ? "Nothing yet. Creating, enabling, disabling, deleting and generating keys show up here."
                      : "No entries match the filter."}
                  </td>
                </tr>
              )}
              {entries.map((entry, i) => {
                const time = formatDateTime(new Date(entry.time));
                const targets = entry.targets.join(", ");
                return (
                  // biome-ignore lint/suspicious/noArrayIndexKey: entries have no id, and the list is only ever replaced whole.
                  <tr key={`${entry.time}-${i}`}>
                    <td className="truncate" title={time}>
                      {time}
                    </td>
                    <td className="truncate" title={entry.connection}>
                      {entry.connection}
                    </td>
                    <td className="truncate mono" title={entry.action}>
                      {entry.action}
                    </td>
                    <td className="truncate cell-targets" title={targets}>
                      {targets}
                    </td>
                    <td>
                      <span className={`pill pill-${entry.outcome}`}>{entry.outcome}</span>
                    </td>
                    <td className="truncate cell-error" title={entry.error ?? undefined}>
                      {entry.error ?? ""}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
