// A checkbox on Radix UI's Checkbox primitive (role="checkbox", Space toggles, "mixed" when only
// some of what it stands for is checked), drawn the same in light and dark with a visible focus ring.
import { Checkbox as RadixCheckbox } from "radix-ui";
import type { MouseEvent } from "react";
import { CheckIcon, MinusIcon } from "./Icons";
import "./Checkbox.css";

type Props = {
  checked: boolean | "indeterminate";
  onCheckedChange?: (checked: boolean) => void;
  /** Sees the click first, for modifiers such as Shift; call `preventDefault()` to handle it alone. */
  onClick?: (event: MouseEvent<HTMLButtonElement>) => void;
  disabled?: boolean;
  id?: string;
  "aria-label"?: string;
  "aria-labelledby"?: string;
  "aria-describedby"?: string;
  "data-testid"?: string;
};

export function Checkbox({ checked, onCheckedChange, onClick, ...rest }: Props) {
  return (
    <RadixCheckbox.Root
      className="checkbox"
      checked={checked}
      onCheckedChange={(value) => onCheckedChange?.(value === true)}
      onClick={onClick}
      {...rest}
    >
      <RadixCheckbox.Indicator className="checkbox-indicator">
        {checked === "indeterminate" ? <MinusIcon /> : <CheckIcon />}
      </RadixCheckbox.Indicator>
    </RadixCheckbox.Root>
  );
}
