// The ways to keep new keys beyond the secret panel: a `.env` or JSON file through the native save
// dialog, or a delivery target. Either one counts as kept, so the panel closes without a warning.
import { ToggleGroup } from "radix-ui";
import { useState } from "react";

import type { KeyHandoff } from "../bindings/KeyHandoff";
import type { SecretFileFormat } from "../bindings/SecretFileFormat";
import { fileName } from "../format";
import { useBackend } from "../queries";
import { DeliverKeysDialog } from "./DeliverKeysDialog";
import { CheckIcon } from "./Icons";
import { Tooltip } from "./Tooltip";

type Props = {
  handoff: KeyHandoff;
  /** Runs an action with the panel's error and note handling. */
  attempt: (work: () => Promise<void>) => Promise<void>;
  /** The file format, held by the panel so it outlives the close warning. */
  format: SecretFileFormat;
  onFormat: (format: SecretFileFormat) => void;
  onKept: () => void;
};

export function KeepKeysRow({ handoff, attempt, format, onFormat, onKept }: Props) {
  const backend = useBackend();
  const [savedPath, setSavedPath] = useState<string | null>(null);
  const [delivering, setDelivering] = useState(false);

  return (
    <>
      <div className="save-row">
        <ToggleGroup.Root
          type="single"
          className="segmented"
          aria-label="File format"
          value={format}
          // A single choice cannot be cleared: clicking the chosen format again keeps it.
          onValueChange={(value) => value && onFormat(value as SecretFileFormat)}
        >
          {(["env", "json"] as const).map((f) => (
            <ToggleGroup.Item key={f} value={f} className="segment" data-testid={`format-${f}`}>
              {f === "env" ? ".env" : "JSON"}
            </ToggleGroup.Item>
          ))}
        </ToggleGroup.Root>
        <button
          type="button"
          className="button"
          onClick={() =>
            void attempt(async () => {
              const path = await backend.saveSecret(handoff.id, format);
              if (path) {
                // One line says it: the file name, with the full path on hover.
                setSavedPath(path);
                onKept();
              }
            })
          }
          data-testid="save-secret"
        >
          Save to file…
        </button>
        <button type="button" className="button" onClick={() => setDelivering(true)} data-testid="deliver-keys">
          Deliver to…
        </button>
        {savedPath && (
          <Tooltip content={savedPath}>
            <span className="saved-note" data-testid="saved-path" title={savedPath}>
              <CheckIcon /> Saved to {fileName(savedPath)}
            </span>
          </Tooltip>
        )}
      </div>
      {delivering && <DeliverKeysDialog handoff={handoff} onClose={() => setDelivering(false)} onDelivered={onKept} />}
    </>
  );
}
