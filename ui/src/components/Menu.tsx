// A button that opens a list of actions, on Radix UI's DropdownMenu: one Tab stop, arrow keys and
// typeahead inside, Esc or a choice closes it and focus goes back to the button. On the first
// screen, until its primitives mount (lightStart.ts), the button alone is shown; pressing it
// mounts them and opens the menu.
import { DropdownMenu } from "radix-ui";
import { type KeyboardEvent, type ReactNode, useState } from "react";
import { endLightStart, useLightStart } from "./lightStart";
import "./Menu.css";

export type MenuItem =
  | { kind?: "item"; label: ReactNode; onSelect: () => void; disabled?: boolean; testId?: string; danger?: boolean }
  | { kind: "separator" }
  /** Exclusive choices under a heading (menuitemradio), such as the connection in use. */
  | {
      kind: "choices";
      label: string;
      value: string | undefined;
      onChange: (value: string) => void;
      options: { value: string; label: ReactNode; hint?: ReactNode; testId?: string }[];
    };

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
  const light = useLightStart();
  const [openAtOnce, setOpenAtOnce] = useState(false);
  // The button's look and name, the same on the light stand-in and on Radix's trigger.
  const button = { className: buttonClassName, disabled, "data-testid": testId, "aria-label": ariaLabel };
  const content = (
    <>
      {label}
      <span className="caret" aria-hidden="true" />
    </>
  );
  if (light) {
    const open = () => {
      setOpenAtOnce(true);
      endLightStart();
    };
    // The keys that open Radix's menu from its button; Enter and Space arrive as a click.
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        open();
      }
    };
    return (
      <button
        type="button"
        {...button}
        aria-haspopup="menu"
        aria-expanded={false}
        data-state="closed"
        onClick={open}
        onKeyDown={onKeyDown}
      >
        {content}
      </button>
    );
  }
  return (
    // Not modal: the page stays as it is (nothing hidden from screen readers); Tab or a click
    // elsewhere closes the menu. Rendered in place, inside the landmark of its button.
    <DropdownMenu.Root modal={false} defaultOpen={openAtOnce}>
      <DropdownMenu.Trigger {...button}>{content}</DropdownMenu.Trigger>
      <DropdownMenu.Content className={`menu-list menu-${align}`} align={align} sideOffset={4} loop>
        {items.map((item, i) => (
          <MenuEntry key={entryKey(item, i)} item={item} />
        ))}
      </DropdownMenu.Content>
    </DropdownMenu.Root>
  );
}

function entryKey(item: MenuItem, index: number): string {
  if (item.kind === "separator") return `separator-${index}`;
  if (item.kind === "choices") return `choices-${item.label}`;
  return item.testId ?? `item-${index}`;
}

function MenuEntry({ item }: { item: MenuItem }) {
  if (item.kind === "separator") return <DropdownMenu.Separator className="menu-separator" />;
  if (item.kind === "choices") {
    return (
      <DropdownMenu.Group>
        <DropdownMenu.Label className="menu-heading">{item.label}</DropdownMenu.Label>
        <DropdownMenu.RadioGroup value={item.value} onValueChange={item.onChange} aria-label={item.label}>
          {item.options.map((option) => (
            <DropdownMenu.RadioItem
              key={option.value}
              value={option.value}
              className="menu-item"
              data-testid={option.testId}
            >
              <span className="menu-check" aria-hidden="true">
                <DropdownMenu.ItemIndicator>✓</DropdownMenu.ItemIndicator>
              </span>
              <span className="menu-item-text">
                {option.label}
                {option.hint && <span className="menu-hint">{option.hint}</span>}
              </span>
            </DropdownMenu.RadioItem>
          ))}
        </DropdownMenu.RadioGroup>
      </DropdownMenu.Group>
    );
  }
  return (
    <DropdownMenu.Item
      className={`menu-item${item.danger ? " menu-item-danger" : ""}`}
      disabled={item.disabled}
      data-testid={item.testId}
      onSelect={item.onSelect}
    >
      <span className="menu-item-text">{item.label}</span>
    </DropdownMenu.Item>
  );
}
