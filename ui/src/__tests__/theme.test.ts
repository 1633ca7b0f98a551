import { afterEach, describe, expect, it } from "vitest";
import { markLinux } from "../theme";

describe("the platform mark the font tokens read", () => {
  afterEach(() => delete document.documentElement.dataset.os);

  it("marks a Linux webview, whose font is fontconfig's sans-serif", () => {
    markLinux("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko)");
    expect(document.documentElement.dataset.os).toBe("linux");
  });

  it("leaves Windows and macOS on their system UI font", () => {
    markLinux("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Edg/131.0");
    markLinux("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15");
    expect(document.documentElement.dataset.os).toBeUndefined();
  });
});
