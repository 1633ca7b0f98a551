// The Activity page's filter bar (action, user, first and last day) and its export buttons.
import type { ActivityFilter } from "../bindings/ActivityFilter";

type Props = {
  filter: ActivityFilter;
  onChange: (filter: ActivityFilter) => void;
  actions: string[];
  problem: string | null;
};

export function ActivityFilters({ filter, onChange, actions, problem }: Props) {
  const set = (patch: Partial<ActivityFilter>) => onChange({ ...filter, ...patch });
  const text = (value: string) => (value.trim() === "" ? null : value);
  return (
    <div className="activity-filters" data-testid="activity-filters">
      <label>
        Action
        <select
          value={filter.action ?? ""}
          onChange={(e) => set({ action: text(e.target.value) })}
          data-testid="filter-action"
        >
          <option value="">Any</option>
          {actions.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </label>
      <label>
        User
        <input
          type="text"
          value={filter.user ?? ""}
          placeholder="Any"
          onChange={(e) => set({ user: text(e.target.value) })}
          data-testid="filter-user"
        />
      </label>
      <label>
        From
        <input
          type="date"
          value={filter.from ?? ""}
          onChange={(e) => set({ from: text(e.target.value) })}
          data-testid="filter-from"
        />
      </label>
      <label>
        To
        <input
          type="date"
          value={filter.to ?? ""}
          onChange={(e) => set({ to: text(e.target.value) })}
          data-testid="filter-to"
        />
      </label>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
