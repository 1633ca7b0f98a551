// A modal dialog: labelled for screen readers, focus kept inside while open, Esc closes,
// focus returns to where it was when it closes.
import { type ReactNode, useEffect, useId, useRef } from "react";

/**
 * Esc is handled on `document`, so it still works after the focused button disappeared and focus
 * fell to <body>; only the topmost dialog (the last one in the page, since a nested or later
 * dialog comes after the one below it) may act on it.
 */
function isTopmost(root: HTMLElement | null): boolean {
  const open = document.querySelectorAll('[role="dialog"][aria-modal="true"]');
  return root !== null && open[open.length - 1] === root;
}

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

type Props = {
  title: ReactNode;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  /** Submitting the form (Enter in a field) calls this; omit for dialogs without a form. */
  onSubmit?: () => void;
  size?: "small" | "medium" | "large";
  testId?: string;
  /** Esc and the backdrop are ignored while true (e.g. while a bulk action runs). */
  dismissable?: boolean;
  description?: ReactNode;
  tone?: "default" | "danger" | "warning";
};

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
  const titleId = useId();
  const descriptionId = useId();
  const panel = useRef<HTMLDivElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;
  const dismissableRef = useRef(dismissable);
  dismissableRef.current = dismissable;

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const root = panel.current;
    const focusInside = () => {
      if (!root) return;
      const preferred = root.querySelector<HTMLElement>("[data-autofocus]");
      const first =
        preferred ??
        root.querySelector<HTMLElement>(`.dialog-body ${FOCUSABLE}`) ??
        root.querySelector<HTMLElement>(FOCUSABLE);
      (first ?? root).focus();
    };
    focusInside();

    const topmost = () => isTopmost(root);

    const onDocumentKeyDown = (e: KeyboardEvent) => {
      if (e.key !== "Escape" || !topmost() || e.defaultPrevented) return;
      e.preventDefault();
      if (dismissableRef.current) onCloseRef.current();
    };
    // Focus that fell out of the dialog onto nothing (a removed or disabled button, a click on
    // the backdrop) goes back inside, so Tab and screen readers stay in the dialog.
    const focusLost = () => document.activeElement === null || document.activeElement === document.body;
    const recover = () => {
      if (topmost() && focusLost()) focusInside();
    };
    const onFocusOut = (e: FocusEvent) => {
      if (e.relatedTarget === null) setTimeout(recover, 0);
    };
    // Browsers do not always send focusout when the focused element is removed from the page.
    const observer = new MutationObserver(recover);
    document.addEventListener("keydown", onDocumentKeyDown);
    root?.addEventListener("focusout", onFocusOut);
    if (root)
      observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ["disabled"] });
    return () => {
      document.removeEventListener("keydown", onDocumentKeyDown);
      root?.removeEventListener("focusout", onFocusOut);
      observer.disconnect();
      previous?.focus?.();
    };
  }, []);

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key !== "Tab" || !panel.current) return;
    const items = [...panel.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.hasAttribute("inert"));
    if (items.length === 0) return;
    const first = items[0];
    const last = items[items.length - 1];
    if (e.shiftKey && (document.activeElement === first || document.activeElement === panel.current)) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  const body = (
    <>
      <header className="dialog-header">
        <h2 id={titleId} className="dialog-title">
          {title}
        </h2>
        {description && (
          <p id={descriptionId} className="dialog-description">
            {description}
          </p>
        )}
      </header>
      <div className="dialog-body">{children}</div>
      {footer && <footer className="dialog-footer">{footer}</footer>}
    </>
  );

  return (
    <div
      className="dialog-backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget && dismissable) onClose();
      }}
    >
      <div
        ref={panel}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={description ? descriptionId : undefined}
        className={`dialog dialog-${size} dialog-tone-${tone}`}
        data-testid={testId}
        tabIndex={-1}
        onKeyDown={onKeyDown}
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
      </div>
    </div>
  );
}
