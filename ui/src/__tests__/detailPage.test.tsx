import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderApp } from "../testing/render";

describe("service user detail page", () => {
  it("shows breadcrumb, status, policies and API access", async () => {
    renderApp({ hash: "#/service-users/cicd" });
    const status = await screen.findByTestId("detail-status");
    expect(screen.getByTestId("breadcrumb-list")).toHaveTextContent("Service Userscicd");
    expect(within(status).getByTestId("status-badge")).toHaveTextContent("Active");
    await waitFor(() =>
      expect(
        within(screen.getByTestId("detail-policies")).getByTestId("attached-policy-builtin-tg-monitor"),
        "the description comes from the policy list",
      ).toHaveTextContent("Read-only access"),
    );
    const api = screen.getByTestId("detail-api-access");
    expect(within(api).getByTestId("client-id")).toHaveValue("59766250b5935818");
    expect(within(api).getByTestId("token-age")).toHaveValue("3 days ago");
    expect(within(api).getByTestId("header-format")).toHaveTextContent(
      "Authorization: trustgrid-token 59766250b5935818:<Secret>",
    );
    expect(within(api).getByTestId("generate-keys")).toHaveTextContent("Regenerate API keys");
  });

  it("offers Generate for a user without keys", async () => {
    renderApp({ hash: "#/service-users/backup-runner" });
    expect(await screen.findByTestId("generate-keys")).toHaveTextContent("Generate API keys");
    expect(screen.getByTestId("client-id")).toHaveValue("—");
  });

  it("disables and enables the user", async () => {
    const { user, fake } = renderApp({ hash: "#/service-users/cicd" });
    await user.click(await screen.findByTestId("toggle-status"));
    await waitFor(() =>
      expect(within(screen.getByTestId("detail-status")).getByTestId("status-badge")).toHaveTextContent("Inactive"),
    );
    expect(fake.users.find((u) => u.name === "cicd")?.status).toBe("inactive");
    expect(screen.getByTestId("toggle-status")).toHaveTextContent("Enable");
  });

  it("attaches only policies not yet attached, and detaches", async () => {
    const { user, fake } = renderApp({ hash: "#/service-users/cicd" });
    await user.click(await screen.findByTestId("attach-policy"));
    const dialog = screen.getByRole("dialog", { name: "Attach policies to cicd" });
    expect(
      within(dialog).queryByTestId("policy-option-builtin-tg-monitor"),
      "an attached policy is not offered again",
    ).not.toBeInTheDocument();
    await user.click(within(dialog).getByTestId("policy-option-ci-deploy"));
    await user.click(within(dialog).getByTestId("policy-option-builtin-tg-read-only"));
    await user.click(within(dialog).getByTestId("submit"));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(fake.users.find((u) => u.name === "cicd")?.policyIds).toEqual([
      "builtin-tg-monitor",
      "ci-deploy",
      "builtin-tg-read-only",
    ]);
    expect(await screen.findByTestId("attached-policy-ci-deploy")).toBeInTheDocument();

    await user.click(screen.getByTestId("detach-builtin-tg-monitor"));
    await waitFor(() => expect(screen.queryByTestId("attached-policy-builtin-tg-monitor")).not.toBeInTheDocument());
    expect(fake.users.find((u) => u.name === "cicd")?.policyIds).toEqual(["ci-deploy", "builtin-tg-read-only"]);
  });

  it("says so when the user no longer exists", async () => {
    renderApp({ hash: "#/service-users/ghost" });
    expect(await screen.findByTestId("not-found")).toHaveTextContent("This service user no longer exists.");
  });
});
