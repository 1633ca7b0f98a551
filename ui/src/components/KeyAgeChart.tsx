// Users per key-age bucket as a small bar chart; each bar is a toggle button that filters the
// list to its users (pressing it again shows everyone).
import { memo, useMemo } from "react";
import type { ServiceUser } from "../bindings/ServiceUser";
import { BUCKETS, bucketIsOld, countBuckets, type KeyAgeBucket } from "../keyAge";
import "./KeyAgeChart.css";

type Props = {
  users: ServiceUser[];
  nowSeconds: number;
  thresholdDays: number;
  selected: KeyAgeBucket | null;
  onSelect: (bucket: KeyAgeBucket | null) => void;
};

export const KeyAgeChart = memo(function KeyAgeChart({ users, nowSeconds, thresholdDays, selected, onSelect }: Props) {
  const counts = useMemo(() => countBuckets(users, nowSeconds), [users, nowSeconds]);
  const most = Math.max(1, ...Object.values(counts));
  return (
    <fieldset className="key-age-chart" data-testid="key-age-chart">
      <legend>Key age</legend>
      <div className="key-age-bars">
        {BUCKETS.map((b) => {
          const count = counts[b.id];
          const old = bucketIsOld(b.id, thresholdDays);
          const pressed = selected === b.id;
          return (
            <button
              key={b.id}
              type="button"
              className={`key-age-bar${old ? " key-age-old" : ""}${b.id === "none" ? " key-age-none" : ""}`}
              aria-pressed={pressed}
              title={
                pressed
                  ? "Show every user"
                  : `Show only users with keys ${b.id === "none" ? "never generated" : b.label}`
              }
              onClick={() => onSelect(pressed ? null : b.id)}
              data-testid={`key-age-${b.id}`}
            >
              <span className="key-age-count">{count.toLocaleString()}</span>
              <span className="key-age-track" aria-hidden="true">
                <span className="key-age-fill" style={{ height: `${(count / most) * 100}%` }} />
              </span>
              <span className="key-age-label">{b.label}</span>
              {/* Named by its visible text first, so the accessible name contains what is shown. */}
              <span className="visually-hidden">
                {` ${count === 1 ? "user" : "users"}${old ? ", past the key-age threshold" : ""}`}
              </span>
            </button>
          );
        })}
      </div>
    </fieldset>
  );
});
