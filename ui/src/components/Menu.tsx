// A button that opens a list of actions (role=menu); closes on Esc, outside click or choice.
import { type ReactNode, useEffect, useId, useRef, useState } from "react";

export type MenuItem =
  | {
      kind?: "item";
      label: ReactNode;
      onSelect: () => void;
      disabled?: boolean;
      testId?: string;
      danger?: boolean;
      checked?: boolean;
      hint?: ReactNode;
    }
  | { kind: "separator" }
  | { kind: "heading"; label: ReactNode };

type Props = {
  label: ReactNode;
  items: MenuItem[];
  disabled?: boolean;
  testId?: string;
  buttonClassName?: string;
  align?: "start" | "end";
  ariaLabel?: string;
};

export function Menu({
  label,
  items,
  disabled,
  testId,
  buttonClassName = "button",
  align = "start",
  ariaLabel,
}: Props) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menuId = useId();

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", onDown);
    root.current?.querySelector<HTMLElement>('[role^="menuitem"]:not([disabled])')?.focus();
    return () => document.removeEventListener("mousedown", onDown);
  }, [open]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === "Escape" && open) {
      e.stopPropagation();
      close();
    }
    if ((e.key === "ArrowDown" || e.key === "ArrowUp") && open && root.current) {
      e.preventDefault();
      const all = [...root.current.querySelectorAll<HTMLElement>('[role^="menuitem"]:not([disabled])')];
      const at = all.indexOf(document.activeElement as HTMLElement);
      const next = e.key === "ArrowDown" ? (at + 1) % all.length : (at - 1 + all.length) % all.length;
      all[next]?.focus();
    }
  };

  return (
    <div className="menu" ref={root} onKeyDown={onKeyDown}>
      <button
        ref={button}
        type="button"
        className={buttonClassName}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-label={ariaLabel}
        disabled={disabled}
        data-testid={testId}
        onClick={() => setOpen((o) => !o)}
      >
        {label}
        <span className="caret" aria-hidden="true" />
      </button>
      {open && (
        <div className={`menu-list menu-${align}`} role="menu" id={menuId}>
          {items.map((item, i) => {
            if (item.kind === "separator") return <div key={i} className="menu-separator" role="separator" />;
            if (item.kind === "heading")
              return (
                <div key={i} className="menu-heading" role="presentation">
                  {item.label}
                </div>
              );
            return (
              <button
                key={i}
                type="button"
                role={item.checked === undefined ? "menuitem" : "menuitemradio"}
                aria-checked={item.checked}
                className={`menu-item${item.danger ? " menu-item-danger" : ""}`}
                disabled={item.disabled}
                data-testid={item.testId}
                onClick={() => {
                  close();
                  item.onSelect();
                }}
              >
                {item.checked !== undefined && (
                  <span className="menu-check" aria-hidden="true">
                    {item.checked ? "✓" : ""}
                  </span>
                )}
                <span className="menu-item-text">
                  {item.label}
                  {item.hint && <span className="menu-hint">{item.hint}</span>}
                </span>
              </button>
            );
          })}
        </div>
      )}
    </div>
  );
}
