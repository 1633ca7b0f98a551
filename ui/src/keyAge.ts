// Key ages in buckets, for the chart on the list page and its filter.
import type { ServiceUser } from "./bindings/ServiceUser";

export type KeyAgeBucket = "under-30" | "30-90" | "90-365" | "over-365" | "none";

const DAY = 86_400;

/** In the order the chart shows them; `fromDays` is the youngest age in the bucket. */
export const BUCKETS: { id: KeyAgeBucket; label: string; fromDays: number | null }[] = [
  { id: "under-30", label: "< 30 d", fromDays: 0 },
  { id: "30-90", label: "30–90 d", fromDays: 30 },
  { id: "90-365", label: "90–365 d", fromDays: 90 },
  { id: "over-365", label: "> 1 y", fromDays: 365 },
  { id: "none", label: "No key", fromDays: null },
];

export function bucketOf(tokenCreated: number | null, nowSeconds: number): KeyAgeBucket {
  if (tokenCreated === null) return "none";
  const days = (nowSeconds - tokenCreated) / DAY;
  if (days < 30) return "under-30";
  if (days < 90) return "30-90";
  if (days < 365) return "90-365";
  return "over-365";
}

/** How many users fall in each bucket, in one pass. */
export function countBuckets(users: ServiceUser[], nowSeconds: number): Record<KeyAgeBucket, number> {
  const counts: Record<KeyAgeBucket, number> = { "under-30": 0, "30-90": 0, "90-365": 0, "over-365": 0, none: 0 };
  for (const u of users) counts[bucketOf(u.tokenCreated, nowSeconds)] += 1;
  return counts;
}

/** Whether every key in the bucket is past the threshold (its bar is drawn as a warning). */
export function bucketIsOld(bucket: KeyAgeBucket, thresholdDays: number): boolean {
  const from = BUCKETS.find((b) => b.id === bucket)?.fromDays ?? null;
  return from !== null && from >= thresholdDays;
}
