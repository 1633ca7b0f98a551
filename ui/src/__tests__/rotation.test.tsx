import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { FakeBackend } from "../testing/fakeBackend";
import { NOW_SECONDS, renderApp } from "../testing/render";

async function openFromList(names: string[], fake?: FakeBackend) {
  const view = renderApp({ fake });
  await screen.findByTestId("service-user-row-cicd");
  for (const name of names) await view.user.click(screen.getByTestId(`row-checkbox-${name}`));
  await view.user.click(screen.getByTestId("actions-menu"));
  await view.user.click(await screen.findByTestId("action-rotate"));
  return { ...view, dialog: await screen.findByTestId("rotate-dialog") };
}

describe("the rotation assistant", () => {
  it("says before starting that the old keys stop working, then reports each user", async () => {
    const { user, fake, dialog } = await openFromList(["cicd", "backup-runner"]);
    expect(within(dialog).getByRole("heading", { name: "Rotate the keys of 2 service users?" })).toBeInTheDocument();
    expect(within(dialog).getByTestId("rotate-warning")).toHaveTextContent(
      "Each old key stops working at the regenerate step.",
    );
    const before = fake.findUser("cicd").clientId;
    await user.click(within(dialog).getByTestId("rotate-start"));

    const report = await within(dialog).findByTestId("rotation-report");
    expect(within(dialog).getByTestId("rotate-summary")).toHaveTextContent("2 rotated.");
    expect(within(report).getByTestId("rotation-state-cicd")).toHaveTextContent("Rotated");
    expect(within(report).getByTestId("rotation-cicd")).toHaveTextContent("New key verified");
    expect(within(report).getByTestId("rotation-cicd")).toHaveTextContent("Held here to copy or save");
    expect(fake.findUser("cicd").clientId).not.toBe(before);
    expect(fake.calls.find((c) => c.method === "rotateKeys")?.args).toEqual([
      ["backup-runner", "cicd"],
      { file: null, clipboard: true, targetIds: [] },
    ]);

    // One user at a time: each copy is its own, with the countdown.
    await user.click(within(report).getByRole("button", { name: "Copy secret of backup-runner" }));
    await waitFor(() => expect(fake.calls.some((c) => c.method === "copySecret")).toBe(true));

    // Done drops the keys held here.
    await user.click(within(dialog).getByTestId("rotate-close"));
    await waitFor(() => expect(screen.queryByTestId("rotate-dialog")).not.toBeInTheDocument());
    expect(fake.calls.filter((c) => c.method === "closeHandoff")).toHaveLength(2);
  });

  it("cannot start without a delivery, and sends the chosen file format", async () => {
    const { user, fake, dialog } = await openFromList(["cicd"]);
    await user.click(within(dialog).getByTestId("rotate-clipboard"));
    expect(within(dialog).getByTestId("rotate-start")).toBeDisabled();
    await user.click(within(dialog).getByTestId("rotate-file"));
    await user.click(within(dialog).getByRole("radio", { name: "JSON" }));
    await user.click(within(dialog).getByTestId("rotate-start"));
    const report = await within(dialog).findByTestId("rotation-report");
    expect(within(report).getByTestId("rotation-cicd")).toHaveTextContent("Saved to cicd-keys.json");
    expect(fake.calls.find((c) => c.method === "rotateKeys")?.args[1]).toEqual({
      file: "json",
      clipboard: false,
      targetIds: [],
    });
  });

  it("reports an interrupted run per user and finishes it", async () => {
    const fake = new FakeBackend({ nowSeconds: NOW_SECONDS });
    fake.rotationFailures.set("cicd", "noAnswer");
    const { user, dialog } = await openFromList(["cicd", "backup-runner", "tg-watch"], fake);
    await user.click(within(dialog).getByTestId("rotate-start"));
    const report = await within(dialog).findByTestId("rotation-report");
    // In the list's order: backup-runner, cicd, tg-watch.
    expect(within(report).getByTestId("rotation-state-backup-runner")).toHaveTextContent("Rotated");
    expect(within(report).getByTestId("rotation-state-cicd")).toHaveTextContent("Unknown");
    expect(within(report).getByTestId("rotation-state-tg-watch")).toHaveTextContent("Not rotated");
    expect(within(report).getByTestId("rotation-tg-watch")).toHaveTextContent("Not started");
    expect(within(dialog).getByTestId("rotate-summary")).toHaveTextContent("1 rotated, 1 unknown, 1 not rotated.");

    await user.click(within(dialog).getByTestId("rotate-finish"));
    await waitFor(() => expect(within(dialog).getByTestId("rotate-summary")).toHaveTextContent("3 rotated."));
    expect(within(dialog).queryByTestId("rotate-finish")).not.toBeInTheDocument();
    expect(within(dialog).getByTestId("rotation-cicd")).toHaveTextContent("had replaced the keys");
    const finished = fake.calls.find((c) => c.method === "finishRotation")?.args[0] as { name: string }[];
    expect(finished.map((u) => u.name)).toEqual(["cicd", "tg-watch"]);
  });

  it("opens from the user page and names the connection's own user", async () => {
    const fake = new FakeBackend({ nowSeconds: NOW_SECONDS });
    const own = fake.findUser("cicd");
    own.clientId = "3b1f0c9d2e";
    fake.keychainWorks = false;
    const { user } = renderApp({ hash: "#/service-users/cicd", fake });
    await user.click(await screen.findByTestId("rotate-keys"));
    const dialog = await screen.findByTestId("rotate-dialog");
    expect(within(dialog).getByTestId("rotate-own")).toHaveTextContent(
      "cicd is the user this connection signs in with",
    );
    await user.click(within(dialog).getByTestId("rotate-start"));
    // The keychain refused: the keys are shown at once in the secret panel, nothing is lost.
    expect(await screen.findByTestId("secret-panel")).toBeInTheDocument();
    expect(within(dialog).getByTestId("rotation-cicd")).toHaveTextContent(
      "The system keychain still holds the old secret",
    );
  });

  it("runs from the keyboard alone: the user page's button, the choices, start and done", async () => {
    const { user, fake } = renderApp({ hash: "#/service-users/tg-watch" });
    const open = await screen.findByTestId("rotate-keys");
    open.focus();
    await user.keyboard("{Enter}");
    const dialog = await screen.findByTestId("rotate-dialog");
    // Tab reaches the delivery choices and the start button, named by their visible labels.
    const file = within(dialog).getByRole("checkbox", { name: /Save each user's keys to a file/ });
    while (document.activeElement !== file) await user.tab();
    await user.keyboard(" ");
    expect(file).toBeChecked();
    const start = within(dialog).getByRole("button", { name: "Rotate keys" });
    while (document.activeElement !== start) await user.tab();
    await user.keyboard("{Enter}");
    await within(dialog).findByTestId("rotation-report");
    expect(fake.calls.find((c) => c.method === "rotateKeys")?.args[1]).toMatchObject({ file: "env", clipboard: true });
    const done = within(dialog).getByRole("button", { name: "Done" });
    while (document.activeElement !== done) await user.tab();
    await user.keyboard("{Enter}");
    await waitFor(() => expect(screen.queryByTestId("rotate-dialog")).not.toBeInTheDocument());
    expect(document.activeElement).toBe(screen.getByTestId("rotate-keys"));
  });

  it("names every user of a run with its step while it runs: one done while the next delivers", async () => {
    const fake = new FakeBackend({ nowSeconds: NOW_SECONDS });
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    fake.rotationPause = (p) => (p.name === "cicd" && p.step === "delivering" ? held : undefined);
    const { user, dialog } = await openFromList(["cicd", "backup-runner", "tg-watch"], fake);
    await user.click(within(dialog).getByTestId("rotate-start"));

    // In the list's order: backup-runner, cicd, tg-watch.
    const state = (name: string) => within(dialog).getByTestId(`rotate-progress-state-${name}`);
    await waitFor(() => expect(state("cicd")).toHaveTextContent("Delivering"));
    expect(state("backup-runner")).toHaveTextContent("Done");
    expect(state("tg-watch")).toHaveTextContent("Waiting");
    const list = within(dialog).getByRole("list", { name: "Users in this rotation" });
    expect(
      within(list)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual(["backup-runnerDone", "cicdDelivering", "tg-watchWaiting"]);
    expect(list).not.toHaveAttribute("aria-live");
    const summary = within(dialog).getByTestId("rotate-progress-summary");
    expect(summary).toHaveAttribute("aria-live", "polite");
    expect(summary).toHaveTextContent("1 of 3 finished. cicd: delivering.");
    expect(within(dialog).getByRole("progressbar", { name: "Rotation progress" })).toHaveAttribute(
      "aria-valuenow",
      "1",
    );

    release();
    await within(dialog).findByTestId("rotation-report");
    expect(within(dialog).queryByTestId("rotate-progress")).not.toBeInTheDocument();
  });

  it("shows a user whose key request got no answer as failed, the users after it still waiting", async () => {
    const fake = new FakeBackend({ nowSeconds: NOW_SECONDS });
    fake.rotationFailures.set("cicd", "noAnswer");
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    fake.rotationPause = (p) => (p.name === "cicd" && p.step === "done" ? held : undefined);
    const { user, dialog } = await openFromList(["cicd", "backup-runner", "tg-watch"], fake);
    await user.click(within(dialog).getByTestId("rotate-start"));
    const state = (name: string) => within(dialog).getByTestId(`rotate-progress-state-${name}`);
    await waitFor(() => expect(state("cicd")).toHaveTextContent("Failed"));
    expect(state("backup-runner")).toHaveTextContent("Done");
    expect(state("tg-watch")).toHaveTextContent("Waiting");
    expect(within(dialog).getByTestId("rotate-progress-summary")).toHaveTextContent("2 of 3 finished.");
    release();
    await within(dialog).findByTestId("rotation-report");
  });
});
