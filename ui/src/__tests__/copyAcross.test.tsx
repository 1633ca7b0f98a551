import { act, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderApp } from "../testing/render";

async function compared() {
  const rendered = renderApp({ hash: "#/compare-connections" });
  await rendered.user.click(await screen.findByTestId("compare-run"));
  await screen.findByTestId("comparison");
  return rendered;
}

describe("copying across two connections", () => {
  it("offers each side's own users and policies, copying towards the other side", async () => {
    await compared();
    const toRight = screen.getByTestId("copy-across-right");
    const toLeft = screen.getByTestId("copy-across-left");
    expect(within(toRight).getByRole("heading")).toHaveTextContent("Copy from Local sandbox to Acme production");
    expect(within(toLeft).getByRole("heading")).toHaveTextContent("Copy from Acme production to Local sandbox");
    expect(within(toRight).queryByTestId("copy-user-canary-probe")).toBeNull();
    expect(within(toLeft).getByTestId("copy-user-canary-probe")).toBeInTheDocument();
    expect(within(toLeft).queryByTestId("copy-user-legacy-importer")).toBeNull();
  });

  it("copies from right to left with progress, and Cancel stops what has not started", async () => {
    const { user, fake } = await compared();
    let release!: () => void;
    fake.bulkGate = new Promise<void>((r) => (release = r));
    await user.click(screen.getByTestId("copy-user-canary-probe"));
    await user.click(screen.getByTestId("copy-across-start-left"));
    expect(await screen.findByRole("dialog", { name: "Copy 1 item to Local sandbox?" })).toHaveTextContent(
      "copied from Acme production",
    );
    await user.click(screen.getByTestId("copy-across-confirm"));

    const progress = await screen.findByTestId("copy-progress");
    expect(within(progress).getByTestId("copy-progress-count")).toHaveTextContent("0 of 1");
    act(() => fake.emitBulkProgress({ done: 1, total: 2, current: "canary-probe" }));
    expect(within(progress).getByTestId("copy-progress-count")).toHaveTextContent("1 of 2");
    expect(within(progress).getByRole("progressbar")).toHaveAttribute("aria-valuenow", "1");
    expect(screen.getByTestId("copy-across-start-left")).toBeDisabled();

    await user.click(screen.getByTestId("cancel-copy"));
    expect(screen.getByTestId("cancel-copy")).toHaveTextContent("Cancelling…");
    expect(fake.calls.some((c) => c.method === "cancelBulkAction")).toBe(true);
    act(() => release());
    const report = await screen.findByTestId("copy-report-left");
    expect(report).toHaveTextContent("canary-probe: cancelled");
    expect(screen.queryByTestId("copy-progress")).toBeNull();
    expect(fake.calls.find((c) => c.method === "copyAcross")?.args).toEqual([
      "conn-acme",
      "conn-sandbox",
      ["canary-probe"],
      [],
    ]);
  });
});
