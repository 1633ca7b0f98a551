// A filterable list of policies with checkboxes, used when creating a user and when attaching.
import { useState } from "react";
import type { Policy } from "../bindings/Policy";
import { Checkbox } from "./Checkbox";
import { SearchIcon } from "./Icons";
import "./PolicyChecklist.css";

type Props = { policies: Policy[]; selected: string[]; onChange: (ids: string[]) => void; emptyText?: string };

export function PolicyChecklist({ policies, selected, onChange, emptyText = "No policies." }: Props) {
  const [filter, setFilter] = useState("");
  const q = filter.trim().toLowerCase();
  const shown = q
    ? policies.filter((p) => p.name.toLowerCase().includes(q) || p.description.toLowerCase().includes(q))
    : policies;
  const toggle = (id: string) => onChange(selected.includes(id) ? selected.filter((s) => s !== id) : [...selected, id]);
  return (
    <div className="policy-checklist">
      <label className="search search-block">
        <SearchIcon />
        <input
          type="search"
          placeholder="Filter policies"
          aria-label="Filter policies"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          onKeyDown={(e) => {
            // Enter in the filter should not submit the dialog.
            if (e.key === "Enter") e.preventDefault();
          }}
          data-testid="policy-filter"
        />
      </label>
      <ul className="checklist" aria-label="Policies">
        {policies.length === 0 && <li className="checklist-empty">{emptyText}</li>}
        {policies.length > 0 && shown.length === 0 && (
          <li className="checklist-empty">No policy matches “{filter}”.</li>
        )}
        {shown.map((p) => (
          <li key={p.name}>
            <label className="checklist-item">
              <Checkbox
                checked={selected.includes(p.name)}
                onCheckedChange={() => toggle(p.name)}
                aria-labelledby={`policy-name-${p.name}`}
                data-testid={`policy-option-${p.name}`}
              />
              <span className="checklist-text">
                <span className="checklist-name" id={`policy-name-${p.name}`}>
                  {p.name}
                </span>
                {p.description && <span className="checklist-description">{p.description}</span>}
              </span>
            </label>
          </li>
        ))}
      </ul>
      {selected.length > 0 && <p className="field-hint">{selected.length} selected</p>}
    </div>
  );
}
