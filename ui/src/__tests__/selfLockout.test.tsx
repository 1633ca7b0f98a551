import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { FakeBackend } from "../testing/fakeBackend";
import { NOW_SECONDS, renderApp } from "../testing/render";

const LOCKOUT =
  "the service user this connection signs in with. After this, the app can no longer reach this organisation with this connection.";

/** "Acme production" signs in with Client ID 3b1f0c9d2e; here that is cicd's. */
function appWhereCicdIsTheConnection(hash = "") {
  const fake = new FakeBackend({ nowSeconds: NOW_SECONDS });
  fake.users.find((u) => u.name === "cicd")!.clientId = "3b1f0c9d2e";
  return renderApp({ fake, hash });
}

describe("warnings before locking out the connection's own service user", () => {
  it("asks before disabling it on the detail page, with the warning", async () => {
    const { user, fake } = appWhereCicdIsTheConnection("#/service-users/cicd");
    await waitFor(() => expect(screen.getByTestId("current-org")).toHaveTextContent("Acme Networks"));
    await user.click(await screen.findByTestId("toggle-status"));
    const dialog = screen.getByRole("dialog", { name: "Disable cicd?" });
    expect(within(dialog).getByTestId("self-lockout-warning")).toHaveTextContent(`This is ${LOCKOUT}`);
    expect(fake.users.find((u) => u.name === "cicd")?.status, "nothing changes before confirming").toBe("active");
    await user.click(within(dialog).getByTestId("confirm-button"));
    await waitFor(() => expect(fake.users.find((u) => u.name === "cicd")?.status).toBe("inactive"));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
  });

  it("warns before regenerating its keys", async () => {
    const { user } = appWhereCicdIsTheConnection("#/service-users/cicd");
    await waitFor(() => expect(screen.getByTestId("current-org")).toHaveTextContent("Acme Networks"));
    await user.click(await screen.findByTestId("generate-keys"));
    const dialog = screen.getByRole("dialog", { name: "Regenerate API keys for cicd?" });
    expect(within(dialog).getByTestId("self-lockout-warning")).toHaveTextContent(`This is ${LOCKOUT}`);
    expect(dialog, "shown in the danger style").toHaveClass("dialog-tone-danger");
  });

  it("names it in the bulk Disable and Delete confirmations", async () => {
    const { user } = appWhereCicdIsTheConnection();
    await screen.findByTestId("service-user-row-cicd");
    for (const name of ["cicd", "tg-watch"]) await user.click(screen.getByTestId(`row-checkbox-${name}`));
    for (const [action, title] of [
      ["action-disable", "Disable 2 service users in Acme Networks?"],
      ["action-delete", "Delete 2 service users in Acme Networks?"],
    ]) {
      await user.click(screen.getByTestId("actions-menu"));
      await user.click(screen.getByTestId(action));
      const dialog = screen.getByRole("dialog", { name: title });
      expect(
        within(dialog).getByTestId("self-lockout-warning"),
        `${title} says which user is the connection's`,
      ).toHaveTextContent(`cicd is ${LOCKOUT}`);
      await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    }
  });

  it("says nothing of the kind for other service users", async () => {
    const { user } = appWhereCicdIsTheConnection("#/service-users/tg-watch");
    await waitFor(() => expect(screen.getByTestId("current-org")).toHaveTextContent("Acme Networks"));
    await user.click(await screen.findByTestId("generate-keys"));
    expect(screen.getByRole("dialog", { name: "Regenerate API keys for tg-watch?" })).toBeInTheDocument();
    expect(screen.queryByTestId("self-lockout-warning")).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    await user.click(screen.getByTestId("toggle-status"));
    expect(screen.queryByRole("dialog"), "disabling another user stays one click").not.toBeInTheDocument();
  });
});
