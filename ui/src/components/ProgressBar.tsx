// A progress bar on Radix UI's Progress: role=progressbar with its value and maximum. Its own
// module, out of common.tsx: only dialogs show one, and the first screen's chunk need not hold it.
import { Progress } from "radix-ui";

/** `value` of `max`, named `label`; `warning` draws it in the warning colour. */
export function ProgressBar({
  value,
  max,
  label,
  warning,
}: {
  value: number;
  max: number;
  label: string;
  warning?: boolean;
}) {
  const fraction = max > 0 ? Math.max(0, Math.min(1, value / max)) : 0;
  return (
    <Progress.Root
      className={warning ? "progress progress-warning" : "progress"}
      value={value}
      max={max}
      aria-label={label}
    >
      <Progress.Indicator className="progress-bar" style={{ width: `${fraction * 100}%` }} />
    </Progress.Root>
  );
}
