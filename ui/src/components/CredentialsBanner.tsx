// The active connection's one alarm: its credentials were rejected. Shown only for requests made
// with the active connection (a connection test reports in its own dialog), dropped on the next
// request that succeeds, and dismissable.
import type { ActiveConnection } from "../bindings/ActiveConnection";
import { AlertIcon } from "./Icons";

type Props = {
  current: ActiveConnection;
  onDismiss: () => void;
  onEdit: () => void;
  /** For the embedded sandbox, which cannot be edited: opens its recovery instead. */
  onRecoverSandbox?: () => void;
};

export function CredentialsBanner({ current, onDismiss, onEdit, onRecoverSandbox }: Props) {
  const embedded = current.connection.embedded;
  return (
    <div className="banner banner-error" role="alert" data-testid="unauthorized-banner">
      <AlertIcon />
      {embedded ? (
        <span>
          The sandbox's admin key no longer works (<span className="mono">sandbox-admin</span> was disabled or
          re-keyed). Recovering enables it again with a new key.
        </span>
      ) : (
        <span>
          The credentials for connection <strong>{current.connection.name}</strong> no longer work.
        </span>
      )}
      {embedded ? (
        onRecoverSandbox && (
          <button
            type="button"
            className="button button-small"
            onClick={onRecoverSandbox}
            data-testid="recover-sandbox"
          >
            Recover sandbox access
          </button>
        )
      ) : (
        <button type="button" className="button button-small" onClick={onEdit} data-testid="fix-credentials">
          Edit connection…
        </button>
      )}
      <button type="button" className="button button-small" onClick={onDismiss} data-testid="dismiss-unauthorized">
        Dismiss
      </button>
    </div>
  );
}
