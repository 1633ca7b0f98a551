// The backend of the UI in a plain browser (`npm run dev`): the in-memory fake, shaped by the
// page's query string. Loaded only there, so the desktop app never loads the fake.
import type { Backend } from "../backend";
import type { AppError } from "../bindings/AppError";
import { listenForShortcuts } from "../shortcuts";
import { createFakeBackend } from "./fakeBackend";
import { appError } from "./fakeInputChecks";

/**
 * ?users=10000 adds generated rows, ?latency=ms slows answers, ?empty starts without a
 * connection, ?fail=listServiceUsers:unauthorized makes one call fail once, ?clipboard=fail
 * makes every clipboard copy fail.
 */
export function previewBackend(search: string): Backend {
  const params = new URLSearchParams(search);
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
    fake.fail(method as keyof Backend, appError(code as AppError["code"], `Simulated ${code} failure`));
  }
  return fake;
}
