// Delete on the service-user page, as the portal offers it there too: asks first (with the
// self-lockout warning for the user this connection signs in with), deletes through the same
// path as the list's bulk Delete, and returns to the list.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import type { AppError } from "../bindings/AppError";
import type { ServiceUser } from "../bindings/ServiceUser";
import { useBackend } from "../queries";
import { keys } from "../queryKeys";
import { navigate } from "../route";
import { useIsSignInUser } from "./ApiAccess";
import { ConfirmDialog } from "./ConfirmDialog";
import { SelfLockoutWarning } from "./common";

export function DeleteServiceUser({ user }: { user: ServiceUser }) {
  const backend = useBackend();
  const client = useQueryClient();
  const isSignInUser = useIsSignInUser(user);
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation({
    mutationFn: async () => {
      const report = await backend.runBulkAction("delete", [user.name]);
      const outcome = report.items[0]?.outcome;
      if (outcome?.kind === "failed") throw outcome.error;
    },
    onSettled: () => {
      void client.invalidateQueries({ queryKey: keys.serviceUsers });
      void client.invalidateQueries({ queryKey: keys.journal });
    },
    onSuccess: () => {
      client.removeQueries({ queryKey: keys.serviceUser(user.name) });
      navigate({ page: "service-users" });
    },
  });
  return (
    <>
      <button
        type="button"
        className="button button-danger"
        onClick={() => setConfirming(true)}
        data-testid="delete-user"
      >
        Delete
      </button>
      {confirming && (
        <ConfirmDialog
          title={`Delete ${user.name}?`}
          confirmLabel="Delete"
          danger
          pending={remove.isPending}
          error={(remove.error as AppError | null) ?? null}
          onCancel={() => setConfirming(false)}
          onConfirm={() => remove.mutate()}
          typeToConfirm={isSignInUser ? user.name : undefined}
        >
          {isSignInUser && <SelfLockoutWarning />}
          <p>Its API keys stop working at once. This cannot be undone.</p>
        </ConfirmDialog>
      )}
    </>
  );
}
