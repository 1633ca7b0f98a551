import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { FakeBackend } from "../testing/fakeBackend";
import { renderApp } from "../testing/render";

/** Names of the rendered rows, top to bottom (rows are absolutely positioned by `top`). */
function rowNames(): string[] {
  return screen
    .getAllByTestId(/^service-user-row-/)
    .map((row) => ({ name: row.dataset.testid!.replace("service-user-row-", ""), y: parseFloat(row.style.top) }))
    .sort((a, b) => a.y - b.y)
    .map((r) => r.name);
}

describe("service users list", () => {
  it("renders every user with status, policies and token age", async () => {
    renderApp();
    const cicd = await screen.findByTestId("service-user-row-cicd");
    expect(rowNames(), "all five demo users are listed, sorted by name").toEqual([
      "backup-runner",
      "cicd",
      "monitoring-prom",
      "terraform-ci",
      "tg-watch",
    ]);
    expect(within(cicd).getByTestId("status-badge")).toHaveTextContent("Active");
    expect(cicd).toHaveTextContent("builtin-tg-monitor");
    expect(cicd, "token age is relative").toHaveTextContent("3 days ago");
    const backup = screen.getByTestId("service-user-row-backup-runner");
    expect(within(backup).getByTestId("status-badge")).toHaveTextContent("Inactive");
    expect(backup, "a user without keys shows a dash for token age").toHaveTextContent("—");
    expect(within(cicd).getByRole("link", { name: "cicd" })).toHaveAttribute("href", "#/service-users/cicd");
    expect(screen.getByTestId("row-count")).toHaveTextContent("Showing 5 of 5");
    expect(screen.getByText(/Service users cannot login to the Portal/)).toBeInTheDocument();
  });

  it("sorts by clicking a column header, toggling the direction", async () => {
    const { user } = renderApp();
    await screen.findByTestId("service-user-row-cicd");
    await user.click(screen.getByTestId("sort-name"));
    expect(rowNames(), "second click on Name sorts descending").toEqual([
      "tg-watch",
      "terraform-ci",
      "monitoring-prom",
      "cicd",
      "backup-runner",
    ]);
    expect(screen.getByRole("columnheader", { name: /Name/ })).toHaveAttribute("aria-sort", "descending");

    await user.click(screen.getByTestId("sort-tokenAge"));
    expect(rowNames(), "youngest token first, users without keys last").toEqual([
      "tg-watch",
      "cicd",
      "monitoring-prom",
      "terraform-ci",
      "backup-runner",
    ]);
    await user.click(screen.getByTestId("sort-tokenAge"));
    expect(rowNames(), "oldest token first, users without keys still last").toEqual([
      "terraform-ci",
      "monitoring-prom",
      "cicd",
      "tg-watch",
      "backup-runner",
    ]);
  });

  it("filters by name or policy and counts what is shown", async () => {
    const { user } = renderApp();
    await screen.findByTestId("service-user-row-cicd");
    await user.type(screen.getByTestId("search"), "monitor");
    expect(rowNames(), "matches by policy name").toEqual(["cicd", "monitoring-prom"]);
    expect(screen.getByTestId("row-count")).toHaveTextContent("Showing 2 of 5");

    await user.clear(screen.getByTestId("search"));
    await user.type(screen.getByTestId("search"), "TG-W");
    expect(rowNames(), "matches by name, case-insensitively").toEqual(["tg-watch"]);

    await user.clear(screen.getByTestId("search"));
    await user.type(screen.getByTestId("search"), "nothing-like-this");
    expect(screen.getByTestId("list-no-match")).toHaveTextContent("No service users match");
  });

  it("select-all selects only the filtered rows and enables Actions", async () => {
    const { user } = renderApp();
    await screen.findByTestId("service-user-row-cicd");
    expect(screen.getByTestId("actions-menu"), "nothing selected: no actions").toBeDisabled();

    await user.type(screen.getByTestId("search"), "ci");
    expect(rowNames()).toEqual(["cicd", "terraform-ci"]);
    await user.click(screen.getByTestId("select-all"));
    expect(screen.getByTestId("row-checkbox-cicd")).toBeChecked();
    expect(screen.getByTestId("row-checkbox-terraform-ci")).toBeChecked();
    expect(screen.getByTestId("selection-count")).toHaveTextContent("2 selected");
    expect(screen.getByTestId("actions-menu")).toBeEnabled();

    await user.clear(screen.getByTestId("search"));
    expect(
      screen.getByTestId("row-checkbox-tg-watch"),
      "rows hidden by the filter were not selected",
    ).not.toBeChecked();
    expect(screen.getByTestId("select-all")).not.toBeChecked();
    expect(screen.getByTestId("select-all"), "some but not all rows are selected").toBePartiallyChecked();

    await user.click(screen.getByTestId("select-all"));
    expect(screen.getByTestId("selection-count")).toHaveTextContent("5 selected");
    await user.click(screen.getByTestId("select-all"));
    expect(screen.queryByTestId("selection-count"), "second click clears the selection").not.toBeInTheDocument();
  });

  it("renders only a window of rows for a large list", async () => {
    renderApp({ fakeOptions: { extraUsers: 10_000 } });
    await screen.findByTestId("service-user-row-backup-runner");
    expect(screen.getByTestId("row-count")).toHaveTextContent("Showing 10,005 of 10,005");
    const rendered = screen.getAllByTestId(/^service-user-row-/).length;
    expect(rendered, "virtualization keeps the DOM small").toBeLessThan(60);
    expect(rendered, "the visible window is filled").toBeGreaterThan(10);
  });

  it("keeps the keyboard focus on Refresh while it reloads, and ignores presses meanwhile", async () => {
    const fake = new FakeBackend({ latencyMs: 150 });
    const { user } = renderApp({ fake });
    await screen.findByTestId("service-user-row-cicd");
    const refresh = screen.getByTestId("refresh");
    await waitFor(() => expect(refresh).toHaveAttribute("aria-disabled", "false"));
    const listed = () => fake.calls.filter((c) => c.method === "listServiceUsers").length;
    const before = listed();
    refresh.focus();
    await user.keyboard("{Enter}");
    expect(refresh).toHaveAttribute("aria-disabled", "true");
    await user.keyboard("{Enter}");
    expect(refresh, "focus stays where the user pressed").toHaveFocus();
    await waitFor(() => expect(refresh).toHaveAttribute("aria-disabled", "false"));
    expect(refresh).toHaveFocus();
    expect(listed() - before, "one reload for two presses").toBe(1);
  });

  it("shows an empty state when the org has no service users", async () => {
    const fake = new FakeBackend();
    fake.users = [];
    renderApp({ fake });
    await waitFor(() => expect(screen.getByTestId("list-empty")).toHaveTextContent("No service users yet"));
  });

  it("shift-click selects the rows in between, and shift-click again clears them", async () => {
    const { user } = renderApp();
    await screen.findByTestId("service-user-row-cicd");
    await user.click(screen.getByTestId("row-checkbox-backup-runner"));
    await user.keyboard("{Shift>}");
    await user.click(screen.getByTestId("row-checkbox-terraform-ci"));
    await user.keyboard("{/Shift}");
    for (const name of ["backup-runner", "cicd", "monitoring-prom", "terraform-ci"]) {
      expect(screen.getByTestId(`row-checkbox-${name}`), `${name} lies in the shift-clicked range`).toBeChecked();
    }
    expect(screen.getByTestId("row-checkbox-tg-watch"), "the range ends at the shift-clicked row").not.toBeChecked();

    await user.keyboard("{Shift>}");
    await user.click(screen.getByTestId("row-checkbox-cicd"));
    await user.keyboard("{/Shift}");
    expect(screen.getByTestId("row-checkbox-cicd")).not.toBeChecked();
    expect(
      screen.getByTestId("row-checkbox-terraform-ci"),
      "clearing a range clears from the anchor row",
    ).not.toBeChecked();
    expect(
      screen.getByTestId("row-checkbox-backup-runner"),
      "rows outside the cleared range stay selected",
    ).toBeChecked();
  });

  it("shows the rows at once when coming back to a list already loaded", async () => {
    const { user } = renderApp();
    await screen.findByTestId("service-user-row-cicd");
    await user.click(screen.getByRole("link", { name: "cicd" }));
    await screen.findByTestId("generate-keys");
    await user.click(screen.getByTestId("nav-service-users"));
    await waitFor(() => expect(rowNames(), "the cached list is shown, not an empty table").toHaveLength(5));
  });
});
