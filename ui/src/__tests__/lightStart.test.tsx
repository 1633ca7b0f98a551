import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { endLightStart, startLight } from "../components/lightStart";
import { Menu } from "../components/Menu";
import { Tooltip } from "../components/Tooltip";

function Toolbar({ onEnable }: { onEnable: () => void }) {
  return (
    <>
      <Tooltip content="Refresh (Ctrl+R)">
        <button type="button" data-testid="refresh">
          Refresh
        </button>
      </Tooltip>
      <Menu label="Actions" testId="actions-menu" items={[{ label: "Enable", testId: "enable", onSelect: onEnable }]} />
    </>
  );
}

describe("the first screen without its primitives", () => {
  afterEach(() => act(() => endLightStart()));

  it("shows the same buttons, by the same names, and no tooltip until the primitives mount", async () => {
    startLight();
    render(<Toolbar onEnable={() => {}} />);
    const actions = screen.getByRole("button", { name: "Actions" });
    expect(actions).toHaveAttribute("aria-haspopup", "menu");
    expect(actions).toHaveAttribute("aria-expanded", "false");
    act(() => screen.getByTestId("refresh").focus());
    expect(screen.queryByRole("tooltip"), "no tooltip while light").toBeNull();

    act(() => endLightStart());
    expect(screen.getByTestId("refresh"), "the focused trigger keeps the focus").toHaveFocus();
    expect(screen.getByRole("button", { name: "Actions" })).not.toBe(actions);
    act(() => screen.getByTestId("refresh").blur());
    act(() => screen.getByTestId("refresh").focus());
    expect(await screen.findByRole("tooltip")).toHaveTextContent("Refresh (Ctrl+R)");
  });

  it("opens a menu at once when its button is pressed before the primitives mount", async () => {
    startLight();
    const onEnable = vi.fn();
    const user = userEvent.setup();
    render(<Toolbar onEnable={onEnable} />);
    await user.click(screen.getByTestId("actions-menu"));
    const menu = await screen.findByRole("menu");
    expect(screen.getByTestId("actions-menu")).toHaveAttribute("aria-expanded", "true");
    await user.click(within(menu).getByRole("menuitem", { name: "Enable" }));
    expect(onEnable).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole("menu")).toBeNull();
  });

  it("opens a menu from the keyboard too: Enter, or the down arrow", async () => {
    const user = userEvent.setup();
    for (const key of ["{Enter}", "{ArrowDown}"]) {
      startLight();
      const view = render(<Toolbar onEnable={() => {}} />);
      act(() => screen.getByTestId("actions-menu").focus());
      await user.keyboard(key);
      expect(await screen.findByRole("menu"), `opened by ${key}`).toBeInTheDocument();
      view.unmount();
    }
  });

  it("lets a press under way finish before the primitives mount, so its click is not lost", async () => {
    startLight();
    const user = userEvent.setup();
    render(<Toolbar onEnable={() => {}} />);
    const button = screen.getByTestId("actions-menu");
    await user.pointer({ keys: "[MouseLeft>]", target: button });
    act(() => endLightStart());
    expect(screen.getByTestId("actions-menu"), "the pressed button stays until released").toBe(button);
    await user.pointer({ keys: "[/MouseLeft]", target: button });
    expect(await screen.findByRole("menu"), "the click opened the menu").toBeInTheDocument();
  });

  it("ends the light start once a press elsewhere is released", async () => {
    startLight();
    const user = userEvent.setup();
    render(<Toolbar onEnable={() => {}} />);
    const button = screen.getByTestId("actions-menu");
    await user.pointer({ keys: "[MouseLeft>]", target: document.body });
    act(() => endLightStart());
    expect(screen.getByTestId("actions-menu")).toBe(button);
    await user.pointer({ keys: "[/MouseLeft]", target: document.body });
    await waitFor(() => expect(screen.getByTestId("actions-menu"), "the primitives mounted").not.toBe(button));
  });
});
