// The left navigation between the app's pages, and the connection in use at its foot.
import type { Connection } from "../bindings/Connection";
import { type Route, routeHref } from "../route";
import { ActivityIcon, RobotIcon } from "./Icons";
import "./Sidebar.css";

export function Sidebar({ route, connection }: { route: Route; connection: Connection | null }) {
  const onActivity = route.page === "activity";
  return (
    <nav className="sidebar" aria-label="Main">
      <ul className="nav-list">
        <li>
          <a
            href={routeHref({ page: "service-users" })}
            className={`nav-item${onActivity ? "" : " nav-item-active"}`}
            aria-current={onActivity ? undefined : "page"}
            data-testid="nav-service-users"
          >
            <RobotIcon /> Service Users
          </a>
        </li>
        <li>
          <a
            href={routeHref({ page: "activity" })}
            className={`nav-item${onActivity ? " nav-item-active" : ""}`}
            aria-current={onActivity ? "page" : undefined}
            data-testid="nav-activity"
          >
            <ActivityIcon /> Activity
          </a>
        </li>
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
