// "Credential report": every service user's status, policies, Client ID, key age and findings,
// saved as CSV or JSON where the user chooses (never a secret: the API lists none).
import { useMutation } from "@tanstack/react-query";
import { memo } from "react";
import { toAppError } from "../backend";
import type { ReportFormat } from "../bindings/ReportFormat";
import { fileName } from "../format";
import { useBackend } from "../queries";
import { ErrorNotice } from "./common";
import { Menu } from "./Menu";

/** Memoised: it takes no props, and the list page above it renders again on every filter click. */
export const CredentialReport = memo(function CredentialReport() {
  const backend = useBackend();
  const save = useMutation({ mutationFn: (format: ReportFormat) => backend.exportCredentialReport(format) });
  return (
    <div className="credential-report">
      <Menu
        label={save.isPending ? "Saving report…" : "Credential report"}
        testId="credential-report"
        disabled={save.isPending}
        items={[
          { label: "Save as CSV…", testId: "report-csv", onSelect: () => save.mutate("csv") },
          { label: "Save as JSON…", testId: "report-json", onSelect: () => save.mutate("json") },
        ]}
      />
      {save.data && (
        <span className="saved-note" title={save.data} data-testid="report-path">
          Saved to {fileName(save.data)}
        </span>
      )}
      {save.error && <ErrorNotice error={toAppError(save.error)} title="Could not save the credential report." />}
    </div>
  );
});
