// Where a policy applies: its resources (TGRNs or `*`) and its tag conditions (all / any / none
// of eq / ne tests on node tags), edited as rows.
import type { Policy } from "../bindings/Policy";
import { type ConditionBlock, type ConditionOp, type Conditions, readConditions } from "../policyDraft";
import { PlusIcon } from "./Icons";

type Row = { block: ConditionBlock; op: ConditionOp; key: string; values: string };

function rows(conditions: Conditions): Row[] {
  return (["all", "any", "none"] as const).flatMap((block) =>
    (["eq", "ne"] as const).flatMap((op) =>
      Object.entries(conditions[block][op]).map(([key, values]) => ({ block, op, key, values: values.join(", ") })),
    ),
  );
}

function fromRows(list: Row[]): Conditions {
  const conditions = readConditions(null);
  for (const r of list) {
    conditions[r.block][r.op][r.key] = r.values
      .split(",")
      .map((v) => v.trim())
      .filter(Boolean);
  }
  return conditions;
}

export function PolicyScopeEditor({ policy, onChange }: { policy: Policy; onChange: (policy: Policy) => void }) {
  const resources = policy.resources;
  const conditionRows = rows(readConditions(policy.conditions));
  const setResources = (next: string[]) => onChange({ ...policy, resources: next });
  const setRows = (next: Row[]) => onChange({ ...policy, conditions: fromRows(next) });
  const setRow = (i: number, change: Partial<Row>) =>
    setRows(conditionRows.map((r, j) => (j === i ? { ...r, ...change } : r)));

  return (
    <>
      <h2 className="section-title">Resources</h2>
      <p className="muted">“*” is every resource; otherwise TGRNs such as tgrn:tg::nodes:node/edge-*.</p>
      {resources.map((r, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions in the list being edited.
        <div className="scope-row" key={i}>
          <input
            className="input mono"
            aria-label={`Resource ${i + 1}`}
            value={r}
            onChange={(e) => setResources(resources.map((x, j) => (j === i ? e.target.value : x)))}
            data-testid={`resource-${i}`}
          />
          <button
            type="button"
            className="button button-small"
            onClick={() => setResources(resources.filter((_, j) => j !== i))}
          >
            Remove
          </button>
        </div>
      ))}
      <div>
        <button type="button" className="button button-small" onClick={() => setResources([...resources, ""])}>
          <PlusIcon /> Add resource
        </button>
      </div>
      <h2 className="section-title">Conditions</h2>
      <p className="muted">Node tags the resource must (or must not) have, e.g. tg:node:tags:env equals prod.</p>
      {conditionRows.map((r, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions in the list being edited.
        <div className="scope-row" key={i}>
          <select
            aria-label={`Condition ${i + 1} applies when`}
            value={r.block}
            onChange={(e) => setRow(i, { block: e.target.value as ConditionBlock })}
          >
            <option value="all">All of</option>
            <option value="any">Any of</option>
            <option value="none">None of</option>
          </select>
          <input
            className="input mono"
            aria-label={`Condition ${i + 1} tag key`}
            value={r.key}
            onChange={(e) => setRow(i, { key: e.target.value })}
          />
          <select
            aria-label={`Condition ${i + 1} test`}
            value={r.op}
            onChange={(e) => setRow(i, { op: e.target.value as ConditionOp })}
          >
            <option value="eq">equals</option>
            <option value="ne">does not equal</option>
          </select>
          <input
            className="input"
            aria-label={`Condition ${i + 1} values`}
            value={r.values}
            onChange={(e) => setRow(i, { values: e.target.value })}
          />
          <button
            type="button"
            className="button button-small"
            onClick={() => setRows(conditionRows.filter((_, j) => j !== i))}
          >
            Remove
          </button>
        </div>
      ))}
      <div>
        <button
          type="button"
          className="button button-small"
          onClick={() =>
            setRows([
              ...conditionRows,
              { block: "all", op: "eq", key: `tg:node:tags:tag${conditionRows.length + 1}`, values: "" },
            ])
          }
        >
          <PlusIcon /> Add condition
        </button>
      </div>
    </>
  );
}
