// Import service users from a CSV file (`name,policies,status`): a preview with each row's
// problems first, then the creates on the bulk path with their per-item result. Existing users
// are skipped, so importing the same file again is harmless.
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toAppError } from "../backend";
import type { AppError } from "../bindings/AppError";
import type { BulkReport } from "../bindings/BulkReport";
import type { ImportRow } from "../bindings/ImportRow";
import { useBackend } from "../queries";
import { keys } from "../queryKeys";
import { BulkSummary } from "./BulkActionDialog";
import { ErrorNotice } from "./common";
import { Dialog } from "./Dialog";
import "./ImportDialog.css";

export function ImportDialog({ onClose }: { onClose: () => void }) {
  const backend = useBackend();
  const client = useQueryClient();
  const [text, setText] = useState("");
  const [rows, setRows] = useState<ImportRow[] | null>(null);
  const [report, setReport] = useState<BulkReport | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const creatable = rows?.filter((r) => r.problems.length === 0 && !r.exists).length ?? 0;
  const bad = rows?.filter((r) => r.problems.length > 0).length ?? 0;

  const run = async (step: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await step();
    } catch (e) {
      setError(toAppError(e));
    } finally {
      setBusy(false);
    }
  };
  const check = () => run(async () => setRows(await backend.previewImport(text)));
  const create = () =>
    run(async () => {
      setReport(await backend.runImport(text));
      void client.invalidateQueries({ queryKey: keys.serviceUsers });
      void client.invalidateQueries({ queryKey: keys.journal });
    });

  return (
    <Dialog
      title="Import service users"
      size="large"
      onClose={onClose}
      dismissable={!busy}
      testId="import-dialog"
      footer={
        report ? (
          <button type="button" className="button button-primary" onClick={onClose} data-testid="close-import">
            Close
          </button>
        ) : (
          <>
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
            <button
              type="button"
              className="button"
              disabled={busy || text.trim() === ""}
              onClick={check}
              data-testid="check-import"
            >
              Check
            </button>
            <button
              type="button"
              className="button button-primary"
              disabled={busy || !rows || creatable === 0}
              onClick={create}
              data-testid="run-import"
            >
              Create {creatable.toLocaleString()} service {creatable === 1 ? "user" : "users"}
            </button>
          </>
        )
      }
    >
      {!report && (
        <>
          <p className="muted">
            One service user per line: <code>name,policies,status</code> (policies separated by “;”, status active or
            inactive). A header line is optional.
          </p>
          <input
            type="file"
            accept=".csv,text/csv"
            aria-label="CSV file"
            data-testid="import-file"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (!file) return;
              void file.text().then((t) => {
                setText(t);
                setRows(null);
              });
            }}
          />
          <textarea
            className="import-text mono"
            aria-label="CSV content"
            rows={6}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setRows(null);
            }}
            data-testid="import-text"
          />
        </>
      )}
      {error && <ErrorNotice error={error} />}
      {rows && !report && <ImportPreview rows={rows} bad={bad} />}
      {report && <BulkSummary report={report} />}
      {report && bad > 0 && (
        <p className="muted" data-testid="import-not-sent">
          {bad.toLocaleString()} {bad === 1 ? "row was" : "rows were"} not sent because of the problems the check found.
        </p>
      )}
    </Dialog>
  );
}

function ImportPreview({ rows, bad }: { rows: ImportRow[]; bad: number }) {
  return (
    <>
      <p data-testid="import-summary">
        {rows.length.toLocaleString()} rows: {bad.toLocaleString()} with problems,{" "}
        {rows.filter((r) => r.exists).length.toLocaleString()} already existing (skipped).
      </p>
      <div className="import-preview">
        <table className="simple-table" data-testid="import-preview">
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Name</th>
              <th scope="col">Policies</th>
              <th scope="col">Status</th>
              <th scope="col">Check</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr
                key={r.line}
                className={r.problems.length ? "import-bad" : undefined}
                data-testid={`import-row-${r.line}`}
              >
                <td>{r.line}</td>
                <td className="mono">{r.name}</td>
                <td>{r.policyIds.join(", ")}</td>
                <td>{r.status ?? ""}</td>
                <td>{r.problems.length ? r.problems.join("; ") : r.exists ? "Exists: skipped" : "OK"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
