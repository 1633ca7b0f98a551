// Create a service user: the name is checked while typing (characters, length, not taken), and
// the server's own 422 messages are shown under the form when it still refuses.
import { useMemo, useState } from "react";
import { toAppError } from "../backend";
import { caseLookalike, NAME_CHARACTERS, NAME_MAX, validateServiceUserName } from "../format";
import { useCreateServiceUser, usePolicies, useServiceUsers } from "../queries";
import { navigate } from "../route";
import { Checkbox } from "./Checkbox";
import { Field } from "./ConnectionDialog";
import { ErrorNotice, Spinner } from "./common";
import { Dialog, FormButtons } from "./Dialog";
import { PolicyChecklist } from "./PolicyChecklist";

export function AddServiceUserDialog({ onClose }: { onClose: () => void }) {
  const users = useServiceUsers();
  const policies = usePolicies();
  const create = useCreateServiceUser();
  const [name, setName] = useState("");
  const [touched, setTouched] = useState(false);
  const [active, setActive] = useState(true);
  const [policyIds, setPolicyIds] = useState<string[]>([]);

  const taken = useMemo(() => new Set((users.data ?? []).map((u) => u.name)), [users.data]);
  const problems = validateServiceUserName(name, taken);
  // Trustgrid names are case-sensitive, but "CICD" beside "cicd" is almost always a mistake.
  const lookalike = problems.length === 0 ? caseLookalike(name, taken) : null;
  const showProblems = touched && problems.length > 0;
  const serverError = create.error ? toAppError(create.error) : null;

  const submit = () => {
    setTouched(true);
    if (problems.length > 0 || create.isPending) {
      document.getElementById("new-user-name")?.focus();
      return;
    }
    create.mutate(
      { name, policyIds, status: active ? "active" : "inactive" },
      {
        onSuccess: (user) => {
          onClose();
          navigate({ page: "service-user", name: user.name });
        },
      },
    );
  };

  return (
    <Dialog
      title="Add Service User"
      onSubmit={submit}
      onClose={onClose}
      testId="add-service-user-dialog"
      footer={
        <FormButtons
          onCancel={onClose}
          pending={create.isPending}
          pendingLabel="Creating"
          submitLabel="Create service user"
        />
      }
    >
      <Field
        label="Name"
        id="new-user-name"
        error={showProblems ? problems : undefined}
        hint={
          lookalike
            ? undefined
            : `${NAME_CHARACTERS[0].toUpperCase()}${NAME_CHARACTERS.slice(1)}; up to ${NAME_MAX} characters.`
        }
        warning={lookalike ? `“${lookalike}” already exists; this name differs only in upper/lower case.` : undefined}
      >
        <input
          id="new-user-name"
          className="mono"
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            setTouched(true);
          }}
          onBlur={() => name && setTouched(true)}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={showProblems}
          placeholder="e.g. ci-pipeline"
          data-testid="new-user-name"
          data-autofocus
        />
      </Field>
      <div className="checkbox-row">
        <Checkbox
          id="new-user-active"
          checked={active}
          onCheckedChange={setActive}
          aria-describedby="new-user-active-hint"
          data-testid="new-user-active"
        />
        <label htmlFor="new-user-active">Active</label>
        <span className="field-hint-inline" id="new-user-active-hint">
          — can call the API as soon as it has keys
        </span>
      </div>
      <fieldset className="fieldset">
        <legend>
          Policies <span className="muted">(optional)</span>
        </legend>
        {policies.isPending ? (
          <Spinner label="Loading policies" />
        ) : policies.error ? (
          <ErrorNotice
            error={toAppError(policies.error)}
            title="Could not load policies."
            onRetry={() => void policies.refetch()}
          />
        ) : (
          <PolicyChecklist policies={policies.data} selected={policyIds} onChange={setPolicyIds} />
        )}
      </fieldset>
      {serverError && (
        <ErrorNotice error={serverError} title="The service user was not created." testId="server-error" />
      )}
    </Dialog>
  );
}
