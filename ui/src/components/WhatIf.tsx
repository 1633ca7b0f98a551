// What-if mode of Effective Permissions: tick policies to attach, untick held ones to detach, and
// see the actions gained and lost (computed in Rust by tg-policy); Apply makes the change.
import { useEffect, useState } from "react";

import { toAppError } from "../backend";
import type { ServiceUser } from "../bindings/ServiceUser";
import { useAttachPolicy, useDetachPolicy, usePolicies, useWhatIf } from "../queries";
import { ErrorNotice, Spinner } from "./common";

export function WhatIf({ user }: { user: ServiceUser }) {
  const policies = usePolicies();
  const whatIf = useWhatIf();
  const attach = useAttachPolicy();
  const detach = useDetachPolicy();
  const [ticked, setTicked] = useState<Set<string>>(() => new Set(user.policyIds));
  const toAttach = [...ticked].filter((p) => !user.policyIds.includes(p));
  const toDetach = user.policyIds.filter((p) => !ticked.has(p));
  const key = `${toAttach.join(",")}|${toDetach.join(",")}`;
  const { mutate } = whatIf;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for both lists.
  useEffect(() => {
    mutate({ name: user.name, attach: toAttach, detach: toDetach });
  }, [key, user.name, mutate]);

  const apply = async () => {
    for (const policyId of toAttach) await attach.mutateAsync({ name: user.name, policyId });
    for (const policyId of toDetach) await detach.mutateAsync({ name: user.name, policyId });
  };
  const busy = attach.isPending || detach.isPending;
  const change = whatIf.data;
  return (
    <div className="what-if notice" data-testid="what-if">
      <fieldset className="fieldset">
        <legend>Policies this user would hold</legend>
        {(policies.data ?? []).map((p) => (
          <label key={p.name} className="what-if-policy">
            <input
              type="checkbox"
              className="checkbox"
              checked={ticked.has(p.name)}
              onChange={(e) => {
                const next = new Set(ticked);
                if (e.target.checked) next.add(p.name);
                else next.delete(p.name);
                setTicked(next);
              }}
              data-testid={`what-if-${p.name}`}
            />{" "}
            {p.name}
          </label>
        ))}
      </fieldset>
      {whatIf.isPending && <Spinner label="Comparing" />}
      {whatIf.error && <ErrorNotice error={toAppError(whatIf.error)} title="Could not compare." />}
      {change && (
        <div className="what-if-result" data-testid="what-if-result">
          {change.gained.length === 0 && change.lost.length === 0 ? (
            <p>No action would change.</p>
          ) : (
            <>
              <p>
                <strong className="effect-allow">Gained ({change.gained.length}):</strong>{" "}
                <span data-testid="what-if-gained">{change.gained.join(", ") || "none"}</span>
              </p>
              <p>
                <strong className="effect-deny">Lost ({change.lost.length}):</strong>{" "}
                <span data-testid="what-if-lost">{change.lost.join(", ") || "none"}</span>
              </p>
            </>
          )}
        </div>
      )}
      {(attach.error || detach.error) && (
        <ErrorNotice error={toAppError(attach.error ?? detach.error)} title="Could not apply the change." />
      )}
      <button
        type="button"
        className="button button-primary"
        disabled={busy || (toAttach.length === 0 && toDetach.length === 0)}
        onClick={() => void apply().catch(() => {})}
        data-testid="what-if-apply"
      >
        {busy && <Spinner label="Applying" />}
        Apply: attach {toAttach.length}, detach {toDetach.length}
      </button>
    </div>
  );
}
