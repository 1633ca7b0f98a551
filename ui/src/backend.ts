// The one seam between the UI and the desktop shell.
//
// The `Backend` interface and the client over Tauri's `invoke` are generated from the Rust
// contract (bindings/contract.ts), so no command or event name is written by hand here. This
// module adds what the generated client leaves to the caller: every rejection becomes an
// `AppError`, and the subscriptions read the contract's event stream (eventStream.ts). It is the
// only module that imports `@tauri-apps/*`; tests and the browser preview use the in-memory fake.
import { invoke } from "@tauri-apps/api/core";

import type { AppError } from "./bindings/AppError";
import { type Backend, createBackend, ERROR_CODES, EVENT_STREAM_COMMAND, type Unsubscribe } from "./bindings/contract";
import type { ErrorCode } from "./bindings/ErrorCode";
import type { EventBatch } from "./bindings/EventBatch";
import { createEventStream } from "./eventStream";

export type { Backend, Unsubscribe };

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && (ERROR_CODES as readonly string[]).includes(value);
}

/**
 * Turns whatever a command rejected with into an AppError. Commands reject with an AppError
 * object; anything else (a bug, a plugin failure) becomes `internal` so the UI can still branch
 * on `code` and never has to parse messages.
 */
export function toAppError(e: unknown): AppError {
  if (typeof e === "object" && e !== null) {
    const candidate = e as Partial<Record<keyof AppError, unknown>>;
    if (isErrorCode(candidate.code) && typeof candidate.message === "string") {
      const details = Array.isArray(candidate.details)
        ? candidate.details.filter((d): d is string => typeof d === "string")
        : [];
      return { code: candidate.code, message: candidate.message, details };
    }
    if (e instanceof Error) {
      return { code: "internal", message: e.message, details: [] };
    }
  }
  if (typeof e === "string" && e.length > 0) {
    return { code: "internal", message: e, details: [] };
  }
  return { code: "internal", message: "Something went wrong.", details: [] };
}

/**
 * Whether an error says the API is out of reach (as opposed to refusing the request). The
 * window's unreachable banner says so once for every page, so a page does not say it again.
 */
export function isUnreachable(error: AppError): boolean {
  return error.code === "network" || error.code === "timeout";
}

async function call(command: string, args: Record<string, unknown>): Promise<unknown> {
  try {
    return await invoke(command, args);
  } catch (e) {
    throw toAppError(e);
  }
}

const listen = createEventStream((after) => call(EVENT_STREAM_COMMAND, { after }) as Promise<EventBatch>);

export const tauriBackend: Backend = createBackend(call, listen);

/** True inside the desktop app; false in a plain browser (the preview uses the in-memory backend). */
export function runningInTauri(): boolean {
  return typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;
}
