// Entry point: the desktop shell's backend inside Tauri, the in-memory one in a plain browser.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { AppRoot } from "./App";
import { runningInTauri, tauriBackend, type Backend } from "./backend";
import "./styles.css";

async function chooseBackend(): Promise<Backend> {
  if (runningInTauri()) return tauriBackend;
  // Browser preview: ?users=10000 adds generated rows, ?latency=ms slows answers, ?empty=1 starts without a connection.
  const params = new URLSearchParams(window.location.search);
  const { createFakeBackend } = await import("./testing/fakeBackend");
  return createFakeBackend({
    latencyMs: Number(params.get("latency") ?? 250),
    liveCountdown: true,
    extraUsers: Number(params.get("users") ?? 0),
    noConnection: params.has("empty"),
  });
}

void chooseBackend().then((backend) => {
  createRoot(document.getElementById("root")!).render(
    <StrictMode>
      <AppRoot backend={backend} />
    </StrictMode>,
  );
});
