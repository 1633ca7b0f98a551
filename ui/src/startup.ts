// The app's start: the first screen's data is asked for as soon as the script runs, and marks
// tell the Rust side when the script runs and when the Service Users list has painted its first
// rows. The shell logs the marks, so `cargo xtask bench` can time a launch to the list on screen
// without a timer inside the app. Each mark is sent once per run of the app. The same steps are
// also performance marks (startup-script, startup-list-committed, startup-list-frame,
// startup-list-painted), so a timeline in the Web Inspector shows which one a slow start waits on.
import { useEffect } from "react";

import type { Backend } from "./backend";
import { type FirstScreen, useBackend } from "./queries";
import { parseRoute } from "./route";

let listShown = false;

/** After the next paint: a frame callback runs before painting, a task queued from it after. */
function afterPaint(run: () => void) {
  requestAnimationFrame(() => {
    performance.mark("startup-list-frame");
    setTimeout(run, 0);
  });
}

export function markScriptStarted(backend: Backend) {
  performance.mark("startup-script");
  void backend.startupMark({ stage: "scriptStarted" }).catch(() => {});
}

/** Sends "list shown" once the list has rows in the DOM and they have been painted. */
export function useListShownMark(rows: number) {
  const backend = useBackend();
  useEffect(() => {
    if (listShown || rows === 0) return;
    listShown = true;
    performance.mark("startup-list-committed");
    afterPaint(() => {
      performance.mark("startup-list-painted");
      void backend.startupMark({ stage: "listShown", rows }).catch(() => {});
    });
  }, [backend, rows]);
}

/** How long an answer asked for at start waits for the query that wants it. */
const PRELOAD_MS = 3000;

/**
 * How long the first render waits for the first screen's answers. The embedded sandbox answers
 * within a few frames (BENCHMARKS.md, "Where the app's start-up time goes"), and painting a
 * spinner first would cost a whole software-rendered paint before the list's own; a slower
 * answer (a remote API) gets the spinner after this wait.
 */
export const FIRST_SCREEN_WAIT_MS = 250;

/**
 * The backend, with the first screen's data already asked for: the connection in use and, when
 * the app opens on the list, the list. React asks only after its first frames are painted, which
 * with a software-rendered webview costs a frame per step; these requests go out at once, and
 * the first query to ask gets the answer (or the error) already on its way. An answer nobody asks
 * for within a few seconds is dropped, so a later question never gets an old answer.
 * `firstScreen(ms)` gives the same answers to the first render instead, if they are in within
 * `ms` (null when late or failed): the render then shows the list at once, and the queries, which
 * no longer get those answers, ask afresh whenever they next fetch.
 */
export function preloadFirstScreen(backend: Backend): {
  backend: Backend;
  firstScreen: (ms: number) => Promise<FirstScreen | null>;
} {
  const started = Date.now();
  const notPreloaded = new Error("not preloaded");
  const connection = backend.activeConnection();
  const list =
    parseRoute(window.location.hash).page === "service-users"
      ? connection.then(
          (active) => (active ? backend.listServiceUsers() : Promise.reject(notPreloaded)),
          // The connection's own error is the connection query's to show; the list asks again.
          () => Promise.reject(notPreloaded),
        )
      : null;
  const answers = connection.then(async (active) => ({
    connection: active,
    users: active && list ? await list : null,
  }));
  // Unclaimed answers must not be reported as unhandled rejections.
  connection.catch(() => {});
  list?.catch(() => {});
  answers.catch(() => {});
  const once = <T>(preloaded: Promise<T> | null, ask: () => Promise<T>) => {
    let waiting = preloaded;
    return {
      ask: () => {
        const answer = waiting && Date.now() - started < PRELOAD_MS ? waiting : null;
        waiting = null;
        return answer ? answer.catch((e: unknown) => (e === notPreloaded ? ask() : Promise.reject(e))) : ask();
      },
      drop: () => {
        waiting = null;
      },
    };
  };
  const activeConnection = once(connection, () => backend.activeConnection());
  const listServiceUsers = once(list, () => backend.listServiceUsers());
  const firstScreen = async (ms: number) => {
    const late = new Promise<null>((resolve) => setTimeout(() => resolve(null), ms));
    const seed = await Promise.race([answers.catch(() => null), late]);
    if (seed) {
      activeConnection.drop();
      listServiceUsers.drop();
    }
    return seed;
  };
  return {
    backend: { ...backend, activeConnection: activeConnection.ask, listServiceUsers: listServiceUsers.ask },
    firstScreen,
  };
}
