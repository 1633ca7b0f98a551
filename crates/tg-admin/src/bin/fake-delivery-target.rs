//! A stand-in for `gh`, `vault` or `kubectl` in the delivery tests: it records what it was given
//! so a test can prove where the Client Secret went, then behaves as its flags say.
//!
//! `fake-delivery-target <record-folder> [--exit N] [--sleep SECONDS] [--echo] [words...]`
//! writes `argv.json` (every argument), `env.json` (every environment variable) and `stdin`
//! (standard input, byte for byte) into the record folder. `--echo` prints standard input back on
//! standard output and error; `--sleep` waits before exiting; `--exit` sets the exit status.
//! Other words are ignored (they stand for a real tool's arguments).

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::PathBuf;

fn main() {
    let argv: Vec<String> = std::env::args().collect();
    let folder = PathBuf::from(
        argv.get(1)
            .expect("the record folder is the first argument"),
    );
    let env: BTreeMap<String, String> = std::env::vars().collect();
    let mut stdin = Vec::new();
    std::io::stdin()
        .read_to_end(&mut stdin)
        .expect("standard input");
    std::fs::create_dir_all(&folder).expect("record folder");
    std::fs::write(folder.join("argv.json"), serde_json::to_vec(&argv).unwrap()).unwrap();
    std::fs::write(folder.join("env.json"), serde_json::to_vec(&env).unwrap()).unwrap();
    std::fs::write(folder.join("stdin"), &stdin).unwrap();

    let flag = |name: &str| {
        argv.iter()
            .position(|a| a == name)
            .and_then(|i| argv.get(i + 1))
            .and_then(|v| v.parse::<u64>().ok())
    };
    if argv.iter().any(|a| a == "--echo") {
        let text = String::from_utf8_lossy(&stdin);
        println!("stored value {text} for you");
        eprintln!("warning: value was {text}");
        let _ = std::io::stdout().flush();
    }
    if let Some(seconds) = flag("--sleep") {
        std::thread::sleep(std::time::Duration::from_secs(seconds));
    }
    std::process::exit(flag("--exit").unwrap_or(0) as i32);
}
