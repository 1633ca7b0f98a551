import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderApp } from "../testing/render";

async function openDialog() {
  const app = renderApp();
  await screen.findByTestId("service-user-row-cicd");
  await app.user.click(screen.getByTestId("add-service-user"));
  const dialog = await screen.findByRole("dialog", { name: "Add Service User" });
  return { ...app, dialog };
}

describe("Add Service User dialog", () => {
  it("focuses the name field and validates it while typing", async () => {
    const { user, dialog } = await openDialog();
    const name = screen.getByTestId("new-user-name");
    expect(name, "the first field has focus when the dialog opens").toHaveFocus();

    await user.type(name, "ci pipeline!");
    expect(dialog).toHaveTextContent("Use only letters, digits and hyphens (not space, “!”).");

    await user.clear(name);
    await user.type(name, "a".repeat(65));
    expect(dialog).toHaveTextContent("Use at most 64 characters (this is 65).");

    await user.clear(name);
    await user.type(name, "cicd");
    expect(dialog).toHaveTextContent("A service user named “cicd” already exists.");

    await user.clear(name);
    await user.type(name, "ci-pipeline-2");
    expect(within(dialog).queryAllByRole("alert"), "a valid name shows no messages").toHaveLength(0);
  });

  it("does not submit an invalid name", async () => {
    const { user, fake } = await openDialog();
    await user.type(screen.getByTestId("new-user-name"), "bad name{Enter}");
    expect(
      fake.calls.some((c) => c.method === "createServiceUser"),
      "nothing is sent while the name is invalid",
    ).toBe(false);
    expect(screen.getByRole("dialog", { name: "Add Service User" })).toBeInTheDocument();
  });

  it("creates the user with the chosen policies on Enter and opens its page", async () => {
    const { user, fake } = await openDialog();
    await user.type(screen.getByTestId("policy-filter"), "node-admin");
    expect(
      screen.queryByTestId("policy-option-builtin-tg-monitor"),
      "the filter hides other policies",
    ).not.toBeInTheDocument();
    await user.click(screen.getByTestId("policy-option-builtin-tg-node-admin"));
    await user.type(screen.getByTestId("new-user-name"), "edge-deployer{Enter}");
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(fake.users.find((u) => u.name === "edge-deployer")).toMatchObject({
      policyIds: ["builtin-tg-node-admin"],
      status: "active",
    });
    await waitFor(() => expect(window.location.hash).toBe("#/service-users/edge-deployer"));
  });

  it("shows the server's 422 messages inline and keeps the input", async () => {
    const { user, fake } = await openDialog();
    fake.fail("createServiceUser", {
      code: "validation",
      message: "The service user was not accepted.",
      details: ["name is reserved", "policyIds[0] is not allowed for service users"],
    });
    await user.click(screen.getByTestId("policy-option-builtin-tg-admin"));
    await user.type(screen.getByTestId("new-user-name"), "admin");
    await user.click(screen.getByTestId("submit"));
    const error = await screen.findByTestId("server-error");
    expect(error).toHaveTextContent("name is reserved");
    expect(error).toHaveTextContent("policyIds[0] is not allowed for service users");
    expect(screen.getByTestId("new-user-name"), "the typed name is kept after a refusal").toHaveValue("admin");
    expect(screen.getByTestId("policy-option-builtin-tg-admin"), "the chosen policy is kept").toBeChecked();
  });

  it("closes on Escape without creating anything", async () => {
    const { user, fake } = await openDialog();
    await user.type(screen.getByTestId("new-user-name"), "temp");
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(fake.users.some((u) => u.name === "temp")).toBe(false);
  });

  it("keeps keyboard focus inside the dialog", async () => {
    const { user, dialog } = await openDialog();
    const focusables = within(dialog).getAllByRole("button").concat(within(dialog).getAllByRole("textbox"));
    for (let i = 0; i < 20; i++) {
      await user.tab();
      expect(dialog.contains(document.activeElement), `Tab #${i + 1} stays in the dialog`).toBe(true);
    }
    await user.tab({ shift: true });
    expect(dialog.contains(document.activeElement)).toBe(true);
    expect(focusables.length).toBeGreaterThan(2);
  });
});
