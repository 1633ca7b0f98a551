// The menu's commands in the UI. The native menu owns the keys (Refresh Ctrl/Cmd+R, Find
// Ctrl/Cmd+F, New service user Ctrl/Cmd+N): choosing an item or pressing its shortcut arrives as a
// `MenuCommand` event, so each key is handled once, where the OS expects it. A page says what a
// command does while it is shown (`useMenuCommand`); a command no shown page handles takes the
// user to the Service Users list, which then carries it out. Tooltips name the keys
// (`withShortcut`).
import { useEffect } from "react";

import type { MenuCommand } from "./bindings/MenuCommand";
import { useBackend } from "./queries";
import { useSteady } from "./steady";

/** Each command's key, with Ctrl (Cmd on macOS); the same as the native menu's (src-tauri/src/menu.rs). */
export const SHORTCUT_KEYS: Record<MenuCommand, string> = {
  refresh: "R",
  find: "F",
  newServiceUser: "N",
};

const isMac = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.userAgent);

/** "Refresh (Ctrl+R)", or "Refresh (⌘R)" on macOS: a tooltip naming the shortcut. */
export function withShortcut(label: string, command: MenuCommand): string {
  const key = SHORTCUT_KEYS[command];
  return `${label} (${isMac ? `⌘${key}` : `Ctrl+${key}`})`;
}

/** The `aria-keyshortcuts` value of a command. */
export function ariaShortcut(command: MenuCommand): string {
  return `${isMac ? "Meta" : "Control"}+${SHORTCUT_KEYS[command]}`;
}

type Handler = () => void;
/** Per command, the handlers of the components shown, the latest last. */
const handlers = new Map<MenuCommand, Handler[]>();
/** A command sent while no page handled it, kept briefly for the page that is being opened. */
let pending: { command: MenuCommand; at: number } | null = null;
const PENDING_MS = 2000;

/**
 * While the calling component is shown, `command` runs `handler`. A `fallback` (the shell's) runs
 * only while no other shown component handles the command.
 */
export function useMenuCommand(command: MenuCommand, handler: Handler, { fallback = false } = {}) {
  // One function per component for as long as it is shown, so it can be found in the stack again.
  const run = useSteady(handler);
  useEffect(() => {
    const stack = handlers.get(command) ?? [];
    if (fallback) stack.unshift(run);
    else stack.push(run);
    handlers.set(command, stack);
    if (pending?.command === command && Date.now() - pending.at < PENDING_MS) {
      pending = null;
      run();
    }
    return () => {
      stack.splice(stack.indexOf(run), 1);
    };
  }, [command, run, fallback]);
}

/**
 * Hands the menu's commands to the component that handles them; `elsewhere` opens a page that
 * does when none is shown. Called once, by the app's shell.
 */
export function useMenuCommands(elsewhere: (command: MenuCommand) => void) {
  const backend = useBackend();
  const openElsewhere = useSteady(elsewhere);
  useEffect(
    () =>
      backend.onMenuCommand((command) => {
        const stack = handlers.get(command) ?? [];
        if (stack.length > 0) {
          stack[stack.length - 1]();
        } else {
          pending = { command, at: Date.now() };
          openElsewhere(command);
        }
      }),
    [backend, openElsewhere],
  );
}

/**
 * The shortcuts in a plain browser (the preview has no native menu): Ctrl/Cmd+key sends the same
 * command the menu would. Returns the function that stops listening.
 */
export function listenForShortcuts(send: (command: MenuCommand) => void): () => void {
  const onKey = (e: KeyboardEvent) => {
    if (!(isMac ? e.metaKey : e.ctrlKey) || e.altKey || e.shiftKey) return;
    const command = (Object.keys(SHORTCUT_KEYS) as MenuCommand[]).find((c) => SHORTCUT_KEYS[c] === e.key.toUpperCase());
    if (!command) return;
    e.preventDefault();
    send(command);
  };
  window.addEventListener("keydown", onKey);
  return () => window.removeEventListener("keydown", onKey);
}
