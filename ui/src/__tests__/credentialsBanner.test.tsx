import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { AppError } from "../bindings/AppError";
import { FakeBackend } from "../testing/fakeBackend";
import { renderApp } from "../testing/render";

const REJECTED: AppError = { code: "unauthorized", message: "The credentials were rejected.", details: [] };

describe("the credentials banner", () => {
  it("stays away when a connection test is rejected: the failure belongs to its dialog", async () => {
    const { user, fake } = renderApp();
    await screen.findByTestId("service-user-row-cicd");
    fake.fail("addConnection", REJECTED);
    await user.click(screen.getByTestId("connection-switcher"));
    await user.click(screen.getByTestId("add-connection"));
    await user.type(screen.getByTestId("connection-name"), "Staging");
    await user.type(screen.getByTestId("connection-client-id"), "abc");
    await user.type(screen.getByTestId("connection-secret"), "wrong{Enter}");
    const dialog = screen.getByRole("dialog", { name: "Add connection" });
    await waitFor(() => expect(within(dialog).getByTestId("error-notice")).toBeInTheDocument());
    expect(screen.queryByTestId("unauthorized-banner"), "no alarm about the working connection").toBeNull();
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByTestId("unauthorized-banner"), "nor after Cancel").toBeNull();
  });

  it("stays away when switching to another connection is rejected", async () => {
    const { user, fake } = renderApp();
    await screen.findByTestId("service-user-row-cicd");
    fake.fail("switchConnection", REJECTED);
    await user.click(screen.getByTestId("connection-switcher"));
    await user.click(screen.getByTestId("connection-conn-sandbox"));
    await screen.findByText("Could not switch the connection.");
    expect(screen.queryByTestId("unauthorized-banner")).toBeNull();
  });

  it("clears on the active connection's next success", async () => {
    const fake = new FakeBackend();
    fake.fail("listServiceUsers", REJECTED);
    const { user } = renderApp({ fake });
    await screen.findByTestId("unauthorized-banner");
    await user.click(screen.getByTestId("refresh"));
    await screen.findByTestId("service-user-row-cicd");
    await waitFor(() => expect(screen.queryByTestId("unauthorized-banner")).toBeNull());
  });

  it("can be dismissed", async () => {
    const fake = new FakeBackend();
    fake.fail("listServiceUsers", REJECTED);
    const { user } = renderApp({ fake });
    const banner = await screen.findByTestId("unauthorized-banner");
    await user.click(within(banner).getByRole("button", { name: "Dismiss" }));
    expect(screen.queryByTestId("unauthorized-banner")).toBeNull();
  });
});
