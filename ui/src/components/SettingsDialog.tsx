// Settings: what the app would otherwise decide silently. Every bound comes from RULES and is
// checked again in Rust; a value out of range shows its message here before anything is sent.
import { useState } from "react";
import { toAppError } from "../backend";
import type { Bounds } from "../bindings/Bounds";
import { RULES } from "../bindings/contract";
import type { Settings } from "../bindings/Settings";
import type { Theme } from "../bindings/Theme";
import { useSettings, useUpdateSettings } from "../queries";
import { Field } from "./ConnectionDialog";
import { ErrorNotice, Spinner } from "./common";
import { Dialog, FormButtons } from "./Dialog";
import { SandboxReset } from "./SandboxReset";
import "./SettingsDialog.css";

type Draft = {
  clipboardSeconds: string;
  keyAgeDays: string;
  bulkConcurrency: string;
  theme: Theme;
  confirmBulkEnable: boolean;
  keysFolder: string;
};

function draftOf(s: Settings): Draft {
  return {
    clipboardSeconds: String(s.clipboardSeconds),
    keyAgeDays: String(s.keyAgeDays),
    bulkConcurrency: String(s.bulkConcurrency),
    theme: s.theme,
    confirmBulkEnable: s.confirmBulkEnable,
    keysFolder: s.keysFolder ?? "",
  };
}

/** Why `text` is not a whole number within `bounds`, or undefined. */
export function boundsProblem(text: string, bounds: Bounds, unit: string): string | undefined {
  const value = Number(text);
  if (text.trim() === "" || !Number.isInteger(value) || value < bounds.min || value > bounds.max)
    return `Enter a whole number of ${unit} from ${bounds.min} to ${bounds.max}.`;
  return undefined;
}

const THEMES: { value: Theme; label: string }[] = [
  { value: "system", label: "System" },
  { value: "light", label: "Light" },
  { value: "dark", label: "Dark" },
];

export function SettingsDialog({ onClose }: { onClose: () => void }) {
  const settings = useSettings();
  const update = useUpdateSettings();
  const [edited, setEdited] = useState<Draft | null>(null);
  const draft = edited ?? (settings.data ? draftOf(settings.data) : null);
  const change = (patch: Partial<Draft>) => draft && setEdited({ ...draft, ...patch });
  const problems = draft
    ? {
        clipboardSeconds: boundsProblem(draft.clipboardSeconds, RULES.clipboardSeconds, "seconds"),
        keyAgeDays: boundsProblem(draft.keyAgeDays, RULES.keyAgeDays, "days"),
        bulkConcurrency: boundsProblem(draft.bulkConcurrency, RULES.bulkConcurrency, "requests"),
      }
    : null;
  const invalid = !draft || !problems || Object.values(problems).some((p) => p !== undefined);
  const shown = (key: keyof NonNullable<typeof problems>) => (edited !== null ? problems?.[key] : undefined);

  return (
    <Dialog
      title="Settings"
      onClose={onClose}
      onSubmit={() => {
        if (invalid || !draft) return;
        update.mutate(
          {
            clipboardSeconds: Number(draft.clipboardSeconds),
            keyAgeDays: Number(draft.keyAgeDays),
            bulkConcurrency: Number(draft.bulkConcurrency),
            theme: draft.theme,
            confirmBulkEnable: draft.confirmBulkEnable,
            keysFolder: draft.keysFolder.trim() === "" ? null : draft.keysFolder.trim(),
          },
          { onSuccess: onClose },
        );
      }}
      testId="settings-dialog"
      footer={<FormButtons onCancel={onClose} pending={update.isPending} disabled={invalid} submitLabel="Save" />}
    >
      {settings.isPending && <Spinner />}
      {settings.error && <ErrorNotice error={toAppError(settings.error)} onRetry={() => void settings.refetch()} />}
      {draft && (
        <div className="settings-grid">
          <NumberField
            id="clipboard-seconds"
            label="Clear a copied secret from the clipboard after"
            unit="seconds"
            bounds={RULES.clipboardSeconds}
            value={draft.clipboardSeconds}
            error={shown("clipboardSeconds")}
            onChange={(clipboardSeconds) => change({ clipboardSeconds })}
          />
          <NumberField
            id="key-age-days"
            label="Report keys older than"
            unit="days"
            bounds={RULES.keyAgeDays}
            value={draft.keyAgeDays}
            error={shown("keyAgeDays")}
            onChange={(keyAgeDays) => change({ keyAgeDays })}
          />
          <NumberField
            id="bulk-concurrency"
            label="Bulk actions send at most"
            unit="requests at once"
            bounds={RULES.bulkConcurrency}
            value={draft.bulkConcurrency}
            error={shown("bulkConcurrency")}
            onChange={(bulkConcurrency) => change({ bulkConcurrency })}
          />
          <fieldset className="field settings-theme">
            <legend>Theme</legend>
            <div className="settings-choices">
              {THEMES.map((t) => (
                <label key={t.value} className="settings-choice">
                  <input
                    type="radio"
                    className="radio"
                    name="theme"
                    value={t.value}
                    checked={draft.theme === t.value}
                    onChange={() => change({ theme: t.value })}
                    data-testid={`theme-${t.value}`}
                  />
                  {t.label}
                </label>
              ))}
            </div>
          </fieldset>
          <label className="settings-check">
            <input
              type="checkbox"
              className="checkbox"
              checked={draft.confirmBulkEnable}
              onChange={(e) => change({ confirmBulkEnable: e.target.checked })}
              data-testid="confirm-bulk-enable"
            />
            Ask before enabling several service users at once
          </label>
          <Field
            label="Save key files in"
            id="keys-folder"
            hint="The folder the save dialog opens in, by its full path. Empty lets the system choose."
          >
            <input
              id="keys-folder"
              type="text"
              spellCheck={false}
              placeholder="System default"
              value={draft.keysFolder}
              onChange={(e) => change({ keysFolder: e.target.value })}
              data-testid="keys-folder"
            />
          </Field>
        </div>
      )}
      {update.error && <ErrorNotice error={toAppError(update.error)} />}
      <SandboxReset />
    </Dialog>
  );
}

type NumberFieldProps = {
  id: string;
  label: string;
  unit: string;
  bounds: Bounds;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
};

function NumberField({ id, label, unit, bounds, value, error, onChange }: NumberFieldProps) {
  return (
    <Field label={label} id={id} error={error} hint={`${bounds.min}–${bounds.max} ${unit}. Default ${bounds.default}.`}>
      <div className="input-with-suffix">
        <input
          id={id}
          type="number"
          min={bounds.min}
          max={bounds.max}
          step={1}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          data-testid={id}
        />
        <span>{unit}</span>
      </div>
    </Field>
  );
}
