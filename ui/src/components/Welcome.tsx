// The first screen when no connection is set up yet.
import type { Connection } from "../bindings/Connection";
import { connectionHint } from "../connectionFacts";
import { PlusIcon, ServerIcon } from "./Icons";
import { PageHeading } from "./PageHeading";
import "./Welcome.css";

type Props = { onAdd: () => void; connections: Connection[]; onSwitch: (id: string) => void };

export function Welcome({ onAdd, connections, onSwitch }: Props) {
  return (
    <div className="empty-state welcome" data-testid="welcome">
      <div className="empty-icon">
        <ServerIcon />
      </div>
      <PageHeading>Connect to Trustgrid</PageHeading>
      <p>Add a connection with the Client ID and Client Secret of an API user allowed to manage service users.</p>
      <button type="button" className="button button-primary" onClick={onAdd}>
        <PlusIcon /> Add connection…
      </button>
      {connections.length > 0 && (
        <ul className="welcome-list">
          {connections.map((c) => (
            <li key={c.id}>
              <button type="button" className="link-button" onClick={() => onSwitch(c.id)}>
                Use {c.name}
              </button>{" "}
              <span className="muted">({connectionHint(c)})</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
