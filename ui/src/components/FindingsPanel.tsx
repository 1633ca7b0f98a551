// The Findings panel: every key-hygiene finding of the org, most urgent first, each with its fix,
// and the findings accepted earlier with their reasons (which can be reported again).
import { toAppError } from "../backend";
import type { Finding } from "../bindings/Finding";
import type { FindingsReport } from "../bindings/FindingsReport";
import { useUnacceptFinding } from "../queries";
import { ErrorNotice } from "./common";
import { Dialog } from "./Dialog";
import { FindingItem } from "./FindingItem";

type Props = {
  report: FindingsReport;
  onFix: (finding: Finding) => void;
  onClose: () => void;
};

export function FindingsPanel({ report, onFix, onClose }: Props) {
  const unaccept = useUnacceptFinding();
  const users = new Set(report.findings.map((f) => f.user)).size;
  return (
    <Dialog
      title="Findings"
      size="large"
      onClose={onClose}
      testId="findings-panel"
      footer={
        <button type="button" className="button button-primary" onClick={onClose} data-autofocus>
          Close
        </button>
      }
    >
      <p className="muted" data-testid="findings-summary">
        {report.findings.length === 0
          ? "No findings: every service user follows the practices this app checks."
          : `${report.findings.length.toLocaleString()} findings about ${users.toLocaleString()} service users. Keys count as old after ${report.keyAgeDays} days (Settings).`}
      </p>
      <ul className="finding-list" data-testid="findings-list">
        {report.findings.map((f) => (
          <FindingItem key={`${f.user}-${f.kind}`} finding={f} onFix={onFix} />
        ))}
      </ul>
      {report.accepted.length > 0 && (
        <section>
          <h3>Accepted</h3>
          <ul className="finding-list" data-testid="accepted-findings">
            {report.accepted.map((a) => (
              <li key={`${a.user}-${a.kind}`} className="finding">
                <span>
                  <span className="mono finding-user">{a.user}</span> · {a.kind.replaceAll("-", " ")}: “{a.reason}”
                </span>
                <span>
                  <button
                    type="button"
                    className="button button-small"
                    onClick={() => unaccept.mutate({ user: a.user, kind: a.kind })}
                  >
                    Report again
                  </button>
                </span>
              </li>
            ))}
          </ul>
          {unaccept.error && <ErrorNotice error={toAppError(unaccept.error)} />}
        </section>
      )}
    </Dialog>
  );
}
