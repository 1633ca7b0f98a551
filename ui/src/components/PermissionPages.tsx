// The pages of the permission screens, chosen by route: the Policies list, a policy, the policy
// editor, the Permissions Simulator and Compare.
import type { PermissionRoute } from "../route";
import { ComparePage } from "./ComparePage";
import { PoliciesPage } from "./PoliciesPage";
import { PolicyEditorPage } from "./PolicyEditorPage";
import { PolicyPage } from "./PolicyPage";
import { SimulatorPage } from "./SimulatorPage";

export function PermissionPages({ route }: { route: PermissionRoute }) {
  switch (route.page) {
    case "policies":
      return <PoliciesPage />;
    case "policy":
      return <PolicyPage key={route.name} name={route.name} />;
    case "new-policy":
      return <PolicyEditorPage />;
    case "edit-policy":
      return <PolicyEditorPage key={route.name} name={route.name} />;
    case "simulator":
      return <SimulatorPage />;
    case "compare":
      return <ComparePage first={route.first} />;
  }
}
