// What a comparison of two orgs found, section by section; sections with nothing to say are left
// out, and a comparison without differences says so.
import type { Comparison } from "../bindings/Comparison";
import type { PolicyDifference } from "../bindings/PolicyDifference";
import type { UserDifference } from "../bindings/UserDifference";

function NameList({ title, names, testId }: { title: string; names: string[]; testId: string }) {
  if (names.length === 0) return null;
  return (
    <section className="compare-section" data-testid={testId}>
      <h2>{title}</h2>
      <ul className="compare-names">
        {names.map((name) => (
          <li key={name}>{name}</li>
        ))}
      </ul>
    </section>
  );
}

function Detail({ label, values }: { label: string; values: string[] }) {
  if (values.length === 0) return null;
  return (
    <li>
      <span className="compare-label">{label}:</span> <span className="mono">{values.join(", ")}</span>
    </li>
  );
}

function UserCard({ user, left, right }: { user: UserDifference; left: string; right: string }) {
  return (
    <li className="compare-card" data-testid={`compare-user-${user.name}`}>
      <h3>{user.name}</h3>
      <ul>
        {user.status && (
          <li>
            <span className="compare-label">Status:</span> {user.status[0]} in {left}, {user.status[1]} in {right}
          </li>
        )}
        <Detail label={`Policies only in ${left}`} values={user.policiesOnlyLeft} />
        <Detail label={`Policies only in ${right}`} values={user.policiesOnlyRight} />
        <Detail label={`Allowed only in ${left}`} values={user.actionsOnlyLeft} />
        <Detail label={`Allowed only in ${right}`} values={user.actionsOnlyRight} />
      </ul>
    </li>
  );
}

function PolicyDiff({ policy }: { policy: PolicyDifference }) {
  return (
    <li className="compare-card" data-testid={`compare-policy-${policy.name}`}>
      <h3>{policy.name}</h3>
      <pre className="compare-diff">
        {policy.lines.map((line, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: diff lines repeat and never reorder.
          <span key={i} className={`diff-${line.side}`}>
            {line.side === "left" ? "− " : line.side === "right" ? "+ " : "  "}
            {line.text}
            {"\n"}
          </span>
        ))}
      </pre>
    </li>
  );
}

export function ComparisonReport({ comparison }: { comparison: Comparison }) {
  const { left, right } = comparison;
  const empty =
    comparison.usersOnlyLeft.length +
      comparison.usersOnlyRight.length +
      comparison.users.length +
      comparison.policiesOnlyLeft.length +
      comparison.policiesOnlyRight.length +
      comparison.policies.length ===
    0;
  if (empty) {
    return (
      <p className="note" role="status" data-testid="compare-same">
        {left} and {right} hold the same service users and custom policies.
      </p>
    );
  }
  return (
    <div className="compare-report" data-testid="comparison">
      <NameList title={`Service users only in ${left}`} names={comparison.usersOnlyLeft} testId="users-only-left" />
      <NameList title={`Service users only in ${right}`} names={comparison.usersOnlyRight} testId="users-only-right" />
      {comparison.users.length > 0 && (
        <section className="compare-section">
          <h2>Service users that differ</h2>
          <ul className="compare-cards">
            {comparison.users.map((user) => (
              <UserCard key={user.name} user={user} left={left} right={right} />
            ))}
          </ul>
        </section>
      )}
      <NameList
        title={`Custom policies only in ${left}`}
        names={comparison.policiesOnlyLeft}
        testId="policies-only-left"
      />
      <NameList
        title={`Custom policies only in ${right}`}
        names={comparison.policiesOnlyRight}
        testId="policies-only-right"
      />
      {comparison.policies.length > 0 && (
        <section className="compare-section">
          <h2>Custom policies that differ</h2>
          <p className="field-hint">
            − only in {left}, + only in {right}
          </p>
          <ul className="compare-cards">
            {comparison.policies.map((policy) => (
              <PolicyDiff key={policy.name} policy={policy} />
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
