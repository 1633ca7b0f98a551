import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderApp } from "../testing/render";

describe("activity page", () => {
  it("lists changes made from the app and exports the journal to a chosen file", async () => {
    const { user, fake } = renderApp();
    await screen.findByTestId("service-user-row-cicd");
    await user.click(screen.getByTestId("row-checkbox-tg-watch"));
    await user.click(screen.getByTestId("actions-menu"));
    await user.click(screen.getByTestId("action-enable"));
    await user.click(await screen.findByTestId("close-bulk"));

    await user.click(screen.getByTestId("nav-activity"));
    const journal = await screen.findByTestId("journal");
    await waitFor(() => expect(journal, "the bulk enable is journalled").toHaveTextContent("tg-watch"));

    await user.click(screen.getByTestId("export-journal"));
    const exported = await screen.findByTestId("exported-path");
    expect(exported).toHaveTextContent("Exported to service-users-activity.jsonl");
    expect(
      fake.calls.some((c) => c.method === "exportActivity"),
      "the export went through the backend",
    ).toBe(true);
  });

  it("says so when the export fails, and keeps the list", async () => {
    const { user, fake } = renderApp();
    await screen.findByTestId("service-user-row-cicd");
    await user.click(screen.getByTestId("nav-activity"));
    await screen.findByTestId("journal");
    fake.fail("exportActivity", {
      code: "internal",
      message: "Could not write /readonly/x.jsonl: permission denied",
      details: [],
    });
    await user.click(screen.getByTestId("export-journal"));
    expect(await screen.findByText(/Could not export the activity journal/)).toBeInTheDocument();
    expect(screen.getByTestId("journal"), "the journal stays on screen").toBeInTheDocument();
  });

  it("filters by action and user, and exports what the filter shows as CSV", async () => {
    const { user, fake } = renderApp();
    await screen.findByTestId("service-user-row-cicd");
    await user.click(screen.getByTestId("nav-activity"));
    const journal = await screen.findByTestId("journal");
    expect(screen.getByTestId("activity-count")).toHaveTextContent("3 entries");
    await user.selectOptions(screen.getByTestId("filter-action"), "attach-policy");
    expect(screen.getByTestId("activity-count")).toHaveTextContent("1 of 3 entries");
    expect(journal).toHaveTextContent("cicd");
    await user.type(screen.getByTestId("filter-user"), "TG-WATCH");
    expect(journal).toHaveTextContent("No entries match the filter.");
    await user.clear(screen.getByTestId("filter-user"));
    await user.type(screen.getByTestId("filter-user"), "CICD");
    await user.click(screen.getByTestId("export-journal-csv"));
    expect(await screen.findByTestId("exported-path")).toHaveTextContent("service-users-activity.csv");
    const call = fake.calls.find((c) => c.method === "exportActivity");
    expect(call?.args).toEqual(["csv", { action: "attach-policy", user: "CICD", from: null, to: null }]);
  });
});
