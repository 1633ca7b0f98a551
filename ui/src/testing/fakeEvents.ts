// One of the fake's events (bulk progress, rotation progress, the clipboard countdown, the native
// menu). The app subscribes through the Backend's on* methods; the fake's commands and the tests
// emit, where the desktop side would send a Tauri event.
import type { Unsubscribe } from "../backend";

export class EventChannel<T> {
  private readonly listeners = new Set<(value: T) => void>();

  listen(cb: (value: T) => void): Unsubscribe {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  emit(value: T): void {
    for (const cb of this.listeners) cb(value);
  }
}
