// The clipboard countdown at the top of the secret panel: what was copied, how long until the
// clipboard is cleared (or how it ended, or that the copy failed), and Clear now / Copy again.
import type { CountdownEnded } from "../bindings/CountdownEnded";
import type { CountdownTick } from "../bindings/CountdownTick";
import { AlertIcon, CheckIcon, CopyIcon } from "./Icons";
import { ProgressBar } from "./ProgressBar";
import "./ClipboardCountdown.css";

export type CountdownState = Pick<CountdownTick, "content" | "remaining" | "total">;

type Props = {
  tick: CountdownState;
  ended: CountdownEnded | null;
  copyFailed: boolean;
  /** The panel itself put the Client ID on the clipboard, which ended the countdown. */
  clientIdCopied?: boolean;
  onClearNow: () => void;
  onCopyAgain: () => void;
};

export function ClipboardCountdown({ tick, ended, copyFailed, clientIdCopied, onClearNow, onCopyAgain }: Props) {
  const what = tick.content === "secret" ? "Client Secret" : "Authorization header";
  return (
    <div
      className={`countdown${copyFailed ? " countdown-failed" : ended ? " countdown-ended" : ""}`}
      role="status"
      aria-live="polite"
    >
      <div className="countdown-text" data-testid="countdown-text">
        {copyFailed ? (
          <>
            <AlertIcon />
            <span>
              <strong>Could not copy the secret to the clipboard.</strong> Reveal it or save it to a file — it is shown
              only once.
            </span>
          </>
        ) : ended ? (
          <>
            <CheckIcon />
            <span>
              {ended.cleared
                ? "Clipboard cleared."
                : ended.reason === "replaced"
                  ? clientIdCopied
                    ? "The Client ID replaced the secret on the clipboard."
                    : "Something else was copied since, so the clipboard was left alone; the secret is no longer there."
                  : "The clipboard was left as it was."}{" "}
              This secret is shown only once.
            </span>
          </>
        ) : (
          <>
            <AlertIcon />
            <span>
              <strong>{what} copied</strong> — the clipboard will be cleared in{" "}
              <span className="countdown-seconds" data-testid="countdown-seconds">
                {tick.remaining} s
              </span>
              . This secret is shown only once.
            </span>
          </>
        )}
      </div>
      {!ended && !copyFailed && (
        <ProgressBar value={tick.remaining} max={tick.total} label="Time until the clipboard is cleared" warning />
      )}
      <div className="countdown-actions">
        {!ended && !copyFailed && (
          <button type="button" className="button button-small" onClick={onClearNow} data-testid="clear-now">
            Clear now
          </button>
        )}
        <button type="button" className="button button-small" onClick={onCopyAgain} data-testid="copy-again">
          <CopyIcon /> Copy again
        </button>
      </div>
    </div>
  );
}
