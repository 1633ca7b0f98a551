// In-app navigation kept in the URL hash, so Back/Forward and reloads keep the current screen
// without a router library.
import { useEffect, useState } from "react";

export type Route =
  | { page: "service-users" }
  | { page: "service-user"; name: string }
  | { page: "activity" }
  | { page: "policies" }
  | { page: "policy"; name: string }
  | { page: "new-policy" }
  | { page: "edit-policy"; name: string }
  | { page: "simulator" }
  | { page: "compare"; first?: string }
  | { page: "delivery-targets" }
  | { page: "compare-connections" };

/** The permission screens' pages (components/PermissionPages.tsx). */
const PERMISSION_PAGES = ["policies", "policy", "new-policy", "edit-policy", "simulator", "compare"] as const;

export type PermissionRoute = Extract<Route, { page: (typeof PERMISSION_PAGES)[number] }>;

export function isPermissionRoute(route: Route): route is PermissionRoute {
  return (PERMISSION_PAGES as readonly string[]).includes(route.page);
}

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
  if (parts[0] === "activity") return { page: "activity" };
  if (parts[0] === "delivery-targets") return { page: "delivery-targets" };
  if (parts[0] === "compare-connections") return { page: "compare-connections" };
  if (parts[0] === "service-users" && parts[1]) return { page: "service-user", name: parts[1] };
  if (parts[0] === "policies" && parts[1] === "new") return { page: "new-policy" };
  if (parts[0] === "policies" && parts[1] && parts[2] === "edit") return { page: "edit-policy", name: parts[1] };
  if (parts[0] === "policies" && parts[1]) return { page: "policy", name: parts[1] };
  if (parts[0] === "policies") return { page: "policies" };
  if (parts[0] === "simulator") return { page: "simulator" };
  if (parts[0] === "compare") return { page: "compare", first: parts[1] };
  return { page: "service-users" };
}

export function routeHref(route: Route): string {
  switch (route.page) {
    case "activity":
      return "#/activity";
    case "delivery-targets":
      return "#/delivery-targets";
    case "compare-connections":
      return "#/compare-connections";
    case "service-user":
      return `#/service-users/${encodeURIComponent(route.name)}`;
    case "policies":
      return "#/policies";
    case "policy":
      return `#/policies/${encodeURIComponent(route.name)}`;
    case "new-policy":
      return "#/policies/new";
    case "edit-policy":
      return `#/policies/${encodeURIComponent(route.name)}/edit`;
    case "simulator":
      return "#/simulator";
    case "compare":
      return route.first ? `#/compare/${encodeURIComponent(route.first)}` : "#/compare";
    default:
      return "#/service-users";
  }
}

export function navigate(route: Route): void {
  window.location.hash = routeHref(route);
}

/** Set when the route changes, until the new page's heading has taken the focus. */
let headingShouldTakeFocus = false;

/** True once after each navigation: the first page heading to appear takes the focus. */
export function takeHeadingFocus(): boolean {
  const take = headingShouldTakeFocus;
  headingShouldTakeFocus = false;
  return take;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => {
      headingShouldTakeFocus = true;
      setRoute(parseRoute(window.location.hash));
    };
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return route;
}
