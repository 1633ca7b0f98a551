// Test environment: DOM matchers, cleanup between tests, a measurable size for the list's scroll
// container so the virtualizer renders rows in jsdom (which has no layout), and the browser APIs
// Radix UI expects.
import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";

// Tests reset the route with `location.hash = ""`. On a URL with no fragment at all that adds an
// empty one and fires a hashchange a task later, which the next app would take for a navigation
// (and move the focus to its heading); starting on an empty fragment makes the reset a no-op.
window.history.replaceState(null, "", "#");

afterEach(() => {
  cleanup();
  window.location.hash = "";
});

function scrollContainerSize(el: HTMLElement, value: number): number {
  return el.hasAttribute("data-scroll-container") ? value : 0;
}
Object.defineProperty(HTMLElement.prototype, "clientHeight", {
  configurable: true,
  get(this: HTMLElement) {
    return scrollContainerSize(this, 600);
  },
});
Object.defineProperty(HTMLElement.prototype, "clientWidth", {
  configurable: true,
  get(this: HTMLElement) {
    return scrollContainerSize(this, 1000);
  },
});
// Radix UI measures its popovers (menus, tooltips) with ResizeObserver, which jsdom lacks.
if (!("ResizeObserver" in globalThis)) {
  globalThis.ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
}
if (!HTMLElement.prototype.scrollTo) {
  HTMLElement.prototype.scrollTo = function scrollTo() {};
}
// CodeMirror measures text ranges, which jsdom's Range cannot (no layout): empty measurements.
if (!Range.prototype.getClientRects) {
  Range.prototype.getClientRects = () =>
    ({ length: 0, item: () => null, [Symbol.iterator]: [][Symbol.iterator] }) as unknown as DOMRectList;
  Range.prototype.getBoundingClientRect = () => new DOMRect(0, 0, 0, 0);
}
