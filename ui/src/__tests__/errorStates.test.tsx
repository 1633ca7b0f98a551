import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { FakeBackend } from "../testing/fakeBackend";
import { renderApp } from "../testing/render";

describe("error states", () => {
  it("shows a load error with Retry, and Retry loads the list", async () => {
    const fake = new FakeBackend();
    fake.fail("listServiceUsers", { code: "network", message: "connection refused", details: [] });
    const { user } = renderApp({ fake });
    const error = await screen.findByTestId("list-error");
    expect(error, "a network failure is named plainly").toHaveTextContent("The Trustgrid API could not be reached");
    expect(error).toHaveTextContent("connection refused");
    await user.click(within(error).getByRole("button", { name: "Retry" }));
    expect(await screen.findByTestId("service-user-row-cicd")).toBeInTheDocument();
    expect(screen.queryByTestId("list-error")).not.toBeInTheDocument();
  });

  it("keeps the loaded rows visible when a refresh fails", async () => {
    const { user, fake } = renderApp();
    await screen.findByTestId("service-user-row-cicd");
    fake.fail("listServiceUsers", { code: "internal", message: "The API answered 502 Bad Gateway", details: [] });
    await user.click(screen.getByTestId("refresh"));
    const notice = await screen.findByTestId("refresh-error");
    expect(notice).toHaveTextContent("Could not refresh the list; showing what was loaded before.");
    expect(notice).toHaveTextContent("502 Bad Gateway");
    expect(screen.getByTestId("service-user-row-cicd"), "stale data stays on screen").toBeInTheDocument();
    expect(screen.getByTestId("row-count")).toHaveTextContent("Showing 5 of 5");
  });

  it.each(["network", "timeout"] as const)(
    "says once, in the window's banner, that the API is out of reach when a refresh finds it so (%s)",
    async (code) => {
      const { user, fake } = renderApp();
      await screen.findByTestId("service-user-row-cicd");
      fake.fail("listServiceUsers", { code, message: "connection refused", details: [] });
      await user.click(screen.getByTestId("refresh"));
      await screen.findByTestId("unreachable-banner");
      await waitFor(() => expect(screen.getByTestId("refresh")).toHaveAttribute("aria-disabled", "false"));
      expect(screen.queryByTestId("refresh-error"), "one cause, one notice").toBeNull();
      expect(screen.getByTestId("service-user-row-cicd"), "stale data stays on screen").toBeInTheDocument();
    },
  );

  it("says once that a refresh failed, and leaves the findings as they were", async () => {
    const { user, fake } = renderApp();
    await screen.findByTestId("service-user-row-cicd");
    await screen.findByTestId("open-findings");
    const badGateway = { code: "internal" as const, message: "The API answered 502 Bad Gateway", details: [] };
    fake.fail("listServiceUsers", badGateway);
    await user.click(screen.getByTestId("refresh"));
    await screen.findByTestId("refresh-error");
    await waitFor(() => expect(screen.getByTestId("refresh")).toHaveAttribute("aria-busy", "false"));
    expect(
      fake.calls.filter((c) => c.method === "listFindings"),
      "not asked again",
    ).toHaveLength(1);
    expect(screen.queryByTestId("findings-error"), "one cause, one notice").toBeNull();
    expect(screen.getByTestId("open-findings"), "the findings still shown").toBeInTheDocument();
  });

  it("shows the credentials banner on 401 and opens Edit connection from it", async () => {
    const fake = new FakeBackend();
    fake.fail("listServiceUsers", { code: "unauthorized", message: "401", details: [] });
    const { user } = renderApp({ fake });
    const banner = await screen.findByTestId("unauthorized-banner");
    expect(banner).toHaveTextContent("The credentials for connection Acme production no longer work.");
    await user.click(within(banner).getByRole("button", { name: "Edit connection…" }));
    const dialog = screen.getByRole("dialog", { name: "Edit connection “Acme production”" });
    expect(within(dialog).getByTestId("connection-client-id")).toHaveValue("3b1f0c9d2e");
    expect(within(dialog).getByTestId("connection-secret"), "the stored secret is never shown").toHaveValue("");

    await user.type(within(dialog).getByTestId("connection-secret"), "new-secret");
    await user.click(within(dialog).getByTestId("submit"));
    await waitFor(() =>
      expect(
        screen.queryByTestId("unauthorized-banner"),
        "saving new credentials clears the banner",
      ).not.toBeInTheDocument(),
    );
    expect(await screen.findByTestId("service-user-row-cicd")).toBeInTheDocument();
    const update = fake.calls.find((c) => c.method === "updateConnection");
    expect(update?.args[1], "an empty secret field would have sent null; a typed one is sent").toMatchObject({
      clientSecret: "<redacted>",
    });
  });

  it("keeps the connection dialog input when verification fails", async () => {
    const { user, fake } = renderApp();
    await screen.findByTestId("service-user-row-cicd");
    fake.fail("addConnection", { code: "unauthorized", message: "401", details: [] });
    await user.click(screen.getByTestId("connection-switcher"));
    await user.click(screen.getByTestId("add-connection"));
    await user.type(screen.getByTestId("connection-name"), "Staging");
    await user.type(screen.getByTestId("connection-client-id"), "abc");
    await user.type(screen.getByTestId("connection-secret"), "s3cret{Enter}");
    const dialog = screen.getByRole("dialog", { name: "Add connection" });
    await waitFor(() => expect(within(dialog).getByRole("alert")).toHaveTextContent("credentials were rejected"));
    expect(screen.getByTestId("connection-name")).toHaveValue("Staging");
    expect(screen.getByTestId("connection-url")).toHaveValue("https://api.trustgrid.io");
    expect(screen.getByTestId("connection-secret")).toHaveValue("s3cret");
  });

  it("switching connections updates the header", async () => {
    const { user } = renderApp();
    await screen.findByTestId("service-user-row-cicd");
    expect(screen.getByTestId("current-org")).toHaveTextContent("Acme Networks");
    await user.click(screen.getByTestId("connection-switcher"));
    await user.click(screen.getByTestId("connection-conn-sandbox"));
    await waitFor(() => expect(screen.getByTestId("current-org")).toHaveTextContent("Sandbox"));
  });
});
