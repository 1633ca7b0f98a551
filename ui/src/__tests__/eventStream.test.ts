import { afterEach, describe, expect, it, vi } from "vitest";

import type { EventBatch } from "../bindings/EventBatch";
import { createEventStream } from "../eventStream";

/** A scripted `next`: each call waits until the test answers it. */
function scripted() {
  const calls: { after: number | null; answer: (batch: EventBatch) => void; fail: (e: unknown) => void }[] = [];
  const next = (after: number | null) =>
    new Promise<EventBatch>((answer, fail) => {
      calls.push({ after, answer, fail });
    });
  return { calls, next };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("the event stream", () => {
  afterEach(() => vi.restoreAllMocks());

  it("reads only once subscribed, hands each event to the listeners of its name, and asks after the last one seen", async () => {
    const { calls, next } = scripted();
    const listen = createEventStream(next);
    expect(calls).toHaveLength(0);

    const menu: unknown[] = [];
    const ticks: unknown[] = [];
    listen("menu-command", (p) => menu.push(p));
    listen("clipboard-countdown", (p) => ticks.push(p));
    expect(calls.map((c) => c.after)).toEqual([null]);

    calls[0].answer({
      events: [
        { name: "clipboard-countdown", payload: 3 },
        { name: "menu-command", payload: "refresh" },
        { name: "clipboard-countdown", payload: 2 },
      ],
      last: 7,
    });
    await settle();
    expect(ticks).toEqual([3, 2]);
    expect(menu).toEqual(["refresh"]);
    expect(calls.map((c) => c.after)).toEqual([null, 7]);
  });

  it("stops handing events to a listener once it unsubscribes", async () => {
    const { calls, next } = scripted();
    const listen = createEventStream(next);
    const seen: unknown[] = [];
    const stop = listen("bulk-progress", (p) => seen.push(p));
    calls[0].answer({ events: [{ name: "bulk-progress", payload: 1 }], last: 1 });
    await settle();
    stop();
    calls[1].answer({ events: [{ name: "bulk-progress", payload: 2 }], last: 2 });
    await settle();
    expect(seen).toEqual([1]);
  });

  it("asks again after a failed call, from where it was, and a failing listener does not stop the others", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const { calls, next } = scripted();
    const listen = createEventStream(next, 5);
    const seen: unknown[] = [];
    listen("menu-command", () => {
      throw new Error("broken listener");
    });
    listen("menu-command", (p) => seen.push(p));
    calls[0].answer({ events: [], last: 4 });
    await settle();
    calls[1].fail(new Error("the window reloaded"));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls.map((c) => c.after)).toEqual([null, 4, 4]);
    calls[2].answer({ events: [{ name: "menu-command", payload: "find" }], last: 5 });
    await settle();
    expect(seen).toEqual(["find"]);
  });
});
