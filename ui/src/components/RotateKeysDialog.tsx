// "Rotate keys…" for one or many service users: says before starting that each old key stops
// working at the regenerate step, lets the administrator choose where the new keys go for this
// run (a file per user, the clipboard one user at a time, delivery targets), shows every user of
// the run with its step, then the per-user report, with "Finish" when a network failure
// interrupted the run. Given an earlier run's unfinished users, it finishes that run instead.
import { useEffect, useState } from "react";

import { toAppError } from "../backend";
import type { RotationReport } from "../bindings/RotationReport";
import type { Unfinished } from "../bindings/Unfinished";
import type { UserRotation } from "../bindings/UserRotation";
import { useOpenHandoff } from "../handoff";
import { useBackend, useRotateKeys } from "../queries";
import { ErrorNotice, Spinner } from "./common";
import { Dialog } from "./Dialog";
import { choosesSomething, DEFAULT_CHOICE, RotationDeliveryChoices, toDelivery } from "./RotationDeliveryChoices";
import { RotationResults, rotationSummary } from "./RotationResults";
import { type LatestSteps, RotationRunProgress } from "./RotationRunProgress";
import "./RotateKeysDialog.css";

type Props = {
  names: string[];
  /** An earlier run's users not rotated (the names above): Finish takes them up. */
  earlier?: Unfinished[];
  /** The Client ID the connection signs in with, to say when its own user is in the run. */
  signInUser?: string | null;
  onClose: () => void;
};

export function RotateKeysDialog({ names, earlier, signInUser, onClose }: Props) {
  const backend = useBackend();
  const rotate = useRotateKeys();
  const openHandoff = useOpenHandoff();
  const [choice, setChoice] = useState(DEFAULT_CHOICE);
  const [running, setRunning] = useState<string[]>([]);
  const [latest, setLatest] = useState<LatestSteps>({});
  const [report, setReport] = useState<RotationReport | null>(null);
  const [handedOver, setHandedOver] = useState<string[]>([]);
  const delivery = toDelivery(choice);
  const label = names.length === 1 ? names[0] : `${names.length} service users`;

  useEffect(
    () => backend.onRotationProgress((progress) => setLatest((steps) => ({ ...steps, [progress.name]: progress }))),
    [backend],
  );

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
  // The run takes the users in the order sent; each one's state comes from its progress events.
  const finishUsers = (unfinished: Unfinished[]) => {
    const left = unfinished.filter((u) => u.state !== "rotated");
    setRunning(left.map((u) => u.name));
    setLatest({});
    rotate.mutate({ unfinished: left, delivery }, { onSuccess: finished });
  };
  const start = () => {
    if (earlier) return finishUsers(earlier);
    setRunning(names);
    setLatest({});
    rotate.mutate({ names, delivery }, { onSuccess: finished });
  };
  const finish = () => report && finishUsers(report.users);
  const close = () => {
    // Keys handed to the secret panel stay there; the rest are dropped (and the clipboard
    // cleared if it still holds one of them).
    for (const user of report?.users ?? []) {
      if (user.handoff && !handedOver.includes(user.handoff.id))
        void backend.closeHandoff(user.handoff.id).catch(() => {});
    }
    onClose();
  };

  const chosen = choosesSomething(choice);
  const title = earlier ? `Finish the key rotation of ${label}?` : `Rotate the keys of ${label}?`;
  return (
    <Dialog
      title={report ? `Rotation of ${label}` : title}
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
              {earlier ? "Finish" : `Rotate ${names.length === 1 ? "keys" : `${names.length} keys`}`}
            </button>
          )}
        </>
      }
    >
      {!report && (
        <>
          {earlier && (
            <p className="rotate-earlier" data-testid="rotate-earlier">
              An earlier run did not finish. Finish reads each unknown user again to tell whether its keys were
              replaced, then rotates every user not rotated.
            </p>
          )}
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
          <RotationDeliveryChoices choice={choice} onChange={setChoice} disabled={rotate.isPending} />
        </>
      )}
      {rotate.isPending && <RotationRunProgress names={running} latest={latest} />}
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
