// The window's one banner: the brand, the connection switcher and the Settings button.
import type { ActiveConnection } from "../bindings/ActiveConnection";
import type { Connection } from "../bindings/Connection";
import { apiHost, connectionHint, INSECURE_LABEL, isInsecure, SANDBOX_LABEL } from "../connectionFacts";
import { GearIcon, ServerIcon } from "./Icons";
import { Menu } from "./Menu";
import { Tooltip } from "./Tooltip";
import "./TopBar.css";

type Props = {
  current: ActiveConnection | null;
  connections: Connection[];
  onSwitch: (id: string) => void;
  onAdd: () => void;
  onEdit: (connection: Connection) => void;
  onRemove: (connection: Connection) => void;
  onSettings: () => void;
};

export function TopBar({ current, connections, onSwitch, onAdd, onEdit, onRemove, onSettings }: Props) {
  const editable = current !== null && !current.connection.embedded;
  const sandbox = current?.connection.embedded === true;
  return (
    <header className={sandbox ? "topbar topbar-sandbox" : "topbar"}>
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          <span />
          <span />
          <span />
          <span />
        </span>
        <span className="brand-name">
          trustgrid <span className="brand-product">Service Users</span>
        </span>
      </div>
      <div className="topbar-spacer" />
      {sandbox && (
        <span className="env-badge env-sandbox" data-testid="environment-badge">
          {SANDBOX_LABEL}
        </span>
      )}
      {current && isInsecure(current.connection) && (
        <span className="env-badge env-insecure" data-testid="insecure-badge">
          {INSECURE_LABEL}
        </span>
      )}
      <Menu
        testId="connection-switcher"
        buttonClassName="switcher"
        align="end"
        // The button's name is its visible text (org and domain), so speech input can say what is shown.
        label={
          <span className="switcher-label">
            <ServerIcon />
            <span className="switcher-text">
              <span className="visually-hidden">Connection: </span>
              {current ? (
                <>
                  <span className="switcher-org" data-testid="current-org">
                    {current.org.name}
                  </span>
                  <span className="switcher-domain" data-testid="current-host">
                    {sandbox ? current.connection.name : apiHost(current.connection.baseUrl)}
                  </span>
                </>
              ) : (
                <span className="switcher-org">No connection</span>
              )}
            </span>
          </span>
        }
        items={[
          {
            kind: "choices",
            label: "Connections",
            value: current?.connection.id,
            onChange: (id) => id !== current?.connection.id && onSwitch(id),
            options: connections.map((c) => ({
              value: c.id,
              label: c.name,
              hint: connectionHint(c),
              testId: `connection-${c.id}`,
            })),
          },
          { kind: "separator" },
          { label: "Add connection…", onSelect: onAdd, testId: "add-connection" },
          {
            label: "Edit…",
            disabled: !editable,
            onSelect: () => current && onEdit(current.connection),
            testId: "edit-connection",
          },
          {
            label: "Remove…",
            disabled: !editable,
            danger: true,
            onSelect: () => current && onRemove(current.connection),
            testId: "remove-connection",
          },
        ]}
      />
      <Tooltip content="Settings">
        <button
          type="button"
          className="icon-button"
          aria-label="Settings"
          data-testid="open-settings"
          onClick={onSettings}
        >
          <GearIcon />
        </button>
      </Tooltip>
    </header>
  );
}
