//! Import cycles between the files of a crate. Dependency arrows must point one way: when
//! `a.rs` uses `b.rs` and `b.rs` uses `a.rs` (directly or through other files), neither can be
//! understood, tested or moved alone. rustc accepts such cycles, so this check looks for them.
//!
//! It reads every `.rs` file under a crate's `src/` (outside `src/bin/`), strips comments and
//! literals, and collects the paths that name another file's module: `crate::x`, `super::x`
//! (counted from the inline module it appears in), `self::x`, and paths that start with a child
//! module the file declares (`mod x;` then `x::y`). Each path is resolved to the deepest file
//! module it names. Every strongly connected group of two or more files is reported with the
//! references that tie it together. Test modules count too: a test that needs a file which
//! needs its own file is a cycle of the same kind.

mod graph;
mod scan;

use std::collections::BTreeMap;
use std::path::Path;

use scan::Scan;

/// Crates that must stay free of import cycles; `cargo xtask test` fails on any cycle in them.
pub const ACYCLIC_CRATES: &[&str] = &[
    "crates/tg-api",
    "crates/tg-admin",
    "crates/tg-policy",
    "crates/tg-private-file",
    "crates/tg-sandbox",
    "src-tauri",
    "tests/e2e",
    "xtask",
];

/// Every crate of the workspace, for `cargo xtask imports`.
const ALL_CRATES: &[&str] = &[
    "crates/tg-api",
    "crates/tg-admin",
    "crates/tg-policy",
    "crates/tg-private-file",
    "crates/tg-sandbox",
    "src-tauri",
    "tests/e2e",
    "xtask",
];

/// One Rust file, named by its path below `src/` (`routes/mod.rs`).
pub struct SourceFile {
    pub path: String,
    pub text: String,
}

/// A group of files that import each other, and the references that close the loop
/// (`from`, `to`, line of the first reference in `from`).
#[derive(Debug, PartialEq, Eq)]
pub struct Cycle {
    pub files: Vec<String>,
    pub references: Vec<(String, String, usize)>,
}

impl std::fmt::Display for Cycle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cycle between {}:", self.files.join(", "))?;
        for (from, to, line) in &self.references {
            write!(f, "\n    {from}:{line} uses {to}")?;
        }
        Ok(())
    }
}

/// `cargo xtask test`'s step: fails, naming the files, when a crate in `crates` has a cycle.
pub fn check(root: &Path, crates: &[&str]) -> Result<(), String> {
    let mut failures = Vec::new();
    for name in crates {
        let cycles = cycles_in_crate(&root.join(name))?;
        failures.extend(cycles.iter().map(|cycle| format!("{name}: {cycle}")));
    }
    if failures.is_empty() {
        println!("no import cycles in {}", crates.join(", "));
        Ok(())
    } else {
        Err(format!("import cycles found:\n{}", failures.join("\n")))
    }
}

/// `cargo xtask imports`: lists the cycles of every crate; fails only for [`ACYCLIC_CRATES`].
pub fn report_all(root: &Path) -> Result<(), String> {
    for name in ALL_CRATES {
        let dir = root.join(name);
        if !dir.join("src").is_dir() {
            continue;
        }
        let cycles = cycles_in_crate(&dir)?;
        println!("{name}: {} cycle(s)", cycles.len());
        for cycle in &cycles {
            println!("  {cycle}");
        }
    }
    check(root, ACYCLIC_CRATES)
}

/// Reads `dir/src/**/*.rs` (outside `src/bin/`) and returns its cycles.
pub fn cycles_in_crate(dir: &Path) -> Result<Vec<Cycle>, String> {
    let src = dir.join("src");
    let mut files = Vec::new();
    collect_files(&src, &src, &mut files)?;
    Ok(find_cycles(&files))
}

fn collect_files(src: &Path, dir: &Path, files: &mut Vec<SourceFile>) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("could not read {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry
            .map_err(|e| format!("could not read {}: {e}", dir.display()))?
            .path();
        let relative = path
            .strip_prefix(src)
            .map_err(|e| e.to_string())?
            .to_string_lossy()
            .replace('\\', "/");
        if path.is_dir() {
            if relative != "bin" {
                collect_files(src, &path, files)?;
            }
        } else if relative.ends_with(".rs") {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| format!("could not read {}: {e}", path.display()))?;
            files.push(SourceFile {
                path: relative,
                text,
            });
        }
    }
    Ok(())
}

/// The cycles among `files`, each group's files and references sorted, groups in file order.
pub fn find_cycles(files: &[SourceFile]) -> Vec<Cycle> {
    let modules: BTreeMap<Vec<String>, &str> = files
        .iter()
        .map(|file| (module_path(&file.path), file.path.as_str()))
        // The library root wins over main.rs for references to the crate root.
        .fold(BTreeMap::new(), |mut map, (module, path)| {
            if path != "main.rs" || !map.contains_key(&module) {
                map.insert(module, path);
            }
            map
        });
    let scanned: BTreeMap<&str, Scan> = files
        .iter()
        .map(|file| {
            (
                file.path.as_str(),
                scan::scan(&module_path(&file.path), &file.text),
            )
        })
        .collect();
    let mut references: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    for (file, scan) in &scanned {
        let targets = references.entry(file).or_default();
        for (path, line) in &scan.paths {
            if let Some(target) = resolve(&modules, &scanned, path.clone())
                && target != *file
            {
                targets.entry(target).or_insert(*line);
            }
        }
    }
    graph::strongly_connected(&references)
        .into_iter()
        .filter(|group| group.len() > 1)
        .map(|group| Cycle {
            references: group
                .iter()
                .flat_map(|from| {
                    references[from]
                        .iter()
                        .filter(|(to, _)| group.contains(*to))
                        .map(|(to, line)| (from.to_string(), to.to_string(), *line))
                })
                .collect(),
            files: group.iter().map(|f| f.to_string()).collect(),
        })
        .collect()
}

/// The file that defines what `path` names: the deepest file module on the path, followed
/// through that file's `use` declarations (`crate::Error` where `lib.rs` has
/// `pub use error::Error` is `error.rs`).
fn resolve<'a>(
    modules: &BTreeMap<Vec<String>, &'a str>,
    scanned: &BTreeMap<&str, Scan>,
    mut path: Vec<String>,
) -> Option<&'a str> {
    let mut file = None;
    for _ in 0..8 {
        let length = (0..=path.len())
            .rev()
            .find(|length| modules.contains_key(&path[..*length]))?;
        let found = modules[&path[..length]];
        file = Some(found);
        let imported = path
            .get(length)
            .and_then(|name| scanned.get(found)?.imports.get(name));
        match imported {
            Some(target) => {
                let mut followed = target.clone();
                followed.extend_from_slice(&path[length + 1..]);
                path = followed;
            }
            None => break,
        }
    }
    file
}

/// `routes/mod.rs` → `["routes"]`, `routes/state.rs` → `["routes", "state"]`, `lib.rs` → `[]`.
fn module_path(file: &str) -> Vec<String> {
    let without_extension = file.trim_end_matches(".rs");
    let mut segments: Vec<String> = without_extension.split('/').map(str::to_string).collect();
    if matches!(
        segments.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        segments.pop();
    }
    segments
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crate_of(files: &[(&str, &str)]) -> Vec<SourceFile> {
        files
            .iter()
            .map(|(path, text)| SourceFile {
                path: path.to_string(),
                text: text.to_string(),
            })
            .collect()
    }

    fn cycle_files(files: &[(&str, &str)]) -> Vec<Vec<String>> {
        find_cycles(&crate_of(files))
            .into_iter()
            .map(|c| c.files)
            .collect()
    }

    #[test]
    fn a_tree_passes() {
        let files = [
            ("lib.rs", "mod a;\nmod b;\nmod c;\npub use a::Thing;\n"),
            (
                "a.rs",
                "use crate::b::helper;\nuse crate::c;\npub struct Thing;",
            ),
            ("b.rs", "use crate::c::Leaf;\npub fn helper() {}"),
            ("c.rs", "pub struct Leaf;"),
        ];
        assert_eq!(cycle_files(&files), Vec::<Vec<String>>::new());
    }

    #[test]
    fn a_two_file_cycle_is_found_with_its_references() {
        let files = [
            ("lib.rs", "mod a;\nmod b;"),
            ("a.rs", "use crate::b::B;\npub struct A;"),
            (
                "b.rs",
                "pub struct B;\nconst S: &str = \"one \\\n two\";\nfn f() -> crate::a::A { todo!() }",
            ),
        ];
        let cycles = find_cycles(&crate_of(&files));
        assert_eq!(
            cycles,
            vec![Cycle {
                files: vec!["a.rs".into(), "b.rs".into()],
                references: vec![
                    ("a.rs".into(), "b.rs".into(), 1),
                    ("b.rs".into(), "a.rs".into(), 4),
                ],
            }]
        );
        let shown = cycles[0].to_string();
        assert!(shown.contains("a.rs:1 uses b.rs"), "{shown}");
    }

    #[test]
    fn a_longer_cycle_through_grouped_imports_is_one_group() {
        let files = [
            ("lib.rs", "mod error;\nmod routes;\nmod store;"),
            ("store.rs", "use crate::{error::ApiError, model};"),
            ("error.rs", "const X: usize = crate::routes::MAX;"),
            (
                "routes/mod.rs",
                "mod users;\nuse crate::store::{self, Store};",
            ),
            ("routes/users.rs", "use super::super::store::Store;"),
        ];
        assert_eq!(
            cycle_files(&files),
            vec![vec!["error.rs", "routes/mod.rs", "store.rs"]]
        );
    }

    #[test]
    fn super_and_child_paths_resolve_from_where_they_are() {
        // The parent uses its child by a relative path, the child uses the parent via super.
        let files = [
            ("lib.rs", "mod routes;"),
            (
                "routes/mod.rs",
                "mod state;\nmod org;\nfn f() { org::get(); }",
            ),
            ("routes/org.rs", "use super::AppState;\npub fn get() {}"),
            ("routes/state.rs", "pub struct AppState;"),
        ];
        assert_eq!(
            cycle_files(&files),
            vec![vec!["routes/mod.rs", "routes/org.rs"]]
        );
        // Moving the shared state into a sibling breaks the cycle.
        let files = [
            ("lib.rs", "mod routes;"),
            (
                "routes/mod.rs",
                "mod state;\nmod org;\nfn f() { org::get(); }",
            ),
            (
                "routes/org.rs",
                "use super::state::AppState;\npub fn get() {}",
            ),
            ("routes/state.rs", "pub struct AppState;"),
        ];
        assert_eq!(cycle_files(&files), Vec::<Vec<String>>::new());
    }

    #[test]
    fn super_inside_an_inline_module_is_the_file_itself() {
        let files = [
            ("lib.rs", "mod a;\nmod b;"),
            (
                "a.rs",
                "pub fn f() {}\n#[cfg(test)]\nmod tests {\n    use super::*;\n    use super::super::b;\n}",
            ),
            ("b.rs", "pub fn g() { crate::a::f() }"),
        ];
        // `super::*` in a.rs's tests is a.rs; `super::super::b` is b.rs, which uses a.rs.
        assert_eq!(cycle_files(&files), vec![vec!["a.rs", "b.rs"]]);
    }

    #[test]
    fn comments_strings_and_other_crates_are_not_imports() {
        let files = [
            ("lib.rs", "mod a;\nmod b;"),
            (
                "a.rs",
                "//! See [`crate::b::B`].\n/* crate::b::B */\nconst S: &str = \"crate::b\";\n\
                 const R: &str = r#\"crate::b\"#;\nconst C: char = '\"';\nuse tg_other::b;\n\
                 fn f<'a>(x: &'a str) {}\npub struct A;",
            ),
            ("b.rs", "use crate::a::A;"),
        ];
        assert_eq!(cycle_files(&files), Vec::<Vec<String>>::new());
    }

    #[test]
    fn re_exports_are_followed_to_the_defining_file() {
        let facade = [
            (
                "lib.rs",
                "mod bulk;\nmod error;\npub use error::Error;\npub use bulk::run;",
            ),
            ("error.rs", "pub struct Error;"),
            ("bulk.rs", "use crate::Error;\npub fn run() {}"),
        ];
        assert_eq!(cycle_files(&facade), Vec::<Vec<String>>::new());
        let looped = [
            (
                "lib.rs",
                "mod bulk;\nmod error;\npub use error::Error;\npub use bulk::run;",
            ),
            ("error.rs", "pub struct Error;\nfn f() { crate::run() }"),
            ("bulk.rs", "use crate::Error;\npub fn run() {}"),
        ];
        assert_eq!(cycle_files(&looped), vec![vec!["bulk.rs", "error.rs"]]);
    }

    #[test]
    fn the_library_root_counts_as_a_file() {
        let files = [
            ("lib.rs", "mod a;\npub use a::A;\npub const LIMIT: u32 = 1;"),
            ("a.rs", "pub struct A([u8; crate::LIMIT as usize]);"),
        ];
        assert_eq!(cycle_files(&files), vec![vec!["a.rs", "lib.rs"]]);
    }
}
