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
    <div className="page">
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
        <table className="simple-table" data-testid="journal">
          <thead>
            <tr>
              <th>Time</th>
              <th>Connection</th>
              <th>Action</th>
              <th>Targets</th>
              <th>Outcome</th>
              <th>Error</th>
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
            {(journal.data ?? []).map((entry, i) => (
              <tr key={`${entry.time}-${i}`}>
                <td className="nowrap">{formatDateTime(new Date(entry.time))}</td>
                <td className="nowrap">{entry.connection}</td>
                <td className="mono">{entry.action}</td>
                <td className="targets" title={entry.targets.join(", ")}>
                  {entry.targets.slice(0, 5).join(", ")}
                  {entry.targets.length > 5 && <span className="muted"> +{entry.targets.length - 5} more</span>}
                </td>
                <td>
                  <span className={`pill pill-${entry.outcome}`}>{entry.outcome}</span>
                </td>
                <td className="error-text">{entry.error ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
