//! Generates one permission per app command, so the capability in `capabilities/main.json` can
//! grant the main window exactly these commands and nothing else. The command list is read from
//! `permissions/app-commands.toml`, which is generated from the contract table in tg-admin
//! (`cargo xtask contract`) and checked for staleness by `cargo xtask test`.

fn main() {
    let set = "permissions/app-commands.toml";
    println!("cargo:rerun-if-changed={set}");
    let text = std::fs::read_to_string(set).expect("permissions/app-commands.toml is readable");
    let manifest: toml::Table = text.parse().expect("app-commands.toml is valid TOML");
    let commands: Vec<String> = manifest["set"][0]["permissions"]
        .as_array()
        .expect("the set lists its permissions")
        .iter()
        .filter_map(|p| p.as_str()?.strip_prefix("allow-"))
        .map(|name| name.replace('-', "_"))
        .collect();
    // The build script runs once; tauri-build wants the list for the rest of it.
    let commands: &'static [&'static str] = commands
        .into_iter()
        .map(|c| &*c.leak())
        .collect::<Vec<_>>()
        .leak();
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(commands)),
    )
    .expect("the Tauri build step failed");
}
