// The Permissions Simulator: a service user (or a set of policies), an action, optionally a
// resource and its tags; the answer is tg-policy's (the engine the sandbox enforces with), with
// the statement that decided it quoted.
import { type FormEvent, useState } from "react";

import { toAppError } from "../backend";
import type { Simulation } from "../bindings/Simulation";
import { useCatalog, usePolicies, useServiceUsers, useSimulate } from "../queries";
import { routeHref } from "../route";
import { Breadcrumb } from "./Breadcrumb";
import { ErrorNotice, Spinner } from "./common";
import { VerdictIcon } from "./EffectivePermissions";
import { PageHeading } from "./PageHeading";
import "./PermissionTree.css";
import "./SimulatorPage.css";

const VERDICT_TEXT = { allowed: "Allowed", denied: "Denied", notGranted: "Not granted (implicitly denied)" };

export function SimulatorPage() {
  const users = useServiceUsers();
  const policies = usePolicies();
  const catalog = useCatalog();
  const simulate = useSimulate();
  const [who, setWho] = useState<"user" | "policies">("user");
  const [user, setUser] = useState("");
  const [picked, setPicked] = useState<string[]>([]);
  const [action, setAction] = useState("");
  const [resource, setResource] = useState("");
  const [tags, setTags] = useState("");

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const simulation: Simulation = {
      serviceUser: who === "user" ? user : undefined,
      policyIds: who === "policies" ? picked : [],
      action,
      resource: resource.trim() || undefined,
      tags: tags
        .split(",")
        .map((t) => t.trim())
        .filter(Boolean)
        .map((t) => {
          const [name, ...value] = t.split("=");
          return { name: name.trim(), value: value.join("=").trim() };
        }),
    };
    simulate.mutate(simulation);
  };
  const result = simulate.data;

  return (
    <div className="page">
      <Breadcrumb items={[{ label: "User Management" }, { label: "Permissions Simulator" }]} />
      <PageHeading>Permissions Simulator</PageHeading>
      <form className="simulator" onSubmit={submit} data-testid="simulator">
        <fieldset className="fieldset">
          <legend>Whose permissions</legend>
          <label>
            <input type="radio" className="radio" checked={who === "user"} onChange={() => setWho("user")} /> A service
            user
          </label>
          <label>
            <input type="radio" className="radio" checked={who === "policies"} onChange={() => setWho("policies")} /> A
            set of policies
          </label>
        </fieldset>
        {who === "user" ? (
          <label className="field">
            <span>Service user</span>
            <select value={user} onChange={(e) => setUser(e.target.value)} data-testid="sim-user" required>
              <option value="">Choose…</option>
              {(users.data ?? []).map((u) => (
                <option key={u.name} value={u.name}>
                  {u.name}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <label className="field">
            <span>Policies</span>
            <select
              multiple
              value={picked}
              onChange={(e) => setPicked([...e.target.selectedOptions].map((o) => o.value))}
              data-testid="sim-policies"
            >
              {(policies.data ?? []).map((p) => (
                <option key={p.name} value={p.name}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="field">
          <span>Action</span>
          <input
            className="input mono"
            list="sim-actions"
            value={action}
            onChange={(e) => setAction(e.target.value)}
            placeholder="nodes::read"
            data-testid="sim-action"
            required
          />
          <datalist id="sim-actions">
            {(catalog.data ?? []).map((a) => (
              <option key={a.name} value={a.name}>
                {a.description}
              </option>
            ))}
          </datalist>
        </label>
        <label className="field">
          <span>Resource (optional TGRN; empty is the whole organisation)</span>
          <input
            className="input mono"
            value={resource}
            onChange={(e) => setResource(e.target.value)}
            placeholder="tgrn:tg::nodes:node/edge-1"
            data-testid="sim-resource"
          />
        </label>
        <label className="field">
          <span>Node tags (optional, name=value, comma separated)</span>
          <input
            className="input mono"
            value={tags}
            onChange={(e) => setTags(e.target.value)}
            placeholder="env=prod"
            data-testid="sim-tags"
          />
        </label>
        <div>
          <button type="submit" className="button button-primary" disabled={simulate.isPending} data-testid="sim-run">
            {simulate.isPending && <Spinner label="Simulating" />}
            Simulate
          </button>
        </div>
      </form>
      {simulate.error && <ErrorNotice error={toAppError(simulate.error)} title="Could not simulate." />}
      {result && (
        <section
          className={`sim-result sim-${result.verdict}`}
          data-testid="sim-result"
          data-verdict={result.verdict}
          aria-live="polite"
        >
          <h2>
            <VerdictIcon verdict={result.verdict} /> {VERDICT_TEXT[result.verdict]}
          </h2>
          {result.decidedBy && result.statement ? (
            <p data-testid="sim-decided-by">
              Decided by statement {result.decidedBy.statement + 1} of{" "}
              <a href={routeHref({ page: "policy", name: result.decidedBy.policy })}>{result.decidedBy.policy}</a>:{" "}
              <code>
                {result.statement.effect} {result.statement.actions.join(", ")}
              </code>
            </p>
          ) : (
            <p>
              No statement of {result.policies.length === 0 ? "any policy (none held)" : result.policies.join(", ")}{" "}
              allows it.
            </p>
          )}
          {result.elsewhere.length > 0 && (
            <p className="muted">
              Also about this action, limited to other resources or tags:{" "}
              {result.elsewhere.map((s) => `${s.policy} (statement ${s.statement + 1})`).join(", ")}
            </p>
          )}
        </section>
      )}
    </div>
  );
}
