import { act, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { assignSlots } from "../components/rowRecycling";
import { renderApp } from "../testing/render";

/** The row element drawn at the top of the list (rows are absolutely positioned by `top`). */
function topRow(): HTMLElement {
  const rows = screen.getAllByTestId(/^service-user-row-/);
  return rows.reduce((top, row) => (parseFloat(row.style.top) < parseFloat(top.style.top) ? row : top));
}

describe("row slots", () => {
  it("a scroll step hands the slots of the rows that left to the rows that came in", () => {
    const first = assignSlots(new Map(), [0, 1, 2, 3, 4]);
    expect([...first.values()]).toEqual([0, 1, 2, 3, 4]);
    const scrolled = assignSlots(first, [2, 3, 4, 5, 6]);
    expect(scrolled.get(2), "a row still mounted keeps its slot").toBe(2);
    expect(new Set([scrolled.get(5), scrolled.get(6)]), "rows 0 and 1 lent theirs").toEqual(new Set([0, 1]));
  });

  it("more rows in view take new slots, and the same rows keep theirs whatever they show", () => {
    const first = assignSlots(new Map(), [10, 11, 12]);
    const taller = assignSlots(first, [10, 11, 12, 13, 14]);
    expect([...taller.entries()]).toEqual([
      [10, 0],
      [11, 1],
      [12, 2],
      [13, 3],
      [14, 4],
    ]);
    expect(assignSlots(taller, [10, 11, 12, 13, 14])).toEqual(taller);
  });
});

describe("the list's row elements are recycled", () => {
  it("a sort gives the rows already in the page other users instead of building new ones", async () => {
    const { user } = renderApp();
    await screen.findByTestId("service-user-row-cicd");
    const first = topRow();
    expect(first).toHaveAttribute("data-testid", "service-user-row-backup-runner");
    await user.click(screen.getByTestId("sort-name"));
    expect(topRow(), "the element at the top is the same one").toBe(first);
    expect(first, "and now shows the last user by name").toHaveAttribute("data-testid", "service-user-row-tg-watch");
  });

  it("keyboard focus stays with its user when the rows shift under it", async () => {
    const { fake } = renderApp();
    await screen.findByTestId("service-user-row-cicd");
    act(() => screen.getByTestId("row-checkbox-cicd").focus());
    await fake.createServiceUser({ name: "aardvark", policyIds: [], status: "active" });
    act(() => fake.chooseMenu("refresh"));
    await screen.findByTestId("service-user-row-aardvark");
    expect(screen.getByTestId("row-checkbox-cicd"), "focus moved with cicd to its new row").toHaveFocus();
  });

  it("keyboard focus is let go when its user leaves the list, never left on another user", async () => {
    const { fake } = renderApp();
    await screen.findByTestId("service-user-row-cicd");
    act(() => screen.getByTestId("row-checkbox-cicd").focus());
    await fake.deleteServiceUser("cicd");
    act(() => fake.chooseMenu("refresh"));
    await waitFor(() => expect(screen.queryByTestId("service-user-row-cicd")).toBeNull());
    expect(document.activeElement?.closest("[role=row]") ?? null, "no other user's control holds the focus").toBeNull();
  });

  it("rows a filter hides stay as blank hidden spares, and showing everyone again fills them", async () => {
    const { user } = renderApp();
    await screen.findByTestId("service-user-row-cicd");
    const rowElements = () =>
      new Set(document.querySelectorAll(".table-scroll [role=rowgroup]:last-child > [role=row]"));
    const before = rowElements();
    await user.type(screen.getByTestId("search"), "cicd");
    await waitFor(() => expect(screen.getAllByTestId(/^service-user-row-/)).toHaveLength(1));
    const spares = [...rowElements()].filter((row) => row.hasAttribute("hidden"));
    expect(spares.length, "the other rows wait as spares").toBe(before.size - 1);
    for (const spare of spares) {
      expect(spare, "a spare names nobody").not.toHaveAttribute("data-testid");
      expect(spare.querySelector("a")?.textContent, "nor shows a name").toBe("");
      expect(spare.querySelector("[data-testid^=row-checkbox-]"), "nor has a checkbox for a user").toBeNull();
    }
    expect(screen.getAllByRole("row"), "spares are out of the accessibility tree").toHaveLength(2);
    await user.clear(screen.getByTestId("search"));
    await waitFor(() => expect(screen.getAllByTestId(/^service-user-row-/)).toHaveLength(before.size));
    const after = rowElements();
    expect(
      [...after].filter((row) => !before.has(row)),
      "the same elements show everyone again",
    ).toEqual([]);
    expect(after.size).toBe(before.size);
  });
});
