import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Backend } from "../backend";
import type { ServiceUser } from "../bindings/ServiceUser";
import { preloadFirstScreen } from "../startup";

const USERS: ServiceUser[] = [
  { name: "cicd", orgId: "org-1", status: "active", policyIds: [], clientId: null, tokenCreated: null },
];

const FINDINGS = { findings: [], accepted: [] };

/**
 * A backend with only the calls the preload makes: the connection answering from a queue, the
 * list, and the other reads of the first screen (the findings from `findings`).
 */
function backendAnswering(
  connections: (() => Promise<unknown>)[],
  findings = () => Promise.resolve<unknown>(FINDINGS),
) {
  const activeConnection = vi.fn(() => (connections.shift() ?? (() => Promise.resolve({ name: "sandbox" })))());
  const listServiceUsers = vi.fn(() => Promise.resolve(USERS));
  const listFindings = vi.fn(findings);
  const backend = {
    activeConnection,
    listServiceUsers,
    listFindings,
    getSettings: vi.fn(() => Promise.resolve({ theme: "dark" })),
    notices: vi.fn(() => Promise.resolve([])),
    listConnections: vi.fn(() => Promise.resolve([])),
    unfinishedRotation: vi.fn(() => Promise.resolve(null)),
  };
  return { backend: backend as unknown as Backend, activeConnection, listServiceUsers, listFindings };
}

describe("the first screen's data, asked for at start", () => {
  beforeEach(() => window.history.replaceState(null, "", "#/service-users"));
  afterEach(() => window.history.replaceState(null, "", "#"));

  it("hands the list asked for at start to the first list query, and asks again for the next", async () => {
    const { backend, listServiceUsers } = backendAnswering([]);
    const { backend: preloaded } = preloadFirstScreen(backend);
    await expect(preloaded.listServiceUsers()).resolves.toEqual(USERS);
    expect(listServiceUsers).toHaveBeenCalledTimes(1);
    await preloaded.listServiceUsers();
    expect(listServiceUsers, "a second query gets a fresh answer").toHaveBeenCalledTimes(2);
  });

  it("asks for the list and the other reads at once, without waiting for the connection", () => {
    const { backend, listServiceUsers, listFindings } = backendAnswering([() => new Promise(() => {})]);
    preloadFirstScreen(backend);
    expect(listServiceUsers).toHaveBeenCalledTimes(1);
    expect(listFindings).toHaveBeenCalledTimes(1);
  });

  it("when the connection could not be read, the connection query gets the error and the list asks again", async () => {
    const failure = { code: "network", message: "The connection could not be read." };
    const { backend, listServiceUsers } = backendAnswering([() => Promise.reject(failure)]);
    const { backend: preloaded } = preloadFirstScreen(backend);
    await expect(preloaded.activeConnection()).rejects.toBe(failure);
    await expect(preloaded.listServiceUsers(), "the list, not the connection's error").resolves.toEqual(USERS);
    expect(listServiceUsers, "asked at start, and again by the query").toHaveBeenCalledTimes(2);
  });

  it("with no connection in use, the list's reads asked at start are not handed to a query", async () => {
    const { backend, listServiceUsers, listFindings } = backendAnswering([() => Promise.resolve(null)]);
    const { backend: preloaded } = preloadFirstScreen(backend);
    await expect(preloaded.activeConnection()).resolves.toBeNull();
    await preloaded.listServiceUsers();
    await preloaded.listFindings();
    expect(listServiceUsers, "asked at start, and again by the query").toHaveBeenCalledTimes(2);
    expect(listFindings, "asked at start, and again by the query").toHaveBeenCalledTimes(2);
  });

  it("gives the first render the connection and the list asked for at start, and the next query asks afresh", async () => {
    const { backend, listServiceUsers } = backendAnswering([]);
    const { backend: preloaded, firstScreen } = preloadFirstScreen(backend);
    await expect(firstScreen(1000)).resolves.toEqual({
      connection: { name: "sandbox" },
      users: USERS,
      answers: {
        getSettings: { theme: "dark" },
        notices: [],
        listConnections: [],
        listFindings: FINDINGS,
        unfinishedRotation: null,
      },
    });
    expect(listServiceUsers, "the same answer, not a second question").toHaveBeenCalledTimes(1);
    await preloaded.listServiceUsers();
    expect(listServiceUsers, "a refresh after the first render is a new question").toHaveBeenCalledTimes(2);
  });

  it("gives the first render nothing when the answers are late or failed, and leaves them to the queries", async () => {
    const { backend, listServiceUsers } = backendAnswering([() => new Promise(() => {})]);
    await expect(preloadFirstScreen(backend).firstScreen(10)).resolves.toBeNull();
    const failure = { code: "network", message: "The connection could not be read." };
    const failing = backendAnswering([() => Promise.reject(failure)]);
    const { backend: preloaded, firstScreen } = preloadFirstScreen(failing.backend);
    await expect(firstScreen(1000)).resolves.toBeNull();
    await expect(preloaded.activeConnection(), "the connection query still gets the error").rejects.toBe(failure);
    expect(listServiceUsers, "asked once at start, and not again").toHaveBeenCalledTimes(1);
  });

  it("leaves a read that fails, or has not answered with the list, to its query", async () => {
    const failure = { code: "network", message: "The findings could not be read." };
    const failing = backendAnswering([], () => Promise.reject(failure));
    const first = await preloadFirstScreen(failing.backend).firstScreen(1000);
    expect(first?.users).toEqual(USERS);
    expect(first?.answers, "no findings in the first render").not.toHaveProperty("listFindings");
    const again = preloadFirstScreen(failing.backend);
    await again.firstScreen(1000);
    await expect(again.backend.listFindings(), "the findings query gets the error").rejects.toBe(failure);
    expect(failing.listFindings, "the error asked for at start, not a new question").toHaveBeenCalledTimes(2);

    const slow = backendAnswering([], () => new Promise(() => {}));
    const late = await preloadFirstScreen(slow.backend).firstScreen(1000);
    expect(late?.users, "the list is not held back by a slow read").toEqual(USERS);
    expect(late?.answers).not.toHaveProperty("listFindings");
  });
});
