// The way back into a locked-out sandbox, and Settings' Reset demo data.
import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { AppError } from "../bindings/AppError";
import { FakeBackend } from "../testing/fakeBackend";
import { renderApp } from "../testing/render";

const REJECTED: AppError = { code: "unauthorized", message: "The credentials were rejected.", details: [] };

describe("the embedded sandbox's way back", () => {
  it("offers to recover a locked-out sandbox from the banner, and the list works again", async () => {
    const fake = new FakeBackend();
    await fake.switchConnection("conn-sandbox");
    fake.fail("listServiceUsers", REJECTED);
    const { user } = renderApp({ fake });
    const banner = await screen.findByTestId("unauthorized-banner");
    expect(banner).toHaveTextContent("sandbox-admin was disabled or re-keyed");
    expect(within(banner).queryByRole("button", { name: "Edit connection…" })).toBeNull();
    await user.click(within(banner).getByRole("button", { name: "Recover sandbox access" }));
    await screen.findByTestId("service-user-row-cicd");
    await waitFor(() => expect(screen.queryByTestId("unauthorized-banner")).toBeNull());
    expect(fake.calls.map((c) => c.method)).toContain("recoverSandbox");
  });

  it("resets the demo data from Settings after a confirmation", async () => {
    const { user, fake } = renderApp();
    await screen.findByTestId("service-user-row-cicd");
    fake.users = fake.users.filter((u) => u.name !== "cicd");
    await user.click(screen.getByTestId("open-settings"));
    await user.click(screen.getByRole("button", { name: "Reset demo data…" }));
    const confirm = screen.getByRole("dialog", { name: "Reset the local sandbox's demo data?" });
    expect(
      fake.calls.map((c) => c.method),
      "nothing before confirming",
    ).not.toContain("resetSandbox");
    await user.click(within(confirm).getByRole("button", { name: "Reset demo data" }));
    await waitFor(() => expect(fake.users.some((u) => u.name === "cicd")).toBe(true));
    await waitFor(() => expect(screen.getByTestId("current-org")).toHaveTextContent("Sandbox"));
  });
});
