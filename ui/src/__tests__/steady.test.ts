import { renderHook } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { useSteady } from "../steady";

describe("useSteady", () => {
  it("keeps one function across renders, which runs the latest code", () => {
    const { result, rerender } = renderHook(({ value }) => useSteady((add: number) => value + add), {
      initialProps: { value: 1 },
    });
    const first = result.current;
    expect(first(1)).toBe(2);
    rerender({ value: 10 });
    expect(result.current).toBe(first);
    expect(first(1)).toBe(11);
  });
});
