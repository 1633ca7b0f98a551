import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Backend } from "../backend";
import type { ServiceUser } from "../bindings/ServiceUser";
import { preloadFirstScreen } from "../startup";

const USERS: ServiceUser[] = [
  { name: "cicd", orgId: "org-1", status: "active", policyIds: [], clientId: null, tokenCreated: null },
];

/** A backend with only the two calls the preload makes, each answering from a queue. */
function backendAnswering(connections: (() => Promise<unknown>)[]) {
  const activeConnection = vi.fn(() => (connections.shift() ?? (() => Promise.resolve({ name: "sandbox" })))());
  const listServiceUsers = vi.fn(() => Promise.resolve(USERS));
  return { backend: { activeConnection, listServiceUsers } as unknown as Backend, activeConnection, listServiceUsers };
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

  it("when the connection could not be read, the connection query gets the error and the list asks itself", async () => {
    const failure = { code: "network", message: "The connection could not be read." };
    const { backend, listServiceUsers } = backendAnswering([() => Promise.reject(failure)]);
    const { backend: preloaded } = preloadFirstScreen(backend);
    await expect(preloaded.activeConnection()).rejects.toBe(failure);
    await expect(preloaded.listServiceUsers(), "the list, not the connection's error").resolves.toEqual(USERS);
    expect(listServiceUsers).toHaveBeenCalledTimes(1);
  });

  it("with no connection in use, the list is not asked for until a query asks", async () => {
    const { backend, listServiceUsers } = backendAnswering([() => Promise.resolve(null)]);
    const { backend: preloaded } = preloadFirstScreen(backend);
    await expect(preloaded.activeConnection()).resolves.toBeNull();
    expect(listServiceUsers).not.toHaveBeenCalled();
    await preloaded.listServiceUsers();
    expect(listServiceUsers).toHaveBeenCalledTimes(1);
  });

  it("gives the first render the connection and the list asked for at start, and the next query asks afresh", async () => {
    const { backend, listServiceUsers } = backendAnswering([]);
    const { backend: preloaded, firstScreen } = preloadFirstScreen(backend);
    await expect(firstScreen(1000)).resolves.toEqual({ connection: { name: "sandbox" }, users: USERS });
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
    expect(listServiceUsers).not.toHaveBeenCalled();
  });
});
