// "Rotate keys…" for one or many service users: says before starting that each old key stops
// working at the regenerate step, lets the administrator choose where the new keys go for this
// run (a file per user, the clipboard one user at a time, delivery targets), shows progress per
// user, then the per-user report, with "Finish" when a network failure interrupted the run.
import { ToggleGroup } from "radix-ui";
import { useEffect, useState } from "react";

import { toAppError } from "../backend";
import type { RotationProgress } from "../bindings/RotationProgress";
import type { RotationReport } from "../bindings/RotationReport";
import type { SecretFileFormat } from "../bindings/SecretFileFormat";
import type { UserRotation } from "../bindings/UserRotation";
import { useOpenHandoff } from "../handoff";
import { useBackend, useDeliveryTargets, useRotateKeys } from "../queries";
import { Checkbox } from "./Checkbox";
import { ErrorNotice, ProgressBar, Spinner } from "./common";
import { Dialog } from "./Dialog";
import { RotationResults, rotationSummary } from "./RotationResults";
import "./RotateKeysDialog.css";

const STEP_TEXT: Record<RotationProgress["step"], string> = {
  regenerating: "Regenerating",
  delivering: "Delivering",
  verifying: "Verifying",
  done: "Done",
};

type Props = {
  names: string[];
  /** The Client ID the connection signs in with, to say when its own user is in the run. */
  signInUser?: string | null;
  onClose: () => void;
};

export function RotateKeysDialog({ names, signInUser, onClose }: Props) {
  const backend = useBackend();
  const rotate = useRotateKeys();
  const targets = useDeliveryTargets();
  const openHandoff = useOpenHandoff();
  const [toFile, setToFile] = useState(false);
  const [format, setFormat] = useState<SecretFileFormat>("env");
  const [clipboard, setClipboard] = useState(true);
  const [targetIds, setTargetIds] = useState<string[]>([]);
  const [progress, setProgress] = useState<RotationProgress | null>(null);
  const [report, setReport] = useState<RotationReport | null>(null);
  const [handedOver, setHandedOver] = useState<string[]>([]);
  const delivery = { file: toFile ? format : null, clipboard, targetIds };
  const label = names.length === 1 ? names[0] : `${names.length} service users`;

  useEffect(() => backend.onRotationProgress(setProgress), [backend]);

  const showKeys = (user: UserRotation) => {
    if (!user.handoff) return;
    setHandedOver((ids) => [...ids, user.handoff?.id ?? ""]);
    openHandoff(user.handoff);
  };
  const finished = (next: RotationReport) => {
    // A finish reports only the users it took up: the others keep their earlier entries.
    setReport((before) =>
      before ? { ...next, users: before.users.map((u) => next.users.find((n) => n.name === u.name) ?? u) } : next,
    );
    // Keys the keychain refused are shown at once, with the countdown already running.
    for (const user of next.users) if (user.ownKey && !user.ownKey.stored) showKeys(user);
  };
  const start = () => rotate.mutate({ names, delivery }, { onSuccess: finished });
  const finish = () =>
    report &&
    rotate.mutate({ unfinished: report.users.filter((u) => u.state !== "rotated"), delivery }, { onSuccess: finished });
  const close = () => {
    // Keys handed to the secret panel stay there; the rest are dropped (and the clipboard
    // cleared if it still holds one of them).
    for (const user of report?.users ?? []) {
      if (user.handoff && !handedOver.includes(user.handoff.id))
        void backend.closeHandoff(user.handoff.id).catch(() => {});
    }
    onClose();
  };

  const chosen = toFile || clipboard || targetIds.length > 0;
  return (
    <Dialog
      title={report ? `Rotation of ${label}` : `Rotate the keys of ${label}?`}
      onClose={close}
      dismissable={!rotate.isPending}
      size="large"
      tone={report ? "default" : "warning"}
      testId="rotate-dialog"
      footer={
        <>
          <button
            type="button"
            className="button"
            onClick={close}
            disabled={rotate.isPending}
            data-testid="rotate-close"
          >
            {report ? "Done" : "Cancel"}
          </button>
          {report?.interrupted && (
            <button
              type="button"
              className="button button-primary"
              onClick={finish}
              disabled={rotate.isPending}
              data-testid="rotate-finish"
            >
              {rotate.isPending && <Spinner label="Finishing" />}
              Finish
            </button>
          )}
          {!report && (
            <button
              type="button"
              className="button button-danger"
              onClick={start}
              disabled={!chosen || rotate.isPending}
              data-testid="rotate-start"
            >
              {rotate.isPending && <Spinner label="Rotating" />}
              Rotate {names.length === 1 ? "keys" : `${names.length} keys`}
            </button>
          )}
        </>
      }
    >
      {!report && (
        <>
          <p className="rotate-warning" data-testid="rotate-warning">
            <strong>Each old key stops working at the regenerate step.</strong> Anything still using it is refused until
            it gets the new one. Users are rotated one after the other: regenerate, deliver, then verify that the new
            key signs in.
          </p>
          {signInUser && names.includes(signInUser) && (
            <p className="rotate-own" data-testid="rotate-own">
              {signInUser} is the user this connection signs in with: its new secret replaces the old one where the
              connection keeps it, in the same step, and the app goes on with it.
            </p>
          )}
          <fieldset className="rotate-delivery" disabled={rotate.isPending}>
            <legend>Deliver the new keys</legend>
            <div className="rotate-choice">
              <Checkbox id="rotate-file" checked={toFile} onCheckedChange={setToFile} data-testid="rotate-file" />
              <label htmlFor="rotate-file">Save each user's keys to a file (you choose where, per user)</label>
              <ToggleGroup.Root
                type="single"
                className="segmented"
                aria-label="File format"
                value={format}
                onValueChange={(value) => value && setFormat(value as SecretFileFormat)}
              >
                <ToggleGroup.Item value="env" className="segment">
                  .env
                </ToggleGroup.Item>
                <ToggleGroup.Item value="json" className="segment">
                  JSON
                </ToggleGroup.Item>
              </ToggleGroup.Root>
            </div>
            <div className="rotate-choice">
              <Checkbox
                id="rotate-clipboard"
                checked={clipboard}
                onCheckedChange={setClipboard}
                data-testid="rotate-clipboard"
              />
              <label htmlFor="rotate-clipboard">Copy to the clipboard, one user at a time, with the countdown</label>
            </div>
            {targets.data?.map((target) => (
              <div key={target.id} className="rotate-choice">
                <Checkbox
                  id={`rotate-target-${target.id}`}
                  checked={targetIds.includes(target.id)}
                  onCheckedChange={(on) =>
                    setTargetIds((ids) => (on ? [...ids, target.id] : ids.filter((id) => id !== target.id)))
                  }
                  data-testid={`rotate-target-${target.name}`}
                />
                <label htmlFor={`rotate-target-${target.id}`}>
                  Deliver to {target.name} <code>{target.command}</code>
                </label>
              </div>
            ))}
          </fieldset>
        </>
      )}
      {rotate.isPending && progress && (
        <div className="rotate-progress" aria-live="polite" data-testid="rotate-progress">
          <ProgressBar
            value={progress.index + (progress.step === "done" ? 1 : 0)}
            max={progress.total}
            label="Rotation progress"
          />
          <span>
            {progress.name}: {STEP_TEXT[progress.step]} ({progress.index + 1} of {progress.total})
          </span>
        </div>
      )}
      {report && (
        <>
          <p className="rotate-summary" aria-live="polite" data-testid="rotate-summary">
            {rotationSummary(report)}.
            {report.interrupted && " The run was interrupted: Finish checks the unknown users and rotates the rest."}
          </p>
          <RotationResults
            report={report}
            onCopy={(u) => u.handoff && void backend.copySecret(u.handoff.id)}
            onShowKeys={showKeys}
          />
          <p className="rotate-note">
            Closing this report drops the keys still held here and clears them from the clipboard.
          </p>
        </>
      )}
      {rotate.error && <ErrorNotice error={toAppError(rotate.error)} title="Could not rotate the keys." />}
    </Dialog>
  );
}
