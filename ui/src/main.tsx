// Entry point: the desktop shell's backend inside Tauri, the in-memory one in a plain browser.
// The app-wide styles first: component stylesheets, imported by each component, come after them.
import "./styles/index.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { AppRoot } from "./App";
import { type Backend, runningInTauri, tauriBackend } from "./backend";
import type { AppError } from "./bindings/AppError";
import type { FirstScreen } from "./queries";
import { listenForShortcuts } from "./shortcuts";
import { FIRST_SCREEN_WAIT_MS, markScriptStarted, preloadFirstScreen } from "./startup";
import { applyTheme, markLinux } from "./theme";

async function chooseBackend(): Promise<{
  backend: Backend;
  firstScreen?: (ms: number) => Promise<FirstScreen | null>;
}> {
  if (runningInTauri()) return preloadFirstScreen(tauriBackend);
  // Browser preview: ?users=10000 adds generated rows, ?latency=ms slows answers, ?empty starts
  // without a connection, ?fail=listServiceUsers:unauthorized makes one call fail once,
  // ?clipboard=fail makes every clipboard copy fail.
  const params = new URLSearchParams(window.location.search);
  const { createFakeBackend } = await import("./testing/fakeBackend");
  const fake = createFakeBackend({
    latencyMs: Number(params.get("latency") ?? 250),
    liveCountdown: true,
    extraUsers: Number(params.get("users") ?? 0),
    noConnection: params.has("empty"),
    clipboardFails: params.get("clipboard") === "fail",
  });
  // There is no native menu in a browser: its shortcuts go to the fake's menu.
  listenForShortcuts((command) => fake.chooseMenu(command));
  const [method, code] = (params.get("fail") ?? "").split(":");
  if (method && code) {
    fake.fail(method as keyof Backend, {
      code: code as AppError["code"],
      message: `Simulated ${code} failure`,
      details: [],
    });
  }
  return { backend: fake };
}

// The system's scheme at once, so the window never flashes light before the settings load.
applyTheme("system");
markLinux();
const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
void chooseBackend().then(async ({ backend, firstScreen }) => {
  markScriptStarted(backend);
  // The first render shows the list when its data is in, rather than a spinner to paint first.
  const seed = firstScreen ? await firstScreen(FIRST_SCREEN_WAIT_MS) : null;
  createRoot(root).render(
    <StrictMode>
      <AppRoot backend={backend} seed={seed} />
    </StrictMode>,
  );
});
