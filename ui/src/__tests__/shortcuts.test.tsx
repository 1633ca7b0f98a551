import { act, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { listenForShortcuts } from "../shortcuts";
import { FakeBackend } from "../testing/fakeBackend";
import { renderApp } from "../testing/render";

describe("menu commands and their shortcuts", () => {
  it("New service user opens the Add dialog and Find puts the focus in the search box", async () => {
    const { fake } = renderApp();
    await screen.findByTestId("service-user-row-cicd");
    act(() => fake.chooseMenu("find"));
    expect(screen.getByTestId("search")).toHaveFocus();
    act(() => fake.chooseMenu("newServiceUser"));
    expect(await screen.findByRole("dialog", { name: /Add Service User/ })).toBeInTheDocument();
  });

  it("Refresh reads the list again", async () => {
    const { fake } = renderApp();
    await screen.findByTestId("service-user-row-cicd");
    const reads = () => fake.calls.filter((c) => c.method === "listServiceUsers").length;
    const before = reads();
    act(() => fake.chooseMenu("refresh"));
    await waitFor(() => expect(reads(), "the list was asked for again").toBe(before + 1));
  });

  it("Find on the Policies page searches the policies, without leaving the page", async () => {
    const { fake } = renderApp({ hash: "#/policies" });
    await screen.findByTestId("policies-table");
    act(() => fake.chooseMenu("find"));
    expect(screen.getByTestId("search-policies")).toHaveFocus();
    expect(screen.getByTestId("search-policies")).toHaveAttribute("placeholder", "Search (Ctrl+F)");
    expect(window.location.hash).toBe("#/policies");
  });

  it("Refresh chosen again while the list reloads does not start the reload over", async () => {
    const fake = new FakeBackend({ latencyMs: 150 });
    renderApp({ fake });
    await screen.findByTestId("service-user-row-cicd");
    await waitFor(() => expect(screen.getByTestId("refresh")).toHaveAttribute("aria-disabled", "false"));
    const reads = () => fake.calls.filter((c) => c.method === "listServiceUsers").length;
    const before = reads();
    act(() => fake.chooseMenu("refresh"));
    act(() => fake.chooseMenu("refresh"));
    await waitFor(() => expect(screen.getByTestId("refresh")).toHaveAttribute("aria-disabled", "false"));
    expect(reads() - before, "one reload for two presses").toBe(1);
  });

  it("a command for the list, chosen on another page, opens the list and is carried out there", async () => {
    const { fake } = renderApp({ hash: "#/activity" });
    await screen.findByRole("heading", { name: "Activity" });
    act(() => fake.chooseMenu("newServiceUser"));
    expect(await screen.findByRole("dialog", { name: /Add Service User/ })).toBeInTheDocument();
    expect(window.location.hash).toBe("#/service-users");
  });

  it("tooltips name the shortcuts", async () => {
    renderApp();
    await screen.findByTestId("service-user-row-cicd");
    // Refresh is marked disabled until the findings that follow the list have loaded too.
    await waitFor(() => expect(screen.getByTestId("refresh")).toHaveAttribute("aria-disabled", "false"));
    const tooltipOf = async (testId: string) => {
      act(() => screen.getByTestId(testId).focus());
      const tooltip = await screen.findByRole("tooltip");
      const text = tooltip.textContent;
      act(() => screen.getByTestId(testId).blur());
      await waitFor(() => expect(screen.queryByRole("tooltip")).toBeNull());
      return text;
    };
    expect(await tooltipOf("refresh")).toBe("Refresh (Ctrl+R)");
    expect(await tooltipOf("add-service-user")).toBe("New service user (Ctrl+N)");
    expect(screen.getByTestId("refresh")).toHaveAttribute("aria-keyshortcuts", "Control+R");
    expect(screen.getByTestId("add-service-user")).toHaveAttribute("aria-keyshortcuts", "Control+N");
    expect(screen.getByTestId("search")).toHaveAttribute("aria-keyshortcuts", "Control+F");
    expect(screen.getByTestId("search")).toHaveAttribute("placeholder", "Search name or policy (Ctrl+F)");
  });

  it("in a plain browser, Ctrl+key stands in for the native menu", () => {
    const send = vi.fn();
    const stop = listenForShortcuts(send);
    const event = new KeyboardEvent("keydown", { key: "f", ctrlKey: true, cancelable: true });
    window.dispatchEvent(event);
    window.dispatchEvent(new KeyboardEvent("keydown", { key: "f" }));
    window.dispatchEvent(new KeyboardEvent("keydown", { key: "x", ctrlKey: true }));
    stop();
    window.dispatchEvent(new KeyboardEvent("keydown", { key: "r", ctrlKey: true }));
    expect(send.mock.calls).toEqual([["find"]]);
    expect(event.defaultPrevented, "the browser's own Find does not open as well").toBe(true);
  });
});
