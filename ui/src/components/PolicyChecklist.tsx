// A filterable list of policies with checkboxes, used when creating a user and when attaching.
import { useState } from "react";
import type { Policy } from "../bindings/Policy";
import { Checkbox } from "./Checkbox";
import { SearchField } from "./common";
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
      <SearchField
        label="Filter policies"
        placeholder="Filter policies"
        value={filter}
        onChange={setFilter}
        // Enter in the filter should not submit the dialog.
        onKeyDown={(e) => e.key === "Enter" && e.preventDefault()}
        testId="policy-filter"
        block
      />
      <ul className="checklist" aria-label="Policies">
        {policies.length === 0 && <li className="checklist-empty">{emptyText}</li>}
        {policies.length > 0 && shown.length === 0 && (
          <li className="checklist-empty">No policy matches “{filter}”.</li>
        )}
        {shown.map((p) => (
          <li key={p.name}>
            <div className="checklist-item">
              <Checkbox
                id={`policy-${p.name}`}
                checked={selected.includes(p.name)}
                onCheckedChange={() => toggle(p.name)}
                // Named by the policy's name alone; its description describes it.
                aria-labelledby={`policy-name-${p.name}`}
                aria-describedby={p.description ? `policy-description-${p.name}` : undefined}
                data-testid={`policy-option-${p.name}`}
              />
              <label className="checklist-text" htmlFor={`policy-${p.name}`}>
                <span className="checklist-name" id={`policy-name-${p.name}`}>
                  {p.name}
                </span>
                {p.description && (
                  <span className="checklist-description" id={`policy-description-${p.name}`}>
                    {p.description}
                  </span>
                )}
              </label>
            </div>
          </li>
        ))}
      </ul>
      {selected.length > 0 && <p className="field-hint">{selected.length} selected</p>}
    </div>
  );
}
