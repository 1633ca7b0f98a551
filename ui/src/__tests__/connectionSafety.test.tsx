// What the connection dialog does with the two answers that protect a secret: a stored secret is
// only sent to the server it was entered for, and plain http:// to another machine needs consent.
import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderApp } from "../testing/render";

async function openEdit() {
  const app = renderApp();
  await screen.findByTestId("service-user-row-cicd");
  await app.user.click(screen.getByTestId("connection-switcher"));
  await app.user.click(screen.getByTestId("edit-connection"));
  const dialog = screen.getByRole("dialog", { name: "Edit connection “Acme production”" });
  return { ...app, dialog };
}

async function openAdd() {
  const app = renderApp();
  await screen.findByTestId("service-user-row-cicd");
  await app.user.click(screen.getByTestId("connection-switcher"));
  await app.user.click(screen.getByTestId("add-connection"));
  const dialog = screen.getByRole("dialog", { name: "Add connection" });
  await app.user.type(within(dialog).getByTestId("connection-name"), "Lab");
  await app.user.type(within(dialog).getByTestId("connection-client-id"), "abc");
  await app.user.type(within(dialog).getByTestId("connection-secret"), "s3cret");
  return { ...app, dialog };
}

describe("a connection pointed at another server", () => {
  it("asks for the secret again on the secret field, and saves once it is entered", async () => {
    const { user, dialog, fake } = await openEdit();
    const url = within(dialog).getByTestId("connection-url");
    await user.clear(url);
    await user.type(url, "https://api.elsewhere.example");
    await user.click(within(dialog).getByTestId("submit"));
    const secret = within(dialog).getByTestId("connection-secret");
    await waitFor(() => expect(secret).toHaveFocus());
    expect(within(dialog).getByText(/Enter the Client Secret again/)).toBeInTheDocument();
    expect(within(dialog).queryByTestId("error-notice"), "said once, on the field").toBeNull();

    await user.type(secret, "new-secret");
    expect(within(dialog).queryByText(/Enter the Client Secret again/), "cleared once the field is edited").toBeNull();
    await user.click(within(dialog).getByTestId("submit"));
    await waitFor(() => expect(screen.queryByTestId("connection-dialog")).toBeNull());
    expect(fake.calls.filter((c) => c.method === "updateConnection").at(-1)?.args[1]).toMatchObject({
      baseUrl: "https://api.elsewhere.example",
      clientSecret: "<redacted>",
    });
  });
});

describe("plain http:// to another machine", () => {
  it("asks to confirm, retries with consent, and shows the connection as not encrypted", async () => {
    const { user, dialog, fake } = await openAdd();
    const url = within(dialog).getByTestId("connection-url");
    await user.clear(url);
    await user.type(url, "http://10.1.2.3:8080");
    await user.click(within(dialog).getByTestId("submit"));
    const confirm = await within(dialog).findByTestId("insecure-confirmation");
    expect(confirm).toHaveTextContent("This connection would not be encrypted.");
    expect(screen.queryByTestId("insecure-badge")).toBeNull();

    await user.click(within(confirm).getByRole("button", { name: "Connect without encryption" }));
    await waitFor(() => expect(screen.queryByTestId("connection-dialog")).toBeNull());
    const sent = fake.calls.filter((c) => c.method === "addConnection");
    expect(sent.at(-1)?.args[0]).toMatchObject({ baseUrl: "http://10.1.2.3:8080", allowInsecureHttp: true });
    expect(await screen.findByTestId("insecure-badge")).toHaveTextContent("Not encrypted");
    expect(screen.getByTestId("current-host")).toHaveTextContent("10.1.2.3:8080");
  });

  it("sends loopback http:// without asking", async () => {
    const { user, dialog } = await openAdd();
    const url = within(dialog).getByTestId("connection-url");
    await user.clear(url);
    await user.type(url, "http://127.0.0.1:8787");
    await user.click(within(dialog).getByTestId("submit"));
    await waitFor(() => expect(screen.queryByTestId("connection-dialog")).toBeNull());
    expect(screen.queryByTestId("insecure-badge")).toBeNull();
  });
});

describe("stale errors", () => {
  it("drops the server's answer once a field is edited", async () => {
    const { user, dialog, fake } = await openAdd();
    fake.fail("addConnection", { code: "unauthorized", message: "401", details: [] });
    await user.click(within(dialog).getByTestId("submit"));
    await within(dialog).findByText(/credentials were rejected/);
    const url = within(dialog).getByTestId("connection-url");
    await user.clear(url);
    expect(
      within(dialog).queryByText(/credentials were rejected/),
      "about what was sent, not what is typed",
    ).toBeNull();
    expect(within(dialog).getByText(/Enter a URL starting with https:\/\//)).toBeInTheDocument();
  });
});
