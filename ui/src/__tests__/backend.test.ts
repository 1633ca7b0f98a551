import { beforeEach, describe, expect, it, vi } from "vitest";
import { EVENT_STREAM_COMMAND } from "../bindings/contract";
import type { EventBatch } from "../bindings/EventBatch";
import { defaultSettings } from "../testing/fakeBackend";

const invoke = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

const { tauriBackend, toAppError } = await import("../backend");

beforeEach(() => {
  invoke.mockReset();
});

describe("toAppError", () => {
  it("keeps an AppError as it is", () => {
    expect(toAppError({ code: "validation", message: "no", details: ["name taken"] })).toEqual({
      code: "validation",
      message: "no",
      details: ["name taken"],
    });
  });
  it("fills missing details", () => {
    expect(toAppError({ code: "timeout", message: "slow" })).toEqual({ code: "timeout", message: "slow", details: [] });
  });
  it("turns anything else into internal without losing the message", () => {
    expect(toAppError(new Error("boom"))).toEqual({ code: "internal", message: "boom", details: [] });
    expect(toAppError("plugin failed")).toEqual({ code: "internal", message: "plugin failed", details: [] });
    expect(toAppError({ code: "made-up", message: "x" }).code, "unknown codes are not trusted").toBe("internal");
    expect(toAppError(undefined).code).toBe("internal");
  });
});

describe("tauriBackend", () => {
  it("calls each command by its contract name with camelCase arguments", async () => {
    invoke.mockResolvedValue(null);
    const b = tauriBackend;
    await b.listConnections();
    await b.activeConnection();
    await b.addConnection({ name: "n", baseUrl: "u", clientId: "c", clientSecret: "s" });
    await b.updateConnection("id1", { name: "n", baseUrl: "u", clientId: "c", clientSecret: null });
    await b.removeConnection("id1");
    await b.switchConnection("id2");
    await b.listServiceUsers();
    await b.getServiceUser("cicd");
    await b.createServiceUser({ name: "x", policyIds: [], status: "active" });
    await b.setServiceUserStatus("cicd", "inactive");
    await b.attachPolicy("cicd", "p1");
    await b.detachPolicy("cicd", "p1");
    await b.runBulkAction("delete", ["a", "b"]);
    await b.cancelBulkAction();
    await b.listPolicies();
    await b.generateKeys("cicd");
    await b.revealSecret("h1");
    await b.copySecret("h1");
    await b.copyHeader("h1");
    await b.copyClientId("h1");
    await b.clearClipboardNow();
    await b.saveSecret("h1", "env");
    await b.closeHandoff("h1");
    await b.getSettings();
    await b.updateSettings({ ...defaultSettings(), clipboardSeconds: 45 });
    await b.readJournal();
    expect(invoke.mock.calls).toEqual([
      ["list_connections", {}],
      ["active_connection", {}],
      ["add_connection", { input: { name: "n", baseUrl: "u", clientId: "c", clientSecret: "s" } }],
      ["update_connection", { id: "id1", input: { name: "n", baseUrl: "u", clientId: "c", clientSecret: null } }],
      ["remove_connection", { id: "id1" }],
      ["switch_connection", { id: "id2" }],
      ["list_service_users", {}],
      ["get_service_user", { name: "cicd" }],
      ["create_service_user", { input: { name: "x", policyIds: [], status: "active" } }],
      ["set_service_user_status", { name: "cicd", status: "inactive" }],
      ["attach_policy", { name: "cicd", policyId: "p1" }],
      ["detach_policy", { name: "cicd", policyId: "p1" }],
      ["run_bulk_action", { action: "delete", names: ["a", "b"] }],
      ["cancel_bulk_action", {}],
      ["list_policies", {}],
      ["generate_keys", { name: "cicd" }],
      ["reveal_secret", { handoffId: "h1" }],
      ["copy_secret", { handoffId: "h1" }],
      ["copy_header", { handoffId: "h1" }],
      ["copy_client_id", { handoffId: "h1" }],
      ["clear_clipboard_now", {}],
      ["save_secret", { handoffId: "h1", format: "env" }],
      ["close_handoff", { handoffId: "h1" }],
      ["get_settings", {}],
      ["update_settings", { settings: { ...defaultSettings(), clipboardSeconds: 45 } }],
      ["read_journal", {}],
    ]);
  });

  it("names exactly the commands the Rust shell registers", async () => {
    invoke.mockResolvedValue(null);
    const b = tauriBackend as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    for (const method of Object.keys(b)) {
      if (!method.startsWith("on")) await b[method]("x", "y");
    }
    const called = new Set(invoke.mock.calls.map((c) => c[0] as string));
    // Not a method: the subscriptions read it (the last test).
    called.add(EVENT_STREAM_COMMAND);
    // The shell's build.rs generates one permission per command from this set, and the main
    // window may call nothing else.
    const { readFileSync } = await import("node:fs");
    const set = readFileSync(
      new URL("../../../src-tauri/permissions/app-commands.toml", `file://${__filename}`),
      "utf8",
    );
    const registered = new Set([...set.matchAll(/^\s+"allow-([a-z-]+)",$/gm)].map((m) => m[1].replaceAll("-", "_")));
    expect(registered.size, "the permission set lists the app's commands").toBeGreaterThan(20);
    expect([...called].sort(), "the UI calls every registered command and no other").toEqual([...registered].sort());
  });

  it("rejects with an AppError whatever the command rejected with", async () => {
    invoke.mockRejectedValueOnce({ code: "unauthorized", message: "401", details: [] });
    await expect(tauriBackend.listServiceUsers()).rejects.toEqual({
      code: "unauthorized",
      message: "401",
      details: [],
    });
    invoke.mockRejectedValueOnce("command list_servce_users not found");
    await expect(tauriBackend.listServiceUsers()).rejects.toEqual({
      code: "internal",
      message: "command list_servce_users not found",
      details: [],
    });
  });

  it("reads the events through the contract's event stream, from the first subscription on", async () => {
    const answers: ((batch: EventBatch) => void)[] = [];
    invoke.mockImplementation((command: string) =>
      command === EVENT_STREAM_COMMAND ? new Promise((answer) => answers.push(answer)) : Promise.resolve(null),
    );
    const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
    const seen: unknown[] = [];
    const off = tauriBackend.onCountdownTick((t) => seen.push(t));
    await settle();
    expect(invoke.mock.calls).toEqual([[EVENT_STREAM_COMMAND, { after: null }]]);

    const tick = { handoffId: "h", content: "secret", remaining: 3, total: 30 };
    answers[0]({ events: [{ name: "clipboard-countdown", payload: tick }], last: 1 });
    await settle();
    expect(seen).toEqual([tick]);
    expect(invoke.mock.calls.at(-1)).toEqual([EVENT_STREAM_COMMAND, { after: 1 }]);

    off();
    answers[1]({ events: [{ name: "clipboard-countdown", payload: tick }], last: 2 });
    await settle();
    expect(seen, "an unsubscribed listener hears nothing more").toHaveLength(1);
  });
});
