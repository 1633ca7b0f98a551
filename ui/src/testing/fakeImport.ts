// The fake backend's import check: tg-admin's `import::preview` rules over simple CSV (no quoted
// fields; the behaviour suite holds the two to the same answers on its files).
import type { ImportRow } from "../bindings/ImportRow";
import type { Policy } from "../bindings/Policy";
import type { ServiceUser } from "../bindings/ServiceUser";
import { NAME_CHARACTERS, NAME_MAX } from "../format";

/** The preview against what the org holds now. */
export function previewImportInto(org: { users: ServiceUser[]; policies: Policy[] }, text: string): ImportRow[] {
  return previewImport(text, new Set(org.users.map((u) => u.name)), new Set(org.policies.map((p) => p.name)));
}

function previewImport(text: string, existing: Set<string>, policies: Set<string>): ImportRow[] {
  const rows: ImportRow[] = [];
  const seen = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const fields = raw.split(",").map((f) => f.trim());
    const name = fields[0] ?? "";
    if (index === 0 && name.toLowerCase() === "name") return;
    if (fields.every((f) => f === "")) return;
    const line = index + 1;
    const problems: string[] = [];
    if (name.length === 0 || name.length > NAME_MAX)
      problems.push(`service user name must be 1 to ${NAME_MAX} characters long`);
    if (!/^[A-Za-z0-9-]*$/.test(name)) problems.push(`service user name must contain only ${NAME_CHARACTERS}`);
    const first = seen.get(name);
    if (first !== undefined) problems.push(`the same name is on line ${first} of the file`);
    else seen.set(name, line);
    const policyIds = (fields[1] ?? "")
      .split(";")
      .map((p) => p.trim())
      .filter((p) => p !== "");
    for (const p of policyIds) if (!policies.has(p)) problems.push(`unknown policy: ${p}`);
    const word = (fields[2] ?? "").toLowerCase();
    let status: ImportRow["status"] = null;
    if (word === "" || word === "active" || word === "enabled") status = "active";
    else if (word === "inactive" || word === "disabled") status = "inactive";
    else problems.push(`status must be active or inactive, not "${word}"`);
    rows.push({ line, name, policyIds, status, problems, exists: existing.has(name) });
  });
  return rows;
}
