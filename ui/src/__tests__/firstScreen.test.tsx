import { render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { AppRoot } from "../App";
import { FakeBackend } from "../testing/fakeBackend";
import { NOW_SECONDS } from "../testing/render";

describe("the first screen's data, in before the first render", () => {
  it("shows the list in the first render, without asking the backend again", async () => {
    const fake = new FakeBackend({ nowSeconds: NOW_SECONDS });
    const connection = await fake.activeConnection();
    const users = await fake.listServiceUsers();
    const listServiceUsers = vi.spyOn(fake, "listServiceUsers");
    window.location.hash = "";
    render(<AppRoot backend={fake} seed={{ connection, users }} />);
    expect(screen.getByTestId("service-user-row-cicd"), "no spinner painted first").toBeInTheDocument();
    expect(listServiceUsers).not.toHaveBeenCalled();
  });
});
