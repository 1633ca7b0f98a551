import { describe, expect, it } from "vitest";
import { authorizationHeader, fileName, formatAge, validateServiceUserName } from "../format";

describe("formatAge", () => {
  const now = Date.UTC(2026, 0, 10, 12, 0, 0);
  const ago = (s: number) => formatAge(now / 1000 - s, now);
  it("reads like the portal", () => {
    expect(ago(5)).toBe("a few seconds ago");
    expect(ago(3 * 60)).toBe("3 minutes ago");
    expect(ago(2 * 3600)).toBe("2 hours ago");
    expect(ago(3 * 86400)).toBe("3 days ago");
    expect(ago(60)).toBe("a minute ago");
    expect(ago(3600)).toBe("an hour ago");
    expect(ago(86400)).toBe("a day ago");
    expect(ago(30 * 86400)).toBe("a month ago");
    expect(ago(75 * 86400)).toBe("2 months ago");
    expect(ago(400 * 86400)).toBe("a year ago");
    expect(ago(3 * 365 * 86400)).toBe("3 years ago");
  });
});

describe("validateServiceUserName", () => {
  const taken = new Set(["cicd"]);
  it("accepts letters, digits and hyphens up to 64", () => {
    expect(validateServiceUserName("Build-42", taken)).toEqual([]);
    expect(validateServiceUserName("a".repeat(64), taken)).toEqual([]);
  });
  it("explains each problem", () => {
    expect(validateServiceUserName("", taken)).toEqual(["Enter a name."]);
    expect(validateServiceUserName("a_b c", taken)).toEqual(["Use only letters, digits and hyphens (not “_”, space)."]);
    expect(validateServiceUserName("a".repeat(65), taken)).toEqual(["Use at most 64 characters (this is 65)."]);
    expect(validateServiceUserName("cicd", taken)).toEqual(["A service user named “cicd” already exists."]);
  });
});

it("builds the Authorization header the API expects", () => {
  expect(authorizationHeader("abc", "xyz")).toBe("Authorization: trustgrid-token abc:xyz");
  expect(authorizationHeader(null)).toBe("Authorization: trustgrid-token <ClientId>:<Secret>");
});

describe("fileName", () => {
  it("keeps the last part of Unix and Windows paths", () => {
    expect(fileName("/home/demo/cicd.env")).toBe("cicd.env");
    expect(fileName("C:\\Users\\demo\\cicd-keys.json")).toBe("cicd-keys.json");
    expect(fileName("cicd.env"), "a bare name stays as it is").toBe("cicd.env");
  });
});
