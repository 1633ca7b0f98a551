// Compare two service users side by side: the actions only one of them is allowed.
import { type FormEvent, useState } from "react";

import { toAppError } from "../backend";
import { useCompare, useServiceUsers } from "../queries";
import { routeHref } from "../route";
import { Breadcrumb } from "./Breadcrumb";
import { ErrorNotice, Spinner } from "./common";
import { PageHeading } from "./PageHeading";
import "./SimulatorPage.css";

export function ComparePage({ first: initialFirst }: { first?: string }) {
  const users = useServiceUsers();
  const compare = useCompare();
  const [first, setFirst] = useState(initialFirst ?? "");
  const [second, setSecond] = useState("");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    compare.mutate({ first, second });
  };
  const picker = (label: string, value: string, set: (v: string) => void, testId: string) => (
    <label className="field">
      <span>{label}</span>
      <select value={value} onChange={(e) => set(e.target.value)} data-testid={testId} required>
        <option value="">Choose…</option>
        {(users.data ?? []).map((u) => (
          <option key={u.name} value={u.name}>
            {u.name}
          </option>
        ))}
      </select>
    </label>
  );
  const result = compare.data;
  const shown = compare.variables;
  return (
    <div className="page">
      <Breadcrumb
        items={[
          { label: "User Management" },
          { label: "Service Users", href: routeHref({ page: "service-users" }) },
          { label: "Compare" },
        ]}
      />
      <PageHeading>Compare Service Users</PageHeading>
      <form className="simulator" onSubmit={submit} data-testid="compare">
        {picker("First service user", first, setFirst, "compare-first")}
        {picker("Second service user", second, setSecond, "compare-second")}
        <div>
          <button
            type="submit"
            className="button button-primary"
            disabled={compare.isPending}
            data-testid="compare-run"
          >
            {compare.isPending && <Spinner label="Comparing" />}
            Compare
          </button>
        </div>
      </form>
      {compare.error && <ErrorNotice error={toAppError(compare.error)} title="Could not compare." />}
      {result && shown && (
        <div data-testid="compare-result">
          <p>Both are allowed {result.both} actions.</p>
          <div className="compare-columns">
            {[
              [shown.first, result.onlyFirst],
              [shown.second, result.onlySecond],
            ].map(([name, actions]) => (
              <section key={name as string} className="statement-card">
                <h2>
                  Only {name as string} ({(actions as string[]).length})
                </h2>
                <ul>
                  {(actions as string[]).map((a) => (
                    <li key={a} className="mono">
                      {a}
                    </li>
                  ))}
                </ul>
              </section>
            ))}
          </div>
        </div>
      )}
    </div>
  );
}
