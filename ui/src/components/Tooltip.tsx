// A short label shown on hover and on keyboard focus, on Radix UI's Tooltip primitive: the trigger
// is described by it for screen readers, Esc hides it, and it never takes focus. On the first
// screen, until its primitives mount (lightStart.ts), only the trigger is shown.
import { Tooltip as RadixTooltip } from "radix-ui";
import type { ReactElement, ReactNode } from "react";
import { useLightStart } from "./lightStart";
import "./Tooltip.css";

export function Tooltip({ content, children }: { content: ReactNode; children: ReactElement }) {
  if (useLightStart()) return children;
  return (
    <RadixTooltip.Provider delayDuration={400}>
      <RadixTooltip.Root>
        <RadixTooltip.Trigger asChild>{children}</RadixTooltip.Trigger>
        {/* In place rather than in a portal, so it stays inside its trigger's landmark. */}
        <RadixTooltip.Content className="tooltip" side="bottom" sideOffset={6} collisionPadding={8}>
          {content}
        </RadixTooltip.Content>
      </RadixTooltip.Root>
    </RadixTooltip.Provider>
  );
}
