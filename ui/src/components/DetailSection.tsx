// A titled section of the detail page (Attached Policies, API Access), named by its heading.
import { type ReactNode, useId } from "react";
import "./DetailSection.css";

export function DetailSection({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  const headingId = useId();
  return (
    <section className="section" data-testid={testId} aria-labelledby={headingId}>
      <h2 id={headingId} className="section-title">
        {title}
      </h2>
      {children}
    </section>
  );
}
