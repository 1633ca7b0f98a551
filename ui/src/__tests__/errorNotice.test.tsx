import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ErrorNotice } from "../components/common";

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

describe("error notice", () => {
  it("lists a validation error's reasons once, under a short heading", () => {
    const details = ["name must be 1-64 letters, digits or hyphens", "policy nope does not exist"];
    render(
      <ErrorNotice
        title="The service user was not created."
        error={{ code: "validation", message: `Validation failed: ${details.join("; ")}`, details }}
      />,
    );
    const notice = screen.getByTestId("error-notice");
    expect(notice).toHaveTextContent("The service user was not created. Trustgrid refused the change.");
    for (const d of details) {
      expect(
        occurrences(notice.textContent ?? "", d),
        `“${d}” is shown once, not in the message and again in the list`,
      ).toBe(1);
    }
    expect(screen.getAllByRole("listitem").map((li) => li.textContent)).toEqual(details);
    expect(notice, "the joined message is not repeated").not.toHaveTextContent("Validation failed");
  });

  it("keeps the message for a validation error without details", () => {
    render(<ErrorNotice error={{ code: "validation", message: "The request was refused.", details: [] }} />);
    expect(screen.getByTestId("error-notice"), "with no list to show, the message is all there is").toHaveTextContent(
      "The request was refused.",
    );
  });
});
