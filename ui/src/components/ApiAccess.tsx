// The detail page's API Access: token age, Client ID, the header format and (re)generating keys.
import { useState } from "react";

import { toAppError } from "../backend";
import type { AppError } from "../bindings/AppError";
import type { ServiceUser } from "../bindings/ServiceUser";
import { authorizationHeader, formatAge, formatDateTime } from "../format";
import { useGenerateKeys, useSignInClientId } from "../queries";
import { ConfirmDialog } from "./ConfirmDialog";
import { ErrorNotice, SelfLockoutWarning, Spinner } from "./common";
import { DetailSection } from "./DetailSection";
import { KeyIcon } from "./Icons";
import { RotateKeysDialog } from "./RotateKeysDialog";
import "./ApiAccess.css";

/** True when the active connection signs in as this service user. */
export function useIsSignInUser(user: ServiceUser): boolean {
  const signIn = useSignInClientId();
  return user.clientId !== null && user.clientId === signIn;
}

export function ApiAccess({ user }: { user: ServiceUser }) {
  const generate = useGenerateKeys();
  const isSignInUser = useIsSignInUser(user);
  const [confirming, setConfirming] = useState(false);
  const [rotating, setRotating] = useState(false);
  const hasKeys = user.clientId !== null;

  // The secret panel itself is opened by useGenerateKeys at the shell level.
  const run = () => generate.mutate(user.name, { onSuccess: () => setConfirming(false) });

  return (
    <DetailSection title="API Access" testId="detail-api-access">
      <div className="readonly-grid">
        <div className="field">
          <label htmlFor="token-age">Token Age</label>
          <input
            id="token-age"
            readOnly
            value={user.tokenCreated === null ? "No keys yet" : formatAge(user.tokenCreated)}
            title={user.tokenCreated === null ? undefined : formatDateTime(new Date(user.tokenCreated * 1000))}
            data-testid="token-age"
          />
        </div>
        <div className="field">
          <label htmlFor="client-id">Client ID</label>
          <input id="client-id" className="mono" readOnly value={user.clientId ?? "—"} data-testid="client-id" />
        </div>
        <div className="field">
          <label htmlFor="client-secret">Client Secret</label>
          <input
            id="client-secret"
            readOnly
            value={hasKeys ? "Shown only once, when the keys are generated" : "—"}
            className="muted-input"
          />
        </div>
      </div>
      <div className="header-format">
        <span>Authenticate with header:</span>
        <code data-testid="header-format">{authorizationHeader(user.clientId)}</code>
      </div>
      {generate.error && !confirming && <GenerateError error={toAppError(generate.error)} onRegenerate={run} />}
      <button
        type="button"
        className="button button-primary"
        onClick={() => (hasKeys ? setConfirming(true) : run())}
        disabled={generate.isPending}
        data-testid="generate-keys"
      >
        {generate.isPending ? <Spinner /> : <KeyIcon />}
        {hasKeys ? "Regenerate API keys" : "Generate API keys"}
      </button>
      <button type="button" className="button" onClick={() => setRotating(true)} data-testid="rotate-keys">
        Rotate keys…
      </button>
      {rotating && (
        <RotateKeysDialog
          names={[user.name]}
          signInUser={isSignInUser ? user.name : null}
          onClose={() => setRotating(false)}
        />
      )}
      {confirming && (
        <ConfirmDialog
          title={`Regenerate API keys for ${user.name}?`}
          confirmLabel="Regenerate"
          danger
          pending={generate.isPending}
          error={generate.error ? toAppError(generate.error) : null}
          onCancel={() => setConfirming(false)}
          onConfirm={run}
          confirmTestId="regenerate-confirm"
        >
          {isSignInUser && <SelfLockoutWarning />}
          <p>
            The current secret stops working at once. Anything still using it will be refused until it gets the new one.
          </p>
        </ConfirmDialog>
      )}
    </DetailSection>
  );
}

/**
 * Why keys could not be generated. Without a clear answer the server may have replaced the keys
 * all the same, so the old key may no longer work: the one way to a working secret is to
 * regenerate, offered right here.
 */
function GenerateError({ error, onRegenerate }: { error: AppError; onRegenerate: () => void }) {
  const unknown = error.code === "outcome_unknown";
  return (
    <ErrorNotice
      error={error}
      title={unknown ? "New keys were not confirmed." : "Could not generate keys."}
      onRetry={unknown ? onRegenerate : undefined}
      retryLabel="Regenerate keys"
      testId="generate-error"
    />
  );
}
