// The service-user page's Effective Permissions: every catalog action by area, allowed / denied /
// not granted, "from <policy>" (tg-policy decides, in Rust); a filter; and a what-if mode: tick
// policies to attach or detach and see the actions gained and lost before saving anything.
import { useLayoutEffect, useMemo, useState } from "react";

import { toAppError } from "../backend";
import type { EffectivePermission } from "../bindings/EffectivePermission";
import type { ServiceUser } from "../bindings/ServiceUser";
import { areaTitle } from "../policyDraft";
import { EFFECTIVE_RENDERED_MARK, useEffectivePermissions } from "../queries";
import { ErrorNotice, SearchField, Spinner } from "./common";
import { DetailSection } from "./DetailSection";
import { WhatIf } from "./WhatIf";
import "./PermissionTree.css";

type Filter = "all" | "allowed" | "denied" | "notGranted";

const LABELS: Record<EffectivePermission["verdict"], string> = {
  allowed: "Allowed",
  denied: "Denied",
  notGranted: "Not granted",
};

/**
 * A check, cross or dash drawn by CSS (PermissionTree.css): the list shows one per action, and
 * 79 inline SVG icons cost more to build than the rest of their rows.
 */
export function VerdictIcon({ verdict }: { verdict: EffectivePermission["verdict"] }) {
  return (
    <span className={`verdict verdict-${verdict}`} role="img" aria-label={LABELS[verdict]} title={LABELS[verdict]} />
  );
}

export function EffectivePermissions({ user }: { user: ServiceUser }) {
  const rows = useEffectivePermissions(user.name);
  const [filter, setFilter] = useState<Filter>("all");
  const [search, setSearch] = useState("");
  const [whatIf, setWhatIf] = useState(false);
  const groups = useMemo(() => group(rows.data ?? [], filter, search), [rows.data, filter, search]);
  // After the rows are in the DOM, before the browser paints them: the benchmark's end mark.
  useLayoutEffect(() => {
    if (rows.data) performance.mark(EFFECTIVE_RENDERED_MARK);
  }, [rows.data]);
  const counts = useMemo(() => {
    const c = { allowed: 0, denied: 0, notGranted: 0 };
    for (const r of rows.data ?? []) c[r.verdict]++;
    return c;
  }, [rows.data]);

  return (
    <DetailSection title="Effective Permissions" testId="effective-permissions">
      <div className="toolbar">
        <label>
          Show{" "}
          <select value={filter} onChange={(e) => setFilter(e.target.value as Filter)} data-testid="effective-filter">
            <option value="all">All actions ({rows.data?.length ?? 0})</option>
            <option value="allowed">Only allowed ({counts.allowed})</option>
            <option value="denied">Only denied ({counts.denied})</option>
            <option value="notGranted">Only not granted ({counts.notGranted})</option>
          </select>
        </label>
        <button
          type="button"
          className={`button${whatIf ? " button-primary" : ""}`}
          aria-pressed={whatIf}
          onClick={() => setWhatIf(!whatIf)}
          data-testid="what-if-toggle"
        >
          What if…
        </button>
        <div className="toolbar-spacer" />
        <SearchField label="Search actions" placeholder="Search" value={search} onChange={setSearch} />
      </div>
      {whatIf && <WhatIf user={user} />}
      {rows.error && <ErrorNotice error={toAppError(rows.error)} title="Could not work out the permissions." />}
      {rows.isPending && <Spinner label="Working out permissions" />}
      <div className="permission-tree-groups effective-list" data-testid="effective-list">
        {rows.data && groups.length === 0 && <p className="muted">No action matches.</p>}
        {groups.map(([area, actions]) => (
          <details key={area} open className="permission-area">
            <summary>{areaTitle(area)}</summary>
            <ul>
              {actions.map((r) => (
                <li
                  key={r.action}
                  className="permission-row"
                  data-testid={`effective-${r.action}`}
                  data-verdict={r.verdict}
                >
                  <VerdictIcon verdict={r.verdict} />
                  <span className="permission-name mono">{r.action}</span>
                  <span className="permission-description muted">
                    {r.description}
                    {r.decidedBy && ` - from ${r.decidedBy.policy}`}
                    {!r.decidedBy &&
                      r.elsewhere.length > 0 &&
                      ` - on some resources only, from ${r.elsewhere[0].policy}`}
                  </span>
                </li>
              ))}
            </ul>
          </details>
        ))}
      </div>
    </DetailSection>
  );
}

function group(rows: EffectivePermission[], filter: Filter, search: string): [string, EffectivePermission[]][] {
  const q = search.trim().toLowerCase();
  const groups = new Map<string, EffectivePermission[]>();
  for (const r of rows) {
    if (filter !== "all" && r.verdict !== filter) continue;
    if (q && !r.action.includes(q) && !r.description.toLowerCase().includes(q)) continue;
    const list = groups.get(r.area) ?? [];
    list.push(r);
    groups.set(r.area, list);
  }
  return [...groups.entries()];
}
