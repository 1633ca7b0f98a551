// Settings: how long a copied secret stays on the clipboard.
import { useState } from "react";
import { toAppError } from "../backend";
import { RULES } from "../bindings/contract";
import { useSettings, useUpdateSettings } from "../queries";
import { Field } from "./ConnectionDialog";
import { ErrorNotice, Spinner } from "./common";
import { Dialog, FormButtons } from "./Dialog";

export function SettingsDialog({ onClose }: { onClose: () => void }) {
  const settings = useSettings();
  const update = useUpdateSettings();
  const [value, setValue] = useState<string | null>(null);
  const shown = value ?? (settings.data ? String(settings.data.clipboardSeconds) : "");
  const seconds = Number(shown);
  const { min, max } = RULES.clipboardSeconds;
  const problem =
    shown.trim() === "" || !Number.isInteger(seconds) || seconds < min || seconds > max
      ? `Enter a whole number of seconds from ${min} to ${max}.`
      : undefined;

  return (
    <Dialog
      title="Settings"
      size="small"
      onClose={onClose}
      onSubmit={() => {
        if (!problem) update.mutate({ clipboardSeconds: seconds }, { onSuccess: onClose });
      }}
      testId="settings-dialog"
      footer={<FormButtons onCancel={onClose} pending={update.isPending} disabled={!!problem} submitLabel="Save" />}
    >
      {settings.isPending && <Spinner />}
      {settings.error && <ErrorNotice error={toAppError(settings.error)} onRetry={() => void settings.refetch()} />}
      <Field
        label="Clear a copied secret from the clipboard after"
        id="clipboard-seconds"
        error={value !== null ? problem : undefined}
        hint={`Seconds, ${RULES.clipboardSeconds.min}–${RULES.clipboardSeconds.max}. Default ${RULES.clipboardSeconds.default}.`}
      >
        <div className="input-with-suffix">
          <input
            id="clipboard-seconds"
            type="number"
            min={RULES.clipboardSeconds.min}
            max={RULES.clipboardSeconds.max}
            step={1}
            value={shown}
            onChange={(e) => setValue(e.target.value)}
            data-testid="clipboard-seconds"
          />
          <span>seconds</span>
        </div>
      </Field>
      {update.error && <ErrorNotice error={toAppError(update.error)} />}
    </Dialog>
  );
}
