// The permission picker: every catalog action grouped by area (collapsible), a search box, and
// per action an Allow and a Deny toggle, as the portal's policy editor shows them.
import { useState } from "react";
import type { CatalogEntry } from "../bindings/CatalogEntry";
import { areaTitle, groupCatalog, type TreeEffect } from "../policyDraft";
import { SearchField } from "./common";
import { CheckIcon, CrossIcon } from "./Icons";
import "./PermissionTree.css";

export function PermissionTree({
  catalog,
  state,
  onChange,
}: {
  catalog: CatalogEntry[];
  state: Map<string, TreeEffect>;
  onChange: (action: string, effect: TreeEffect | null) => void;
}) {
  const [search, setSearch] = useState("");
  const groups = groupCatalog(catalog, search);
  return (
    <div className="permission-tree" data-testid="permission-tree">
      <SearchField
        label="Search permissions"
        placeholder="Search"
        value={search}
        onChange={setSearch}
        block
        testId="permission-search"
      />
      <div className="permission-tree-groups">
        {groups.length === 0 && <p className="muted">No action matches “{search}”.</p>}
        {groups.map(([area, actions]) => (
          <details key={area} open={search.trim() !== "" || undefined} className="permission-area">
            <summary>
              {areaTitle(area)}{" "}
              <span className="muted">
                {actions.filter((a) => state.has(a.name)).length}/{actions.length}
              </span>
            </summary>
            <ul>
              {actions.map((a) => {
                const effect = state.get(a.name) ?? null;
                const toggle = (to: TreeEffect) => onChange(a.name, effect === to ? null : to);
                return (
                  <li key={a.name} className="permission-row" data-testid={`perm-${a.name}`}>
                    <span className="permission-toggles">
                      <button
                        type="button"
                        className={`perm-toggle perm-allow${effect === "allow" ? " on" : ""}`}
                        aria-pressed={effect === "allow"}
                        aria-label={`Allow ${a.name}`}
                        onClick={() => toggle("allow")}
                        data-testid={`allow-${a.name}`}
                      >
                        <CheckIcon />
                      </button>
                      <button
                        type="button"
                        className={`perm-toggle perm-deny${effect === "deny" ? " on" : ""}`}
                        aria-pressed={effect === "deny"}
                        aria-label={`Deny ${a.name}`}
                        onClick={() => toggle("deny")}
                        data-testid={`deny-${a.name}`}
                      >
                        <CrossIcon />
                      </button>
                    </span>
                    <span className="permission-name mono">{a.name}</span>
                    <span className="permission-description muted">{a.description}</span>
                  </li>
                );
              })}
            </ul>
          </details>
        ))}
      </div>
    </div>
  );
}
