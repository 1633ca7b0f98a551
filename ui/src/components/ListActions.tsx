// The Service Users list's toolbar buttons: Refresh, Add, Import, the Actions menu over the
// selection and the Terraform export. Memoised with steady callbacks: a keystroke in the search, a
// chart click or a sort renders the list page again, and none of them changes these buttons, whose
// Radix menu and tooltip would otherwise render again on each.
import { memo } from "react";
import { ariaShortcut, withShortcut } from "../shortcuts";
import { RefreshButton } from "./common";
import { PlusIcon } from "./Icons";
import { Menu } from "./Menu";
import { TerraformExportButton } from "./TerraformExportButton";
import { Tooltip } from "./Tooltip";

type Props = {
  busy: boolean;
  selectedCount: number;
  onRefresh: () => void;
  onAdd: () => void;
  onImport: () => void;
  onEnable: () => void;
  onDisable: () => void;
  onRotate: () => void;
  onDelete: () => void;
};

export const ListActions = memo(function ListActions(props: Props) {
  return (
    <>
      <RefreshButton
        onClick={props.onRefresh}
        busy={props.busy}
        testId="refresh"
        tooltip={withShortcut("Refresh", "refresh")}
        keyShortcuts={ariaShortcut("refresh")}
      />
      <Tooltip content={withShortcut("New service user", "newServiceUser")}>
        <button
          type="button"
          className="button button-primary"
          onClick={props.onAdd}
          aria-keyshortcuts={ariaShortcut("newServiceUser")}
          data-testid="add-service-user"
        >
          <PlusIcon /> Add Service User
        </button>
      </Tooltip>
      <button type="button" className="button" onClick={props.onImport} data-testid="import-users">
        Import…
      </button>
      <Menu
        label="Actions"
        testId="actions-menu"
        disabled={props.selectedCount === 0}
        items={[
          { label: "Enable", testId: "action-enable", onSelect: props.onEnable },
          // Disabling refuses the users' API keys at once, so it is confirmed; enabling only
          // when Settings ask for it.
          { label: "Disable…", testId: "action-disable", onSelect: props.onDisable },
          { label: "Rotate keys…", testId: "action-rotate", onSelect: props.onRotate },
          { kind: "separator" },
          { label: "Delete…", testId: "action-delete", danger: true, onSelect: props.onDelete },
        ]}
      />
      <TerraformExportButton />
    </>
  );
});
