// Where a rotation delivers each user's new keys, chosen once per run: a file per user (the
// native save dialog asks where), the clipboard one user at a time with the countdown, and the
// saved delivery targets.
import { ToggleGroup } from "radix-ui";

import type { RotationDelivery } from "../bindings/RotationDelivery";
import type { SecretFileFormat } from "../bindings/SecretFileFormat";
import { useDeliveryTargets } from "../queries";
import { Checkbox } from "./Checkbox";

export type DeliveryChoice = { toFile: boolean; format: SecretFileFormat; clipboard: boolean; targetIds: string[] };

export const DEFAULT_CHOICE: DeliveryChoice = { toFile: false, format: "env", clipboard: true, targetIds: [] };

/** What the run is asked to do. */
export function toDelivery(choice: DeliveryChoice): RotationDelivery {
  return { file: choice.toFile ? choice.format : null, clipboard: choice.clipboard, targetIds: choice.targetIds };
}

/** Whether the choice delivers anywhere at all. */
export function choosesSomething(choice: DeliveryChoice): boolean {
  return choice.toFile || choice.clipboard || choice.targetIds.length > 0;
}

type Props = {
  choice: DeliveryChoice;
  onChange: (choice: DeliveryChoice) => void;
  disabled: boolean;
};

export function RotationDeliveryChoices({ choice, onChange, disabled }: Props) {
  const targets = useDeliveryTargets();
  const set = (change: Partial<DeliveryChoice>) => onChange({ ...choice, ...change });
  return (
    <fieldset className="rotate-delivery" disabled={disabled}>
      <legend>Deliver the new keys</legend>
      <div className="rotate-choice">
        <Checkbox
          id="rotate-file"
          checked={choice.toFile}
          onCheckedChange={(toFile) => set({ toFile })}
          data-testid="rotate-file"
        />
        <label htmlFor="rotate-file">Save each user's keys to a file (you choose where, per user)</label>
        <ToggleGroup.Root
          type="single"
          className="segmented"
          aria-label="File format"
          value={choice.format}
          onValueChange={(value) => value && set({ format: value as SecretFileFormat })}
        >
          <ToggleGroup.Item value="env" className="segment">
            .env
          </ToggleGroup.Item>
          <ToggleGroup.Item value="json" className="segment">
            JSON
          </ToggleGroup.Item>
        </ToggleGroup.Root>
      </div>
      <div className="rotate-choice">
        <Checkbox
          id="rotate-clipboard"
          checked={choice.clipboard}
          onCheckedChange={(clipboard) => set({ clipboard })}
          data-testid="rotate-clipboard"
        />
        <label htmlFor="rotate-clipboard">Copy to the clipboard, one user at a time, with the countdown</label>
      </div>
      {targets.data?.map((target) => (
        <div key={target.id} className="rotate-choice">
          <Checkbox
            id={`rotate-target-${target.id}`}
            checked={choice.targetIds.includes(target.id)}
            onCheckedChange={(on) =>
              set({
                targetIds: on ? [...choice.targetIds, target.id] : choice.targetIds.filter((id) => id !== target.id),
              })
            }
            data-testid={`rotate-target-${target.name}`}
          />
          <label htmlFor={`rotate-target-${target.id}`}>
            Deliver to {target.name} <code>{target.command}</code>
          </label>
        </div>
      ))}
    </fieldset>
  );
}
