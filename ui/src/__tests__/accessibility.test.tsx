import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderApp } from "../testing/render";

describe("accessibility", () => {
  it("names the connection switcher by what it shows", async () => {
    renderApp();
    await screen.findByTestId("service-user-row-cicd");
    const switcher = screen.getByTestId("connection-switcher");
    expect(switcher, "the visible org and API host are part of the name, in order").toHaveAccessibleName(
      "Connection: Acme Networks api.trustgrid.io",
    );
  });

  it("moves the focus to the new page's heading after a navigation", async () => {
    const { user } = renderApp();
    await screen.findByTestId("service-user-row-cicd");
    expect(document.activeElement, "nothing is focused on first load").toBe(document.body);
    await user.click(screen.getByRole("link", { name: "cicd" }));
    await waitFor(() => expect(screen.getByRole("heading", { level: 1, name: "cicd" })).toHaveFocus());
    await user.click(screen.getByTestId("nav-activity"));
    await waitFor(() => expect(screen.getByRole("heading", { level: 1, name: "Activity" })).toHaveFocus());
  });

  it("keeps one banner and the page's lists intact while a dialog is open", async () => {
    const { user } = renderApp();
    await screen.findByTestId("service-user-row-cicd");
    await user.click(screen.getByTestId("add-service-user"));
    await screen.findByRole("dialog", { name: "Add Service User" });
    expect(document.querySelectorAll("header"), "the dialog's title block is not a second banner").toHaveLength(1);
    const policies = await screen.findByRole("list", { name: "Policies" });
    expect(policies.querySelectorAll(":scope > li").length, "each policy is an item of the list").toBeGreaterThan(0);
  });
});
