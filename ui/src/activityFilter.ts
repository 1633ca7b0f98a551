// The Activity page's filter, as tg-admin's `activity::filter` applies it (the export is filtered
// there, the list here, so the two read the same): the action's first word, a target named
// ignoring case, and inclusive UTC days.
import type { ActivityFilter } from "./bindings/ActivityFilter";
import type { JournalEntry } from "./bindings/JournalEntry";

export const NO_FILTER: ActivityFilter = { action: null, user: null, from: null, to: null };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Why the filter cannot be applied, or null. */
export function filterProblem(filter: ActivityFilter): string | null {
  for (const [which, value] of [
    ["first", filter.from],
    ["last", filter.to],
  ] as const) {
    const text = value?.trim() ?? "";
    if (text !== "" && (!DAY.test(text) || Number.isNaN(Date.parse(`${text}T00:00:00Z`))))
      return `The ${which} date must read YYYY-MM-DD, not "${text}".`;
  }
  return null;
}

export function filterActivity(entries: JournalEntry[], filter: ActivityFilter): JournalEntry[] {
  if (filterProblem(filter)) return entries;
  const action = filter.action?.trim() || null;
  const user = filter.user?.trim().toLowerCase() || null;
  const from = filter.from?.trim() || null;
  const to = filter.to?.trim() || null;
  return entries.filter((e) => {
    const day = new Date(e.time).toISOString().slice(0, 10);
    return (
      (action === null || e.action.split(" ")[0] === action) &&
      (user === null || e.targets.some((t) => t.toLowerCase() === user)) &&
      (from === null || day >= from) &&
      (to === null || day <= to)
    );
  });
}

/** The distinct first words of the entries' actions, sorted, for the action filter's choices. */
export function actionWords(entries: JournalEntry[]): string[] {
  return [...new Set(entries.map((e) => e.action.split(" ")[0]))].sort();
}
