//! `cargo grade` runs this first (the alias in `.cargo/config.toml`): it builds the grader with
//! cargo, saying what it is doing while that takes time (a fresh clone's first run compiles the
//! grader's dependencies: about a minute on 2 cores), then runs the grader with the same
//! arguments in its place.
//!
//! `cargo run -q` alone would stay silent during that build; without `-q`, cargo would print a
//! line per crate and two more on every run. Here: on a terminal one line, redrawn in place,
//! with the crates built and the time so far; otherwise one line when the build starts and one
//! when it ends. Nothing is printed when the grader is already built.

use std::ffi::OsString;
use std::io::{BufRead, BufReader, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

fn main() -> ExitCode {
    let grader = match build_grader() {
        Ok(grader) => grader,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    run(&grader, std::env::args_os().skip(1).collect())
}

/// Builds the grader's binary and returns its path.
fn build_grader() -> Result<PathBuf, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../Cargo.toml");
    let mut child = Command::new(&cargo)
        .args(["build", "--quiet", "--package", "grader", "--bin", "grader"])
        .arg("--message-format=json-render-diagnostics")
        .arg("--manifest-path")
        .arg(&workspace)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|error| format!("cannot run cargo to build the grader: {error}"))?;
    let stdout = child.stdout.take().expect("stdout is piped");
    let mut progress = Progress::new(std::io::stderr().is_terminal());
    let mut grader = None;
    for line in BufReader::new(stdout).lines() {
        let Ok(line) = line else { break };
        if !line.contains(r#""reason":"compiler-artifact""#) {
            continue;
        }
        if line.contains(r#""fresh":false"#) {
            progress.built_one();
        }
        if let Some(executable) = string_field(&line, "executable") {
            grader = Some(PathBuf::from(executable));
        }
    }
    let status = child
        .wait()
        .map_err(|error| format!("cannot wait for cargo building the grader: {error}"))?;
    progress.done(status.success());
    if !status.success() {
        return Err("the grader did not build (cargo's messages are above)".to_string());
    }
    grader.ok_or_else(|| "cargo built the grader but did not say where it is".to_string())
}

/// Runs the grader in this process's place (its exit code is `cargo grade`'s).
fn run(grader: &Path, args: Vec<OsString>) -> ExitCode {
    let mut command = Command::new(grader);
    command.args(args);
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt as _;
        let error = command.exec();
        eprintln!("error: cannot run {}: {error}", grader.display());
        ExitCode::from(2)
    }
    #[cfg(not(unix))]
    match command.status() {
        Ok(status) => ExitCode::from(status.code().unwrap_or(2).clamp(0, 255) as u8),
        Err(error) => {
            eprintln!("error: cannot run {}: {error}", grader.display());
            ExitCode::from(2)
        }
    }
}

/// The build's progress on stderr, shown only once something is actually compiled.
struct Progress {
    live: bool,
    started: Instant,
    built: usize,
}

impl Progress {
    fn new(live: bool) -> Self {
        Self {
            live,
            started: Instant::now(),
            built: 0,
        }
    }

    fn built_one(&mut self) {
        self.built += 1;
        let seconds = self.started.elapsed().as_secs();
        if self.live {
            eprint!(
                "\x1b[2Kbuilding the grader (the first time takes about a minute): {} crates · {seconds} s\r",
                self.built
            );
        } else if self.built == 1 {
            eprintln!("building the grader (the first time takes about a minute)…");
        }
    }

    fn done(&self, success: bool) {
        if self.built == 0 {
            return;
        }
        if self.live {
            eprint!("\x1b[2K");
        }
        if success {
            eprintln!("built the grader in {} s", self.started.elapsed().as_secs());
        }
    }
}

/// The value of the string field `"name":"…"` in one line of cargo's JSON, unescaped; `None`
/// when absent or `null`.
fn string_field(line: &str, name: &str) -> Option<String> {
    let start = line.find(&format!(r#""{name}":""#))? + name.len() + 4;
    let mut value = String::new();
    let mut chars = line[start..].chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(value),
            '\\' => match chars.next()? {
                'n' => value.push('\n'),
                't' => value.push('\t'),
                'u' => {
                    let hex: String = chars.by_ref().take(4).collect();
                    value.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                }
                other => value.push(other),
            },
            c => value.push(c),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_fields_are_read_and_unescaped() {
        let line = r#"{"reason":"compiler-artifact","executable":"/w/a \"b\"\\c\u00e9/grader","fresh":false}"#;
        assert_eq!(
            string_field(line, "executable").as_deref(),
            Some("/w/a \"b\"\\cé/grader")
        );
        assert_eq!(string_field(r#"{"executable":null}"#, "executable"), None);
        assert_eq!(string_field(r#"{"reason":"x"}"#, "executable"), None);
    }
}
