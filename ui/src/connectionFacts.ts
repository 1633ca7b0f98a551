// What the UI says about a connection wherever it shows one: which server, whether it is the
// demo sandbox, whether its traffic is unencrypted.
import type { Connection } from "./bindings/Connection";

/** The API host (and port, when not the default), e.g. "api.trustgrid.io". */
export function apiHost(baseUrl: string): string {
  try {
    return new URL(baseUrl).host || baseUrl;
  } catch {
    return baseUrl;
  }
}

/** The user confirmed plain http:// to another machine for this connection. */
export function isInsecure(connection: Connection): boolean {
  return connection.allowInsecureHttp === true;
}

export const SANDBOX_LABEL = "Local sandbox — demo data";
export const INSECURE_LABEL = "Not encrypted";

/** The short line under a connection's name in lists: its host and what kind it is. */
export function connectionHint(connection: Connection): string {
  if (connection.embedded) return SANDBOX_LABEL;
  const host = apiHost(connection.baseUrl);
  return isInsecure(connection) ? `${host} — ${INSECURE_LABEL.toLowerCase()}` : host;
}
