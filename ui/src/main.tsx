// Entry point, kept small: inside Tauri it asks for the first screen's data at once (startup.ts)
// and loads the React app (renderApp.tsx, its own chunk, which index.html already fetches) while
// the answers are on their way; in a plain browser the app runs on the in-memory backend.
// The app-wide styles first: component stylesheets, imported by each component, come after them.
import "./styles/index.css";
import { runningInTauri, tauriBackend } from "./backend";
import { FIRST_SCREEN_WAIT_MS, markScriptStarted, preloadFirstScreen } from "./startup";
import { applyTheme, markLinux } from "./theme";

// The system's scheme at once, so the window never flashes light before the settings load.
applyTheme("system");
markLinux();
const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
const app = import("./renderApp");

if (runningInTauri()) {
  const { backend, firstScreen } = preloadFirstScreen(tauriBackend);
  markScriptStarted(backend);
  // The first render shows the list when its data is in, rather than a spinner to paint first.
  void Promise.all([app, firstScreen(FIRST_SCREEN_WAIT_MS)]).then(([{ renderApp }, seed]) =>
    renderApp(root, backend, seed),
  );
} else {
  void Promise.all([app, import("./testing/preview")]).then(([{ renderApp }, { previewBackend }]) =>
    renderApp(root, previewBackend(window.location.search), null),
  );
}
