import { act, render, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { BulkSummary } from "../components/BulkActionDialog";
import { renderApp } from "../testing/render";

describe("bulk actions", () => {
  it("enables the selection and reports ok, skipped and failed items", async () => {
    const { user, fake } = renderApp();
    await screen.findByTestId("service-user-row-cicd");
    fake.bulkFailures.set("tg-watch", { code: "forbidden", message: "403", details: [] });
    fake.users.find((u) => u.name === "tg-watch")!.status = "inactive";
    for (const name of ["cicd", "backup-runner", "tg-watch"])
      await user.click(screen.getByTestId(`row-checkbox-${name}`));
    await user.click(screen.getByTestId("actions-menu"));
    await user.click(screen.getByTestId("action-enable"));

    const summary = await screen.findByTestId("bulk-summary");
    expect(within(summary).getByTestId("bulk-count-ok")).toHaveTextContent("Enabled1");
    expect(within(summary).getByTestId("bulk-count-skipped")).toHaveTextContent("Skipped1");
    expect(within(summary).getByTestId("bulk-count-failed")).toHaveTextContent("Failed1");
    const failures = within(summary).getByTestId("bulk-failures");
    expect(failures).toHaveTextContent("tg-watch");
    expect(failures, "failures are explained by code, not by the raw message").toHaveTextContent(
      "This connection is not allowed to do that",
    );
    expect(within(summary).getByTestId("bulk-skipped")).toHaveTextContent("cicdalready active");
    expect(fake.calls.find((c) => c.method === "runBulkAction")?.args).toEqual([
      "enable",
      ["backup-runner", "cicd", "tg-watch"],
    ]);

    await user.click(screen.getByTestId("close-bulk"));
    expect(screen.getByTestId("row-checkbox-tg-watch"), "the failed user stays selected for a retry").toBeChecked();
    expect(screen.getByTestId("row-checkbox-cicd")).not.toBeChecked();
    await waitFor(() =>
      expect(
        within(screen.getByTestId("service-user-row-backup-runner")).getByTestId("status-badge"),
      ).toHaveTextContent("Active"),
    );
  });

  it("asks for the number of users before deleting several", async () => {
    const { user, fake } = renderApp();
    await screen.findByTestId("service-user-row-cicd");
    for (const name of ["cicd", "tg-watch", "terraform-ci"])
      await user.click(screen.getByTestId(`row-checkbox-${name}`));
    await user.click(screen.getByTestId("actions-menu"));
    await user.click(screen.getByTestId("action-delete"));

    const dialog = screen.getByRole("dialog", { name: "Delete 3 service users in Acme Networks?" });
    expect(within(dialog).getByTestId("name-list")).toHaveTextContent("cicdterraform-citg-watch");
    expect(screen.getByTestId("confirm-button"), "cannot delete before typing the count").toBeDisabled();
    await user.type(screen.getByTestId("confirm-count-input"), "2");
    expect(screen.getByTestId("confirm-button"), "a wrong count does not unlock delete").toBeDisabled();
    await user.clear(screen.getByTestId("confirm-count-input"));
    await user.type(screen.getByTestId("confirm-count-input"), "3");
    await user.click(screen.getByTestId("confirm-button"));

    await screen.findByTestId("bulk-summary");
    expect(fake.users.map((u) => u.name)).toEqual(["monitoring-prom", "backup-runner"]);
    await user.click(screen.getByTestId("close-bulk"));
    await waitFor(() => expect(screen.queryByTestId("service-user-row-cicd")).not.toBeInTheDocument());
    expect(screen.getByTestId("row-count")).toHaveTextContent("Showing 2 of 2");
  });

  it("deleting one user needs no typed count", async () => {
    const { user } = renderApp();
    await screen.findByTestId("service-user-row-cicd");
    await user.click(screen.getByTestId("row-checkbox-cicd"));
    await user.click(screen.getByTestId("actions-menu"));
    await user.click(screen.getByTestId("action-delete"));
    expect(screen.getByRole("dialog", { name: "Delete service user “cicd” in Acme Networks?" })).toBeInTheDocument();
    expect(screen.queryByTestId("confirm-count-input")).not.toBeInTheDocument();
    expect(screen.getByTestId("confirm-button")).toBeEnabled();
  });

  it("shows progress from bulk-progress events and can cancel", async () => {
    const { user, fake } = renderApp();
    await screen.findByTestId("service-user-row-cicd");
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    fake.bulkGate = gate;
    await user.click(screen.getByTestId("select-all"));
    await user.click(screen.getByTestId("actions-menu"));
    await user.click(screen.getByTestId("action-disable"));
    await user.click(screen.getByTestId("confirm-button"));
    act(() => fake.emitBulkProgress({ done: 2, total: 5, current: "cicd" }));
    expect(screen.getByTestId("bulk-progress-count")).toHaveTextContent("2 of 5");
    expect(screen.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "2");
    expect(screen.getByTestId("bulk-progress")).toHaveTextContent("cicd");
    await user.click(screen.getByTestId("cancel-bulk"));
    expect(
      fake.calls.some((c) => c.method === "cancelBulkAction"),
      "Cancel asks the desktop side to stop",
    ).toBe(true);
    await act(async () => release());
    const summary = await screen.findByTestId("bulk-summary");
    expect(within(summary).getByTestId("bulk-count-cancelled")).toHaveTextContent("Cancelled5");
  });

  it("asks before disabling, naming every user and those the search hides", async () => {
    const { user, fake } = renderApp();
    await screen.findByTestId("service-user-row-cicd");
    for (const name of ["cicd", "tg-watch", "terraform-ci"])
      await user.click(screen.getByTestId(`row-checkbox-${name}`));
    await user.type(screen.getByTestId("search"), "terraform");
    await user.click(screen.getByTestId("actions-menu"));
    await user.click(screen.getByTestId("action-disable"));

    const dialog = screen.getByRole("dialog", { name: "Disable 3 service users in Acme Networks?" });
    expect(
      fake.calls.some((c) => c.method === "runBulkAction"),
      "nothing is disabled before confirming",
    ).toBe(false);
    expect(within(dialog).getByTestId("name-list")).toHaveTextContent("cicdterraform-citg-watch");
    expect(within(dialog).getByTestId("hidden-selection"), "two selected rows are not on screen").toHaveTextContent(
      "2 of them are hidden by the search.",
    );

    await user.click(within(dialog).getByTestId("confirm-button"));
    await screen.findByTestId("bulk-summary");
    expect(fake.calls.find((c) => c.method === "runBulkAction")?.args).toEqual([
      "disable",
      ["cicd", "terraform-ci", "tg-watch"],
    ]);
  });

  it("cancelling the Disable question disables nothing, and Enable needs no question", async () => {
    const { user, fake } = renderApp();
    await screen.findByTestId("service-user-row-cicd");
    await user.click(screen.getByTestId("row-checkbox-backup-runner"));
    await user.click(screen.getByTestId("actions-menu"));
    await user.click(screen.getByTestId("action-disable"));
    const dialog = screen.getByRole("dialog", { name: "Disable service user “backup-runner” in Acme Networks?" });
    expect(
      within(dialog).queryByTestId("hidden-selection"),
      "nothing is hidden without a search",
    ).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(fake.calls.some((c) => c.method === "runBulkAction")).toBe(false);

    await user.click(screen.getByTestId("actions-menu"));
    await user.click(screen.getByTestId("action-enable"));
    await screen.findByTestId("bulk-summary");
    expect(fake.calls.find((c) => c.method === "runBulkAction")?.args).toEqual(["enable", ["backup-runner"]]);
  });

  it("renders a summary with every outcome kind", () => {
    render(
      <BulkSummary
        report={{
          action: "delete",
          items: [
            { name: "a", outcome: { kind: "ok" } },
            { name: "b", outcome: { kind: "ok" } },
            { name: "c", outcome: { kind: "skipped", reason: "already gone" } },
            {
              name: "d",
              outcome: {
                kind: "failed",
                error: { code: "not_found", message: "Service user d was not found.", details: [] },
              },
            },
            { name: "e", outcome: { kind: "failed", error: { code: "timeout", message: "timed out", details: [] } } },
            { name: "f", outcome: { kind: "cancelled" } },
          ],
        }}
      />,
    );
    expect(screen.getByTestId("bulk-count-ok")).toHaveTextContent("Deleted2");
    expect(screen.getByTestId("bulk-count-skipped")).toHaveTextContent("Skipped1");
    expect(screen.getByTestId("bulk-count-failed")).toHaveTextContent("Failed2");
    expect(screen.getByTestId("bulk-count-cancelled")).toHaveTextContent("Cancelled1");
    const failures = within(screen.getByTestId("bulk-failures")).getAllByRole("listitem");
    expect(failures.map((li) => li.textContent)).toEqual([
      "dService user d was not found.",
      "eThe Trustgrid API did not answer in time. Try again in a moment.",
    ]);
  });
});
