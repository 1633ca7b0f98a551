// Small presentational pieces shared by several screens.
import type { ReactNode } from "react";
import type { AppError } from "../bindings/AppError";
import type { ServiceUserStatus } from "../bindings/ServiceUserStatus";
import { useNow } from "../clock";
import { describeError, formatAge, formatDateTime } from "../format";
import { AlertIcon } from "./Icons";

export function StatusBadge({ status }: { status: ServiceUserStatus }) {
  return (
    <span className={`badge badge-${status}`} data-testid="status-badge">
      <span className="badge-dot" aria-hidden="true" />
      {status === "active" ? "Active" : "Inactive"}
    </span>
  );
}

/** Heads a refused change; the reasons follow as a list, since `message` already repeats them. */
export const VALIDATION_TITLE = "Trustgrid refused the change.";

/** An error box; `details` (422 messages) are listed under the summary. */
export function ErrorNotice({
  error,
  onRetry,
  retryLabel = "Retry",
  title,
  testId = "error-notice",
}: {
  error: AppError;
  onRetry?: () => void;
  /** The retry button's label, when retrying means something more specific. */
  retryLabel?: string;
  title?: ReactNode;
  testId?: string;
}) {
  return (
    <div className="notice notice-error" role="alert" data-testid={testId}>
      <AlertIcon />
      <div className="notice-text">
        {title && <strong>{title} </strong>}
        {/* A 422's message joins its details; listing both would say everything twice. */}
        <span>{error.code === "validation" && error.details.length > 0 ? VALIDATION_TITLE : describeError(error)}</span>
        {error.details.length > 0 && (
          <ul className="notice-details">
            {error.details.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        )}
      </div>
      {onRetry && (
        <button type="button" className="button button-small" onClick={onRetry}>
          {retryLabel}
        </button>
      )}
    </div>
  );
}

export const SELF_LOCKOUT_TEXT =
  "This is the service user this connection signs in with. After this, the app can no longer reach this organisation with this connection.";

/**
 * Said before disabling, deleting or regenerating the keys of the service user the active
 * connection itself signs in with: the change would cut the app off from the organisation.
 * `name` is given when the confirmation covers several users, to say which one it is.
 */
export function SelfLockoutWarning({ name }: { name?: string }) {
  return (
    <div className="notice notice-error" role="alert" data-testid="self-lockout-warning">
      <AlertIcon />
      <div className="notice-text">
        {name ? (
          <strong>
            <span className="mono">{name}</span> is the service user this connection signs in with. After this, the app can no longer reach this
            organisation with this connection.
          </strong>
        ) : (
          <strong>{SELF_LOCKOUT_TEXT}</strong>
        )}
      </div>
    </div>
  );
}

export function TokenAge({ tokenCreated }: { tokenCreated: number | null }) {
  const now = useNow();
  if (tokenCreated === null) return <span className="muted" aria-label="No keys">—</span>;
  return <time dateTime={new Date(tokenCreated * 1000).toISOString()} title={formatDateTime(new Date(tokenCreated * 1000))}>{formatAge(tokenCreated, now)}</time>;
}

export function Spinner({ label = "Loading" }: { label?: string }) {
  return <span className="spinner" role="status" aria-label={label} />;
}
