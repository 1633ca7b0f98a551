// No keychain, still a connection: offered for this session only, said once, never a file.
import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderApp } from "../testing/render";

describe("without a system keychain", () => {
  it("offers the connection for this session only, and says 'unavailable' once", async () => {
    const { user, fake } = renderApp();
    await screen.findByTestId("service-user-row-cicd");
    fake.keychainWorks = false;
    await user.click(screen.getByTestId("connection-switcher"));
    await user.click(screen.getByTestId("add-connection"));
    const dialog = screen.getByRole("dialog", { name: "Add connection" });
    await user.type(within(dialog).getByTestId("connection-name"), "Staging");
    await user.type(within(dialog).getByTestId("connection-client-id"), "abc");
    await user.type(within(dialog).getByTestId("connection-secret"), "s3cret{Enter}");
    const offer = await within(dialog).findByTestId("session-only-offer");
    expect(offer).toHaveTextContent("no system keychain");
    expect(offer).toHaveTextContent("asks for it again at the next start");
    expect(within(dialog).queryByTestId("error-notice"), "one message, not three").toBeNull();
    expect((dialog.textContent ?? "").match(/unavailable/gi) ?? []).toHaveLength(0);

    await user.click(within(offer).getByRole("button", { name: "Use for this session only" }));
    await waitFor(() => expect(screen.queryByTestId("connection-dialog")).toBeNull());
    expect(fake.calls.filter((c) => c.method === "addConnection").at(-1)?.args[0]).toMatchObject({
      name: "Staging",
      sessionOnly: true,
      clientSecret: "<redacted>",
    });
  });
});
