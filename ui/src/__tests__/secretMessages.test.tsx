// The secret panel says what actually happened: what is on the clipboard, how long a revealed
// secret stays, and one line for a saved file.
import { act, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { REVEAL_SECONDS } from "../components/SecretPanel";
import { renderApp } from "../testing/render";

async function generate() {
  const app = renderApp({ hash: "#/service-users/backup-runner" });
  await app.user.click(await screen.findByTestId("generate-keys"));
  const panel = await screen.findByTestId("secret-panel");
  return { ...app, panel, handoffId: app.fake.lastHandoffId! };
}

describe("secret panel messages", () => {
  it("after Copy Client ID says the Client ID replaced the secret, not that something else was there", async () => {
    const { user, fake, panel, handoffId } = await generate();
    await user.click(within(panel).getByTestId("copy-client-id"));
    act(() => fake.emitCountdownEnded({ handoffId, cleared: false, reason: "replaced" }));
    const text = within(panel).getByTestId("countdown-text");
    expect(text).toHaveTextContent("The Client ID replaced the secret on the clipboard.");
    expect(text).not.toHaveTextContent("held something else");
  });

  it("counts down the seconds until a revealed secret is hidden again", async () => {
    const { user, panel } = await generate();
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      await user.click(within(panel).getByTestId("reveal-secret"));
      const countdown = await within(panel).findByTestId("reveal-countdown");
      expect(countdown).toHaveTextContent(`Hidden again in ${REVEAL_SECONDS} s.`);
      act(() => vi.advanceTimersByTime(5000));
      expect(countdown).toHaveTextContent(`Hidden again in ${REVEAL_SECONDS - 5} s.`);
    } finally {
      vi.useRealTimers();
    }
  });

  it("says a saved file once", async () => {
    const { user, panel } = await generate();
    await user.click(within(panel).getByTestId("save-secret"));
    await within(panel).findByTestId("saved-path");
    await waitFor(() => expect(within(panel).getAllByText(/Saved to/)).toHaveLength(1));
    expect(within(panel).queryByTestId("secret-note")).toBeNull();
  });
});
