// "Export as Terraform…" on the list page: the connected org's service users and custom policies
// written as main.tf and imports.tf into a folder chosen in the system's folder dialog.
import { useMutation } from "@tanstack/react-query";
import { toAppError } from "../backend";
import { fileName } from "../format";
import { useBackend } from "../queries";

export function TerraformExportButton() {
  const backend = useBackend();
  const exporting = useMutation({ mutationFn: () => backend.exportTerraform() });
  const done = exporting.data;
  return (
    <>
      <button
        type="button"
        className="button"
        onClick={() => exporting.mutate()}
        disabled={exporting.isPending}
        data-testid="export-terraform"
      >
        Export as Terraform…
      </button>
      {done && (
        <span className="saved-note" role="status" title={done.folder} data-testid="terraform-exported">
          {done.serviceUsers} users and {done.policies} custom policies written to {fileName(done.folder)}
        </span>
      )}
      {exporting.error && (
        <span className="field-error" role="alert" data-testid="terraform-error">
          Could not export: {toAppError(exporting.error).message}
        </span>
      )}
    </>
  );
}
