// Sandbox or real org: the window says which, everywhere it matters.
import { screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { FakeBackend } from "../testing/fakeBackend";
import { renderApp } from "../testing/render";

beforeEach(() => window.localStorage.clear());

async function onSandbox() {
  const app = renderApp();
  await screen.findByTestId("service-user-row-cicd");
  await app.user.click(screen.getByTestId("connection-switcher"));
  await app.user.click(screen.getByTestId("connection-conn-sandbox"));
  await waitFor(() => expect(screen.getByTestId("current-org")).toHaveTextContent("Sandbox"));
  return app;
}

describe("the environment", () => {
  it("marks the sandbox with a lasting badge, and a real org with its name and API host", async () => {
    const { user } = renderApp();
    await screen.findByTestId("service-user-row-cicd");
    expect(screen.getByTestId("current-org")).toHaveTextContent("Acme Networks");
    expect(screen.getByTestId("current-host")).toHaveTextContent("api.trustgrid.io");
    expect(screen.queryByTestId("environment-badge")).toBeNull();
    await user.click(screen.getByTestId("connection-switcher"));
    await user.click(screen.getByTestId("connection-conn-sandbox"));
    expect(await screen.findByTestId("environment-badge")).toHaveTextContent("Local sandbox — demo data");
  });

  it("on first start points from the sandbox to Add connection…, until dismissed", async () => {
    const fake = new FakeBackend();
    await fake.removeConnection("conn-acme");
    await fake.switchConnection("conn-sandbox");
    const { user } = renderApp({ fake });
    const hint = await screen.findByTestId("sandbox-hint");
    await user.click(within(hint).getByRole("button", { name: "Add connection…" }));
    expect(screen.getByRole("dialog", { name: "Add connection" })).toBeInTheDocument();
    await user.keyboard("{Escape}");
    await user.click(within(screen.getByTestId("sandbox-hint")).getByRole("button", { name: "Dismiss" }));
    expect(screen.queryByTestId("sandbox-hint")).toBeNull();
    expect(window.localStorage.getItem("sandbox-hint-dismissed")).toBe("1");
  });

  it("does not show the first-start hint once a real connection exists", async () => {
    await onSandbox();
    expect(screen.queryByTestId("sandbox-hint")).toBeNull();
  });

  it("names the real org before a destructive bulk action, and not on the sandbox", async () => {
    const { user } = renderApp();
    await screen.findByTestId("service-user-row-cicd");
    await user.click(screen.getByTestId("row-checkbox-cicd"));
    await user.click(screen.getByTestId("actions-menu"));
    await user.click(screen.getByTestId("action-delete"));
    const dialog = screen.getByRole("dialog", { name: "Delete service user “cicd” in Acme Networks?" });
    expect(within(dialog).getByTestId("real-org-warning")).toHaveTextContent(
      "This changes the real organisation Acme Networks at api.trustgrid.io",
    );
  });
});
