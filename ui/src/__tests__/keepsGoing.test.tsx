import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { FakeBackend } from "../testing/fakeBackend";
import { NOW_SECONDS, renderApp } from "../testing/render";

const UNCONFIRMED = {
  code: "outcome_unknown" as const,
  message:
    "Trustgrid did not confirm new keys for backup-runner (the request timed out). The old key may already be invalid: new keys may have been made whose secret never arrived. Regenerate the keys to get a secret that works.",
  details: [],
};

describe("when things go wrong, the app keeps going", () => {
  it("never shows a secret for unconfirmed keys, says the old key may be gone and offers to regenerate", async () => {
    const fake = new FakeBackend({ nowSeconds: NOW_SECONDS });
    fake.fail("generateKeys", UNCONFIRMED);
    const { user } = renderApp({ fake, hash: "#/service-users/backup-runner" });
    await user.click(await screen.findByTestId("generate-keys"));

    const error = await screen.findByTestId("generate-error");
    expect(error).toHaveTextContent("New keys were not confirmed.");
    expect(error).toHaveTextContent("The old key may already be invalid");
    expect(screen.queryByTestId("secret-panel"), "no secret without the server's answer").not.toBeInTheDocument();

    await user.click(within(error).getByRole("button", { name: "Regenerate keys" }));
    expect(await screen.findByTestId("secret-panel")).toBeInTheDocument();
    expect(fake.calls.filter((c) => c.method === "generateKeys")).toHaveLength(2);
    expect(screen.queryByTestId("generate-error")).not.toBeInTheDocument();
  });

  it("offers no regenerate shortcut when the server refused the keys", async () => {
    const fake = new FakeBackend({ nowSeconds: NOW_SECONDS });
    fake.fail("generateKeys", { code: "forbidden", message: "403", details: [] });
    const { user } = renderApp({ fake, hash: "#/service-users/backup-runner" });
    await user.click(await screen.findByTestId("generate-keys"));
    const error = await screen.findByTestId("generate-error");
    expect(error).toHaveTextContent("Could not generate keys.");
    expect(within(error).queryByRole("button")).not.toBeInTheDocument();
  });

  it("shows a banner when the API goes away mid-session, and Retry brings everything back", async () => {
    const { user, fake } = renderApp();
    await screen.findByTestId("service-user-row-cicd");
    expect(screen.queryByTestId("unreachable-banner")).not.toBeInTheDocument();

    fake.fail("listServiceUsers", {
      code: "network",
      message: "Could not reach https://api.trustgrid.io/v2/service-user: connection refused",
      details: [],
    });
    await user.click(screen.getByTestId("refresh"));
    const banner = await screen.findByTestId("unreachable-banner");
    expect(banner).toHaveTextContent("The Trustgrid API at https://api.trustgrid.io cannot be reached.");
    expect(screen.getByTestId("service-user-row-cicd"), "what was loaded stays on screen").toBeInTheDocument();

    fake.users.push({ ...fake.users[0], name: "added-meanwhile", clientId: null, tokenCreated: null });
    await user.click(within(banner).getByRole("button", { name: "Retry" }));
    await waitFor(() => expect(screen.queryByTestId("unreachable-banner")).not.toBeInTheDocument());
    expect(
      await screen.findByTestId("service-user-row-added-meanwhile"),
      "Retry read the list again",
    ).toBeInTheDocument();
  });

  it("keeps the banner when only the app's own files are read: the activity journal, settings, connections", async () => {
    const { user, fake } = renderApp();
    await screen.findByTestId("service-user-row-cicd");
    fake.fail("listServiceUsers", { code: "network", message: "connection refused", details: [] });
    await user.click(screen.getByTestId("refresh"));
    await screen.findByTestId("unreachable-banner");
    await user.click(screen.getByTestId("nav-activity"));
    await screen.findByRole("heading", { name: "Activity" });
    // The journal's answer has arrived once the page's Refresh is no longer busy.
    await waitFor(() => expect(screen.getByTestId("refresh")).toHaveAttribute("aria-disabled", "false"));
    expect(screen.getByTestId("unreachable-banner"), "a local read says nothing about the API").toBeInTheDocument();
  });

  it("keeps the banner while the API is still away, and says when it is slow rather than gone", async () => {
    const { user, fake } = renderApp();
    await screen.findByTestId("service-user-row-cicd");
    fake.fail("listServiceUsers", { code: "timeout", message: "timed out", details: [] }, 2);
    await user.click(screen.getByTestId("refresh"));
    const banner = await screen.findByTestId("unreachable-banner");
    expect(banner).toHaveTextContent("is not answering");
    await user.click(within(banner).getByRole("button", { name: "Retry" }));
    await waitFor(() => expect(within(banner).getByRole("button", { name: "Retry" })).toBeEnabled());
    expect(screen.getByTestId("unreachable-banner")).toBeInTheDocument();
  });

  it("shows each start-up notice until it is dismissed", async () => {
    const fake = new FakeBackend({ nowSeconds: NOW_SECONDS });
    fake.startupNotices = [
      {
        message:
          "The settings file (settings.json) could not be read (EOF). It was kept as /cfg/settings.json.bak. The default settings apply.",
      },
      {
        message:
          'The connection "Prod" used last time could not be opened. The system keychain is unavailable. The local sandbox is open instead.',
      },
    ];
    const { user } = renderApp({ fake });
    await screen.findByTestId("service-user-row-cicd");
    const notices = await screen.findAllByTestId("startup-notice");
    expect(notices).toHaveLength(2);
    expect(notices[0]).toHaveTextContent("It was kept as /cfg/settings.json.bak");
    await user.click(within(notices[0]).getByRole("button", { name: "Dismiss" }));
    expect(screen.getAllByTestId("startup-notice")).toHaveLength(1);
    expect(screen.getByTestId("startup-notice")).toHaveTextContent("keychain is unavailable");
  });
});
