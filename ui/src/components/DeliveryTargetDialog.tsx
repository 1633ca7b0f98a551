// Adding or changing a delivery target. Saving a new or changed command opens a confirmation
// drawn by the system, outside this window, that shows the exact command: only what the
// administrator allowed there is ever run.
import { useState } from "react";
import { toAppError } from "../backend";
import { RULES } from "../bindings/contract";
import type { DeliveryTarget } from "../bindings/DeliveryTarget";
import { useSaveDeliveryTarget } from "../queries";
import { Field } from "./ConnectionDialog";
import { ErrorNotice } from "./common";
import { Dialog, FormButtons } from "./Dialog";

const EXAMPLES = [
  "gh secret set TG_CLIENT_SECRET --repo acme/deploy",
  "vault kv put secret/tg/{name} client_secret=-",
  "kubectl create secret generic tg-{name} --from-file=secret=/dev/stdin",
];

export function DeliveryTargetDialog({ target, onClose }: { target?: DeliveryTarget; onClose: () => void }) {
  const save = useSaveDeliveryTarget();
  const { min, max, default: fallback } = RULES.deliveryTimeoutSeconds;
  const [name, setName] = useState(target?.name ?? "");
  const [command, setCommand] = useState(target?.command ?? "");
  const [timeout, setTimeout] = useState(String(target?.timeoutSeconds ?? fallback));
  const [declined, setDeclined] = useState(false);
  const seconds = Number(timeout);
  const timeoutProblem =
    !Number.isInteger(seconds) || seconds < min || seconds > max
      ? `Enter a whole number of seconds from ${min} to ${max}.`
      : undefined;
  const ready = name.trim() !== "" && command.trim() !== "" && !timeoutProblem;
  const commandChanged = command.trim() !== (target?.confirmedCommand ?? null);

  const submit = () => {
    if (!ready) return;
    setDeclined(false);
    save.mutate(
      { id: target?.id, name, command, timeoutSeconds: seconds },
      { onSuccess: (saved) => (saved ? onClose() : setDeclined(true)) },
    );
  };

  return (
    <Dialog
      title={target ? `Edit delivery target “${target.name}”` : "Add delivery target"}
      onClose={onClose}
      onSubmit={submit}
      testId="delivery-target-dialog"
      description="The command runs without a shell. The new Client Secret is written to its standard input, never to its arguments or environment."
      footer={
        <FormButtons
          onCancel={onClose}
          pending={save.isPending}
          pendingLabel="Waiting for your confirmation"
          disabled={!ready}
          submitLabel={commandChanged ? "Save and confirm…" : "Save"}
        />
      }
    >
      <Field label="Name" id="target-name">
        <input
          id="target-name"
          value={name}
          maxLength={64}
          onChange={(e) => setName(e.target.value)}
          data-testid="target-name"
          data-autofocus
        />
      </Field>
      <Field
        label="Command"
        id="target-command"
        hint="{name} is replaced by the service user's name and {clientId} by its Client ID."
      >
        <textarea
          id="target-command"
          className="mono"
          rows={3}
          value={command}
          onChange={(e) => setCommand(e.target.value)}
          placeholder={EXAMPLES[0]}
          spellCheck={false}
          data-testid="target-command"
        />
      </Field>
      <details className="examples">
        <summary>Examples</summary>
        <ul>
          {EXAMPLES.map((example) => (
            <li key={example}>
              <code>{example}</code>
            </li>
          ))}
        </ul>
      </details>
      <Field label="Timeout" id="target-timeout" error={timeoutProblem}>
        <div className="input-with-suffix">
          <input
            id="target-timeout"
            type="number"
            min={min}
            max={max}
            step={1}
            value={timeout}
            onChange={(e) => setTimeout(e.target.value)}
            data-testid="target-timeout"
          />
          <span>seconds</span>
        </div>
      </Field>
      {declined && (
        <p className="note" role="status" data-testid="target-declined">
          Not saved: the command was not allowed in the confirmation.
        </p>
      )}
      {save.error && <ErrorNotice error={toAppError(save.error)} title="Could not save the delivery target." />}
    </Dialog>
  );
}
