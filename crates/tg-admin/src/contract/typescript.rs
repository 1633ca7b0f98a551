//! Renders the contract for the other two sides: the UI's TypeScript client and the shell's
//! permission set. Both are committed; `cargo xtask contract` rewrites them and `cargo xtask test`
//! fails when they are stale.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::rules::Rules;
use super::spec::{CommandSpec, EventSpec, TsType, lower_camel};
use super::table::{COMMANDS, EVENT_STREAM_COMMAND, EVENTS};
use crate::ErrorCode;

const GENERATED: &str = "Generated from the contract table (crates/tg-admin/src/contract/table.rs) \
                         by `cargo xtask contract`. Do not edit: change the table and regenerate.";

/// `ui/src/bindings/contract.ts`.
pub fn typescript() -> String {
    let mut out = String::new();
    let _ = writeln!(out, "// {GENERATED}");
    out.push('\n');
    imports(&mut out);

    out.push_str("\n/** Everything the UI can ask of the Rust side: one method per command. */\n");
    out.push_str("export interface Commands {\n");
    for command in client_commands() {
        docs(&mut out, "  ", command.docs);
        let _ = writeln!(
            out,
            "  {}({}): Promise<{}>;",
            lower_camel(command.name),
            parameters(command),
            result(command.result)
        );
    }
    out.push_str("}\n\n/** Stops a subscription. */\nexport type Unsubscribe = () => void;\n\n");

    out.push_str("/** Every event the Rust side sends, as a subscription. */\n");
    out.push_str("export interface Events {\n");
    for event in EVENTS {
        docs(&mut out, "  ", event.docs);
        let _ = writeln!(
            out,
            "  {}(listener: (payload: {}) => void): Unsubscribe;",
            subscription(event),
            (event.payload.name)()
        );
    }
    out.push_str("}\n\n");
    out.push_str(
        "/** The UI's one seam to the Rust side. */\n\
         export type Backend = Commands & Events;\n\n\
         /** Sends one command by its wire name, with arguments by their wire names. */\n\
         export type Invoke = (command: string, args: Record<string, unknown>) => Promise<unknown>;\n\
         /** Subscribes to one event by its wire name. */\n\
         export type Listen = (event: string, listener: (payload: unknown) => void) => Unsubscribe;\n\n",
    );

    out.push_str(
        "/** The backend over `invoke` and `listen`: the only place wire names appear. */\n\
         export function createBackend(invoke: Invoke, listen: Listen): Backend {\n  return {\n",
    );
    for command in client_commands() {
        let names: Vec<String> = command.args.iter().map(|a| lower_camel(a.name)).collect();
        let args = if names.is_empty() {
            "{}".to_owned()
        } else {
            format!("{{ {} }}", names.join(", "))
        };
        let _ = writeln!(
            out,
            "    {}: ({}) => invoke(\"{}\", {args}) as Promise<{}>,",
            lower_camel(command.name),
            parameters(command),
            command.name,
            result(command.result)
        );
    }
    for event in EVENTS {
        let _ = writeln!(
            out,
            "    {}: (listener) => listen(\"{}\", listener as (payload: unknown) => void),",
            subscription(event),
            event.name
        );
    }
    out.push_str("  };\n}\n\n");

    out.push_str(
        "/** Each command's wire name and argument names in order, for calls by name (the shared \
         behaviour suite). */\nexport const COMMANDS = {\n",
    );
    for command in client_commands() {
        let args: Vec<String> = command
            .args
            .iter()
            .map(|a| format!("\"{}\"", lower_camel(a.name)))
            .collect();
        let _ = writeln!(
            out,
            "  {}: {{ name: \"{}\", args: [{}] }},",
            lower_camel(command.name),
            command.name,
            args.join(", ")
        );
    }
    out.push_str(
        "} as const satisfies Record<keyof Commands, { name: string; args: readonly string[] }>;\n\n",
    );

    out.push_str("/** Each event's wire name, by subscription. */\nexport const EVENTS = {\n");
    for event in EVENTS {
        let _ = writeln!(out, "  {}: \"{}\",", subscription(event), event.name);
    }
    out.push_str("} as const satisfies Record<keyof Events, string>;\n\n");
    let _ = writeln!(
        out,
        "/** The command `Listen` is built on: it answers with the events after the last one seen \
         (tg-admin's `event_stream`). Not in `Commands`: nothing but the subscriptions calls it. */\n\
         export const EVENT_STREAM_COMMAND = \"{EVENT_STREAM_COMMAND}\";\n"
    );

    let codes: Vec<String> = <ErrorCode as strum::VariantArray>::VARIANTS
        .iter()
        .map(|code| serde_json::to_string(code).expect("error codes serialize"))
        .collect();
    let _ = writeln!(
        out,
        "/** Every error code a command can reject with. */\n\
         export const ERROR_CODES: readonly ErrorCode[] = [{}];\n",
        codes.join(", ")
    );

    let rules = serde_json::to_string_pretty(&Rules::current()).expect("rules serialize");
    let _ = writeln!(
        out,
        "/** The rules the UI checks as the user types, as Rust enforces them. */\n\
         export const RULES: Rules = {rules};"
    );
    out
}

/// `src-tauri/permissions/app-commands.toml`: one `allow-<command>` per command, granted together.
pub fn permissions_toml() -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {GENERATED}");
    out.push_str(
        "# The app's own commands, granted together to the main window by capabilities/main.json.\n\
         [[set]]\n\
         identifier = \"app-commands\"\n\
         description = \"Every command of the app, as the contract table declares them.\"\n\
         permissions = [\n",
    );
    for command in COMMANDS {
        let _ = writeln!(out, "  \"allow-{}\",", command.name.replace('_', "-"));
    }
    out.push_str("]\n");
    out
}

fn imports(out: &mut String) {
    let mut types: BTreeMap<String, String> = BTreeMap::new();
    let mut add = |ty: TsType| {
        let mut dependencies = Vec::new();
        (ty.dependencies)(&mut dependencies);
        for dependency in dependencies {
            let file = dependency.output_path.with_extension("");
            types.insert(dependency.ts_name, file.display().to_string());
        }
    };
    for command in client_commands() {
        command.args.iter().for_each(|a| add(a.ty));
        add(command.result);
    }
    EVENTS.iter().for_each(|e| add(e.payload));
    types.insert("ErrorCode".into(), "ErrorCode".into());
    types.insert("Rules".into(), "Rules".into());
    for (name, file) in types {
        let _ = writeln!(out, "import type {{ {name} }} from \"./{file}\";");
    }
}

/// The commands the UI calls by name: all but the one its event subscriptions read from.
fn client_commands() -> impl Iterator<Item = &'static CommandSpec> {
    COMMANDS.iter().filter(|c| c.name != EVENT_STREAM_COMMAND)
}

fn docs(out: &mut String, indent: &str, lines: &[&str]) {
    match lines {
        [] => return,
        [line] => {
            let _ = writeln!(out, "{indent}/**{} */", line.trim_end());
            return;
        }
        _ => {}
    }
    let _ = writeln!(out, "{indent}/**");
    for line in lines {
        let _ = writeln!(out, "{indent} *{}", line.trim_end());
    }
    let _ = writeln!(out, "{indent} */");
}

fn parameters(command: &CommandSpec) -> String {
    command
        .args
        .iter()
        .map(|a| format!("{}: {}", lower_camel(a.name), (a.ty.name)()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn result(ty: TsType) -> String {
    match (ty.name)().as_str() {
        "null" => "void".to_owned(),
        name => name.to_owned(),
    }
}

fn subscription(event: &EventSpec) -> String {
    format!("on{}", (event.payload.name)())
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    /// Writes the generated files. Named `export_bindings_*` so the bindings run of `cargo xtask`
    /// picks it up with ts-rs's own exports: the TypeScript goes where ts-rs writes
    /// (`TS_RS_EXPORT_DIR`), the permission set to `CONTRACT_PERMISSIONS_DIR` (by default the
    /// shell's `permissions/` folder).
    #[test]
    fn export_bindings_contract() {
        let bindings = std::env::var_os("TS_RS_EXPORT_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("bindings"));
        let permissions = std::env::var_os("CONTRACT_PERMISSIONS_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../src-tauri/permissions")
            });
        for (dir, file, content) in [
            (bindings, "contract.ts", typescript()),
            (permissions, "app-commands.toml", permissions_toml()),
        ] {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join(file), content).unwrap();
        }
    }

    #[test]
    fn every_command_is_in_the_client_and_the_permissions() {
        let ts = typescript();
        let toml = permissions_toml();
        for command in COMMANDS {
            assert!(
                ts.contains(&format!("invoke(\"{}\"", command.name))
                    || ts.contains(&format!("EVENT_STREAM_COMMAND = \"{}\"", command.name)),
                "the client must call {}",
                command.name
            );
            assert!(
                toml.contains(&format!("\"allow-{}\"", command.name.replace('_', "-"))),
                "the main window must be allowed to call {}",
                command.name
            );
        }
        assert!(
            ts.contains("addConnection(input: NewConnection): Promise<ActiveConnection>;"),
            "arguments and results keep their Rust types"
        );
        assert!(
            ts.contains("removeConnection(id: string): Promise<void>;"),
            "a command returning () resolves to void"
        );
        assert!(
            ts.contains("import type { NewConnection } from \"./NewConnection\";"),
            "types used by commands are imported"
        );
    }

    #[test]
    fn command_and_event_names_are_unique() {
        let mut names: Vec<&str> = COMMANDS.iter().map(|c| c.name).collect();
        names.extend(EVENTS.iter().map(|e| e.name));
        let count = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), count, "a wire name is declared twice");
    }
}
