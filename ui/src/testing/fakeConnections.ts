// The fake's connection commands: adding and editing a connection with the Rust side's checks, a
// keychain that may refuse to store the secret, which connection is in use, and the built-in
// sandbox signing in again. Kept together because they all change the same list and choice.
import type { Backend } from "../backend";
import type { ActiveConnection } from "../bindings/ActiveConnection";
import type { Connection } from "../bindings/Connection";
import type { JournalEntry } from "../bindings/JournalEntry";
import { ORG } from "./fakeDemoData";
import { appError, checkConnectionInput, sameOrigin } from "./fakeInputChecks";

/** Which connection is in use, of the fake's list. */
export type ConnectionChoice = { connections: Connection[]; activeId: string | null };

/** What the connection commands need of the fake. */
type FakeConnections = ConnectionChoice & {
  keychainWorks: boolean;
  newId(prefix: string): string;
  record(action: string, targets: string[], outcome: JournalEntry["outcome"]): void;
};

/** The connection in use and its org; fails when there is none. */
export function requireActive(fake: ConnectionChoice): ActiveConnection {
  const connection = fake.connections.find((c) => c.id === fake.activeId);
  if (!connection) throw appError("invalid_input", "No connection is active.");
  return { connection, org: { ...ORG, name: connection.embedded ? "Sandbox" : ORG.name } };
}

export function addConnection(fake: FakeConnections, input: Parameters<Backend["addConnection"]>[0]) {
  checkConnectionInput(input);
  if (!input.clientSecret) throw appError("invalid_input", "The Client Secret is empty.");
  if (!fake.keychainWorks && !input.sessionOnly) {
    throw appError(
      "keychain_unavailable",
      "The system keychain is unavailable, so the secret cannot be stored or read (no Secret Service). Unlock the keychain or start a Secret Service provider.",
    );
  }
  const connection: Connection = {
    id: fake.newId("conn"),
    name: input.name,
    baseUrl: input.baseUrl,
    clientId: input.clientId,
    embedded: false,
    ...(input.allowInsecureHttp ? { allowInsecureHttp: true } : {}),
  };
  fake.connections.push(connection);
  fake.activeId = connection.id;
  return requireActive(fake);
}

export function updateConnection(
  fake: FakeConnections,
  id: string,
  input: Parameters<Backend["updateConnection"]>[1],
): ActiveConnection {
  const connection = fake.connections.find((c) => c.id === id);
  if (!connection) throw appError("not_found", "That connection no longer exists.");
  if (connection.embedded) throw appError("invalid_input", "The built-in sandbox connection cannot be edited.");
  checkConnectionInput(input);
  if (input.clientSecret === null && !sameOrigin(connection.baseUrl, input.baseUrl)) {
    throw appError(
      "secret_required",
      `The connection "${connection.name}" now points at another server (its scheme, host or port changed). Enter the Client Secret again: the stored one is only sent where it was entered for.`,
    );
  }
  Object.assign(connection, { name: input.name, baseUrl: input.baseUrl, clientId: input.clientId });
  if (input.allowInsecureHttp) connection.allowInsecureHttp = true;
  else delete connection.allowInsecureHttp;
  fake.activeId = id;
  return requireActive(fake);
}

/** As the Rust side does: the embedded connection signs in again and becomes the one in use. */
export function rekeySandbox(fake: FakeConnections, action: string): ActiveConnection {
  const sandbox = fake.connections.find((c) => c.embedded);
  if (!sandbox) throw appError("invalid_input", "No sandbox runs inside the app, so there is none to recover.");
  fake.activeId = sandbox.id;
  fake.record(action, ["sandbox-admin"], "ok");
  return requireActive(fake);
}

export function removeConnection(fake: ConnectionChoice, id: string): void {
  if (!fake.connections.some((c) => c.id === id)) throw appError("not_found", "That connection no longer exists.");
  fake.connections = fake.connections.filter((c) => c.id !== id);
  if (fake.activeId === id) fake.activeId = fake.connections[0]?.id ?? null;
}

export function switchConnection(fake: ConnectionChoice, id: string): ActiveConnection {
  if (!fake.connections.some((c) => c.id === id)) throw appError("not_found", "That connection no longer exists.");
  fake.activeId = id;
  return requireActive(fake);
}
