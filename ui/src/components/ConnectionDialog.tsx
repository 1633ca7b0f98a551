// Add or edit a connection (API URL + Client ID/Secret). The desktop side verifies the
// credentials with /org/mine before saving, so errors here are real verification failures.
import { useRef, useState } from "react";
import { toAppError } from "../backend";
import type { Connection } from "../bindings/Connection";
import type { ErrorCode } from "../bindings/ErrorCode";
import { useAddConnection, useUpdateConnection } from "../queries";
import { ErrorNotice } from "./common";
import { Dialog, FormButtons } from "./Dialog";

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
  // The secret stays in this dialog's state; the mutations read it when they start (see queries.ts).
  const secret = useRef(clientSecret);
  secret.current = clientSecret;
  const add = useAddConnection(() => secret.current);
  const update = useUpdateConnection(() => secret.current || null);
  const mutation = editing ? update : add;

  const problems: Partial<Record<"name" | "baseUrl" | "clientId" | "clientSecret", string>> = {};
  if (!name.trim()) problems.name = "Enter a name for this connection.";
  if (!/^https?:\/\/[^\s/]+/.test(baseUrl.trim()))
    problems.baseUrl = "Enter a URL starting with https:// (or http:// for a local sandbox).";
  if (!clientId.trim()) problems.clientId = "Enter the Client ID.";
  if (!editing && !clientSecret) problems.clientSecret = "Enter the Client Secret.";
  const valid = Object.keys(problems).length === 0;

  const submit = () => {
    setSubmitted(true);
    if (!valid || mutation.isPending) return;
    const common = { name: name.trim(), baseUrl: baseUrl.trim().replace(/\/+$/, ""), clientId: clientId.trim() };
    if (connection) {
      update.mutate({ id: connection.id, input: common }, { onSuccess: onClose });
    } else {
      add.mutate(common, { onSuccess: onClose });
    }
  };

  const field = (key: keyof typeof problems) => (submitted && problems[key] ? problems[key] : undefined);

  return (
    <Dialog
      title={editing ? `Edit connection “${connection.name}”` : "Add connection"}
      description="The app checks the credentials against the Trustgrid API before saving them. The secret is kept in the system keychain."
      onClose={onClose}
      onSubmit={submit}
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
          onChange={(e) => setName(e.target.value)}
          placeholder="Production"
          autoComplete="off"
          data-testid="connection-name"
        />
      </Field>
      <Field label="API URL" error={field("baseUrl")} id="conn-url">
        <input
          id="conn-url"
          value={baseUrl}
          onChange={(e) => setBaseUrl(e.target.value)}
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
          onChange={(e) => setClientId(e.target.value)}
          spellCheck={false}
          autoComplete="off"
          data-testid="connection-client-id"
        />
      </Field>
      <Field
        label="Client Secret"
        error={field("clientSecret")}
        id="conn-secret"
        hint={editing ? "Leave empty to keep the current secret." : undefined}
      >
        <input
          id="conn-secret"
          className="mono"
          type="password"
          value={clientSecret}
          onChange={(e) => setClientSecret(e.target.value)}
          autoComplete="new-password"
          placeholder={editing ? "••••••••  (unchanged)" : ""}
          data-testid="connection-secret"
        />
      </Field>
      {mutation.error && (
        <ErrorNotice error={toAppError(mutation.error)} title={connectionErrorTitle(toAppError(mutation.error).code)} />
      )}
    </Dialog>
  );
}

export function Field({
  label,
  id,
  error,
  hint,
  children,
}: {
  label: string;
  id: string;
  error?: string | string[];
  hint?: string;
  children: React.ReactNode;
}) {
  const errors = error === undefined ? [] : Array.isArray(error) ? error : [error];
  return (
    <div className={`field${errors.length ? " field-invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && errors.length === 0 && <p className="field-hint">{hint}</p>}
      {errors.map((e) => (
        <p key={e} className="field-error" role="alert">
          {e}
        </p>
      ))}
    </div>
  );
}
