// The one moment a Client Secret exists on screen. The desktop side has already put it on the
// clipboard and runs the countdown that clears it; this panel shows that countdown, offers the
// ways to keep the secret (copy, reveal, save), and warns before it is dropped for good.
// The secret text lives only in this component's state while revealed: never in the query
// cache or any storage.
import { Toggle } from "radix-ui";
import { useEffect, useRef, useState } from "react";

import { toAppError } from "../backend";
import type { AppError } from "../bindings/AppError";
import type { CountdownEnded } from "../bindings/CountdownEnded";
import type { KeyHandoff } from "../bindings/KeyHandoff";
import type { SecretFileFormat } from "../bindings/SecretFileFormat";
import { authorizationHeader } from "../format";
import { useBackend } from "../queries";
import { ClipboardCountdown, type CountdownState } from "./ClipboardCountdown";
import { ErrorNotice } from "./common";
import { Dialog } from "./Dialog";
import { AlertIcon, CopyIcon, EyeIcon } from "./Icons";
import { KeepKeysRow } from "./KeepKeysRow";
import "./SecretPanel.css";

export const REVEAL_SECONDS = 15;
const MASK = "••••••••••••••••••••••••••••••••";

type Props = { handoff: KeyHandoff; onClosed: () => void };

export function SecretPanel({ handoff, onClosed }: Props) {
  const backend = useBackend();
  const [tick, setTick] = useState<CountdownState>({
    content: "secret",
    remaining: handoff.clipboardSeconds,
    total: handoff.clipboardSeconds,
  });
  const [ended, setEnded] = useState<CountdownEnded | null>(null);
  // Until a countdown tick proves otherwise, the secret is not on the clipboard.
  const [copyFailed, setCopyFailed] = useState(!handoff.copied);
  const [revealed, setRevealed] = useState<string | null>(null);
  const [hideIn, setHideIn] = useState(REVEAL_SECONDS);
  const [clientIdCopied, setClientIdCopied] = useState(false);
  // Saved to a file or delivered to a target: stored somewhere safe, so Close needs no warning.
  const [kept, setKept] = useState(false);
  const [format, setFormat] = useState<SecretFileFormat>("env");
  const [confirmingClose, setConfirmingClose] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const closed = useRef(false);
  const unmountTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    const offTick = backend.onCountdownTick((t) => {
      if (t.handoffId !== handoff.id) return;
      setTick({ content: t.content, remaining: t.remaining, total: t.total });
      setEnded(null);
      setClientIdCopied(false);
      setCopyFailed(false);
    });
    const offEnded = backend.onCountdownEnded((e) => {
      if (e.handoffId === handoff.id) setEnded(e);
    });
    return () => {
      offTick();
      offEnded();
    };
  }, [backend, handoff.id]);

  // Hide a revealed secret again after a short while, counting down on screen.
  useEffect(() => {
    if (revealed === null) return;
    setHideIn(REVEAL_SECONDS);
    const started = Date.now();
    const timer = setInterval(() => {
      const left = REVEAL_SECONDS - Math.floor((Date.now() - started) / 1000);
      if (left <= 0) setRevealed(null);
      else setHideIn(left);
    }, 1000);
    return () => clearInterval(timer);
  }, [revealed]);

  // If the panel disappears without Close (e.g. the window navigated), still drop the secret.
  // The delay lets React's development double-mount re-attach without closing the handoff.
  useEffect(() => {
    clearTimeout(unmountTimer.current);
    return () => {
      unmountTimer.current = setTimeout(() => {
        if (!closed.current) void backend.closeHandoff(handoff.id).catch(() => {});
      }, 0);
    };
  }, [backend, handoff.id]);

  const attempt = async (work: () => Promise<void>) => {
    setError(null);
    setNote(null);
    try {
      await work();
    } catch (e) {
      setError(toAppError(e));
    }
  };

  const close = async () => {
    closed.current = true;
    setRevealed(null);
    try {
      await backend.closeHandoff(handoff.id);
    } catch {
      // The secret is gone from this screen either way; a stale handoff dies with the app.
    }
    onClosed();
  };

  const requestClose = () => {
    if (kept) void close();
    else setConfirmingClose(true);
  };

  return (
    <Dialog
      title={`New API keys for ${handoff.serviceUser}`}
      onClose={confirmingClose ? () => setConfirmingClose(false) : requestClose}
      testId="secret-panel"
      size="large"
      tone="warning"
      footer={
        confirmingClose ? (
          <>
            <button type="button" className="button" onClick={() => setConfirmingClose(false)} data-autofocus>
              Keep open
            </button>
            <button
              type="button"
              className="button button-danger"
              onClick={() => void close()}
              data-testid="confirm-close"
            >
              Close anyway
            </button>
          </>
        ) : (
          <button type="button" className="button" onClick={requestClose} data-testid="close-secret-panel">
            Close
          </button>
        )
      }
    >
      {confirmingClose ? (
        <div className="close-warning" data-testid="close-warning">
          <AlertIcon />
          <div>
            <p>
              <strong>You will not be able to see this secret again.</strong>
            </p>
            <p>
              If it is not stored somewhere safe yet, keep this open and copy or save it first. Otherwise you will have
              to regenerate the keys.
            </p>
          </div>
        </div>
      ) : (
        <>
          <ClipboardCountdown
            tick={tick}
            clientIdCopied={clientIdCopied}
            ended={ended}
            copyFailed={copyFailed}
            onClearNow={() => void attempt(() => backend.clearClipboardNow())}
            onCopyAgain={() => void attempt(() => backend.copySecret(handoff.id))}
          />

          <div className="secret-fields">
            <div className="field">
              <label htmlFor="handoff-client-id">Client ID</label>
              <div className="input-row">
                <input
                  id="handoff-client-id"
                  className="mono"
                  readOnly
                  value={handoff.clientId}
                  data-testid="handoff-client-id"
                />
                <button
                  type="button"
                  className="button"
                  onClick={() =>
                    void attempt(async () => {
                      await backend.copyClientId(handoff.id);
                      setClientIdCopied(true);
                      setNote("Client ID copied.");
                    })
                  }
                  data-testid="copy-client-id"
                >
                  <CopyIcon /> Copy Client ID
                </button>
              </div>
            </div>
            <div className="field">
              <label htmlFor="handoff-secret">Client Secret</label>
              <div className="input-row">
                <output
                  id="handoff-secret"
                  className={`secret-value mono${revealed ? " secret-revealed" : ""}`}
                  data-testid="secret-value"
                  aria-label={revealed ? "Client Secret" : "Client Secret, hidden"}
                >
                  {revealed ?? MASK}
                </output>
                <Toggle.Root
                  className="button"
                  pressed={revealed !== null}
                  onPressedChange={(reveal) =>
                    reveal
                      ? void attempt(async () => {
                          setRevealed(await backend.revealSecret(handoff.id));
                        })
                      : setRevealed(null)
                  }
                  data-testid="reveal-secret"
                >
                  <EyeIcon /> {revealed !== null ? "Hide" : "Reveal"}
                </Toggle.Root>
              </div>
              {revealed && (
                <p className="field-hint" data-testid="reveal-countdown">
                  Hidden again in {hideIn} s.
                </p>
              )}
            </div>
            <div className="header-format">
              <span>Authenticate with header:</span>
              <div className="input-row">
                <code data-testid="handoff-header">
                  {authorizationHeader(handoff.clientId, revealed ?? "••••••••")}
                </code>
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => void attempt(() => backend.copyHeader(handoff.id))}
                  data-testid="copy-header"
                >
                  <CopyIcon /> Copy header
                </button>
              </div>
            </div>
          </div>

          <KeepKeysRow
            handoff={handoff}
            attempt={attempt}
            format={format}
            onFormat={setFormat}
            onKept={() => setKept(true)}
          />
          {note && (
            <p className="note" role="status" data-testid="secret-note">
              {note}
            </p>
          )}
          {error && <ErrorNotice error={error} />}
        </>
      )}
    </Dialog>
  );
}
