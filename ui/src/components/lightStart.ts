// The app's first screen is painted before any Radix UI primitive mounts: the first mount of a
// tooltip or a menu runs code that JavaScriptCore has not compiled yet, and with the top bar's and
// toolbar's primitives in it the list was painted later (the `startup-list-painted` mark).
// Until `endLightStart` (soon after the first paint, or at once on a click on a menu's button),
// Tooltip shows only its trigger and Menu only its button, looking and named the same.
import { useSyncExternalStore } from "react";
import { flushSync } from "react-dom";

/** What can hold the keyboard focus, in document order. */
const FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]";

let light = false;
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** True while the first screen is shown without its primitives. */
export function useLightStart(): boolean {
  return useSyncExternalStore(subscribe, () => light);
}

/** Called once before the app's first render; without it (tests, the preview) nothing is light. */
export function startLight() {
  light = true;
}

/**
 * Mounts the primitives. A trigger that had the keyboard focus is a new element afterwards; the
 * focus goes to the element in its place among the focusable ones.
 */
export function endLightStart() {
  if (!light) return;
  const focusables = () => Array.from(document.querySelectorAll<HTMLElement>(FOCUSABLE));
  const active = document.activeElement;
  const place = active instanceof HTMLElement ? focusables().indexOf(active) : -1;
  light = false;
  flushSync(() => {
    for (const listener of listeners) listener();
  });
  // Unless something took it meanwhile, as an opening menu takes it into its list.
  const lost = !active?.isConnected && document.activeElement === document.body;
  if (place >= 0 && lost) focusables()[place]?.focus();
}
