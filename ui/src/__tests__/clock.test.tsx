import { act, render } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useNow } from "../clock";

/** Shows the clock, noting the time each render saw. */
function Clock({ seen }: { seen: number[] }) {
  seen.push(useNow());
  return null;
}

function showClock() {
  const seen: number[] = [];
  const view = render(<Clock seen={seen} />);
  return { seen, unmount: view.unmount };
}

describe("the shared clock", () => {
  afterEach(() => vi.useRealTimers());

  it("is not read again when a screen starts showing it within a second, and is after longer", () => {
    vi.useFakeTimers({ now: Date.now() });
    const first = showClock();
    const started = first.seen[first.seen.length - 1];
    first.unmount();

    vi.setSystemTime(started + 600);
    const soon = showClock();
    expect(soon.seen, "one render, with the clock as it was").toEqual([started]);
    soon.unmount();

    vi.setSystemTime(started + 5000);
    const later = showClock();
    expect(later.seen.at(-1), "a clock five seconds old is read again").toBe(started + 5000);
    later.unmount();
  });

  it("ticks while shown", () => {
    vi.useFakeTimers({ now: Date.now() });
    const shown = showClock();
    const before = shown.seen.at(-1) ?? 0;
    act(() => vi.advanceTimersByTime(30_000));
    expect(shown.seen.at(-1)).toBe(before + 30_000);
    shown.unmount();
  });
});
