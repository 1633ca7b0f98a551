import { act, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { renderApp } from "../testing/render";

const rowNames = () =>
  screen
    .queryAllByTestId(/^service-user-row-/)
    .map((r) => r.dataset.testid?.replace("service-user-row-", ""))
    .sort();

describe("key hygiene on the list page", () => {
  it("badges users with findings and filters to them", async () => {
    const { user } = renderApp();
    const terraform = await screen.findByTestId("service-user-row-terraform-ci");
    const badge = await within(terraform).findByTestId("findings-badge");
    expect(badge).toHaveAccessibleName(/1 finding, most urgent high/);
    expect(within(screen.getByTestId("service-user-row-cicd")).queryByTestId("findings-badge")).toBeNull();

    await user.click(screen.getByTestId("only-findings"));
    expect(rowNames(), "only users with findings").toEqual(["backup-runner", "terraform-ci"]);
    await user.click(screen.getByTestId("only-findings"));
    expect(rowNames()).toHaveLength(5);
  });

  it("checks the findings again on Refresh, for changes made outside the app", async () => {
    const { user, fake } = renderApp();
    const cicd = await screen.findByTestId("service-user-row-cicd");
    await within(screen.getByTestId("service-user-row-terraform-ci")).findByTestId("findings-badge");
    expect(within(cicd).queryByTestId("findings-badge")).toBeNull();
    fake.users.find((u) => u.name === "cicd")!.policyIds = ["builtin-tg-admin"];
    await user.click(screen.getByTestId("refresh"));
    const badge = await within(screen.getByTestId("service-user-row-cicd")).findByTestId("findings-badge");
    expect(badge).toHaveAccessibleName(/most urgent high/);
  });

  it.each(["button", "menu"] as const)("on Refresh (%s), asks for the findings once the list is in", async (way) => {
    const { user, fake } = renderApp();
    await within(await screen.findByTestId("service-user-row-terraform-ci")).findByTestId("findings-badge");
    const findingsAsked = () => fake.calls.filter((c) => c.method === "listFindings").length;
    const before = findingsAsked();
    const list = fake.listServiceUsers.bind(fake);
    let answer = () => {};
    vi.spyOn(fake, "listServiceUsers").mockImplementationOnce(
      () => new Promise((resolve) => (answer = () => resolve(list()))),
    );
    if (way === "button") await user.click(screen.getByTestId("refresh"));
    else act(() => fake.chooseMenu("refresh"));
    await waitFor(() => expect(screen.getByTestId("refresh")).toHaveAttribute("aria-busy", "true"));
    expect(findingsAsked(), "not while the list is on its way").toBe(before);
    answer();
    await waitFor(() => expect(findingsAsked()).toBe(before + 1));
  });

  it("filters the list by a key-age bar and shows everyone when it is pressed again", async () => {
    const { user } = renderApp();
    await screen.findByTestId("service-user-row-cicd");
    const young = screen.getByTestId("key-age-under-30");
    // The name starts with what the bar shows (count, then range), so it contains the visible label.
    expect(young).toHaveAccessibleName(/^3\s*< 30 d\s+users$/);
    await user.click(young);
    expect(young).toHaveAttribute("aria-pressed", "true");
    expect(rowNames()).toEqual(["cicd", "monitoring-prom", "tg-watch"]);
    await user.click(screen.getByTestId("key-age-none"));
    expect(rowNames(), "one bar at a time").toEqual(["backup-runner"]);
    await user.click(screen.getByTestId("key-age-none"));
    expect(rowNames()).toHaveLength(5);
  });

  it("fixes an admin grant from the Findings panel by detaching, on the bulk path", async () => {
    const { user, fake } = renderApp();
    await screen.findByTestId("service-user-row-terraform-ci");
    await user.click(await screen.findByTestId("open-findings"));
    const panel = await screen.findByTestId("findings-panel");
    const fix = within(panel).getByTestId("fix-terraform-ci-admin-grant");
    expect(fix).toHaveTextContent("Detach builtin-tg-admin");
    await user.click(fix);
    expect(await screen.findByTestId("bulk-summary")).toBeInTheDocument();
    expect(screen.getByTestId("bulk-count-ok")).toHaveTextContent("1");
    expect(fake.calls.find((c) => c.method === "runBulkDetach")?.args).toEqual([
      ["builtin-tg-admin"],
      ["terraform-ci"],
    ]);
    expect(fake.users.find((u) => u.name === "terraform-ci")?.policyIds).toEqual(["ci-deploy"]);
    await user.click(screen.getByTestId("close-bulk"));
    await waitFor(() => expect(within(panel).queryByTestId("fix-terraform-ci-admin-grant")).toBeNull());
  });

  it("accepts a finding only with a reason, keeps it apart and journals the reason", async () => {
    const { user, fake } = renderApp();
    await screen.findByTestId("service-user-row-backup-runner");
    await user.click(await screen.findByTestId("open-findings"));
    const panel = await screen.findByTestId("findings-panel");
    await user.click(within(panel).getByTestId("accept-backup-runner-never-keyed"));
    const accept = within(panel).getByRole("button", { name: "Accept finding" });
    expect(accept, "a reason is required").toBeDisabled();
    await user.type(within(panel).getByTestId("reason-backup-runner-never-keyed"), "keys come from vault");
    await user.click(accept);
    const accepted = await within(panel).findByTestId("accepted-findings");
    expect(accepted).toHaveTextContent("keys come from vault");
    expect(within(panel).queryByTestId("finding-backup-runner-never-keyed")).toBeNull();
    expect(fake.journal[0]).toMatchObject({ action: "accept-finding never-keyed", note: "keys come from vault" });
  });

  it("uses the key-age threshold from Settings", async () => {
    const { user } = renderApp();
    await screen.findByTestId("service-user-row-monitoring-prom");
    const prom = screen.getByTestId("service-user-row-monitoring-prom");
    expect(within(prom).queryByTestId("findings-badge")).toBeNull();
    await user.click(screen.getByTestId("open-settings"));
    const field = await screen.findByTestId("key-age-days");
    await user.clear(field);
    await user.type(field, "5");
    expect(await screen.findByText("Enter a whole number of days from 7 to 730.")).toBeInTheDocument();
    await user.clear(field);
    await user.type(field, "10");
    await user.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(screen.queryByTestId("settings-dialog")).toBeNull());
    const badge = await within(screen.getByTestId("service-user-row-monitoring-prom")).findByTestId("findings-badge");
    expect(badge.getAttribute("title")).toMatch(/keys are 17 days old, older than the 10 days/);
  });
});

describe("credential report", () => {
  it("saves through the native dialog and says where", async () => {
    const { user, fake } = renderApp();
    await screen.findByTestId("service-user-row-cicd");
    await user.click(screen.getByTestId("credential-report"));
    await user.click(await screen.findByTestId("report-csv"));
    expect(await screen.findByTestId("report-path")).toHaveTextContent("Saved to service-users-credential-report.csv");
    expect(fake.calls.find((c) => c.method === "exportCredentialReport")?.args).toEqual(["csv"]);
  });
});

describe("import", () => {
  it("previews a 5-row CSV with 2 bad rows, creates 3 and reports the 2", async () => {
    const { user, fake } = renderApp();
    await screen.findByTestId("service-user-row-cicd");
    await user.click(screen.getByTestId("import-users"));
    const dialog = await screen.findByTestId("import-dialog");
    const csv =
      "name,policies,status\nimp-a,builtin-tg-monitor,active\nimp-b,,inactive\nbad name,,\nimp-c,,\nimp-d,nope,\n";
    await user.click(within(dialog).getByTestId("import-text"));
    await user.paste(csv);
    await user.click(within(dialog).getByTestId("check-import"));
    expect(await within(dialog).findByTestId("import-summary")).toHaveTextContent("5 rows: 2 with problems");
    expect(within(dialog).getByTestId("import-row-6")).toHaveTextContent("unknown policy: nope");
    await user.click(within(dialog).getByTestId("run-import"));
    expect(await within(dialog).findByTestId("bulk-count-ok")).toHaveTextContent("3");
    expect(within(dialog).getByTestId("import-not-sent")).toHaveTextContent("2 rows were not sent");
    expect(fake.users.filter((u) => u.name.startsWith("imp-")).map((u) => u.name)).toEqual(["imp-a", "imp-b", "imp-c"]);
  });
});
