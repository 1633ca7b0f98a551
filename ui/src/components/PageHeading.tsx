// A page's h1. After a navigation it takes the keyboard focus, so keyboard and screen-reader users
// start on the new page instead of at the top of the window.
import { type ReactNode, useEffect, useRef } from "react";
import { takeHeadingFocus } from "../route";

export function PageHeading({ children, className }: { children: ReactNode; className?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (takeHeadingFocus()) ref.current?.focus();
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1} className={className}>
      {children}
    </h1>
  );
}
