// The left navigation between the app's pages, and the connection in use at its foot.
import type { Connection } from "../bindings/Connection";
import { type Route, routeHref } from "../route";
import { ActivityIcon, CompareIcon, RobotIcon, SendIcon } from "./Icons";
import "./Sidebar.css";

export function Sidebar({ route, connection }: { route: Route; connection: Connection | null }) {
  const onActivity = route.page === "activity";
  const onDelivery = route.page === "delivery-targets";
  const onCompare = route.page === "compare";
  const onUsers = !onActivity && !onDelivery && !onCompare;
  return (
    <nav className="sidebar" aria-label="Main">
      <ul className="nav-list">
        <li>
          <a
            href={routeHref({ page: "service-users" })}
            className={`nav-item${onUsers ? " nav-item-active" : ""}`}
            aria-current={onUsers ? "page" : undefined}
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
        <li>
          <a
            href={routeHref({ page: "delivery-targets" })}
            className={`nav-item${onDelivery ? " nav-item-active" : ""}`}
            aria-current={onDelivery ? "page" : undefined}
            data-testid="nav-delivery-targets"
          >
            <SendIcon /> Delivery targets
          </a>
        </li>
        <li>
          <a
            href={routeHref({ page: "compare" })}
            className={`nav-item${onCompare ? " nav-item-active" : ""}`}
            aria-current={onCompare ? "page" : undefined}
            data-testid="nav-compare"
          >
            <CompareIcon /> Compare
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
