// On first start the app shows the embedded sandbox's demo data; this says so, and where to go
// for a real organisation. Dismissing it is remembered (a plain flag: nothing secret).
import { useState } from "react";

const DISMISSED_KEY = "sandbox-hint-dismissed";

function dismissedBefore(): boolean {
  try {
    return window.localStorage.getItem(DISMISSED_KEY) === "1";
  } catch {
    return false;
  }
}

export function SandboxHint({ onAdd }: { onAdd: () => void }) {
  const [dismissed, setDismissed] = useState(dismissedBefore);
  if (dismissed) return null;
  const dismiss = () => {
    setDismissed(true);
    try {
      window.localStorage.setItem(DISMISSED_KEY, "1");
    } catch {
      // Storage refused: the hint just comes back next start.
    }
  };
  return (
    <div className="banner banner-info" role="note" data-testid="sandbox-hint">
      <span>
        You are looking at demo data in a local sandbox. To manage your Trustgrid organisation, choose{" "}
        <strong>Add connection…</strong>.
      </span>
      <button
        type="button"
        className="button button-small button-primary"
        onClick={onAdd}
        data-testid="hint-add-connection"
      >
        Add connection…
      </button>
      <button type="button" className="button button-small" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}
