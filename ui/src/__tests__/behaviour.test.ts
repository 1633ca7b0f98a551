// The shared behaviour suite (tests/behaviour/*.json) against the UI's fake backend. The same
// scenarios run against the real Rust side in crates/tg-admin/tests/behaviour.rs, so a fake that
// drifts from the app fails here. See tests/behaviour/README.md for the format.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { toAppError } from "../backend";
import { COMMANDS } from "../bindings/contract";
import { FakeBackend } from "../testing/fakeBackend";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Step = {
  call: string;
  args?: Record<string, Json>;
  expect?: { ok?: Json; error?: Json };
  save?: string;
  dialog?: "cancel" | { fileName: string };
  confirm?: boolean;
  cancelAfterProgress?: boolean;
};
type Scenario = { name: string; steps: Step[] };

const dir = new URL("../../../tests/behaviour/", `file://${__filename}`);
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .sort();

/** The suite's pattern language; returns why `actual` does not match, or null. */
export function mismatch(pattern: Json, actual: Json | undefined, at = "."): string | null {
  const value = actual ?? null;
  if (pattern !== null && typeof pattern === "object" && !Array.isArray(pattern)) {
    const keys = Object.keys(pattern);
    if (keys.length === 1 && keys[0].startsWith("$")) {
      const [operator] = keys;
      const operand = pattern[operator];
      const items = Array.isArray(value) ? value : null;
      switch (operator) {
        case "$any":
          return value !== null ? null : `${at}: missing`;
        case "$length":
          return items?.length === operand ? null : `${at}: length is not ${operand}`;
        case "$endsWith":
          return typeof value === "string" && value.endsWith(operand as string)
            ? null
            : `${at}: ${JSON.stringify(value)} does not end with ${operand}`;
        case "$matches":
          return typeof value === "string" && new RegExp(operand as string).test(value)
            ? null
            : `${at}: ${JSON.stringify(value)} does not match /${operand}/`;
        case "$prefix": {
          const expected = operand as Json[];
          if (!items || items.length < expected.length)
            return `${at}: fewer than ${expected.length} elements in ${JSON.stringify(value)}`;
          for (const [i, p] of expected.entries()) {
            const why = mismatch(p, items[i], `${at}[${i}]`);
            if (why) return why;
          }
          return null;
        }
        case "$contains":
          for (const p of operand as Json[]) {
            if (!items?.some((a) => mismatch(p, a, at) === null))
              return `${at}: no element matches ${JSON.stringify(p)}`;
          }
          return null;
        default:
          return `${at}: unknown operator ${operator}`;
      }
    }
    if (value === null || typeof value !== "object" || Array.isArray(value))
      return `${at}: expected an object, got ${JSON.stringify(value)}`;
    for (const key of keys) {
      const why = mismatch(pattern[key], value[key], `${at}.${key}`);
      if (why) return why;
    }
    return null;
  }
  if (Array.isArray(pattern)) {
    if (!Array.isArray(value)) return `${at}: expected an array, got ${JSON.stringify(value)}`;
    if (value.length !== pattern.length) return `${at}: expected ${pattern.length} elements, got ${value.length}`;
    for (const [i, p] of pattern.entries()) {
      const why = mismatch(p, value[i], `${at}[${i}]`);
      if (why) return why;
    }
    return null;
  }
  return pattern === value ? null : `${at}: expected ${JSON.stringify(pattern)}, got ${JSON.stringify(value)}`;
}

function resolve(value: Json, saved: Record<string, Json>): Json {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    if (typeof value.$ref === "string") {
      return value.$ref
        .split(".")
        .reduce<Json>((v, part, i) => (i === 0 ? saved[part] : (v as Record<string, Json>)[part]), null);
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, saved)]));
  }
  return Array.isArray(value) ? value.map((v) => resolve(v, saved)) : value;
}

async function run(scenario: Scenario) {
  const fake = new FakeBackend();
  const backend = fake as unknown as Record<string, (...args: unknown[]) => Promise<Json>>;
  const saved: Record<string, Json> = {};
  let cancelOnProgress = false;
  fake.onBulkProgress(() => {
    if (cancelOnProgress) {
      cancelOnProgress = false;
      void fake.cancelBulkAction();
    }
  });
  for (const [index, step] of scenario.steps.entries()) {
    const entry = Object.entries(COMMANDS).find(([, c]) => c.name === step.call);
    if (!entry) throw new Error(`step ${index + 1}: the contract has no command ${step.call}`);
    const [method, spec] = entry;
    const args = resolve(step.args ?? {}, saved) as Record<string, Json>;
    fake.nextSaveDialog =
      step.dialog === undefined ? undefined : step.dialog === "cancel" ? null : step.dialog.fileName;
    cancelOnProgress = step.cancelAfterProgress === true;
    fake.delivery.confirmAnswer = step.confirm;
    fake.delivery.unexpectedConfirm = false;
    let outcome: { ok: Json } | { error: Json };
    try {
      outcome = { ok: (await backend[method](...spec.args.map((name) => args[name]))) ?? null };
    } catch (e) {
      outcome = { error: toAppError(e) as unknown as Json };
    }
    const context = `step ${index + 1} (${step.call})`;
    expect(fake.delivery.unexpectedConfirm, `${context}: asked for a confirmation the step did not answer`).toBe(false);
    if (step.expect) {
      const why = mismatch(resolve(step.expect as Json, saved), outcome);
      expect(why, `${context}: ${why}\nactual: ${JSON.stringify(outcome)}`).toBeNull();
    } else {
      expect("error" in outcome ? outcome.error : null, `${context} must succeed`).toBeNull();
    }
    if (step.save && "ok" in outcome) saved[step.save] = outcome.ok;
  }
}

describe("the fake backend passes the shared behaviour suite", () => {
  expect(files.length, "scenarios are found").toBeGreaterThan(0);
  for (const file of files) {
    const scenario = JSON.parse(readFileSync(new URL(file, dir), "utf8")) as Scenario;
    it(`${file}: ${scenario.name}`, () => run(scenario));
  }
});

describe("the suite's matcher", () => {
  it("can fail", () => {
    expect(mismatch({ a: 1 }, { a: 1, b: 2 })).toBeNull();
    expect(mismatch({ a: 1 }, { a: 2 })).not.toBeNull();
    expect(mismatch([1], [1, 2])).not.toBeNull();
    expect(mismatch({ $prefix: [1] }, [1, 2])).toBeNull();
    expect(mismatch({ $prefix: [2] }, [1, 2])).not.toBeNull();
    expect(mismatch({ $contains: [3] }, [1, 2])).not.toBeNull();
    expect(mismatch({ $any: true }, null)).not.toBeNull();
    expect(mismatch({ x: null }, {})).toBeNull();
    expect(mismatch({ $matches: "^[0-9a-f]{4}$" }, "0a9")).not.toBeNull();
  });
});
