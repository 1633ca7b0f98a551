// A yes/no question. With `typeToConfirm`, the confirm button stays disabled until the user has
// typed that exact text (used before deleting several service users at once).
import { type ReactNode, useState } from "react";
import type { AppError } from "../bindings/AppError";
import { ErrorNotice, Spinner } from "./common";
import { Dialog } from "./Dialog";
import "./ConfirmDialog.css";

type Props = {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  danger?: boolean;
  pending?: boolean;
  error?: AppError | null;
  typeToConfirm?: string;
  typePrompt?: ReactNode;
  testId?: string;
  confirmTestId?: string;
};

export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  onConfirm,
  onCancel,
  danger,
  pending,
  error,
  typeToConfirm,
  typePrompt,
  testId = "confirm-dialog",
  confirmTestId = "confirm-button",
}: Props) {
  const [typed, setTyped] = useState("");
  const ready = typeToConfirm === undefined || typed.trim() === typeToConfirm;
  return (
    <Dialog
      title={title}
      size="small"
      tone={danger ? "danger" : "default"}
      onClose={onCancel}
      onSubmit={() => ready && !pending && onConfirm()}
      testId={testId}
      footer={
        <>
          <button
            type="button"
            className="button"
            onClick={onCancel}
            data-autofocus={typeToConfirm === undefined ? true : undefined}
          >
            Cancel
          </button>
          <button
            type="submit"
            className={`button ${danger ? "button-danger" : "button-primary"}`}
            disabled={!ready || pending}
            data-testid={confirmTestId}
          >
            {pending && <Spinner />}
            {confirmLabel}
          </button>
        </>
      }
    >
      <div className="confirm-text">{children}</div>
      {typeToConfirm !== undefined && (
        <div className="field">
          <label htmlFor="confirm-typed">
            {typePrompt ?? (
              <>
                Type <strong>{typeToConfirm}</strong> to confirm
              </>
            )}
          </label>
          <input
            id="confirm-typed"
            inputMode="numeric"
            autoComplete="off"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            data-testid="confirm-count-input"
            data-autofocus
          />
        </div>
      )}
      {error && <ErrorNotice error={error} />}
    </Dialog>
  );
}
