// A checkbox: the native control (role="checkbox", Space toggles, "mixed" while indeterminate),
// drawn the same in light and dark with a visible focus ring. Native rather than Radix UI's
// primitive: the list's select-all is on the first screen, where a primitive's first mount costs
// the start (lightStart.ts), and the rows' checkboxes were native already.
import { useLayoutEffect, useRef } from "react";
import "./Checkbox.css";

type Props = {
  checked: boolean | "indeterminate";
  onCheckedChange?: (checked: boolean) => void;
  disabled?: boolean;
  id?: string;
  "aria-label"?: string;
  "aria-labelledby"?: string;
  "aria-describedby"?: string;
  "data-testid"?: string;
};

export function Checkbox({ checked, onCheckedChange, ...rest }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const indeterminate = checked === "indeterminate";
  // Only a property (HTML has no attribute for it), and a click clears it: set on every render.
  useLayoutEffect(() => {
    if (input.current) input.current.indeterminate = indeterminate;
  });
  return (
    <input
      ref={input}
      type="checkbox"
      className="checkbox"
      checked={checked === true}
      onChange={(event) => onCheckedChange?.(event.target.checked)}
      {...rest}
    />
  );
}
