// The app's start, before React and TanStack Query are loaded: the first screen's data is asked
// for as soon as the first script runs (main.tsx loads the rest of the app meanwhile), and a mark
// tells the Rust side when that script runs. The shell logs the marks, so `cargo xtask bench` can
// time a launch to the list on screen without a timer inside the app; the list's own mark, once
// its rows are painted, is in listShownMark.ts. The marks are also performance marks
// (startup-script, startup-list-committed, startup-list-frame, startup-list-painted), so a
// timeline in the Web Inspector shows which one a slow start waits on. Nothing here may import
// React Query or a component: this module is in the first, small script.
import type { QueryClient, QueryKey } from "@tanstack/react-query";

import type { Backend } from "./backend";
import type { ActiveConnection } from "./bindings/ActiveConnection";
import type { ServiceUser } from "./bindings/ServiceUser";
import { keys } from "./queryKeys";
import { parseRoute } from "./route";

export function markScriptStarted(backend: Backend) {
  performance.mark("startup-script");
  void backend.startupMark({ stage: "scriptStarted" }).catch(() => {});
}

/**
 * Besides the connection and the list, what the first screen reads, by the query that keeps it:
 * the shell's reads on every page, the list page's only there and only with a connection in use.
 * preloadFirstScreen asks for all of them at once, so the first render can show their answers instead of
 * rendering again as each comes in.
 */
export const FIRST_SCREEN_READS = {
  shell: { getSettings: keys.settings, notices: keys.notices, listConnections: keys.connections },
  list: { listFindings: keys.findings, unfinishedRotation: keys.unfinishedRotation },
} as const;

export type FirstScreenRead = keyof typeof FIRST_SCREEN_READS.shell | keyof typeof FIRST_SCREEN_READS.list;

/** The answers of the first screen's other reads, by the Backend call that made each. */
export type FirstScreenAnswers = { [R in FirstScreenRead]?: Awaited<ReturnType<Backend[R]>> };

/**
 * The first screen's data as the backend gave it at start: the connection, on the list its users,
 * and the other reads that had answered by then.
 */
export type FirstScreen = {
  connection: ActiveConnection | null;
  users: ServiceUser[] | null;
  answers: FirstScreenAnswers;
};

const FIRST_SCREEN_KEYS: Record<FirstScreenRead, QueryKey> = {
  ...FIRST_SCREEN_READS.shell,
  ...FIRST_SCREEN_READS.list,
};

/** Puts the first screen's data, already in at start, where its queries look first. */
export function seedFirstScreen(client: QueryClient, seed: FirstScreen) {
  client.setQueryData(keys.activeConnection, seed.connection);
  if (seed.users) client.setQueryData(keys.serviceUsers, seed.users);
  for (const [read, data] of Object.entries(seed.answers)) {
    client.setQueryData(FIRST_SCREEN_KEYS[read as FirstScreenRead], data);
  }
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
 * Once the connection and the list are in, how much longer the first render waits for the other
 * reads, all asked at the same moment: from the app's own files and the embedded sandbox they
 * arrive about when the list does, and each one missed costs a render of its own
 * before the first paint; a slow one (findings from a remote API) is left to its query.
 */
const OTHER_READS_WAIT_MS = 20;

const after = (ms: number) => new Promise<null>((resolve) => setTimeout(() => resolve(null), ms));

/**
 * The backend, with the first screen's data already asked for: the connection in use, the list
 * when the app opens on it, and the other reads the first screen makes (FIRST_SCREEN_READS). React
 * asks only after its first frames are painted, which with a software-rendered webview costs a
 * frame per step; these requests all go out at once, and the first query to ask gets the answer
 * (or the error) already on its way. The list's reads are asked before the connection is known,
 * and count only if there is one. An answer nobody asks for within a few seconds is dropped, so a
 * later question never gets an old answer. `firstScreen(ms)` gives the same answers to the first
 * render instead, if the connection and the list are in within `ms` (null when late or failed):
 * the render then shows the list and every other answer in by then at once, and the queries,
 * which no longer get those answers, ask afresh whenever they next fetch.
 */
export function preloadFirstScreen(backend: Backend): {
  backend: Backend;
  firstScreen: (ms: number) => Promise<FirstScreen | null>;
} {
  const started = Date.now();
  const notPreloaded = new Error("not preloaded");
  const connection = backend.activeConnection();
  const onList = parseRoute(window.location.hash).page === "service-users";
  // A read the list makes means something only with a connection in use; without one (or when the
  // connection could not be read, which is the connection query's to show) its query asks again.
  const connected = connection.then(
    (active) => active !== null,
    () => false,
  );
  const withConnection = <T>(read: Promise<T>): Promise<T> =>
    read.then(
      (value) => connected.then((yes) => (yes ? value : Promise.reject(notPreloaded))),
      (error: unknown) => connected.then((yes) => Promise.reject(yes ? error : notPreloaded)),
    );
  const asked = new Map<keyof Backend, Promise<unknown>>([["activeConnection", connection]]);
  const list = onList ? withConnection(backend.listServiceUsers()) : null;
  if (list) asked.set("listServiceUsers", list);
  const reads = onList ? FIRST_SCREEN_KEYS : FIRST_SCREEN_READS.shell;
  const others = Object.keys(reads) as FirstScreenRead[];
  const answered: FirstScreenAnswers = {};
  for (const read of others) {
    const call = backend[read]() as Promise<unknown>;
    const answer = read in FIRST_SCREEN_READS.list ? withConnection(call) : call;
    answer.then(
      (value) => Object.assign(answered, { [read]: value }),
      () => {},
    );
    asked.set(read, answer);
  }
  // Unclaimed answers must not be reported as unhandled rejections.
  for (const answer of asked.values()) answer.catch(() => {});

  // Each call asked for at start hands its answer to the first query that asks, in time.
  const preloaded: Backend = { ...backend };
  for (const call of asked.keys()) {
    const again = () => (backend[call] as () => Promise<unknown>).call(backend);
    const claim = () => {
      const answer = asked.get(call);
      asked.delete(call);
      return answer && Date.now() - started < PRELOAD_MS ? answer : null;
    };
    Object.assign(preloaded, {
      [call]: () => claim()?.catch((e: unknown) => (e === notPreloaded ? again() : Promise.reject(e))) ?? again(),
    });
  }

  const firstScreen = async (ms: number): Promise<FirstScreen | null> => {
    const first = connection.then(async (active) => ({
      connection: active,
      users: active && list ? await list : null,
    }));
    const seed = await Promise.race([first.catch(() => null), after(ms)]);
    if (!seed) return null;
    await Promise.race([Promise.allSettled(others.map((read) => asked.get(read))), after(OTHER_READS_WAIT_MS)]);
    const answers = { ...answered };
    for (const call of ["activeConnection", "listServiceUsers", ...Object.keys(answers)]) {
      asked.delete(call as keyof Backend);
    }
    return { ...seed, answers };
  };
  return { backend: preloaded, firstScreen };
}
