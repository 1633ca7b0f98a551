import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { FakeBackend } from "../testing/fakeBackend";
import { NOW_SECONDS, renderApp } from "../testing/render";

/** A run kept from before the app was last quit, on the fake's active connection. */
function withKeptRun() {
  const fake = new FakeBackend({ nowSeconds: NOW_SECONDS });
  const cicd = fake.findUser("cicd");
  const unknown = {
    name: "cicd",
    state: "unknown" as const,
    // The unanswered request replaced the keys: the Client ID differs from the one kept.
    previousClientId: "0000000000000000",
    previousTokenCreated: cicd.tokenCreated,
  };
  const notRotated = {
    name: "tg-watch",
    state: "notRotated" as const,
    previousClientId: null,
    previousTokenCreated: null,
  };
  fake.unfinishedRuns.set("conn-acme", {
    users: [
      { name: "backup-runner", state: "rotated", previousClientId: null, previousTokenCreated: null },
      unknown,
      notRotated,
    ],
  });
  return { fake, unknown, notRotated };
}

describe("a key rotation that did not finish", () => {
  it("is offered on the list page and Finish takes the finish path for the users left", async () => {
    const { fake, unknown, notRotated } = withKeptRun();
    const { user } = renderApp({ fake });
    const notice = await screen.findByRole("region", { name: /A key rotation did not finish/ });
    expect(notice).toHaveTextContent("A key rotation did not finish: 1 user rotated, 1 not rotated, 1 unknown.");

    await user.click(within(notice).getByRole("button", { name: "Finish…" }));
    const dialog = await screen.findByTestId("rotate-dialog");
    expect(
      within(dialog).getByRole("heading", { name: "Finish the key rotation of 2 service users?" }),
    ).toBeInTheDocument();
    await user.click(within(dialog).getByRole("button", { name: "Finish" }));
    await within(dialog).findByTestId("rotation-report");
    expect(within(dialog).getByTestId("rotate-summary")).toHaveTextContent("2 rotated.");
    expect(within(dialog).getByTestId("rotation-cicd")).toHaveTextContent("had replaced the keys");
    expect(fake.calls.find((c) => c.method === "finishRotation")?.args[0]).toEqual([unknown, notRotated]);
    expect(fake.calls.some((c) => c.method === "rotateKeys")).toBe(false);

    await user.click(within(dialog).getByTestId("rotate-close"));
    await waitFor(() => expect(screen.queryByTestId("unfinished-rotation")).not.toBeInTheDocument());
    expect(fake.unfinishedRuns.size).toBe(0);
  });

  it("is forgotten by Dismiss, which the journal records", async () => {
    const { fake } = withKeptRun();
    const { user } = renderApp({ fake });
    const notice = await screen.findByTestId("unfinished-rotation");
    await user.click(within(notice).getByRole("button", { name: "Dismiss" }));
    await waitFor(() => expect(screen.queryByTestId("unfinished-rotation")).not.toBeInTheDocument());
    expect(fake.unfinishedRuns.size).toBe(0);
    const journal = await fake.readJournal();
    expect(journal[0]).toMatchObject({
      action: "rotate-keys dismiss-unfinished",
      targets: ["backup-runner", "cicd", "tg-watch"],
    });
  });

  it("is offered once a run was interrupted and its dialog closed without finishing", async () => {
    const fake = new FakeBackend({ nowSeconds: NOW_SECONDS });
    fake.rotationFailures.set("cicd", "noAnswer");
    const { user } = renderApp({ fake });
    await screen.findByTestId("service-user-row-cicd");
    expect(screen.queryByTestId("unfinished-rotation")).not.toBeInTheDocument();
    for (const name of ["cicd", "tg-watch"]) await user.click(screen.getByTestId(`row-checkbox-${name}`));
    await user.click(screen.getByTestId("actions-menu"));
    await user.click(await screen.findByTestId("action-rotate"));
    const dialog = await screen.findByTestId("rotate-dialog");
    await user.click(within(dialog).getByTestId("rotate-start"));
    await within(dialog).findByTestId("rotation-report");
    await user.click(within(dialog).getByTestId("rotate-close"));
    expect(await screen.findByTestId("unfinished-rotation-text")).toHaveTextContent(
      "A key rotation did not finish: 0 users rotated, 1 not rotated, 1 unknown.",
    );
  });
});
