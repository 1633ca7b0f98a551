import { act, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { REVEAL_SECONDS } from "../components/SecretPanel";
import { renderApp } from "../testing/render";

async function generate(name = "backup-runner") {
  const app = renderApp({ hash: `#/service-users/${name}` });
  await app.user.click(await screen.findByTestId("generate-keys"));
  const panel = await screen.findByTestId("secret-panel");
  const handoffId = app.fake.lastHandoffId!;
  return { ...app, panel, handoffId };
}

describe("one-time secret panel", () => {
  it("renders the countdown from clipboard-countdown events and the outcome when it ends", async () => {
    const { fake, panel, handoffId } = await generate();
    expect(within(panel).getByTestId("countdown-text")).toHaveTextContent(
      "Client Secret copied — the clipboard will be cleared in 30 s. This secret is shown only once.",
    );
    act(() => fake.emitCountdown({ handoffId, content: "secret", remaining: 17, total: 30 }));
    expect(within(panel).getByTestId("countdown-text")).toHaveTextContent("the clipboard will be cleared in 17 s");
    expect(within(panel).getByRole("progressbar")).toHaveAttribute("aria-valuenow", "17");

    act(() => fake.emitCountdown({ handoffId: "someone-else", content: "secret", remaining: 3, total: 30 }));
    expect(within(panel).getByTestId("countdown-text"), "ticks for another handoff are ignored").toHaveTextContent(
      "in 17 s",
    );

    act(() => fake.emitCountdown({ handoffId, content: "header", remaining: 29, total: 30 }));
    expect(within(panel).getByTestId("countdown-text")).toHaveTextContent(
      "Authorization header copied — the clipboard will be cleared in 29 s",
    );

    act(() => fake.emitCountdownEnded({ handoffId, cleared: false, reason: "replaced" }));
    expect(within(panel).getByTestId("countdown-text")).toHaveTextContent(
      "Something else was copied since, so the clipboard was left alone; the secret is no longer there.",
    );
    act(() => fake.emitCountdown({ handoffId, content: "secret", remaining: 30, total: 30 }));
    act(() => fake.emitCountdownEnded({ handoffId, cleared: true, reason: "expired" }));
    expect(within(panel).getByTestId("countdown-text")).toHaveTextContent("Clipboard cleared.");
  });

  it("shows the client id and header format, and copies through the backend", async () => {
    const { user, fake, panel } = await generate();
    const clientId = fake.users.find((u) => u.name === "backup-runner")!.clientId!;
    expect(within(panel).getByTestId("handoff-client-id")).toHaveValue(clientId);
    expect(within(panel).getByTestId("handoff-header")).toHaveTextContent(
      `Authorization: trustgrid-token ${clientId}:••••••••`,
    );
    await user.click(within(panel).getByTestId("copy-again"));
    await user.click(within(panel).getByTestId("copy-header"));
    await user.click(within(panel).getByTestId("clear-now"));
    await user.click(within(panel).getByTestId("copy-client-id"));
    expect(fake.calls.map((c) => c.method)).toEqual(
      expect.arrayContaining(["copySecret", "copyHeader", "clearClipboardNow", "copyClientId"]),
    );
  });

  it("keeps the secret hidden until Reveal, and Hide drops it", async () => {
    const { user, panel } = await generate();
    const value = within(panel).getByTestId("secret-value");
    expect(value.textContent, "hidden by default").toMatch(/^•+$/);
    await user.click(within(panel).getByTestId("reveal-secret"));
    await waitFor(() => expect(value.textContent).toMatch(/^[0-9a-f]{32}$/));
    await user.click(within(panel).getByTestId("reveal-secret"));
    expect(value.textContent).toMatch(/^•+$/);
  });

  it("asks before closing, and closing drops the handoff", async () => {
    const { user, fake, panel } = await generate();
    await user.click(within(panel).getByTestId("close-secret-panel"));
    expect(within(panel).getByTestId("close-warning")).toHaveTextContent(
      "You will not be able to see this secret again",
    );
    expect(
      fake.calls.some((c) => c.method === "closeHandoff"),
      "nothing is dropped before the user confirms",
    ).toBe(false);
    await user.click(within(panel).getByRole("button", { name: "Keep open" }));
    expect(within(panel).getByTestId("secret-value")).toBeInTheDocument();

    await user.keyboard("{Escape}");
    expect(within(panel).getByTestId("close-warning"), "Escape asks too").toBeInTheDocument();
    await user.click(within(panel).getByTestId("confirm-close"));
    await waitFor(() => expect(screen.queryByTestId("secret-panel")).not.toBeInTheDocument());
    expect(fake.calls.filter((c) => c.method === "closeHandoff")).toHaveLength(1);
  });

  it("closes without asking once the secret was saved to a file", async () => {
    const { user, fake, panel } = await generate();
    await user.click(within(panel).getByTestId("format-json"));
    await user.click(within(panel).getByTestId("save-secret"));
    const saved = await within(panel).findByTestId("saved-path");
    expect(saved, "the note names the file").toHaveTextContent(/Saved to \S+\.json$/);
    expect(saved.getAttribute("title"), "the full path is one hover away").toMatch(/^\/home\/demo\/.+\.json$/);
    expect(fake.calls.find((c) => c.method === "saveSecret")?.args[1]).toBe("json");
    await user.click(within(panel).getByTestId("close-secret-panel"));
    await waitFor(() => expect(screen.queryByTestId("secret-panel")).not.toBeInTheDocument());
  });

  it("asks before regenerating existing keys", async () => {
    const app = renderApp({ hash: "#/service-users/cicd" });
    await app.user.click(await screen.findByTestId("generate-keys"));
    expect(screen.getByRole("dialog", { name: "Regenerate API keys for cicd?" })).toHaveTextContent(
      "The current secret stops working at once.",
    );
    expect(
      app.fake.calls.some((c) => c.method === "generateKeys"),
      "no keys are made before confirming",
    ).toBe(false);
    await app.user.click(screen.getByTestId("regenerate-confirm"));
    expect(await screen.findByTestId("secret-panel")).toBeInTheDocument();
  });

  it("hides a revealed secret again after a while", async () => {
    const { user, panel } = await generate();
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      await user.click(within(panel).getByTestId("reveal-secret"));
      const value = within(panel).getByTestId("secret-value");
      await waitFor(() => expect(value.textContent).toMatch(/^[0-9a-f]{32}$/));
      act(() => vi.advanceTimersByTime(REVEAL_SECONDS * 1000 - 500));
      expect(value.textContent, "still shown just before the time is up").toMatch(/^[0-9a-f]{32}$/);
      act(() => vi.advanceTimersByTime(1000));
      expect(value.textContent, "hidden again afterwards").toMatch(/^•+$/);
    } finally {
      vi.useRealTimers();
    }
  });

  it("says plainly when the secret could not be copied, and Copy again still works", async () => {
    const app = renderApp({ hash: "#/service-users/backup-runner", fakeOptions: { clipboardFails: true } });
    await app.user.click(await screen.findByTestId("generate-keys"));
    const panel = await screen.findByTestId("secret-panel");
    const text = within(panel).getByTestId("countdown-text");
    expect(text, "a failed copy is announced as such").toHaveTextContent(
      "Could not copy the secret to the clipboard. Reveal it or save it to a file — it is shown only once.",
    );
    expect(text, "the panel must not claim a copy that did not happen").not.toHaveTextContent("copied");
    expect(
      within(panel).queryByRole("progressbar"),
      "no countdown runs for a clipboard that holds nothing",
    ).not.toBeInTheDocument();
    expect(within(panel).queryByTestId("clear-now"), "there is nothing to clear").not.toBeInTheDocument();

    await app.user.click(within(panel).getByTestId("copy-again"));
    expect(await within(panel).findByTestId("error-notice"), "a second failed copy is reported").toHaveTextContent(
      "The clipboard is not available.",
    );
    expect(text).toHaveTextContent("Could not copy the secret to the clipboard.");

    app.fake.clipboardWorks = true;
    await app.user.click(within(panel).getByTestId("copy-again"));
    act(() =>
      app.fake.emitCountdown({ handoffId: app.fake.lastHandoffId!, content: "secret", remaining: 30, total: 30 }),
    );
    expect(text, "once a copy succeeds the countdown takes over").toHaveTextContent(
      "Client Secret copied — the clipboard will be cleared in 30 s.",
    );
  });

  it("shows the new secret even after the user left the page while the keys were generated", async () => {
    const app = renderApp({ hash: "#/service-users/backup-runner" });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const generateKeys = app.fake.generateKeys.bind(app.fake);
    app.fake.generateKeys = async (name) => {
      await gate;
      return generateKeys(name);
    };
    await app.user.click(await screen.findByTestId("generate-keys"));
    await app.user.click(screen.getByTestId("nav-activity"));
    await screen.findByTestId("journal");
    expect(screen.queryByTestId("detail-api-access"), "the detail page is gone").not.toBeInTheDocument();

    await act(async () => release());
    const panel = await screen.findByTestId("secret-panel");
    expect(panel, "the panel names whose keys these are").toHaveTextContent("New API keys for backup-runner");
    expect(within(panel).getByTestId("handoff-client-id")).toHaveValue(
      app.fake.users.find((u) => u.name === "backup-runner")!.clientId!,
    );
    expect(
      app.fake.calls.some((c) => c.method === "closeHandoff"),
      "the secret is kept until the user closes the panel",
    ).toBe(false);
  });
});
