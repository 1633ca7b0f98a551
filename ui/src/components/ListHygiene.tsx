// Above the list: the key-age chart (its bars filter the list) and the findings toggle and
// panel button. Memoised, with the count of users with findings worked out once per report: the
// list page renders again on every keystroke, sort and selection, and none of them changes this.
import { memo, useMemo } from "react";
import type { FindingsReport } from "../bindings/FindingsReport";
import type { ServiceUser } from "../bindings/ServiceUser";
import type { KeyAgeBucket } from "../keyAge";
import { CredentialReport } from "./CredentialReport";
import { KeyAgeChart } from "./KeyAgeChart";
import "./ListHygiene.css";

type Props = {
  users: ServiceUser[];
  nowSeconds: number;
  thresholdDays: number;
  bucket: KeyAgeBucket | null;
  onBucket: (bucket: KeyAgeBucket | null) => void;
  report: FindingsReport | undefined;
  onlyFindings: boolean;
  onOnlyFindings: (only: boolean) => void;
  onOpenFindings: () => void;
};

export const ListHygiene = memo(function ListHygiene(props: Props) {
  const { report } = props;
  const users = useMemo(() => (report ? new Set(report.findings.map((f) => f.user)).size : 0), [report]);
  return (
    <div className="list-hygiene">
      <KeyAgeChart
        users={props.users}
        nowSeconds={props.nowSeconds}
        thresholdDays={props.thresholdDays}
        selected={props.bucket}
        onSelect={props.onBucket}
      />
      <div className="hygiene-findings">
        <button
          type="button"
          className="button"
          onClick={props.onOpenFindings}
          disabled={!report}
          data-testid="open-findings"
        >
          Findings{report ? ` (${report.findings.length.toLocaleString()})` : "…"}
        </button>
        <label className="hygiene-toggle">
          <input
            type="checkbox"
            className="checkbox"
            checked={props.onlyFindings}
            disabled={!report}
            onChange={(e) => props.onOnlyFindings(e.target.checked)}
            data-testid="only-findings"
          />
          Only users with findings{report ? ` (${users.toLocaleString()})` : ""}
        </label>
      </div>
      <CredentialReport />
    </div>
  );
});
