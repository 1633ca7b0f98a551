import { EditorView } from "@codemirror/view";
import { act, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Policy } from "../bindings/Policy";
import { newPolicy, parsePolicyJson, policyToJson, setActionEffect, treeState } from "../policyDraft";
import { renderApp } from "../testing/render";

describe("policy draft: the tree and the JSON are one policy", () => {
  it("a tree click rewrites the statements, and the JSON printed from them reads back the same", () => {
    let policy: Policy = { ...newPolicy(), name: "ops" };
    policy = setActionEffect(policy, "nodes::read", "allow");
    policy = setActionEffect(policy, "nodes::manage", "allow");
    policy = setActionEffect(policy, "nodes::delete", "deny");
    expect(policy.statements).toEqual([
      { effect: "allow", actions: ["nodes::read", "nodes::manage"] },
      { effect: "deny", actions: ["nodes::delete"] },
    ]);
    policy = setActionEffect(policy, "nodes::manage", "deny");
    policy = setActionEffect(policy, "nodes::delete", null);
    expect(policy.statements).toEqual([
      { effect: "allow", actions: ["nodes::read"] },
      { effect: "deny", actions: ["nodes::manage"] },
    ]);
    const parsed = parsePolicyJson(policyToJson(policy));
    expect(parsed.policy?.statements).toEqual(policy.statements);
    expect(treeState(parsed.policy as Policy)).toEqual(
      new Map([
        ["nodes::read", "allow"],
        ["nodes::manage", "deny"],
      ]),
    );
  });

  it("a deny anywhere wins in the tree, patterns stay out of it, and bad JSON says why", () => {
    const parsed = parsePolicyJson(
      JSON.stringify({
        name: "p",
        statements: [
          { effect: "allow", actions: ["users::read", "nodes::*"] },
          { effect: "deny", actions: ["users::read"] },
        ],
      }),
    );
    expect(parsed.policy?.resources).toEqual(["*"]);
    expect(treeState(parsed.policy as Policy)).toEqual(new Map([["users::read", "deny"]]));
    expect(parsePolicyJson("{").error).toMatch(/Not valid JSON/);
    expect(parsePolicyJson('{"name": "p", "statements": [{"effect": "maybe", "actions": []}]}').error).toMatch(
      /Statement 1: “effect”/,
    );
    expect(parsePolicyJson('{"name": 3, "statements": []}').error).toMatch(/“name”/);
  });
});

function jsonView(): EditorView {
  const content = screen.getByTestId("policy-json");
  const view = EditorView.findFromDOM(content);
  if (!view) throw new Error("no CodeMirror view");
  return view;
}

describe("policy editor", () => {
  it("keeps the permission tree and the CodeMirror JSON in step both ways, and creates the policy", async () => {
    const { user, fake } = renderApp({ hash: "#/policies/new" });
    await user.type(await screen.findByTestId("policy-name"), "orders-full");
    const tree = await screen.findByTestId("permission-tree");
    await user.type(within(tree).getByRole("searchbox"), "orders");
    await user.click(within(tree).getByRole("button", { name: "Allow orders::read" }));
    await user.click(within(tree).getByRole("button", { name: "Deny orders::modify" }));
    const doc = () => JSON.parse(jsonView().state.doc.toString());
    expect(doc()).toMatchObject({
      name: "orders-full",
      statements: [
        { effect: "allow", actions: ["orders::read"] },
        { effect: "deny", actions: ["orders::modify"] },
      ],
    });

    // Typing JSON moves the tree.
    const text = JSON.stringify({
      name: "orders-full",
      statements: [{ effect: "allow", actions: ["orders::comment"] }],
    });
    act(() => {
      const view = jsonView();
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    });
    await waitFor(() =>
      expect(within(tree).getByRole("button", { name: "Allow orders::comment" })).toHaveAttribute(
        "aria-pressed",
        "true",
      ),
    );
    expect(within(tree).getByRole("button", { name: "Allow orders::read" })).toHaveAttribute("aria-pressed", "false");

    // Broken JSON is reported and blocks saving; the tree keeps the last valid policy.
    act(() => jsonView().dispatch({ changes: { from: 0, insert: "}" } }));
    expect(await screen.findByTestId("policy-json-error")).toHaveTextContent("Not valid JSON");
    expect(screen.getByTestId("save-policy")).toBeDisabled();
    act(() => jsonView().dispatch({ changes: { from: 0, to: 1, insert: "" } }));
    await waitFor(() => expect(screen.getByTestId("save-policy")).toBeEnabled());

    await user.click(screen.getByTestId("save-policy"));
    await waitFor(() => expect(window.location.hash).toBe("#/policies/orders-full"));
    expect(fake.policies.find((p) => p.name === "orders-full")?.statements).toEqual([
      { effect: "allow", actions: ["orders::comment"] },
    ]);
    expect(await screen.findByTestId("statement-0")).toHaveTextContent("ALLOW");
  });

  it("shows the server's 422 messages inline and keeps the form", async () => {
    const { user } = renderApp({ hash: "#/policies/new" });
    await user.type(await screen.findByTestId("policy-name"), "ci-deploy");
    await user.click(screen.getByTestId("save-policy"));
    const error = await screen.findByTestId("policy-save-error");
    expect(error).toHaveTextContent("a policy named ci-deploy already exists");
    expect(screen.getByTestId("policy-name")).toHaveValue("ci-deploy");
  });
});
