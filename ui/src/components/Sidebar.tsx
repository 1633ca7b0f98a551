// The left navigation between the app's pages, and the connection in use at its foot.
import type { ReactNode } from "react";
import type { Connection } from "../bindings/Connection";
import { type Route, routeHref } from "../route";
import { ActivityIcon, CompareIcon, FlaskIcon, RobotIcon, SendIcon, ShieldIcon } from "./Icons";
import "./Sidebar.css";

/** Which navigation entry a page belongs to. */
function section(
  route: Route,
): "service-users" | "policies" | "simulator" | "activity" | "delivery-targets" | "compare-connections" {
  switch (route.page) {
    case "activity":
      return "activity";
    case "delivery-targets":
      return "delivery-targets";
    case "compare-connections":
      return "compare-connections";
    case "policies":
    case "policy":
    case "new-policy":
    case "edit-policy":
      return "policies";
    case "simulator":
      return "simulator";
    default:
      return "service-users";
  }
}

export function Sidebar({ route, connection }: { route: Route; connection: Connection | null }) {
  const current = section(route);
  const item = (target: Route & { page: ReturnType<typeof section> }, icon: ReactNode, label: string) => {
    const active = current === target.page;
    return (
      <li>
        <a
          href={routeHref(target)}
          className={`nav-item${active ? " nav-item-active" : ""}`}
          aria-current={active ? "page" : undefined}
          data-testid={`nav-${target.page}`}
        >
          {icon} {label}
        </a>
      </li>
    );
  };
  return (
    <nav className="sidebar" aria-label="Main">
      <ul className="nav-list">
        {item({ page: "service-users" }, <RobotIcon />, "Service Users")}
        {item({ page: "policies" }, <ShieldIcon />, "Policies")}
        {item({ page: "simulator" }, <FlaskIcon />, "Permissions Simulator")}
        {item({ page: "activity" }, <ActivityIcon />, "Activity")}
        {item({ page: "delivery-targets" }, <SendIcon />, "Delivery targets")}
        {item({ page: "compare-connections" }, <CompareIcon />, "Compare connections")}
      </ul>
      {connection && (
        <div className="sidebar-footer" title={connection.baseUrl}>
          <span className="sidebar-footer-label">{connection.name}</span>
          <span className="sidebar-footer-url">{connection.baseUrl.replace(/^https?:\/\//, "")}</span>
        </div>
      )}
    </nav>
  );
}
