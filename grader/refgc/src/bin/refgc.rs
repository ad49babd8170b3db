//! `refgc replay FILE` prints what a scenario prints on refgc; `refgc python FILE` prints the
//! equivalent Python program (run it with `python3` to see CPython's answer).

use std::process::ExitCode;

use refgc::{python, scenario};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (command, path) = match args.as_slice() {
        [command, path] if command == "replay" || command == "python" => (command, path),
        _ => {
            eprintln!("usage: refgc replay FILE | refgc python FILE");
            return ExitCode::from(2);
        }
    };
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) => {
            eprintln!("error: cannot read {path}: {err}");
            return ExitCode::from(2);
        }
    };
    // Replay and emitter errors name an operation by its number: shown as the file's line.
    // An undefined program is refused by both commands.
    let lines = scenario::operation_lines(&text);
    let at_line = |mut err: scenario::ScenarioError| {
        err.line = lines
            .get(err.line.wrapping_sub(1))
            .copied()
            .unwrap_or(err.line);
        err
    };
    let result = scenario::parse(&text).and_then(|ops| {
        let replayed = scenario::replay(&ops).map_err(at_line)?;
        if command == "replay" {
            Ok(replayed.iter().map(|l| format!("{l}\n")).collect())
        } else {
            python::to_python(&ops).map_err(at_line)
        }
    });
    match result {
        Ok(output) => {
            print!("{output}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {path}: {err}");
            ExitCode::from(1)
        }
    }
}
