// Create or edit a custom policy: name and description, the permission tree, resources and tag
// conditions on the left, the Policy JSON on the right, both views of one policy (policyDraft).
// The server's 422 messages are listed above the form.
import { type FormEvent, lazy, Suspense, useMemo, useState } from "react";

import { toAppError } from "../backend";
import type { Policy } from "../bindings/Policy";
import {
  newPolicy,
  parsePolicyJson,
  patterns,
  policyToJson,
  readConditions,
  setActionEffect,
  treeState,
} from "../policyDraft";
import { useCatalog, usePolicy, useSavePolicy } from "../queries";
import { navigate, routeHref } from "../route";
import { Breadcrumb } from "./Breadcrumb";
import { ErrorNotice, Spinner } from "./common";
import { PageHeading } from "./PageHeading";
import { PermissionTree } from "./PermissionTree";
import { PolicyScopeEditor } from "./PolicyScopeEditor";
import "./PolicyEditorPage.css";

// CodeMirror is about a third of the app's script and only this page shows it: it is fetched when
// the page first opens rather than parsed at every start of the app.
const PolicyJsonEditor = lazy(() => import("./PolicyJsonEditor").then((m) => ({ default: m.PolicyJsonEditor })));

export function PolicyEditorPage({ name }: { name?: string }) {
  const existing = usePolicy(name ?? "");
  if (name && existing.isPending) return <Spinner label="Loading policy" />;
  if (name && !existing.data)
    return <ErrorNotice error={toAppError(existing.error)} title={`Could not load policy ${name}.`} />;
  const initial = name && existing.data ? existing.data : newPolicy();
  return <PolicyForm key={name ?? "new"} initial={initial} creating={!name} />;
}

function PolicyForm({ initial, creating }: { initial: Policy; creating: boolean }) {
  const catalog = useCatalog();
  const save = useSavePolicy(creating);
  const [policy, setPolicy] = useState<Policy>(() => ({ ...initial, conditions: readConditions(initial.conditions) }));
  const [text, setText] = useState(() => policyToJson(policy));
  const [jsonError, setJsonError] = useState<string | null>(null);
  const state = useMemo(() => treeState(policy), [policy]);

  /** A change from the form or the tree: the JSON is printed from it. */
  const update = (next: Policy) => {
    setPolicy(next);
    setText(policyToJson(next));
    setJsonError(null);
  };
  /** Typing in the JSON pane: valid JSON becomes the policy, invalid JSON keeps the last one. */
  const typed = (value: string) => {
    setText(value);
    const parsed = parsePolicyJson(value);
    if (parsed.policy) {
      setPolicy(creating ? parsed.policy : { ...parsed.policy, name: initial.name });
      setJsonError(null);
    } else setJsonError(parsed.error);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (jsonError) return;
    save.mutate(policy, { onSuccess: (saved) => navigate({ page: "policy", name: saved.name }) });
  };
  const title = creating ? "New Policy" : `Edit ${initial.name}`;
  const held = patterns(policy);

  return (
    <div className="page">
      <Breadcrumb
        items={[
          { label: "User Management" },
          { label: "Policies", href: routeHref({ page: "policies" }) },
          ...(creating ? [] : [{ label: initial.name, href: routeHref({ page: "policy", name: initial.name }) }]),
          { label: creating ? "New" : "Edit" },
        ]}
      />
      <PageHeading>{title}</PageHeading>
      <form className="policy-editor" onSubmit={submit} data-testid="policy-editor">
        {save.error && (
          <ErrorNotice
            error={toAppError(save.error)}
            title={`Could not ${creating ? "create" : "save"} the policy.`}
            testId="policy-save-error"
          />
        )}
        <div className="policy-editor-columns">
          <div className="policy-editor-form">
            <h2 className="section-title">Policy</h2>
            <label className="field">
              <span>Name</span>
              <input
                className="input"
                value={policy.name}
                readOnly={!creating}
                onChange={(e) => update({ ...policy, name: e.target.value })}
                data-testid="policy-name"
              />
            </label>
            <label className="field">
              <span>Description</span>
              <input
                className="input"
                value={policy.description}
                onChange={(e) => update({ ...policy, description: e.target.value })}
                data-testid="policy-description"
              />
            </label>
            <h2 className="section-title">Permissions</h2>
            {catalog.data ? (
              <PermissionTree
                catalog={catalog.data}
                state={state}
                onChange={(action, effect) => update(setActionEffect(policy, action, effect))}
              />
            ) : (
              <Spinner label="Loading actions" />
            )}
            {held.length > 0 && (
              <p className="muted" data-testid="policy-patterns">
                Also in the JSON:{" "}
                {held.map((p) => (
                  <code key={`${p.effect}${p.pattern}`}>
                    {p.effect} {p.pattern}
                  </code>
                ))}
              </p>
            )}
            <PolicyScopeEditor policy={policy} onChange={update} />
          </div>
          <div className="policy-editor-json">
            <h2 className="section-title">Policy JSON</h2>
            <Suspense fallback={<Spinner label="Loading the JSON editor" />}>
              <PolicyJsonEditor value={text} onChange={typed} label="Policy JSON" />
            </Suspense>
            {jsonError && (
              <p className="field-error" role="alert" data-testid="policy-json-error">
                {jsonError} The permission tree shows the last valid JSON.
              </p>
            )}
          </div>
        </div>
        <div className="policy-editor-buttons">
          <button
            type="button"
            className="button"
            onClick={() => navigate(creating ? { page: "policies" } : { page: "policy", name: initial.name })}
          >
            Cancel
          </button>
          <button
            type="submit"
            className="button button-primary"
            disabled={save.isPending || jsonError !== null}
            data-testid="save-policy"
          >
            {save.isPending && <Spinner label="Saving" />}
            {creating ? "Create Policy" : "Save Policy"}
          </button>
        </div>
      </form>
    </div>
  );
}
