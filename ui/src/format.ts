// Small pure functions that turn data into words, kept apart so they are easy to test.
import type { AppError } from "./bindings/AppError";
import { RULES } from "./bindings/contract";

/**
 * A Unix-seconds timestamp in the portal's words: "a few seconds ago", "a minute ago", "3 days
 * ago", "a month ago", "a year ago" (the rounding and thresholds of the portal's date library).
 */
export function formatAge(unixSeconds: number, nowMs: number = Date.now()): string {
  const seconds = Math.max(0, nowMs / 1000 - unixSeconds);
  const minutes = Math.round(seconds / 60);
  const hours = Math.round(seconds / 3600);
  const days = Math.round(seconds / 86_400);
  const months = Math.round(seconds / 86_400 / 30.436875);
  const years = Math.round(seconds / 86_400 / 365.25);
  if (seconds < 45) return "a few seconds ago";
  if (minutes <= 1) return "a minute ago";
  if (minutes < 45) return `${minutes} minutes ago`;
  if (hours <= 1) return "an hour ago";
  if (hours < 22) return `${hours} hours ago`;
  if (days <= 1) return "a day ago";
  if (days < 26) return `${days} days ago`;
  if (months <= 1) return "a month ago";
  if (months < 11) return `${months} months ago`;
  if (years <= 1) return "a year ago";
  return `${years} years ago`;
}

/**
 * One formatter for the whole app: `Date.toLocaleString` with options builds a new one per call,
 * and the list formats a date for every row it brings into view while scrolling.
 */
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });

export function formatDateTime(date: Date): string {
  return dateTimeFormat.format(date);
}

/** The longest service-user name, as Rust enforces it. */
export const NAME_MAX = RULES.name.maxLength;
const NAME_CHARACTER = new RegExp(`[${RULES.name.characterClass}]`, "g");

/** The allowed characters in words, e.g. "letters, digits and hyphens". */
export const NAME_CHARACTERS = RULES.name.charactersInWords;

/** Whether a whole name is made of allowed characters and is not too long (empty is not). */
export function isValidName(name: string): boolean {
  return name.length > 0 && name.length <= NAME_MAX && name.replace(NAME_CHARACTER, "") === "";
}

/** Live checks for a new service user's name; returns messages in the order the user should fix them. */
export function validateServiceUserName(name: string, taken: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  if (name.length === 0) return ["Enter a name."];
  const bad = [...new Set(name.replace(NAME_CHARACTER, ""))];
  if (bad.length > 0) {
    const shown = bad.map((c) => (c === " " ? "space" : `“${c}”`)).join(", ");
    problems.push(`Use only ${NAME_CHARACTERS} (not ${shown}).`);
  }
  if (name.length > NAME_MAX) problems.push(`Use at most ${NAME_MAX} characters (this is ${name.length}).`);
  if (taken.has(name)) problems.push(`A service user named “${name}” already exists.`);
  return problems;
}

/** An existing name that differs from `name` only in case ("CICD" beside "cicd"), if any. */
export function caseLookalike(name: string, taken: Iterable<string>): string | null {
  const lower = name.toLowerCase();
  for (const other of taken) if (other !== name && other.toLowerCase() === lower) return other;
  return null;
}

/** What to tell a person about an error, in plain words, without parsing the message. */
export function describeError(error: AppError): string {
  switch (error.code) {
    case "network":
      return `The Trustgrid API could not be reached. Check your network and the connection's API URL. (${error.message})`;
    case "timeout":
      return "The Trustgrid API did not answer in time. Try again in a moment.";
    case "unauthorized":
      return "The connection's credentials were rejected.";
    case "forbidden":
      return "This connection is not allowed to do that. Its policies need the matching permission.";
    case "keychain_unavailable":
      return `The system keychain is not available, so the connection's secret cannot be read or saved. (${error.message})`;
    default:
      return error.message;
  }
}

export function authorizationHeader(clientId: string | null, secret = "<Secret>"): string {
  return `Authorization: trustgrid-token ${clientId ?? "<ClientId>"}:${secret}`;
}

/** The last part of a path, for short notes such as "Saved to cicd.env" (the full path goes in a tooltip). */
export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}
