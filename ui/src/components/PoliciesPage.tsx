// Policies: every policy of the org with its description, statement count and how many service
// users hold it; built-ins marked read-only; search and sort; New Policy.
import { useMemo, useState } from "react";

import { toAppError } from "../backend";
import { usePolicies, useServiceUsers } from "../queries";
import { navigate, routeHref } from "../route";
import { Breadcrumb } from "./Breadcrumb";
import { ErrorNotice, FindField, RefreshButton, Spinner } from "./common";
import { PlusIcon } from "./Icons";
import { PageHeading } from "./PageHeading";
import { ariaSort, SortButton } from "./SortButton";
import "./PoliciesPage.css";

type SortKey = "name" | "statements" | "users";

export const isBuiltinPolicy = (name: string) => name.startsWith("builtin-tg-");

export function PoliciesPage() {
  const policies = usePolicies();
  const users = useServiceUsers();
  const [search, setSearch] = useState("");
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: "name", descending: false });
  const holders = useMemo(() => {
    const counts = new Map<string, number>();
    for (const u of users.data ?? []) for (const id of u.policyIds) counts.set(id, (counts.get(id) ?? 0) + 1);
    return counts;
  }, [users.data]);

  const q = search.trim().toLowerCase();
  const rows = (policies.data ?? [])
    .filter((p) => !q || p.name.toLowerCase().includes(q) || p.description.toLowerCase().includes(q))
    .map((p) => ({ policy: p, statements: p.statements.length, users: holders.get(p.name) ?? 0 }));
  rows.sort((a, b) => {
    const by =
      sort.key === "name"
        ? a.policy.name.localeCompare(b.policy.name)
        : a[sort.key] - b[sort.key] || a.policy.name.localeCompare(b.policy.name);
    return sort.descending ? -by : by;
  });
  const header = (key: SortKey, label: string) => {
    const active = sort.key === key;
    const direction = active && (sort.descending ? "desc" : "asc");
    return (
      <th aria-sort={ariaSort(direction)}>
        <SortButton
          label={label}
          direction={direction}
          onClick={() => setSort({ key, descending: active ? !sort.descending : false })}
          testId={`sort-policies-${key}`}
        />
      </th>
    );
  };

  return (
    <div className="page">
      <Breadcrumb items={[{ label: "User Management" }, { label: "Policies" }]} />
      <PageHeading>Policies</PageHeading>
      <div className="toolbar">
        <RefreshButton onClick={() => void policies.refetch()} busy={policies.isFetching} />
        <button
          type="button"
          className="button button-primary"
          onClick={() => navigate({ page: "new-policy" })}
          data-testid="new-policy"
        >
          <PlusIcon /> Create Policy
        </button>
        <div className="toolbar-spacer" />
        <FindField
          label="Search policies"
          placeholder="Search"
          value={search}
          onChange={setSearch}
          testId="search-policies"
        />
      </div>
      {policies.error && <ErrorNotice error={toAppError(policies.error)} title="Could not load the policies." />}
      {policies.isPending ? (
        <Spinner label="Loading policies" />
      ) : (
        <table className="simple-table policies-table" data-testid="policies-table">
          <thead>
            <tr>
              {header("name", "Name")}
              <th>Description</th>
              {header("statements", "Statements")}
              {header("users", "Service users")}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={4} className="table-empty">
                  No policy matches “{search}”.
                </td>
              </tr>
            )}
            {rows.map(({ policy, statements, users: count }) => (
              <tr key={policy.name} data-testid={`policy-row-${policy.name}`}>
                <td>
                  <a href={routeHref({ page: "policy", name: policy.name })} className="policy-name">
                    {policy.name}
                  </a>
                  {isBuiltinPolicy(policy.name) && <span className="badge-readonly">Built-in · read-only</span>}
                </td>
                <td className="muted">{policy.description}</td>
                <td className="numeric">{statements}</td>
                <td className="numeric">{count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
