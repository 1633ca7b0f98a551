// Compare two connections (staging and prod, say): pick both, compare, read what differs,
// export it as Markdown or JSON through the system's save dialog, and copy what one side lacks
// across, either way.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toAppError } from "../backend";
import type { ComparisonFormat } from "../bindings/ComparisonFormat";
import { fileName } from "../format";
import { useBackend, useConnections } from "../queries";
import { keys } from "../queryKeys";
import { Breadcrumb } from "./Breadcrumb";
import { ComparisonReport } from "./ComparisonReport";
import { CopyAcrossPanel } from "./CopyAcrossPanel";
import { ErrorNotice, Spinner } from "./common";
import { PageHeading } from "./PageHeading";
import "./CompareConnectionsPage.css";

type Pair = { left: string; right: string };

export function CompareConnectionsPage() {
  const backend = useBackend();
  const connections = useConnections();
  const list = connections.data ?? [];
  const [choice, setChoice] = useState<Partial<Pair>>({});
  const left = choice.left ?? list[0]?.id ?? "";
  const right = choice.right ?? list[1]?.id ?? list[0]?.id ?? "";
  const comparing = useMutation({ mutationFn: (pair: Pair) => backend.compareConnections(pair.left, pair.right) });
  const exporting = useMutation({
    mutationFn: (v: Pair & { format: ComparisonFormat }) => backend.exportComparison(v.left, v.right, v.format),
  });
  const [leftConnection, rightConnection] = [list.find((c) => c.id === left), list.find((c) => c.id === right)];
  const queryClient = useQueryClient();
  const onCopied = () => void queryClient.invalidateQueries({ queryKey: keys.journal });
  const pick = (side: keyof Pair, id: string) => {
    setChoice((c) => ({ ...c, [side]: id }));
    comparing.reset();
    exporting.reset();
  };

  return (
    <div className="page">
      <Breadcrumb items={[{ label: "Compare connections" }]} />
      <div className="page-heading">
        <PageHeading>Compare connections</PageHeading>
      </div>
      <p className="page-intro">
        Service users and custom policies on one side only, and what differs between same-named ones — including the
        actions a user is allowed on one side and not the other.
      </p>
      {connections.isPending && <Spinner label="Loading connections" />}
      <div className="toolbar compare-pickers">
        {(["left", "right"] as const).map((side) => (
          <label key={side} className="compare-picker">
            <span>{side === "left" ? "Compare" : "with"}</span>
            <select
              value={side === "left" ? left : right}
              onChange={(e) => pick(side, e.target.value)}
              data-testid={`compare-${side}`}
            >
              {list.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
        ))}
        <button
          type="button"
          className="button button-primary"
          disabled={!left || !right || comparing.isPending}
          onClick={() => comparing.mutate({ left, right })}
          data-testid="compare-run"
        >
          {comparing.isPending && <Spinner label="Comparing" />}
          Compare
        </button>
        {comparing.data &&
          (["markdown", "json"] as const).map((format) => (
            <button
              key={format}
              type="button"
              className="button"
              disabled={exporting.isPending}
              onClick={() => exporting.mutate({ left, right, format })}
              data-testid={`compare-export-${format}`}
            >
              Export {format === "markdown" ? "Markdown" : "JSON"}…
            </button>
          ))}
        {exporting.data && (
          <span className="saved-note" role="status" title={exporting.data} data-testid="compare-exported">
            Exported to {fileName(exporting.data)}
          </span>
        )}
      </div>
      {comparing.error && (
        <ErrorNotice error={toAppError(comparing.error)} title="Could not compare the connections." />
      )}
      {exporting.error && <ErrorNotice error={toAppError(exporting.error)} title="Could not export the comparison." />}
      {comparing.data && <ComparisonReport comparison={comparing.data} />}
      {comparing.data && leftConnection && rightConnection && (
        <>
          <CopyAcrossPanel
            key={`${left}-${right}-right`}
            comparison={comparing.data}
            direction="right"
            from={leftConnection}
            to={rightConnection}
            onCopied={onCopied}
          />
          <CopyAcrossPanel
            key={`${left}-${right}-left`}
            comparison={comparing.data}
            direction="left"
            from={rightConnection}
            to={leftConnection}
            onCopied={onCopied}
          />
        </>
      )}
    </div>
  );
}
