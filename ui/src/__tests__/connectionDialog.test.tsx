import { QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { Connection } from "../bindings/Connection";
import type { ErrorCode } from "../bindings/ErrorCode";
import { ConnectionDialog } from "../components/ConnectionDialog";
import { BackendContext, createQueryClient } from "../queries";
import { FakeBackend } from "../testing/fakeBackend";
import { renderApp } from "../testing/render";

async function addConnectionFailingWith(code: ErrorCode) {
  const { user, fake } = renderApp();
  await screen.findByTestId("service-user-row-cicd");
  fake.fail("addConnection", { code, message: `simulated ${code}`, details: [] });
  await user.click(screen.getByTestId("connection-switcher"));
  await user.click(screen.getByTestId("add-connection"));
  await user.type(screen.getByTestId("connection-name"), "Staging");
  await user.type(screen.getByTestId("connection-client-id"), "abc");
  await user.type(screen.getByTestId("connection-secret"), "s3cret{Enter}");
  const dialog = screen.getByRole("dialog", { name: "Add connection" });
  return waitFor(() => within(dialog).getByTestId("error-notice"));
}

describe("connection dialog errors", () => {
  const cases: [ErrorCode, string][] = [
    ["network", "Could not verify the connection."],
    ["timeout", "Could not verify the connection."],
    ["unauthorized", "Could not verify the connection."],
    ["forbidden", "Could not verify the connection."],
    ["validation", "Check the connection details."],
    ["invalid_input", "Check the connection details."],
    // keychain_unavailable with a typed secret offers the session instead: noKeychain.test.tsx.
    ["internal", "Could not save the connection."],
  ];
  it.each(cases)("a %s failure is headed “%s”", async (code, title) => {
    const notice = await addConnectionFailingWith(code);
    const heading = notice.querySelector("strong");
    expect(heading?.textContent?.trim(), `a ${code} error says what kind of problem it is, not always "verify"`).toBe(
      title,
    );
  });
});

describe("connection dialog secrets", () => {
  function renderDialog(connection?: Connection) {
    const fake = new FakeBackend();
    const sent: (string | null)[] = [];
    const add = fake.addConnection.bind(fake);
    fake.addConnection = (input) => {
      sent.push(input.clientSecret);
      return add(input);
    };
    const update = fake.updateConnection.bind(fake);
    fake.updateConnection = (id, input) => {
      sent.push(input.clientSecret);
      return update(id, input);
    };
    const client = createQueryClient(() => {});
    const onClose = vi.fn();
    render(
      <BackendContext.Provider value={fake}>
        <QueryClientProvider client={client}>
          <ConnectionDialog connection={connection} onClose={onClose} />
        </QueryClientProvider>
      </BackendContext.Provider>,
    );
    const mutationsHolding = (secret: string) =>
      client
        .getMutationCache()
        .getAll()
        .filter((m) => JSON.stringify(m.state.variables ?? null).includes(secret));
    return { fake, sent, onClose, mutationsHolding, user: userEvent.setup() };
  }

  it("sends the secret but keeps it out of the mutation cache after adding", async () => {
    const { user, sent, onClose, mutationsHolding } = renderDialog();
    await user.type(screen.getByTestId("connection-name"), "Staging");
    await user.type(screen.getByTestId("connection-client-id"), "abc");
    await user.type(screen.getByTestId("connection-secret"), "very-secret-value{Enter}");
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(sent, "the backend still receives the typed secret").toEqual(["very-secret-value"]);
    expect(
      mutationsHolding("very-secret-value"),
      "no cached mutation may hold the Client Secret once the dialog is done",
    ).toHaveLength(0);
  });

  it("sends a new secret on edit, null when left empty, and caches neither", async () => {
    const conn: Connection = {
      id: "conn-acme",
      name: "Acme production",
      baseUrl: "https://api.trustgrid.io",
      clientId: "3b1f0c9d2e",
      embedded: false,
    };
    const first = renderDialog(conn);
    await first.user.type(screen.getByTestId("connection-secret"), "rotated-secret{Enter}");
    await waitFor(() => expect(first.onClose).toHaveBeenCalled());
    expect(first.sent).toEqual(["rotated-secret"]);
    expect(first.mutationsHolding("rotated-secret"), "no cached mutation may hold the new secret").toHaveLength(0);
    cleanup();

    const second = renderDialog(conn);
    await second.user.click(screen.getByTestId("submit"));
    await waitFor(() => expect(second.onClose).toHaveBeenCalled());
    expect(second.sent, "an empty field keeps the stored secret").toEqual([null]);
  });
});

describe("removing a connection", () => {
  it("re-reads the connections when the keychain failed after the entry was removed", async () => {
    const { user, fake } = renderApp();
    await screen.findByTestId("service-user-row-cicd");
    await user.click(screen.getByTestId("connection-switcher"));
    await user.click(screen.getByTestId("add-connection"));
    await user.type(screen.getByTestId("connection-name"), "Staging");
    await user.type(screen.getByTestId("connection-client-id"), "abc");
    await user.type(screen.getByTestId("connection-secret"), "s3cret{Enter}");
    await waitFor(() => expect(screen.queryByRole("dialog", { name: "Add connection" })).not.toBeInTheDocument());

    fake.fail("removeConnection", {
      code: "keychain_unavailable",
      message: "The connection was removed, but its secret may still be in the system keychain.",
      details: [],
    });
    const readsBefore = fake.calls.filter((c) => c.method === "listConnections").length;
    await user.click(screen.getByTestId("connection-switcher"));
    await user.click(screen.getByTestId("remove-connection"));
    await user.click(screen.getByTestId("confirm-button"));
    await screen.findByText(/may still be in the system keychain/);
    await waitFor(() =>
      expect(
        fake.calls.filter((c) => c.method === "listConnections").length,
        "the list is read again: the entry is gone even though the keychain failed",
      ).toBeGreaterThan(readsBefore),
    );
  });
});
