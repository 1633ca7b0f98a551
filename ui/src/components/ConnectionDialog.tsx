// Add or edit a connection (API URL + Client ID/Secret). The desktop side verifies the
// credentials with /org/mine before saving, so errors here are real verification failures.
import { useEffect, useRef, useState } from "react";
import { toAppError } from "../backend";
import type { Connection } from "../bindings/Connection";
import type { ErrorCode } from "../bindings/ErrorCode";
import { useAddConnection, useUpdateConnection } from "../queries";
import { ErrorNotice } from "./common";
import { Dialog, FormButtons } from "./Dialog";
import { AlertIcon } from "./Icons";

export const DEFAULT_API_URL = "https://api.trustgrid.io";

type Props = { connection?: Connection; onClose: () => void };

/** The heading of a failed save: what kind of problem it was, so the user knows what to change. */
export function connectionErrorTitle(code: ErrorCode): string {
  switch (code) {
    case "network":
    case "timeout":
    case "unauthorized":
    case "forbidden":
      return "Could not verify the connection.";
    case "validation":
    case "invalid_input":
      return "Check the connection details.";
    case "keychain_unavailable":
      return "The system keychain is unavailable.";
    default:
      return "Could not save the connection.";
  }
}

export function ConnectionDialog({ connection, onClose }: Props) {
  const editing = connection !== undefined;
  const [name, setName] = useState(connection?.name ?? "");
  const [baseUrl, setBaseUrl] = useState(connection?.baseUrl ?? DEFAULT_API_URL);
  const [clientId, setClientId] = useState(connection?.clientId ?? "");
  const [clientSecret, setClientSecret] = useState("");
  const [submitted, setSubmitted] = useState(false);
  // The URL the user accepted plain http:// for; another URL asks again.
  const [insecureConfirmedFor, setInsecureConfirmedFor] = useState<string | null>(
    connection?.allowInsecureHttp ? connection.baseUrl : null,
  );
  const secretInput = useRef<HTMLInputElement>(null);
  // The secret stays in this dialog's state; the mutations read it when they start (see queries.ts).
  const secret = useRef(clientSecret);
  secret.current = clientSecret;
  const add = useAddConnection(() => secret.current);
  const update = useUpdateConnection(() => secret.current || null);
  const mutation = editing ? update : add;
  const error = mutation.error ? toAppError(mutation.error) : null;
  const secretRequired = error?.code === "secret_required";
  const insecure = error?.code === "insecure_connection";
  // No keychain: the secret can still be used, held in memory only, if a new one was typed.
  const noKeychain = error?.code === "keychain_unavailable" && clientSecret !== "";

  // The server's answer is about what was sent: once a field changes it no longer applies.
  const edited =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      if (mutation.error) mutation.reset();
    };

  useEffect(() => {
    if (secretRequired) secretInput.current?.focus();
  }, [secretRequired]);

  const problems: Partial<Record<"name" | "baseUrl" | "clientId" | "clientSecret", string>> = {};
  if (!name.trim()) problems.name = "Enter a name for this connection.";
  if (!/^https?:\/\/[^\s/]+/.test(baseUrl.trim()))
    problems.baseUrl = "Enter a URL starting with https:// (or http:// for a local sandbox).";
  if (!clientId.trim()) problems.clientId = "Enter the Client ID.";
  if (!editing && !clientSecret) problems.clientSecret = "Enter the Client Secret.";
  const valid = Object.keys(problems).length === 0;

  const submit = ({ confirmInsecure = false, sessionOnly = false } = {}) => {
    setSubmitted(true);
    if (!valid || mutation.isPending) return;
    const url = baseUrl.trim().replace(/\/+$/, "");
    if (confirmInsecure) setInsecureConfirmedFor(url);
    const allowInsecureHttp = confirmInsecure || insecureConfirmedFor === url;
    const common = { name: name.trim(), baseUrl: url, clientId: clientId.trim(), allowInsecureHttp, sessionOnly };
    if (connection) {
      update.mutate({ id: connection.id, input: common }, { onSuccess: onClose });
    } else {
      add.mutate(common, { onSuccess: onClose });
    }
  };

  const field = (key: keyof typeof problems) => (submitted && problems[key] ? problems[key] : undefined);
  const secretError = secretRequired
    ? "Enter the Client Secret again: this connection now points at another server."
    : field("clientSecret");

  return (
    <Dialog
      title={editing ? `Edit connection “${connection.name}”` : "Add connection"}
      description="The app checks the credentials against the Trustgrid API before saving them. The secret is kept in the system keychain."
      onClose={onClose}
      onSubmit={() => submit()}
      testId="connection-dialog"
      footer={
        <FormButtons
          onCancel={onClose}
          pending={mutation.isPending}
          pendingLabel="Verifying"
          submitLabel={mutation.isPending ? "Verifying…" : editing ? "Save" : "Connect"}
        />
      }
    >
      <Field label="Name" error={field("name")} id="conn-name">
        <input
          id="conn-name"
          value={name}
          onChange={(e) => edited(setName)(e.target.value)}
          placeholder="Production"
          autoComplete="off"
          data-testid="connection-name"
        />
      </Field>
      <Field label="API URL" error={field("baseUrl")} id="conn-url">
        <input
          id="conn-url"
          value={baseUrl}
          onChange={(e) => edited(setBaseUrl)(e.target.value)}
          spellCheck={false}
          autoComplete="off"
          data-testid="connection-url"
        />
      </Field>
      <Field label="Client ID" error={field("clientId")} id="conn-client-id">
        <input
          id="conn-client-id"
          className="mono"
          value={clientId}
          onChange={(e) => edited(setClientId)(e.target.value)}
          spellCheck={false}
          autoComplete="off"
          data-testid="connection-client-id"
        />
      </Field>
      <Field
        label="Client Secret"
        error={secretError}
        id="conn-secret"
        hint={editing ? "Leave empty to keep the current secret (same server only)." : undefined}
      >
        <input
          ref={secretInput}
          id="conn-secret"
          className="mono"
          type="password"
          value={clientSecret}
          onChange={(e) => edited(setClientSecret)(e.target.value)}
          autoComplete="new-password"
          placeholder={editing ? "••••••••  (unchanged)" : ""}
          data-testid="connection-secret"
        />
      </Field>
      {insecure && <InsecureConfirmation url={baseUrl.trim()} onConfirm={() => submit({ confirmInsecure: true })} />}
      {noKeychain && <SessionOnlyOffer onAccept={() => submit({ sessionOnly: true })} />}
      {error && !secretRequired && !insecure && !noKeychain && (
        <ErrorNotice error={error} title={connectionErrorTitle(error.code)} />
      )}
    </Dialog>
  );
}

/** Plain http:// to another machine: said plainly, and only sent after the user confirms it. */
function InsecureConfirmation({ url, onConfirm }: { url: string; onConfirm: () => void }) {
  return (
    <div className="notice notice-warning" role="alert" data-testid="insecure-confirmation">
      <AlertIcon />
      <div className="notice-text">
        <strong>This connection would not be encrypted.</strong>
        <p>
          <span className="mono">{url}</span> is plain http:// to another machine: the Client Secret and every answer
          would cross the network readable by anyone on the way.
        </p>
        <button
          type="button"
          className="button button-small button-danger"
          onClick={onConfirm}
          data-testid="confirm-insecure"
        >
          Connect without encryption
        </button>
      </div>
    </div>
  );
}

/** No system keychain: the connection can still be used now, its secret held in memory only. */
function SessionOnlyOffer({ onAccept }: { onAccept: () => void }) {
  return (
    <div className="notice notice-warning" role="alert" data-testid="session-only-offer">
      <AlertIcon />
      <div className="notice-text">
        <strong>This desktop has no system keychain to keep the secret in.</strong>
        <p>
          You can use the connection until the app closes; the secret stays in memory only, never in a file, and the app
          asks for it again at the next start.
        </p>
        <button type="button" className="button button-small" onClick={onAccept} data-testid="use-for-session">
          Use for this session only
        </button>
      </div>
    </div>
  );
}

export function Field({
  label,
  id,
  error,
  hint,
  warning,
  children,
}: {
  label: string;
  id: string;
  error?: string | string[];
  hint?: string;
  /** Allowed, but worth a second look. */
  warning?: string;
  children: React.ReactNode;
}) {
  const errors = error === undefined ? [] : Array.isArray(error) ? error : [error];
  return (
    <div className={`field${errors.length ? " field-invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && errors.length === 0 && <p className="field-hint">{hint}</p>}
      {warning && errors.length === 0 && (
        <p className="field-warning" data-testid="field-warning">
          {warning}
        </p>
      )}
      {errors.map((e) => (
        <p key={e} className="field-error" role="alert">
          {e}
        </p>
      ))}
    </div>
  );
}
