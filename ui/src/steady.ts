// A callback that keeps its identity from render to render yet always runs the latest code, for
// handlers given to memoised components (which would render again for a new function each time)
// or kept by a subscription (which would be renewed for each), that must still see the current
// state when they run.
import { useCallback, useLayoutEffect, useRef } from "react";

export function useSteady<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  const latest = useRef(fn);
  useLayoutEffect(() => {
    latest.current = fn;
  });
  return useCallback((...args: A) => latest.current(...args), []);
}
