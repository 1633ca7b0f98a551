import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";
import { Dialog } from "../components/Dialog";
import { renderApp } from "../testing/render";

function Nested({ onOuterClose }: { onOuterClose: () => void }) {
  const [inner, setInner] = useState(true);
  return (
    <Dialog title="Outer" onClose={onOuterClose}>
      <button type="button">outer button</button>
      {inner && (
        <Dialog title="Inner" onClose={() => setInner(false)}>
          <button type="button">inner button</button>
        </Dialog>
      )}
    </Dialog>
  );
}

describe("dialog keyboard handling", () => {
  it("Esc still works, and focus comes back, after the focused button disappears", async () => {
    const app = renderApp({ hash: "#/service-users/backup-runner" });
    await app.user.click(await screen.findByTestId("generate-keys"));
    const panel = await screen.findByTestId("secret-panel");
    await app.user.click(within(panel).getByTestId("clear-now"));
    expect(within(panel).getByTestId("clear-now")).toHaveFocus();
    act(() => app.fake.emitCountdownEnded({ handoffId: app.fake.lastHandoffId!, cleared: true, reason: "clearedNow" }));
    expect(
      within(panel).queryByTestId("clear-now"),
      "the ended countdown has nothing left to clear",
    ).not.toBeInTheDocument();
    await waitFor(() =>
      expect(panel.contains(document.activeElement), "focus that fell to <body> is moved back into the dialog").toBe(
        true,
      ),
    );

    // Even with focus on <body>, Esc belongs to the open dialog.
    (document.activeElement as HTMLElement).blur();
    fireEvent.keyDown(document.body, { key: "Escape" });
    expect(
      within(panel).getByTestId("close-warning"),
      "Esc asks before dropping the secret, wherever focus is",
    ).toBeInTheDocument();
  });

  it("Esc closes only the topmost dialog", async () => {
    const outerClosed = vi.fn();
    render(<Nested onOuterClose={outerClosed} />);
    const user = userEvent.setup();
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog", { name: "Inner" }), "the inner dialog closes").not.toBeInTheDocument();
    expect(outerClosed, "the outer dialog stays open on the same Esc").not.toHaveBeenCalled();
    fireEvent.keyDown(document.body, { key: "Escape" });
    expect(outerClosed, "the next Esc closes the outer one").toHaveBeenCalledTimes(1);
  });

  it("ignores Esc while not dismissable", () => {
    const onClose = vi.fn();
    render(
      <Dialog title="Busy" onClose={onClose} dismissable={false}>
        <button type="button">x</button>
      </Dialog>,
    );
    fireEvent.keyDown(document.body, { key: "Escape" });
    expect(onClose, "a running bulk action cannot be dismissed").not.toHaveBeenCalled();
  });
});
