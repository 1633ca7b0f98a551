import { render, screen } from "@testing-library/react";
import { Suspense } from "react";
import { describe, expect, it, vi } from "vitest";
import { soonAfterPaint } from "../afterPaint";
import { later, loadLaterScreens } from "../components/later";

/** Runs `run` with frames and timers under the test's control. */
function withFakeFrames(run: () => void) {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "requestAnimationFrame", "cancelAnimationFrame"] });
  try {
    run();
  } finally {
    vi.useRealTimers();
  }
}

/** A chunk whose arrival the test decides. */
function chunk() {
  let arrive: () => void = () => {};
  const arrived = new Promise<void>((resolve) => {
    arrive = resolve;
  });
  let loads = 0;
  const Greeting = later(async () => {
    loads += 1;
    await arrived;
    return ({ name }: { name: string }) => <p>Hello {name}</p>;
  });
  return { Greeting, arrive, loads: () => loads };
}

describe("screens loaded later", () => {
  it("waits under Suspense when opened before its chunk is in, then shows it", async () => {
    const { Greeting, arrive, loads } = chunk();
    render(
      <Suspense fallback={<p>Loading</p>}>
        <Greeting name="cicd" />
      </Suspense>,
    );
    expect(screen.getByText("Loading")).toBeInTheDocument();
    arrive();
    expect(await screen.findByText("Hello cicd")).toBeInTheDocument();
    expect(loads(), "fetched once").toBe(1);
  });

  it("renders at once, with no fallback, once its chunk has been fetched ahead", async () => {
    const { Greeting, arrive, loads } = chunk();
    arrive();
    await loadLaterScreens();
    render(
      <Suspense fallback={<p>Loading</p>}>
        <Greeting name="ops" />
      </Suspense>,
    );
    expect(screen.getByText("Hello ops"), "in the first render").toBeInTheDocument();
    expect(screen.queryByText("Loading")).toBeNull();
    expect(loads()).toBe(1);
  });

  it("asks for the chunks a moment after the next paint, not in the paint's own task", () =>
    withFakeFrames(() => {
      const { loads } = chunk();
      soonAfterPaint(() => void loadLaterScreens());
      vi.advanceTimersToNextFrame();
      vi.advanceTimersByTime(1);
      expect(loads(), "in the task after the paint").toBe(0);
      vi.advanceTimersByTime(90);
      expect(loads(), "before the moment is over").toBe(0);
      vi.advanceTimersByTime(20);
      expect(loads(), "a moment after the paint").toBe(1);
    }));

  it("asks for nothing when cancelled after the paint", () =>
    withFakeFrames(() => {
      const { loads } = chunk();
      const cancel = soonAfterPaint(() => void loadLaterScreens());
      vi.advanceTimersToNextFrame();
      vi.advanceTimersByTime(10);
      cancel();
      vi.advanceTimersByTime(1000);
      expect(loads()).toBe(0);
    }));
});
