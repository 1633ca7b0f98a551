import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { FakeBackend } from "../testing/fakeBackend";
import { NOW_SECONDS, renderApp } from "../testing/render";

function fakeWithTargets() {
  const fake = new FakeBackend({ nowSeconds: NOW_SECONDS });
  fake.delivery.confirmAnswer = true;
  fake.delivery.save({ name: "Broken CI", command: "false --repo acme/deploy" });
  fake.delivery.save({ name: "Vault", command: "cat secret/tg/{name}" });
  fake.delivery.confirmAnswer = undefined;
  return fake;
}

describe("delivery targets", () => {
  it("saves a target only after the native confirmation allowed its command", async () => {
    const { user, fake } = renderApp({ hash: "#/delivery-targets" });
    expect(await screen.findByText("No delivery targets yet.")).toBeInTheDocument();

    await user.click(screen.getByTestId("add-delivery-target"));
    const dialog = await screen.findByTestId("delivery-target-dialog");
    await user.type(within(dialog).getByTestId("target-name"), "CI");
    await user.type(within(dialog).getByTestId("target-command"), "gh secret set TG_SECRET --repo acme/deploy");
    fake.delivery.confirmAnswer = false;
    await user.click(within(dialog).getByRole("button", { name: "Save and confirm…" }));
    expect(await within(dialog).findByTestId("target-declined")).toHaveTextContent("Not saved");
    expect(fake.delivery.confirmations).toEqual(["gh secret set TG_SECRET --repo acme/deploy"]);
    expect(fake.delivery.targets).toEqual([]);

    fake.delivery.confirmAnswer = true;
    await user.click(within(dialog).getByRole("button", { name: "Save and confirm…" }));
    await waitFor(() => expect(screen.queryByTestId("delivery-target-dialog")).not.toBeInTheDocument());
    const row = await screen.findByTestId("target-CI");
    expect(row).toHaveTextContent("gh secret set TG_SECRET --repo acme/deploy");
    expect(row).toHaveTextContent("60 s");
  });

  it("refuses a command that would put the secret in its arguments, without asking", async () => {
    const { user, fake } = renderApp({ hash: "#/delivery-targets" });
    await user.click(await screen.findByTestId("add-delivery-target"));
    const dialog = await screen.findByTestId("delivery-target-dialog");
    await user.type(within(dialog).getByTestId("target-name"), "Leaky");
    // userEvent treats { as a key descriptor; {{ types one brace.
    await user.type(within(dialog).getByTestId("target-command"), "vault kv put x value={{secret}");
    await user.click(within(dialog).getByTestId("submit"));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("standard input");
    expect(fake.delivery.confirmations).toEqual([]);
  });

  it("delivers new keys to the chosen targets and reports each one", async () => {
    const fake = fakeWithTargets();
    const { user } = renderApp({ hash: "#/service-users/backup-runner", fake });
    await user.click(await screen.findByTestId("generate-keys"));
    const panel = await screen.findByTestId("secret-panel");
    await user.click(within(panel).getByTestId("deliver-keys"));
    const dialog = await screen.findByTestId("deliver-dialog");
    const run = within(dialog).getByTestId("deliver-run");
    expect(run).toBeDisabled();
    await user.click(within(dialog).getByTestId("deliver-choice-Broken CI"));
    await user.click(within(dialog).getByTestId("deliver-choice-Vault"));
    await user.click(run);

    const results = await within(dialog).findByTestId("delivery-results");
    const [broken, vault] = within(results).getAllByRole("listitem");
    expect(broken).toHaveTextContent("Broken CI");
    expect(broken).toHaveTextContent("Failed");
    expect(broken).toHaveTextContent("exit status 1");
    expect(vault).toHaveTextContent("Delivered");
    expect(within(vault).getByTestId("delivery-output-Vault")).toHaveTextContent("<redacted>");
    expect(fake.journal.slice(0, 2).map((e) => [e.action, e.outcome])).toEqual([
      ["deliver-keys Vault", "ok"],
      ["deliver-keys Broken CI", "failed"],
    ]);

    // Delivered counts as kept: closing the panel no longer warns.
    await user.click(within(dialog).getByRole("button", { name: "Done" }));
    await user.click(within(panel).getByTestId("close-secret-panel"));
    await waitFor(() => expect(screen.queryByTestId("secret-panel")).not.toBeInTheDocument());
  });
});

describe("the org as Terraform", () => {
  it("exports into the chosen folder and says what it wrote, refusing an earlier export's folder", async () => {
    const { user, fake } = renderApp({ hash: "#/service-users" });
    fake.nextSaveDialog = "acme-tf";
    await user.click(await screen.findByTestId("export-terraform"));
    const custom = fake.policies.filter((p) => !p.name.startsWith("builtin-tg-")).length;
    expect(await screen.findByTestId("terraform-exported")).toHaveTextContent(
      `${fake.users.length} users and ${custom} custom policies written to acme-tf`,
    );
    fake.nextSaveDialog = "acme-tf";
    await user.click(screen.getByTestId("export-terraform"));
    expect(await screen.findByTestId("terraform-error")).toHaveTextContent("choose an empty folder");
  });
});

describe("comparing two connections", () => {
  it("shows each difference and exports the comparison", async () => {
    const { user, fake } = renderApp({ hash: "#/compare-connections" });
    const left = await screen.findByTestId("compare-left");
    await waitFor(() => expect(left).toHaveValue("conn-sandbox"));
    expect(screen.getByTestId("compare-right")).toHaveValue("conn-acme");
    await user.click(screen.getByTestId("compare-run"));
    await screen.findByTestId("comparison");
    expect(screen.getByTestId("users-only-left")).toHaveTextContent("legacy-importer");
    expect(screen.getByTestId("users-only-right")).toHaveTextContent("canary-probe");
    const cicd = screen.getByTestId("compare-user-cicd");
    expect(cicd).toHaveTextContent("Status: active in Local sandbox, inactive in Acme production");
    expect(cicd).toHaveTextContent("Allowed only in Local sandbox: nodes::manage");
    expect(screen.getByTestId("compare-policy-ci-deployer")).toHaveTextContent("− allow: nodes::manage");

    await user.click(screen.getByTestId("compare-export-markdown"));
    expect(await screen.findByTestId("compare-exported")).toHaveTextContent(
      "Exported to Local-sandbox-vs-Acme-production.md",
    );
    expect(fake.calls.some((c) => c.method === "exportComparison" && c.args[2] === "markdown")).toBe(true);

    // Copy across names the target connection before anything happens, then reports each item.
    await user.click(screen.getByTestId("copy-user-legacy-importer"));
    await user.click(screen.getByTestId("copy-policy-staging-extra"));
    await user.click(screen.getByTestId("copy-across-start-right"));
    expect(await screen.findByRole("dialog", { name: "Copy 2 items to Acme production?" })).toHaveTextContent(
      "https://api.trustgrid.io",
    );
    await user.click(screen.getByTestId("copy-across-confirm"));
    const report = await screen.findByTestId("copy-report-right");
    expect(report).toHaveTextContent("staging-extra: skipped: already exists there");
    expect(report).toHaveTextContent("legacy-importer: skipped");
    expect(fake.calls.find((c) => c.method === "copyAcross")?.args).toEqual([
      "conn-sandbox",
      "conn-acme",
      ["legacy-importer"],
      ["staging-extra"],
    ]);

    await user.selectOptions(screen.getByTestId("compare-right"), "conn-sandbox");
    await user.click(screen.getByTestId("compare-run"));
    expect(await screen.findByTestId("compare-same")).toHaveTextContent("hold the same service users");
  });
});
