// The fake's delivery targets: the same validation, native-confirmation rule and journalling as
// crates/tg-admin/src/delivery, with the program run simulated (the browser cannot start one).
// `false` exits 1, `cat` echoes the secret (shown redacted), anything else exits 0.

import type { DeliveryResult } from "../bindings/DeliveryResult";
import type { DeliveryTarget } from "../bindings/DeliveryTarget";
import type { DeliveryTargetInput } from "../bindings/DeliveryTargetInput";
import { appError } from "./fakeInputChecks";

const PLACEHOLDERS = ["{name}", "{clientId}"];

/** Splits a command line into words as POSIX quoting does (enough for the fake's checks). */
export function splitWords(command: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let quote: string | null = null;
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (quote) {
      if (c === quote) quote = null;
      else if (c === "\\" && quote === '"' && i + 1 < command.length) word = (word ?? "") + command[++i];
      else word = (word ?? "") + c;
    } else if (c === "'" || c === '"') {
      quote = c;
      word = word ?? "";
    } else if (c === "\\" && i + 1 < command.length) {
      word = (word ?? "") + command[++i];
    } else if (/\s/.test(c)) {
      if (word !== null) words.push(word);
      word = null;
    } else {
      word = (word ?? "") + c;
    }
  }
  if (quote)
    throw appError("invalid_input", "The command has an unmatched quote; close it or escape it with a backslash.");
  if (word !== null) words.push(word);
  if (words.length === 0) {
    throw appError(
      "invalid_input",
      "Enter the command to run, e.g. gh secret set TG_CLIENT_SECRET --repo acme/deploy.",
    );
  }
  return words;
}

function validateCommand(command: string): void {
  splitWords(command);
  for (const match of command.matchAll(/\{[A-Za-z0-9_-]+\}/g)) {
    if (!PLACEHOLDERS.includes(match[0])) {
      const hint = match[0].toLowerCase().includes("secret")
        ? " The Client Secret is given on the program's standard input, never in its arguments."
        : "";
      throw appError("invalid_input", `Unknown placeholder ${match[0]}: use {name} or {clientId}.${hint}`);
    }
  }
}

export class FakeDeliveryTargets {
  targets: DeliveryTarget[] = [];
  /**
   * How the next native confirmation answers: true (Allow), false (Cancel), or undefined when
   * none is expected — a confirmation then answers Cancel and sets `unexpectedConfirm`.
   */
  confirmAnswer: boolean | undefined = undefined;
  unexpectedConfirm = false;
  /** Every confirmation shown, for tests. */
  confirmations: string[] = [];
  private nextId = 1;

  list(): DeliveryTarget[] {
    return this.targets;
  }

  private confirm(target: DeliveryTarget): boolean {
    this.confirmations.push(target.command);
    if (this.confirmAnswer === undefined) {
      this.unexpectedConfirm = true;
      return false;
    }
    return this.confirmAnswer;
  }

  private get(id: string): DeliveryTarget {
    const target = this.targets.find((t) => t.id === id);
    if (!target) throw appError("invalid_input", `No delivery target with id "${id}"; it may have been deleted.`);
    return target;
  }

  /** Fails on the first id that names no target. */
  check(ids: string[]): void {
    for (const id of ids) this.get(id);
  }

  save(input: DeliveryTargetInput): DeliveryTarget | null {
    const name = input.name.trim();
    if (name === "" || [...name].length > 64) {
      throw appError("invalid_input", "A delivery target needs a name of 1 to 64 characters.");
    }
    const command = input.command.trim();
    validateCommand(command);
    const timeoutSeconds = input.timeoutSeconds ?? 60;
    if (timeoutSeconds < 1 || timeoutSeconds > 600) {
      throw appError("invalid_input", "The timeout must be between 1 and 600 seconds.");
    }
    const existing = input.id === undefined ? undefined : this.get(input.id);
    if (this.targets.some((t) => t.id !== input.id && t.name.toLowerCase() === name.toLowerCase())) {
      throw appError("invalid_input", `A delivery target named "${name}" already exists.`);
    }
    const target: DeliveryTarget = {
      id: input.id ?? `target-${this.nextId++}`,
      name,
      command,
      timeoutSeconds,
      confirmedCommand: existing?.confirmedCommand ?? null,
    };
    if (target.confirmedCommand !== command) {
      if (!this.confirm(target)) return null;
      target.confirmedCommand = command;
    }
    const index = this.targets.findIndex((t) => t.id === target.id);
    if (index >= 0) this.targets[index] = target;
    else this.targets.push(target);
    return target;
  }

  delete(id: string): void {
    this.get(id);
    this.targets = this.targets.filter((t) => t.id !== id);
  }

  /** Delivers to each target in turn; `record` journals each as the Rust side does. */
  deliver(
    serviceUser: string,
    targetIds: string[],
    record: (action: string, outcome: "ok" | "failed", error: string | null) => void,
  ): DeliveryResult[] {
    const targets = targetIds.map((id) => this.get(id));
    return targets.map((target) => {
      if (target.confirmedCommand !== target.command && this.confirm(target)) {
        target.confirmedCommand = target.command;
      }
      const result = this.run(target, serviceUser);
      record(
        `deliver-keys ${target.name}`,
        result.status === "delivered" ? "ok" : "failed",
        result.status === "delivered" ? null : summary(result),
      );
      return result;
    });
  }

  private run(target: DeliveryTarget, serviceUser: string): DeliveryResult {
    const result: DeliveryResult = {
      targetId: target.id,
      target: target.name,
      serviceUser,
      status: "failed",
      exitCode: null,
      stdout: "",
      stderr: "",
      error: null,
    };
    if (target.confirmedCommand !== target.command) {
      return { ...result, status: "notConfirmed", error: "The command was not confirmed, so it did not run." };
    }
    const program = splitWords(target.command)[0].split("/").pop();
    if (program === "false") {
      return { ...result, exitCode: 1, error: "The program ended with exit status: 1." };
    }
    return { ...result, status: "delivered", exitCode: 0, stdout: program === "cat" ? "<redacted>" : "" };
  }
}

/** The journal's words for a delivery that did not succeed (as DeliveryResult::summary). */
function summary(result: DeliveryResult): string {
  if (result.status === "notConfirmed") return `not run on ${result.target}: not confirmed`;
  if (result.status === "timedOut") return `${result.target} timed out`;
  if (result.exitCode !== null) return `${result.target} failed (exit status ${result.exitCode})`;
  return `${result.target} failed: ${result.error ?? "no exit status"}`;
}
