//! The command line. `service-users-desktop --connection NAME` opens on that saved connection
//! (by its name, or its id); `--help` says so. Parsed with lexopt, before anything else starts,
//! so `--help` or a mistake answers at once without a window.

use std::ffi::OsString;

/// What the app was asked to do.
#[derive(Debug, PartialEq, Eq)]
pub enum Request {
    /// Open the window; on this connection when one is named.
    Open {
        connection: Option<String>,
    },
    Help,
    Version,
}

pub const HELP: &str = "\
Trustgrid Service Users: manage Trustgrid service users, their policies and API keys.

Usage: service-users-desktop [--connection NAME]

Options:
  -c, --connection NAME  Open on this saved connection (its name as the app shows it, e.g.
                         \"Local sandbox\", or its id) instead of the one used last
  -h, --help             Print this help
  -V, --version          Print the version

A second launch brings the running window to the front (and switches it to --connection NAME
when given) instead of starting the app twice.";

/// Parses the arguments after the program name.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Request, String> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_args(args);
    let mut connection = None;
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Short('c') | Long("connection") => {
                let value = parser.value().map_err(|e| e.to_string())?;
                let name = value
                    .into_string()
                    .map_err(|_| "the connection name is not valid text".to_string())?;
                connection = Some(name);
            }
            Short('h') | Long("help") => return Ok(Request::Help),
            Short('V') | Long("version") => return Ok(Request::Version),
            // WebKitGTK's WebDriver starts the browser it drives with this flag.
            Long("automation") => {}
            // Finder adds a process serial number on older macOS versions.
            Value(value)
                if cfg!(target_os = "macos") && value.to_string_lossy().starts_with("-psn_") => {}
            _ => return Err(arg.unexpected().to_string()),
        }
    }
    Ok(Request::Open { connection })
}

/// Prints to standard output (help, version).
pub fn print(text: &str) {
    attach_console();
    println!("{text}");
}

/// Prints to standard error (a mistake on the command line).
pub fn print_error(text: &str) {
    attach_console();
    eprintln!("{text}");
}

/// A Windows release build has no console of its own: it writes to its parent's, if any.
fn attach_console() {
    #[cfg(windows)]
    // SAFETY: AttachConsole only takes a process id; it fails harmlessly without a parent console.
    unsafe {
        windows_sys::Win32::System::Console::AttachConsole(
            windows_sys::Win32::System::Console::ATTACH_PARENT_PROCESS,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(args: &[&str]) -> Result<Request, String> {
        parse(args.iter().map(OsString::from))
    }

    #[test]
    fn a_connection_is_named_in_either_form() {
        let expected = Ok(Request::Open {
            connection: Some("Acme prod".into()),
        });
        assert_eq!(parsed(&["--connection", "Acme prod"]), expected);
        assert_eq!(parsed(&["--connection=Acme prod"]), expected);
        assert_eq!(parsed(&["-c", "Acme prod"]), expected);
        assert_eq!(parsed(&[]), Ok(Request::Open { connection: None }));
    }

    #[test]
    fn help_and_version_win_over_the_rest() {
        assert_eq!(parsed(&["--connection", "x", "--help"]), Ok(Request::Help));
        assert_eq!(parsed(&["-h"]), Ok(Request::Help));
        assert_eq!(parsed(&["--version"]), Ok(Request::Version));
    }

    #[test]
    fn mistakes_are_named() {
        let missing = parsed(&["--connection"]).unwrap_err();
        assert!(missing.contains("--connection"), "{missing}");
        let unknown = parsed(&["--conection", "x"]).unwrap_err();
        assert!(unknown.contains("--conection"), "{unknown}");
        let stray = parsed(&["Acme"]).unwrap_err();
        assert!(stray.contains("Acme"), "{stray}");
    }

    #[test]
    fn webdrivers_flag_is_accepted() {
        assert_eq!(
            parsed(&["--automation"]),
            Ok(Request::Open { connection: None })
        );
    }
}
