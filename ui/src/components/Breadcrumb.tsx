// "⌂ > User Management > Service Users > cicd" trail above each page, like the portal's: the
// home icon leads to the Service Users list.
import { memo } from "react";
import { routeHref } from "../route";
import { ChevronRight, HomeIcon } from "./Icons";
import "./Breadcrumb.css";

export type Crumb = { label: string; href?: string };

/** Memoised: a page that renders again often (the list) passes the same crumbs each time. */
export const Breadcrumb = memo(function Breadcrumb({ items }: { items: Crumb[] }) {
  return (
    <nav aria-label="Breadcrumb" className="breadcrumb">
      <ol data-testid="breadcrumb-list">
        <li>
          <a href={routeHref({ page: "service-users" })} aria-label="Home" className="breadcrumb-home">
            <HomeIcon />
          </a>
        </li>
        {items.map((item, i) => {
          const last = i === items.length - 1;
          return (
            <li key={item.label}>
              <ChevronRight />
              {item.href && !last ? (
                <a href={item.href}>{item.label}</a>
              ) : (
                <span aria-current={last ? "page" : undefined}>{item.label}</span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
});
