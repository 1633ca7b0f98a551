// The app's first screen is painted before any Radix UI primitive mounts: the first mount of a
// tooltip or a menu runs code that JavaScriptCore has not compiled yet, and with the top bar's and
// toolbar's primitives in it the list was painted later (the `startup-list-painted` mark).
// Until `endLightStart` (soon after the first paint, or at once on a click on a menu's button),
// Tooltip shows only its trigger and Menu only its button, looking and named the same. A press
// under way at that moment is let finish first: its button would be a new element between the
// press and the release, and the click would be lost.
import { useSyncExternalStore } from "react";
import { flushSync } from "react-dom";

/** What can hold the keyboard focus, in document order. */
const FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]";

let light = false;
const listeners = new Set<() => void>();
/** A pointer is down, and whether the light start is to end once it is released. */
let pressing = false;
let endOnRelease = false;

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
  pressing = false;
  endOnRelease = false;
  for (const [type, listener] of PRESS_LISTENERS) document.addEventListener(type, listener, true);
}

function pressed() {
  pressing = true;
}

function released() {
  pressing = false;
  if (!endOnRelease) return;
  endOnRelease = false;
  // After the click this release makes, which the browser sends in the same task.
  setTimeout(endLightStart);
}

const PRESS_LISTENERS = [
  ["pointerdown", pressed],
  ["pointerup", released],
  ["pointercancel", released],
] as const;

/**
 * Mounts the primitives. A trigger that had the keyboard focus is a new element afterwards; the
 * focus goes to the element in its place among the focusable ones.
 */
export function endLightStart() {
  if (!light) return;
  if (pressing) {
    endOnRelease = true;
    return;
  }
  for (const [type, listener] of PRESS_LISTENERS) document.removeEventListener(type, listener, true);
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
