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
    render(<AppRoot backend={fake} seed={{ connection, users, answers: {} }} />);
    expect(screen.getByTestId("service-user-row-cicd"), "no spinner painted first").toBeInTheDocument();
    expect(listServiceUsers).not.toHaveBeenCalled();
  });

  it("shows the other answers in by then in the first render too, without asking for them again", async () => {
    const fake = new FakeBackend({ nowSeconds: NOW_SECONDS });
    const seed = {
      connection: await fake.activeConnection(),
      users: await fake.listServiceUsers(),
      answers: {
        getSettings: await fake.getSettings(),
        notices: await fake.notices(),
        listConnections: await fake.listConnections(),
        listFindings: await fake.listFindings(),
        unfinishedRotation: await fake.unfinishedRotation(),
      },
    };
    const reads = (["getSettings", "notices", "listConnections", "listFindings", "unfinishedRotation"] as const).map(
      (read) => [read, vi.spyOn(fake, read)] as const,
    );
    window.location.hash = "";
    render(<AppRoot backend={fake} seed={seed} />);
    const findings = seed.answers.listFindings.findings.length;
    expect(findings).toBeGreaterThan(0);
    expect(
      screen.getByRole("button", { name: `Findings (${findings})` }),
      "findings in the first render",
    ).toBeVisible();
    for (const [read, spy] of reads) expect(spy, `${read} asked again`).not.toHaveBeenCalled();
  });
});
