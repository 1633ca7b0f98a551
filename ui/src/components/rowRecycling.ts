// Row recycling for the virtualized Service Users list. In WebKit, building and styling a row
// element costs far more than changing its text, so the rows in view keep their elements: each
// mounted row index holds a slot (its React key) for as long as it stays mounted, a row that
// scrolls out frees its slot for one that scrolls in, and a sort or a filter, which keeps the
// same indices in view, gives every element another user. Keyboard focus follows its user, not
// the element it was in. When fewer rows are mounted than before (a filter that leaves a few
// users), the slots left over stay in the page as hidden spare rows, so showing everyone again
// fills them instead of building rows anew.
import { type RefObject, useLayoutEffect, useRef } from "react";

/**
 * The slot of each index in `indices`: an index mounted before keeps its slot, and new indices
 * take the slots that were freed, lowest first, so slots stay between 0 and the count mounted.
 */
export function assignSlots(previous: ReadonlyMap<number, number>, indices: readonly number[]): Map<number, number> {
  const next = new Map<number, number>();
  const taken = new Set<number>();
  for (const index of indices) {
    const slot = previous.get(index);
    if (slot !== undefined) {
      next.set(index, slot);
      taken.add(slot);
    }
  }
  let free = 0;
  for (const index of indices) {
    if (next.has(index)) continue;
    while (taken.has(free)) free += 1;
    next.set(index, free);
    taken.add(free);
  }
  return next;
}

/** The slots of the mounted rows, kept from one committed render to the next. */
export function useRowSlots(indices: readonly number[]): ReadonlyMap<number, number> {
  const committed = useRef<ReadonlyMap<number, number>>(new Map());
  const slots = assignSlots(committed.current, indices);
  useLayoutEffect(() => {
    committed.current = slots;
  });
  return slots;
}

/**
 * The slots no mounted row holds, among all the slots the list has had: the spare rows. The count
 * of slots only grows (by the rows one view can show), so a row element, once built, stays.
 */
export function useSpareSlots(slots: ReadonlyMap<number, number>): number[] {
  const most = useRef(0);
  const count = Math.max(most.current, slots.size);
  useLayoutEffect(() => {
    most.current = count;
  });
  const used = new Set(slots.values());
  const spares: number[] = [];
  for (let slot = 0; slot < count; slot++) if (!used.has(slot)) spares.push(slot);
  return spares;
}

/** The `data-focus-key` ("<user name> <control>") of the focused control inside `group`. */
function focusedControl(group: HTMLElement): string | null {
  const active = document.activeElement;
  if (!(active instanceof HTMLElement) || !group.contains(active)) return null;
  return active.dataset.focusKey ?? null;
}

/**
 * Keeps focus on its user when the element holding it is given another user: it moves to the same
 * control of that user's row when that row is still mounted, and is let go (as when a row
 * unmounts) when that user left the mounted rows.
 */
export function useFocusFollowsUser(group: RefObject<HTMLElement | null>) {
  const focused = useRef<string | null>(null);
  useLayoutEffect(() => {
    const root = group.current;
    if (!root) return;
    const enter = (event: FocusEvent) => {
      focused.current = event.target instanceof HTMLElement ? (event.target.dataset.focusKey ?? null) : null;
    };
    const leave = (event: FocusEvent) => {
      if (!(event.relatedTarget instanceof Node && root.contains(event.relatedTarget))) focused.current = null;
    };
    root.addEventListener("focusin", enter);
    root.addEventListener("focusout", leave);
    return () => {
      root.removeEventListener("focusin", enter);
      root.removeEventListener("focusout", leave);
    };
  }, [group]);
  useLayoutEffect(() => {
    const root = group.current;
    const wanted = focused.current;
    if (!root || wanted === null || focusedControl(root) === wanted) return;
    const active = document.activeElement;
    const target = [...root.querySelectorAll<HTMLElement>("[data-focus-key]")].find(
      (element) => element.dataset.focusKey === wanted,
    );
    if (target) target.focus({ preventScroll: true });
    else if (active instanceof HTMLElement && root.contains(active)) active.blur();
    focused.current = focusedControl(root);
  });
}
