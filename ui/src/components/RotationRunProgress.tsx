// While a rotation runs: every user of the run with where it stands (waiting, regenerating,
// delivering, verifying, done, failed, not started), under the progress bar. The UI gathers the states from the
// run's progress events, one per user and step; only the one-line summary is a live region, so a
// screen reader hears each change once and not the whole list again.
import type { RotationProgress } from "../bindings/RotationProgress";
import { ProgressBar } from "./ProgressBar";

type RowState = "waiting" | "regenerating" | "delivering" | "verifying" | "done" | "failed" | "notStarted";

const ROW_TEXT: Record<RowState, string> = {
  waiting: "Waiting",
  regenerating: "Regenerating",
  delivering: "Delivering",
  verifying: "Verifying",
  done: "Done",
  failed: "Failed",
  notStarted: "Not started",
};

const ROW_PILL: Record<RowState, string> = {
  waiting: "",
  regenerating: "pill-partial",
  delivering: "pill-partial",
  verifying: "pill-partial",
  done: "pill-ok",
  failed: "pill-failed",
  notStarted: "",
};

/** The states a user ends the run in. */
const SETTLED: ReadonlySet<RowState> = new Set(["done", "failed", "notStarted"]);

/** The latest progress event of each user, by name. */
export type LatestSteps = Record<string, RotationProgress>;

function rowState(latest: RotationProgress | undefined): RowState {
  if (!latest) return "waiting";
  if (latest.step !== "done") return latest.step;
  if (latest.result?.state === "rotated") return "done";
  // A run that stopped hands back the users it did not reach as not rotated, without an error.
  return latest.result?.state === "notRotated" && !latest.result.error ? "notStarted" : "failed";
}

type Props = {
  /** The users of the run, in the order it takes them. */
  names: string[];
  latest: LatestSteps;
};

export function RotationRunProgress({ names, latest }: Props) {
  const states = names.map((name) => rowState(latest[name]));
  const finished = states.filter((s) => SETTLED.has(s)).length;
  const at = states.findIndex((s) => s !== "waiting" && !SETTLED.has(s));
  const now = at >= 0 ? ` ${names[at]}: ${ROW_TEXT[states[at]].toLowerCase()}.` : "";
  return (
    <div className="rotate-progress" data-testid="rotate-progress">
      <ProgressBar value={finished} max={names.length} label="Rotation progress" />
      <p className="rotate-progress-summary" aria-live="polite" data-testid="rotate-progress-summary">
        {finished} of {names.length} finished.{now}
      </p>
      <ul className="rotate-progress-list" aria-label="Users in this rotation">
        {names.map((name, i) => (
          <li key={name} data-testid={`rotate-progress-${name}`}>
            <span className="rotate-progress-name">{name}</span>
            <span className={`pill ${ROW_PILL[states[i]]}`} data-testid={`rotate-progress-state-${name}`}>
              {ROW_TEXT[states[i]]}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
