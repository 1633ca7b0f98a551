import { act, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CLOCK_TICK_MS } from "../clock";
import { TokenAge } from "../components/common";

describe("token age", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("keeps ageing while the screen stays open", () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-11-29T12:00:00Z"));
    const created = Date.now() / 1000 - 10;
    render(<TokenAge tokenCreated={created} />);
    expect(screen.getByText("a few seconds ago")).toBeInTheDocument();

    act(() => {
      vi.advanceTimersByTime(5 * CLOCK_TICK_MS);
    });
    expect(
      screen.getByText("3 minutes ago"),
      "two and a half minutes later the same row no longer says a few seconds",
    ).toBeInTheDocument();
  });
});
