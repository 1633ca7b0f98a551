// Small presentational pieces shared by several screens.
import { type KeyboardEvent, type ReactNode, type Ref, useRef } from "react";
import { isUnreachable, toAppError } from "../backend";
import type { AppError } from "../bindings/AppError";
import type { ServiceUserStatus } from "../bindings/ServiceUserStatus";
import { useNow } from "../clock";
import { describeError, formatAge, formatDateTime } from "../format";
import { ariaShortcut, useMenuCommand, withShortcut } from "../shortcuts";
import { AlertIcon, RefreshIcon, SearchIcon } from "./Icons";
import { Tooltip } from "./Tooltip";
import "./common.css";

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

/**
 * A background read that failed while what was loaded before stays on screen. An API out of reach
 * is said once for the whole window, by its banner (UnreachableBanner), so then this shows nothing.
 */
export function StaleDataNotice({
  error,
  ...notice
}: Omit<Parameters<typeof ErrorNotice>[0], "error"> & { error: unknown }) {
  if (error === null || error === undefined) return null;
  const appError = toAppError(error);
  return isUnreachable(appError) ? null : <ErrorNotice error={appError} {...notice} />;
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
            <span className="mono">{name}</span> is the service user this connection signs in with. After this, the app
            can no longer reach this organisation with this connection.
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
  if (tokenCreated === null)
    return (
      <span className="muted">
        <span aria-hidden="true">—</span>
        <span className="visually-hidden">No keys</span>
      </span>
    );
  return (
    <time dateTime={new Date(tokenCreated * 1000).toISOString()} title={formatDateTime(new Date(tokenCreated * 1000))}>
      {formatAge(tokenCreated, now)}
    </time>
  );
}

export function Spinner({ label = "Loading" }: { label?: string }) {
  return <span className="spinner" role="status" aria-label={label} />;
}

/** The icon button that reloads a list; it spins and ignores presses while the reload runs. */
export function RefreshButton({
  onClick,
  busy,
  testId,
  tooltip = "Refresh",
  keyShortcuts,
}: {
  onClick: () => void;
  busy: boolean;
  testId?: string;
  /** The tooltip, e.g. naming the keyboard shortcut (`withShortcut`). */
  tooltip?: string;
  /** `aria-keyshortcuts` (`ariaShortcut`). */
  keyShortcuts?: string;
}) {
  return (
    <Tooltip content={tooltip}>
      <button
        type="button"
        className="button button-icon"
        aria-label="Refresh"
        aria-keyshortcuts={keyShortcuts}
        // Marked disabled rather than made so: a disabled button drops the keyboard focus, and
        // whoever pressed Refresh would start again from the top of the window.
        aria-disabled={busy}
        aria-busy={busy}
        onClick={busy ? undefined : onClick}
        data-testid={testId}
      >
        <span className={busy ? "spin" : undefined}>
          <RefreshIcon />
        </span>
      </button>
    </Tooltip>
  );
}

type SearchFieldProps = {
  label: string;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
  testId?: string;
  /** Full width (inside a dialog) rather than the toolbar's fixed width. */
  block?: boolean;
  onKeyDown?: (event: KeyboardEvent<HTMLInputElement>) => void;
  /** For a shortcut that puts the focus in the field. */
  inputRef?: Ref<HTMLInputElement>;
  /** `aria-keyshortcuts` (`ariaShortcut`). */
  keyShortcuts?: string;
};

/** A search box with its magnifier, filtering as the user types. */
export function SearchField({
  label,
  placeholder,
  value,
  onChange,
  testId,
  block,
  onKeyDown,
  inputRef,
  keyShortcuts,
}: SearchFieldProps) {
  return (
    <label className={block ? "search search-block" : "search"}>
      <SearchIcon />
      <input
        type="search"
        placeholder={placeholder}
        aria-label={label}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={onKeyDown}
        aria-keyshortcuts={keyShortcuts}
        ref={inputRef}
        data-testid={testId}
      />
    </label>
  );
}

/**
 * A page's own search box, which Find (Ctrl/Cmd+F from the menu) puts the focus in with its text
 * selected while the page is shown; the placeholder and `aria-keyshortcuts` name the shortcut.
 */
export function FindField(props: Omit<SearchFieldProps, "inputRef" | "keyShortcuts">) {
  const input = useRef<HTMLInputElement>(null);
  useMenuCommand("find", () => {
    input.current?.focus();
    input.current?.select();
  });
  return (
    <SearchField
      {...props}
      placeholder={withShortcut(props.placeholder, "find")}
      inputRef={input}
      keyShortcuts={ariaShortcut("find")}
    />
  );
}
