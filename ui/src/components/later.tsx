// Screens and dialogs the first screen does not show, each loaded as a chunk of its own: the
// script the list waits for at start has less to parse, and every such chunk is fetched soon
// after the first paint (`soonAfterPaint`, in the Shell), so opening one later waits for nothing.
//
// Not React.lazy alone: a lazy component suspends on its first render even when its chunk is
// already in, and its fallback would flash. Here a component whose chunk has loaded renders at
// once; only one opened before its chunk arrives is a lazy one, waiting under the nearest
// Suspense boundary.
import { type ComponentType, lazy } from "react";

const loads: (() => Promise<unknown>)[] = [];

/** A component from a chunk loaded later; `load` imports the chunk and picks the component. */
export function later<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<ComponentType<P>> | null = null;
  const fetch = () => {
    loading ??= load().then(
      (component) => {
        loaded = component;
        return component;
      },
      (error: unknown) => {
        loading = null;
        throw error;
      },
    );
    return loading;
  };
  loads.push(fetch);
  // Only until the chunk is in: React's own way of waiting for it under Suspense.
  const Lazy = lazy(() => fetch().then((component) => ({ default: component })));
  // biome-ignore lint/correctness/noComponentHookFactories: made once per screen, at module level, as React.lazy makes its components.
  function Later(props: P) {
    const Component = loaded ?? Lazy;
    return <Component {...props} />;
  }
  return Later;
}

/**
 * Fetches every later chunk not yet in, settling once all have arrived or failed (a failed one
 * is fetched again when its screen opens).
 */
export async function loadLaterScreens(): Promise<void> {
  await Promise.allSettled(loads.map((load) => load()));
}
