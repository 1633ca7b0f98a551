// The colour scheme: the Settings choice (system / light / dark) put on <html data-theme>, which
// the design tokens key on. "system" follows the operating system, also when it changes while
// the app runs.
import { useEffect } from "react";
import type { Theme } from "./bindings/Theme";

const darkQuery = () => window.matchMedia?.("(prefers-color-scheme: dark)");

/** Marks a Linux webview (`data-os="linux"`), whose font tokens.css chooses for a faster first frame. */
export function markLinux(userAgent: string = navigator.userAgent) {
  if (/Linux/.test(userAgent) && !/Android/.test(userAgent)) document.documentElement.dataset.os = "linux";
}

/** Sets `data-theme` to `light` or `dark` for `theme`; returns a function that stops following the system. */
export function applyTheme(theme: Theme): () => void {
  const root = document.documentElement;
  if (theme !== "system") {
    root.dataset.theme = theme;
    return () => {};
  }
  const query = darkQuery();
  const follow = () => {
    root.dataset.theme = query?.matches ? "dark" : "light";
  };
  follow();
  query?.addEventListener?.("change", follow);
  return () => query?.removeEventListener?.("change", follow);
}

/** Keeps the document's theme on `theme` (the system's until the settings have loaded). */
export function useTheme(theme: Theme | undefined) {
  useEffect(() => applyTheme(theme ?? "system"), [theme]);
}
