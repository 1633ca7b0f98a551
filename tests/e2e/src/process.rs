//! The app (or any Tauri binary) launched directly, without WebDriver, as a user launches it: for
//! measuring start-up and memory, and for checks WebDriver cannot make (a second instance). Its
//! stderr is read line by line and each line is stamped with the time it arrived, so a mark the
//! app logs can be timed from the launch without a timer inside the app.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

/// A running process and what it has written to stderr so far.
pub struct Launched {
    child: Child,
    started: Instant,
    lines: Receiver<(Instant, String)>,
    seen: Vec<(Duration, String)>,
}

/// The app's log line once the Service Users list is painted: `startup: list shown rows=N`.
pub const LIST_SHOWN: &str = "startup: list shown";

/// The number of users a [`LIST_SHOWN`] line says the list showed.
pub fn rows_shown(line: &str) -> Option<usize> {
    line.rsplit("rows=").next()?.trim().parse().ok()
}

/// The environment a launch gets: every XDG folder inside `home`, so nothing of the user's own
/// profile is read or written, and the log filter.
pub fn desktop_env(command: &mut Command, home: &Path, log_filter: &str) {
    command
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("RUST_LOG", log_filter)
        .env("NO_COLOR", "1")
        .env("NO_AT_BRIDGE", "1");
}

impl Launched {
    /// Starts `command` with its stderr piped to the line reader.
    pub fn spawn(mut command: Command) -> Self {
        command.stdout(Stdio::null()).stderr(Stdio::piped());
        let started = Instant::now();
        let mut child = command.spawn().expect("the binary starts");
        let stderr = child.stderr.take().expect("stderr is piped");
        let (send, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if send.send((Instant::now(), line)).is_err() {
                    break;
                }
            }
        });
        Self {
            child,
            started,
            lines,
            seen: Vec::new(),
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits for a stderr line containing `needle` and returns it with the time from the launch
    /// to its arrival. Lines seen while waiting are kept for [`Self::first_line_with`].
    pub fn wait_for_line(&mut self, needle: &str, timeout: Duration) -> (Duration, String) {
        self.try_wait_for_line(needle, timeout)
            .unwrap_or_else(|log| panic!("no line with {needle:?} within {timeout:?}:\n{log}"))
    }

    /// [`Self::wait_for_line`], or what the process wrote when the line did not come (it ended,
    /// or `timeout` passed).
    pub fn try_wait_for_line(
        &mut self,
        needle: &str,
        timeout: Duration,
    ) -> Result<(Duration, String), String> {
        if let Some(found) = self.first_line_with(needle) {
            return Ok(found);
        }
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok((at, line)) => {
                    let entry = (at - self.started, line);
                    let hit = entry.1.contains(needle);
                    self.seen.push(entry.clone());
                    if hit {
                        return Ok(entry);
                    }
                }
                Err(RecvTimeoutError::Timeout) => {
                    return Err(format!("(still running after {timeout:?})\n{}", self.log()));
                }
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(format!("(the process ended)\n{}", self.log()));
                }
            }
        }
    }

    /// The first line seen so far that contains `needle`, with its arrival time.
    pub fn first_line_with(&mut self, needle: &str) -> Option<(Duration, String)> {
        while let Ok((at, line)) = self.lines.try_recv() {
            self.seen.push((at - self.started, line));
        }
        self.seen.iter().find(|(_, l)| l.contains(needle)).cloned()
    }

    /// Every line seen so far, each with its arrival time.
    pub fn log(&self) -> String {
        self.seen
            .iter()
            .map(|(at, l)| format!("{:>8.1} ms  {l}", at.as_secs_f64() * 1000.0))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Waits up to `timeout` for the process to end by itself; its exit code, if it did.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<i32> {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status.code().unwrap_or(-1));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }

    /// Asks the process to quit (SIGTERM), as a session logout does, then makes sure it is gone.
    pub fn terminate(mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        self.wait_exit(Duration::from_secs(10));
    }
}

/// A launch a test forgot to end (a failed assertion) is killed, not left running.
impl Drop for Launched {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Memory of a process and every process it started (WebKit's web and network processes), in
/// KiB, summed over the processes: resident set sizes (a library page shared by two of them
/// counts twice); proportional set sizes (a shared page divided among every process on the
/// machine that maps it, so the figure moves with what else runs); and unique set sizes (the
/// pages only that process maps: its heap, stacks and its own binary, no shared library).
#[derive(Debug, Clone, Copy, Default)]
pub struct Memory {
    pub rss_kib: u64,
    pub pss_kib: u64,
    pub uss_kib: u64,
    pub processes: usize,
}

/// [`Memory`] of `pid` and its descendants, read from `/proc`.
pub fn memory_of_tree(pid: u32) -> Memory {
    let mut tree = vec![pid];
    let mut index = 0;
    while index < tree.len() {
        let parent = tree[index];
        tree.extend(children_of(parent));
        index += 1;
    }
    tree.iter().fold(Memory::default(), |total, pid| {
        let text = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
        Memory {
            rss_kib: total.rss_kib + field_kib(&text, "Rss:"),
            pss_kib: total.pss_kib + field_kib(&text, "Pss:"),
            uss_kib: total.uss_kib
                + field_kib(&text, "Private_Clean:")
                + field_kib(&text, "Private_Dirty:"),
            processes: total.processes + 1,
        }
    })
}

fn children_of(pid: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|child| parent_of(*child) == Some(pid))
        .collect()
}

/// The parent's pid, from `/proc/PID/stat` (the field after the parenthesised name and state).
fn parent_of(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after_name = &stat[stat.rfind(')')? + 1..];
    after_name.split_whitespace().nth(1)?.parse().ok()
}

fn field_kib(text: &str, name: &str) -> u64 {
    text.lines()
        .find(|l| l.starts_with(name))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}
