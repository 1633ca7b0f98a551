// The findings about one service user, on its page, with their fixes (on the bulk path, as in the
// Findings panel). Nothing is shown when it has none.
import { useState } from "react";
import type { ServiceUser } from "../bindings/ServiceUser";
import { startFix } from "../findingFix";
import { useFindings, useSignInClientId } from "../queries";
import { BulkConfirmations, type Pending } from "./BulkConfirmations";
import { DetailSection } from "./DetailSection";
import { FindingItem } from "./FindingItem";

export function UserFindings({ user }: { user: ServiceUser }) {
  const findings = useFindings();
  const signIn = useSignInClientId();
  const [pending, setPending] = useState<Pending | null>(null);
  const mine = findings.data?.findings.filter((f) => f.user === user.name) ?? [];
  if (mine.length === 0 && !pending) return null;
  return (
    <DetailSection title="Findings" testId="user-findings">
      <ul className="finding-list">
        {mine.map((f) => (
          <FindingItem key={f.kind} finding={f} onFix={(x) => startFix(x, setPending)} showUser={false} />
        ))}
      </ul>
      {pending && (
        <BulkConfirmations
          pending={pending}
          onChange={setPending}
          onFinished={() => {}}
          users={[user]}
          shown={new Set([user.name])}
          signInClientId={signIn}
        />
      )}
    </DetailSection>
  );
}
