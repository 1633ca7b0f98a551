// The one open key handoff belongs to the app shell, not to the page that asked for the keys:
// if the user leaves that page while the keys are being generated, the new secret (shown only
// once) must still reach them wherever they are.
import { createContext, useContext } from "react";
import type { KeyHandoff } from "./bindings/KeyHandoff";

export const OpenHandoffContext = createContext<((handoff: KeyHandoff) => void) | null>(null);

/** Shows the secret panel for a new handoff at the shell level. */
export function useOpenHandoff(): (handoff: KeyHandoff) => void {
  const open = useContext(OpenHandoffContext);
  if (!open) throw new Error("useOpenHandoff needs an OpenHandoffContext provider");
  return open;
}
