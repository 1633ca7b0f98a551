// Events from the Rust side arrive as the answers to one call that waits for them
// (`EVENT_STREAM_COMMAND`; tg-admin's `event_stream` says why it is not Tauri's `listen`). One
// reader keeps a call waiting from the first subscription on, and hands each event to the
// listeners of its name. Each call asks for the events after the last one it saw, so none is
// missed between two calls.
import type { Listen, Unsubscribe } from "./bindings/contract";
import type { EventBatch } from "./bindings/EventBatch";

/** How long the reader waits before asking again after a call failed. */
export const RETRY_MS = 1000;

/** `next(after)`: the events after number `after` (null: from now on), once there is one. */
export function createEventStream(next: (after: number | null) => Promise<EventBatch>, retryMs = RETRY_MS): Listen {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let reading = false;

  const deliver = (batch: EventBatch) => {
    for (const { name, payload } of batch.events) {
      for (const listener of [...(listeners.get(name) ?? [])]) {
        try {
          listener(payload);
        } catch (e) {
          console.error(`A listener of "${name}" failed:`, e);
        }
      }
    }
  };

  const read = async () => {
    let after: number | null = null;
    for (;;) {
      try {
        const batch = await next(after);
        after = batch.last;
        deliver(batch);
      } catch (e) {
        console.error("Events could not be read:", e);
        await new Promise((resolve) => setTimeout(resolve, retryMs));
      }
    }
  };

  return (event: string, listener: (payload: unknown) => void): Unsubscribe => {
    let named = listeners.get(event);
    if (!named) {
      named = new Set();
      listeners.set(event, named);
    }
    // Its own entry, so one function subscribed twice is two subscriptions.
    const entry = (payload: unknown) => listener(payload);
    named.add(entry);
    if (!reading) {
      reading = true;
      void read();
    }
    return () => {
      named.delete(entry);
    };
  };
}
