// Buttons say what they do, the footer says what the search hides, look-alike names are flagged,
// one delete is one `delete`, bulk reports name who succeeded, and a detach can be undone.
import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderApp } from "../testing/render";

describe("words and records", () => {
  it("the add dialog's button says Create service user, and a case-only look-alike gets a warning", async () => {
    const { user } = renderApp();
    await screen.findByTestId("service-user-row-cicd");
    await user.click(screen.getByTestId("add-service-user"));
    const dialog = screen.getByRole("dialog", { name: "Add Service User" });
    expect(within(dialog).getByRole("button", { name: "Create service user" })).toBeInTheDocument();
    await user.type(within(dialog).getByTestId("new-user-name"), "CICD");
    expect(within(dialog).getByTestId("field-warning")).toHaveTextContent(
      "“cicd” already exists; this name differs only in upper/lower case.",
    );
  });

  it("the footer says how many selected rows the search hides", async () => {
    const { user } = renderApp();
    await screen.findByTestId("service-user-row-cicd");
    await user.click(screen.getByTestId("row-checkbox-cicd"));
    await user.click(screen.getByTestId("row-checkbox-backup-runner"));
    await user.type(screen.getByTestId("search"), "backup");
    await waitFor(() => expect(screen.queryByTestId("service-user-row-cicd")).toBeNull());
    expect(screen.getByTestId("selection-count")).toHaveTextContent("2 selected, 1 hidden by the search");
  });

  it("deleting one user is one delete, journaled as delete", async () => {
    const { user, fake } = renderApp();
    await screen.findByTestId("service-user-row-cicd");
    await user.click(screen.getByTestId("row-checkbox-cicd"));
    await user.click(screen.getByTestId("actions-menu"));
    await user.click(screen.getByTestId("action-delete"));
    await user.click(screen.getByTestId("confirm-button"));
    await waitFor(() => expect(screen.queryByTestId("service-user-row-cicd")).toBeNull());
    expect(fake.calls.map((c) => c.method)).toContain("deleteServiceUser");
    expect(fake.calls.map((c) => c.method)).not.toContain("runBulkAction");
    expect((await fake.readJournal())[0]).toMatchObject({ action: "delete", targets: ["cicd"], outcome: "ok" });
  });

  it("a bulk report lists who succeeded", async () => {
    const { user } = renderApp();
    await screen.findByTestId("service-user-row-cicd");
    await user.click(screen.getByTestId("row-checkbox-cicd"));
    await user.click(screen.getByTestId("row-checkbox-backup-runner"));
    await user.click(screen.getByTestId("actions-menu"));
    await user.click(screen.getByTestId("action-disable"));
    await user.click(screen.getByTestId("confirm-button"));
    const succeeded = await screen.findByTestId("bulk-succeeded");
    expect(
      within(succeeded)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual(expect.arrayContaining(["cicd"]));
  });

  it("a detached policy can be attached again with Undo", async () => {
    const { user, fake } = renderApp({ hash: "#/service-users/cicd" });
    const first = fake.users.find((u) => u.name === "cicd")!.policyIds[0];
    await user.click(await screen.findByTestId(`detach-${first}`));
    const notice = await screen.findByTestId("detached-notice");
    expect(fake.users.find((u) => u.name === "cicd")!.policyIds).not.toContain(first);
    await user.click(within(notice).getByRole("button", { name: "Undo" }));
    await waitFor(() => expect(fake.users.find((u) => u.name === "cicd")!.policyIds).toContain(first));
    expect(screen.queryByTestId("detached-notice")).toBeNull();
  });
});
