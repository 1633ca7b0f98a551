// How the fake writes its journal entries, as the Rust side writes the activity log: one entry per
// change, a failed change with its message, and a change that was already in place not at all.
// FakeBackend.record puts each new entry first, so the journal reads newest first.
import type { AppError } from "../bindings/AppError";
import type { JournalEntry } from "../bindings/JournalEntry";

export function journalEntry(
  connection: string,
  action: string,
  targets: string[],
  outcome: JournalEntry["outcome"],
  error: string | null,
  note: string | undefined,
): JournalEntry {
  return {
    time: new Date().toISOString(),
    connection,
    action,
    targets,
    outcome,
    error,
    ...(note === undefined ? {} : { note }),
  };
}

/**
 * Runs `change` and records it as the Rust side does: a failure is recorded with its message
 * and rethrown, a change that was already in place (`false`) is not recorded.
 */
export function recordedChange<T>(
  record: (action: string, targets: string[], outcome: JournalEntry["outcome"], error?: string) => void,
  action: string,
  targets: string[],
  change: () => [T, boolean],
): T {
  try {
    const [result, changed] = change();
    if (changed) record(action, targets, "ok");
    return result;
  } catch (e) {
    record(action, targets, "failed", (e as AppError).message);
    throw e;
  }
}
