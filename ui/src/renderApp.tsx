// The React app, loaded by main.tsx while the first screen's data is on its way: React, TanStack
// Query and every component are in this module's chunk, not in the first script.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

import { AppRoot } from "./App";
import type { Backend } from "./backend";
import { startLight } from "./components/lightStart";
import type { FirstScreen } from "./startup";

/** Renders the app into `root`; `seed` is the first screen's data when it is already in. */
export function renderApp(root: HTMLElement, backend: Backend, seed: FirstScreen | null) {
  startLight();
  createRoot(root).render(
    <StrictMode>
      <AppRoot backend={backend} seed={seed} />
    </StrictMode>,
  );
}
