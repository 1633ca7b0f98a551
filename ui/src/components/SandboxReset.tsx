// Settings' "Reset demo data": puts the embedded sandbox back as it started, after a confirmation.
import { useState } from "react";
import { toAppError } from "../backend";
import { useConnections, useRecoverSandbox } from "../queries";
import { ConfirmDialog } from "./ConfirmDialog";
import "./SandboxReset.css";

export function SandboxReset() {
  const connections = useConnections();
  const reset = useRecoverSandbox(true);
  const [confirming, setConfirming] = useState(false);
  if (!(connections.data ?? []).some((c) => c.embedded)) return null;
  return (
    <section className="settings-section" aria-labelledby="sandbox-reset-heading">
      <h3 id="sandbox-reset-heading">Local sandbox</h3>
      <p className="field-hint">
        Puts the demo service users and policies back, removes everything added since, and gives the sandbox new admin
        keys. Real organisations are not touched.
      </p>
      <button type="button" className="button" onClick={() => setConfirming(true)} data-testid="reset-demo-data">
        Reset demo data…
      </button>
      {confirming && (
        <ConfirmDialog
          title="Reset the local sandbox's demo data?"
          confirmLabel="Reset demo data"
          danger
          pending={reset.isPending}
          error={reset.error ? toAppError(reset.error) : null}
          onCancel={() => setConfirming(false)}
          onConfirm={() =>
            reset.mutate(undefined, {
              onSuccess: () => setConfirming(false),
            })
          }
          testId="reset-sandbox-confirm"
        >
          <p>Every service user and policy created in the sandbox is removed and the demo data is added again.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
