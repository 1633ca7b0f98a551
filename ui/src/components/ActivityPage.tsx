// The activity journal: what this app changed, when, on which connection, and how it went.
import { useMutation } from "@tanstack/react-query";
import { toAppError } from "../backend";
import { fileName, formatDateTime } from "../format";
import { useBackend, useJournal } from "../queries";
import { Breadcrumb } from "./Breadcrumb";
import { ErrorNotice, RefreshButton, Spinner } from "./common";
import { PageHeading } from "./PageHeading";
import "./ActivityPage.css";

export function ActivityPage() {
  const journal = useJournal();
  const backend = useBackend();
  const exporting = useMutation({ mutationFn: () => backend.exportJournal() });
  return (
    <div className="page page-fill">
      <Breadcrumb items={[{ label: "Activity" }]} />
      <div className="page-heading">
        <PageHeading>Activity</PageHeading>
      </div>
      <p className="page-intro">Changes made from this app, newest first. Secrets are never recorded.</p>
      <div className="toolbar">
        <RefreshButton onClick={() => void journal.refetch()} busy={journal.isFetching} testId="refresh" />
        <button
          type="button"
          className="button"
          onClick={() => exporting.mutate()}
          disabled={exporting.isPending}
          data-testid="export-journal"
        >
          Export…
        </button>
        {exporting.data && (
          <span className="saved-note" title={exporting.data} data-testid="exported-path">
            Exported to {fileName(exporting.data)}
          </span>
        )}
      </div>
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
              {(journal.data ?? []).length === 0 && (
                <tr>
                  <td colSpan={6} className="table-empty">
                    Nothing yet. Creating, enabling, disabling, deleting and generating keys show up here.
                  </td>
                </tr>
              )}
              {(journal.data ?? []).map((entry, i) => {
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
