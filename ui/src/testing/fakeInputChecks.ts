// The checks the Rust side makes on a command's input before it acts, with the same words, and
// the settings' defaults they fall back on. Apart from the commands so each rule has one place to
// be compared with its Rust original. Its `appError` is the one error builder of every fake module.
import type { AppError } from "../bindings/AppError";
import { RULES } from "../bindings/contract";
import type { Settings } from "../bindings/Settings";

export function appError(code: AppError["code"], message: string, details: string[] = []): AppError {
  return { code, message, details };
}

/** The policy id as the Rust side reads it: trimmed, and not blank. */
export function checkPolicyId(policyId: string): string {
  const id = policyId.trim();
  if (id === "") throw appError("invalid_input", "No policy was chosen.");
  return id;
}

/** What the Rust side checks before it tries a connection. */
export function checkConnectionInput(input: {
  name: string;
  baseUrl: string;
  clientId: string;
  allowInsecureHttp?: boolean;
}) {
  if (input.name.trim() === "") throw appError("invalid_input", "The connection needs a name.");
  if (!/^https?:\/\//.test(input.baseUrl.trim())) {
    throw appError("invalid_input", "The API URL must start with https:// (or http:// for a local sandbox).");
  }
  if (isInsecure(input.baseUrl) && !input.allowInsecureHttp) {
    throw appError(
      "insecure_connection",
      "This API URL uses plain http:// to another machine: the Client Secret would cross the network unencrypted. Use https://, or confirm the insecure connection.",
    );
  }
  if (input.clientId.trim() === "") throw appError("invalid_input", "The Client ID is empty.");
}

/** Plain http:// to anything but this machine, as `ApiUrl::is_insecure` decides. */
function isInsecure(baseUrl: string): boolean {
  const url = new URL(baseUrl.trim());
  if (url.protocol !== "http:") return false;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return !(host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host));
}

/** Same scheme, host and port, as `ApiUrl::same_origin` decides. */
export function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a.trim()).origin === new URL(b.trim()).origin;
  } catch {
    return false;
  }
}

/** `Settings::default()`. */
export function defaultSettings(): Settings {
  return {
    clipboardSeconds: RULES.clipboardSeconds.default,
    keyAgeDays: RULES.keyAgeDays.default,
    bulkConcurrency: RULES.bulkConcurrency.default,
    theme: "system",
    confirmBulkEnable: false,
    keysFolder: null,
  };
}

/** What `Settings::validate` checks, with the same bounds (from RULES) and the same words. */
export function checkSettings(given: Partial<Settings>): Settings {
  // As serde's `default`: a field left out takes its default.
  const settings = { ...defaultSettings(), ...given };
  const outside = (value: number, bounds: { min: number; max: number }) =>
    !Number.isInteger(value) || value < bounds.min || value > bounds.max;
  const { clipboardSeconds, keyAgeDays, bulkConcurrency } = RULES;
  if (outside(settings.clipboardSeconds, clipboardSeconds))
    throw appError(
      "invalid_input",
      `The clipboard timeout must be between ${clipboardSeconds.min} and ${clipboardSeconds.max} seconds, not ${settings.clipboardSeconds}.`,
    );
  if (outside(settings.keyAgeDays, keyAgeDays))
    throw appError(
      "invalid_input",
      `The key-age threshold must be between ${keyAgeDays.min} and ${keyAgeDays.max} days, not ${settings.keyAgeDays}.`,
    );
  if (outside(settings.bulkConcurrency, bulkConcurrency))
    throw appError(
      "invalid_input",
      `Bulk actions must run between ${bulkConcurrency.min} and ${bulkConcurrency.max} requests at once, not ${settings.bulkConcurrency}.`,
    );
  const folder = settings.keysFolder?.trim() ? settings.keysFolder : null;
  // The fake has no disk: a full path is taken to exist.
  if (folder !== null && !/^(\/|[A-Za-z]:[\\/])/.test(folder))
    throw appError(
      "invalid_input",
      `The folder for key files must be an existing folder given by its full path; "${folder}" is not.`,
    );
  return { ...settings, keysFolder: folder };
}
