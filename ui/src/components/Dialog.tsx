// A modal dialog on Radix UI's Dialog primitive: it labels the dialog for screen readers, keeps
// focus inside while open (also when the focused control disappears), closes the topmost dialog
// on Esc wherever focus is, and gives focus back to the control that opened it.
import { Dialog as RadixDialog } from "radix-ui";
import { type ReactNode, useEffect, useState } from "react";
import { Spinner } from "./common";
import "./Dialog.css";

type Props = {
  title: ReactNode;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  /** Submitting the form (Enter in a field) calls this; omit for dialogs without a form. */
  onSubmit?: () => void;
  size?: "small" | "medium" | "large";
  testId?: string;
  /** Esc and clicks outside are ignored while false (e.g. while a bulk action runs). */
  dismissable?: boolean;
  description?: ReactNode;
  tone?: "default" | "danger" | "warning";
};

/**
 * The control focus returns to on close. A dialog chosen from a menu returns to the menu's button:
 * the menu item that had focus is gone by the time the dialog closes.
 */
function opener(): HTMLElement | null {
  const active = document.activeElement as HTMLElement | null;
  const menu = active?.closest('[role="menu"]');
  const button = menu?.getAttribute("aria-labelledby");
  return button ? document.getElementById(button) : active;
}

let openDialogs = 0;

/**
 * While a dialog is open the page behind it is inert: Radix already hides it from screen readers,
 * and inert also takes its controls out of reach, so nothing hidden can still take the focus.
 */
function useInertPage() {
  useEffect(() => {
    const page = document.getElementById("root");
    if (!page) return;
    openDialogs += 1;
    page.setAttribute("inert", "");
    return () => {
      openDialogs -= 1;
      if (openDialogs === 0) page.removeAttribute("inert");
    };
  }, []);
}

export function Dialog({
  title,
  onClose,
  children,
  footer,
  onSubmit,
  size = "medium",
  testId,
  dismissable = true,
  description,
  tone = "default",
}: Props) {
  const [returnTo] = useState(opener);
  useInertPage();
  const body = (
    <>
      <div className="dialog-header">
        <RadixDialog.Title className="dialog-title">{title}</RadixDialog.Title>
        {description && <RadixDialog.Description className="dialog-description">{description}</RadixDialog.Description>}
      </div>
      <div className="dialog-body">{children}</div>
      {footer && <div className="dialog-footer">{footer}</div>}
    </>
  );

  return (
    <RadixDialog.Root open onOpenChange={(open) => !open && onClose()}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="dialog-backdrop">
          <RadixDialog.Content
            className={`dialog dialog-${size} dialog-tone-${tone}`}
            data-testid={testId}
            // Without a description there is nothing to point at (Radix warns otherwise).
            {...(description ? {} : { "aria-describedby": undefined })}
            onOpenAutoFocus={(e) => {
              // A field or button marked data-autofocus is where the user starts; otherwise the first one.
              const preferred = (e.currentTarget as HTMLElement).querySelector<HTMLElement>("[data-autofocus]");
              if (preferred) {
                e.preventDefault();
                preferred.focus();
              }
            }}
            onCloseAutoFocus={(e) => {
              if (returnTo?.isConnected && returnTo !== document.body) {
                e.preventDefault();
                returnTo.focus();
              }
            }}
            onEscapeKeyDown={(e) => !dismissable && e.preventDefault()}
            onInteractOutside={(e) => !dismissable && e.preventDefault()}
          >
            {onSubmit ? (
              <form
                className="dialog-form"
                noValidate
                onSubmit={(e) => {
                  e.preventDefault();
                  onSubmit();
                }}
              >
                {body}
              </form>
            ) : (
              body
            )}
          </RadixDialog.Content>
        </RadixDialog.Overlay>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

type FormButtonsProps = {
  onCancel: () => void;
  submitLabel: string;
  /** While the submission runs: a spinner (announced as `pendingLabel`) and no second submit. */
  pending: boolean;
  pendingLabel?: string;
  disabled?: boolean;
};

/** The footer of a dialog with a form: Cancel, and the button that submits it (Enter does too). */
export function FormButtons({ onCancel, submitLabel, pending, pendingLabel, disabled }: FormButtonsProps) {
  return (
    <>
      <button type="button" className="button" onClick={onCancel}>
        Cancel
      </button>
      <button type="submit" className="button button-primary" data-testid="submit" disabled={disabled || pending}>
        {pending && <Spinner label={pendingLabel} />}
        {submitLabel}
      </button>
    </>
  );
}
