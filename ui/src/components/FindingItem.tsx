// One key-hygiene finding: its severity, its sentence, the fix as a button, and "Accept…" with a
// reason. Shared by the Findings panel and the service-user page.
import { useState } from "react";
import { toAppError } from "../backend";
import type { Finding } from "../bindings/Finding";
import type { FindingFix } from "../bindings/FindingFix";
import { useAcceptFinding } from "../queries";
import { ErrorNotice } from "./common";
import "./FindingItem.css";

const SEVERITY_WORD: Record<Finding["severity"], string> = { high: "High", medium: "Medium", low: "Low" };

export function fixLabel(fix: FindingFix): string {
  switch (fix.kind) {
    case "detach":
      return `Detach ${fix.policyIds.join(", ")}`;
    case "disable":
      return "Disable…";
    case "delete":
      return "Delete…";
    case "rotate":
      return "Regenerate keys…";
  }
}

export function SeverityBadge({ severity }: { severity: Finding["severity"] }) {
  return <span className={`severity severity-${severity}`}>{SEVERITY_WORD[severity]}</span>;
}

type Props = { finding: Finding; onFix: (finding: Finding) => void; showUser?: boolean };

export function FindingItem({ finding, onFix, showUser = true }: Props) {
  const [accepting, setAccepting] = useState(false);
  const [reason, setReason] = useState("");
  const accept = useAcceptFinding();
  const id = `${finding.user}-${finding.kind}`;
  return (
    <li className="finding" data-testid={`finding-${id}`}>
      <div className="finding-head">
        <SeverityBadge severity={finding.severity} />
        {showUser && <span className="mono finding-user">{finding.user}</span>}
      </div>
      <p className="finding-message">{finding.message}</p>
      <div className="finding-actions">
        {finding.fix && (
          <button
            type="button"
            className="button button-small"
            onClick={() => onFix(finding)}
            data-testid={`fix-${id}`}
          >
            {fixLabel(finding.fix)}
          </button>
        )}
        {!accepting && (
          <button
            type="button"
            className="button button-small"
            onClick={() => setAccepting(true)}
            data-testid={`accept-${id}`}
          >
            Accept…
          </button>
        )}
      </div>
      {accepting && (
        <form
          className="finding-accept"
          onSubmit={(e) => {
            e.preventDefault();
            accept.mutate({ user: finding.user, kind: finding.kind, reason });
          }}
        >
          <label htmlFor={`reason-${id}`}>Why is this acceptable?</label>
          <input
            id={`reason-${id}`}
            type="text"
            value={reason}
            maxLength={500}
            onChange={(e) => setReason(e.target.value)}
            data-testid={`reason-${id}`}
          />
          <button type="submit" className="button button-small button-primary" disabled={reason.trim() === ""}>
            Accept finding
          </button>
          <button type="button" className="button button-small" onClick={() => setAccepting(false)}>
            Cancel
          </button>
          {accept.error && <ErrorNotice error={toAppError(accept.error)} />}
        </form>
      )}
    </li>
  );
}

/** The badge in a list row: how many findings, coloured by the most urgent. */
export function FindingsBadge({ findings }: { findings: Finding[] }) {
  const worst = findings[0].severity;
  const text = `${findings.length} ${findings.length === 1 ? "finding" : "findings"}`;
  return (
    <span
      className={`findings-badge severity-${worst}`}
      role="img"
      title={findings.map((f) => f.message).join("\n")}
      aria-label={`${text}, most urgent ${SEVERITY_WORD[worst].toLowerCase()}`}
      data-testid="findings-badge"
    >
      {findings.length}
    </span>
  );
}
