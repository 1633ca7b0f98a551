// The rotation report: one entry per user with where its keys stand (rotated, not rotated, or
// unknown when the key request got no answer), where the new keys went, whether the new key
// signed in, and what went wrong. Keys still held can be copied (with the clipboard countdown,
// one user at a time) or opened in the secret panel.
import type { RotationReport } from "../bindings/RotationReport";
import type { RotationState } from "../bindings/RotationState";
import type { UserRotation } from "../bindings/UserRotation";
import { fileName } from "../format";

const STATE_TEXT: Record<RotationState, string> = {
  rotated: "Rotated",
  notRotated: "Not rotated",
  unknown: "Unknown",
};

const STATE_PILL: Record<RotationState, string> = {
  rotated: "pill-ok",
  notRotated: "pill-failed",
  unknown: "pill-partial",
};

type Props = {
  report: RotationReport;
  onCopy: (user: UserRotation) => void;
  onShowKeys: (user: UserRotation) => void;
};

/** A one-line count of the run, e.g. "2 rotated, 1 unknown, 1 not rotated". */
export function rotationSummary(report: RotationReport): string {
  const count = (state: RotationState) => report.users.filter((u) => u.state === state).length;
  return (["rotated", "unknown", "notRotated"] as const)
    .filter((state) => count(state) > 0)
    .map((state) => `${count(state)} ${STATE_TEXT[state].toLowerCase()}`)
    .join(", ");
}

export function RotationResults({ report, onCopy, onShowKeys }: Props) {
  return (
    <ul className="rotation-results" aria-label="Rotation report" data-testid="rotation-report">
      {report.users.map((user) => (
        <li key={user.name} className="rotation-result" data-testid={`rotation-${user.name}`}>
          <div className="rotation-result-head">
            <strong>{user.name}</strong>
            <span className={`pill ${STATE_PILL[user.state]}`} data-testid={`rotation-state-${user.name}`}>
              {STATE_TEXT[user.state]}
            </span>
            {user.verified !== null && (
              <span className={`pill ${user.verified ? "pill-ok" : "pill-failed"}`}>
                {user.verified ? "New key verified" : "New key refused"}
              </span>
            )}
          </div>
          <Facts user={user} />
          {user.error && <p className="rotation-error">{user.error}</p>}
          {user.handoff && (
            <div className="rotation-keys">
              <button
                type="button"
                className="button"
                onClick={() => onCopy(user)}
                aria-label={`Copy secret of ${user.name}`}
                data-testid={`rotation-copy-${user.name}`}
              >
                Copy secret
              </button>
              <button
                type="button"
                className="button"
                onClick={() => onShowKeys(user)}
                aria-label={`Show keys of ${user.name}`}
                data-testid={`rotation-show-${user.name}`}
              >
                Show keys…
              </button>
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}

function Facts({ user }: { user: UserRotation }) {
  const facts: string[] = [];
  if (user.clientId) facts.push(`New Client ID ${user.clientId}`);
  if (user.ownKey) {
    facts.push(
      user.ownKey.stored
        ? "The connection now signs in with the new key"
        : "The system keychain still holds the old secret",
    );
  }
  if (user.file?.path) facts.push(`Saved to ${fileName(user.file.path)}`);
  else if (user.file) facts.push("Not saved to a file");
  for (const target of user.targets) {
    facts.push(target.status === "delivered" ? `Delivered to ${target.target}` : `Not delivered to ${target.target}`);
  }
  if (user.handoff) facts.push(user.handoff.copied ? "Copied to the clipboard" : "Held here to copy or save");
  if (facts.length === 0) return null;
  return (
    <ul className="rotation-facts">
      {facts.map((fact) => (
        <li key={fact}>{fact}</li>
      ))}
    </ul>
  );
}
