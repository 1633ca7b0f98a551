import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderApp } from "../testing/render";

describe("permission screens", () => {
  it("lists policies with statement and holder counts, built-ins read-only, searchable and sortable", async () => {
    const { user } = renderApp({ hash: "#/policies" });
    const table = await screen.findByTestId("policies-table");
    await waitFor(() => expect(within(table).getByTestId("policy-row-builtin-tg-monitor")).toHaveTextContent("12"));
    expect(within(table).getByTestId("policy-row-builtin-tg-monitor")).toHaveTextContent("Built-in · read-only");
    expect(within(table).getByTestId("policy-row-ci-deploy")).not.toHaveTextContent("read-only");
    await user.click(screen.getByTestId("sort-policies-users"));
    await user.click(screen.getByTestId("sort-policies-users"));
    expect(within(table).getByRole("columnheader", { name: /Service users/ })).toHaveAttribute(
      "aria-sort",
      "descending",
    );
    expect(within(table).getByRole("columnheader", { name: /Name/ })).toHaveAttribute("aria-sort", "none");
    const first = within(table).getAllByRole("row")[1];
    expect(first).toHaveTextContent("builtin-tg-monitor");
    await user.type(screen.getByRole("searchbox", { name: "Search policies" }), "deploy");
    expect(within(table).getAllByRole("row")).toHaveLength(2);
  });

  it("shows effective permissions from the deciding policy, filters them, and previews a what-if", async () => {
    const { user } = renderApp({ hash: "#/service-users/tg-watch" });
    const section = await screen.findByTestId("effective-permissions");
    const row = await within(section).findByTestId("effective-nodes::delete");
    expect(row).toHaveAttribute("data-verdict", "allowed");
    expect(row).toHaveTextContent("from builtin-tg-node-admin");
    expect(within(section).getByTestId("effective-users::modify")).toHaveAttribute("data-verdict", "notGranted");
    await user.selectOptions(within(section).getByTestId("effective-filter"), "allowed");
    expect(within(section).queryByTestId("effective-users::modify")).toBeNull();

    await user.click(within(section).getByTestId("what-if-toggle"));
    await user.click(await within(section).findByTestId("what-if-builtin-tg-admin"));
    await waitFor(() => expect(within(section).getByTestId("what-if-gained")).toHaveTextContent("users::modify"));
    await user.click(within(section).getByTestId("what-if-builtin-tg-node-admin"));
    await waitFor(() => expect(within(section).getByTestId("what-if-lost")).toHaveTextContent("none"));
  });

  it("simulates an action for a user and names the deciding statement", async () => {
    const { user } = renderApp({ hash: "#/simulator" });
    await user.selectOptions(await screen.findByTestId("sim-user"), "cicd");
    await user.type(screen.getByTestId("sim-action"), "nodes::delete");
    await user.click(screen.getByTestId("sim-run"));
    const result = await screen.findByTestId("sim-result");
    expect(result).toHaveAttribute("data-verdict", "notGranted");
    await user.clear(screen.getByTestId("sim-action"));
    await user.type(screen.getByTestId("sim-action"), "nodes::read");
    await user.click(screen.getByTestId("sim-run"));
    await waitFor(() => expect(screen.getByTestId("sim-result")).toHaveAttribute("data-verdict", "allowed"));
    expect(screen.getByTestId("sim-decided-by")).toHaveTextContent("statement 1 of builtin-tg-monitor: allow *::read");
  });

  it("deleting a policy users hold names them and detaches it first", async () => {
    const { user, fake } = renderApp({ hash: "#/policies/ci-deploy" });
    await user.click(await screen.findByTestId("delete-policy"));
    const dialog = await screen.findByTestId("delete-policy-dialog");
    await waitFor(() => expect(within(dialog).getByTestId("delete-policy-holders")).toHaveTextContent("terraform-ci"));
    await user.click(within(dialog).getByTestId("confirm-button"));
    await waitFor(() => expect(window.location.hash).toBe("#/policies"));
    expect(fake.policies.some((p) => p.name === "ci-deploy")).toBe(false);
    expect(fake.users.find((u) => u.name === "terraform-ci")?.policyIds).toEqual(["builtin-tg-admin"]);
  });

  it("compares two service users", async () => {
    const { user } = renderApp({ hash: "#/compare/cicd" });
    await user.selectOptions(await screen.findByTestId("compare-second"), "tg-watch");
    await user.click(screen.getByTestId("compare-run"));
    const result = await screen.findByTestId("compare-result");
    expect(result).toHaveTextContent("Only tg-watch");
    expect(result).toHaveTextContent("nodes::delete");
  });
});

describe("portal fidelity on the service-user page", () => {
  it("has the home › User Management › Service Users › name trail, policy links, Actions and Delete", async () => {
    const { user, fake } = renderApp({ hash: "#/service-users/monitoring-prom" });
    const trail = await screen.findByTestId("breadcrumb-list");
    expect(within(trail).getByRole("link", { name: "Home" })).toHaveAttribute("href", "#/service-users");
    expect(trail).toHaveTextContent("User ManagementService Usersmonitoring-prom");
    const policies = screen.getByTestId("detail-policies");
    expect(within(policies).getByRole("link", { name: "builtin-tg-read-only" })).toHaveAttribute(
      "href",
      "#/policies/builtin-tg-read-only",
    );
    await user.click(within(policies).getByTestId("select-attached-builtin-tg-read-only"));
    await user.click(within(policies).getByTestId("attached-actions"));
    await user.click(await screen.findByTestId("attached-action-detach"));
    await waitFor(() =>
      expect(fake.users.find((u) => u.name === "monitoring-prom")?.policyIds).toEqual(["builtin-tg-monitor"]),
    );
    await user.click(screen.getByTestId("delete-user"));
    await user.click(await screen.findByTestId("confirm-button"));
    await waitFor(() => expect(window.location.hash).toBe("#/service-users"));
    expect(fake.users.some((u) => u.name === "monitoring-prom")).toBe(false);
  });
});
