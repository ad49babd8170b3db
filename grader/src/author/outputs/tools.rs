//! Snippets that need a package from PyPI (`pympler`, `objgraph`, `memray`): the snippet says so
//! on a line of its opening comments, `# requires: pympler==1.1 objgraph==3.7.0` (every package
//! pinned), and runs in a virtual environment of each CPython version that holds exactly the
//! packages the book's snippets require. The environments live in
//! `target/grader/python-tools/VERSION-KEY/` (`KEY` is a hash of the requirements) and are made
//! once, with `python -m venv` and `pip install`; a snippet without the line never sees them.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{Context as _, Result, bail};

use super::Python;
use crate::files::hash::Fingerprint;

/// What a snippet's `# requires:` line says.
const REQUIRES: &str = "# requires:";
/// The file a finished environment keeps its requirements in; an environment without it (a
/// failed install) is made again.
const DONE: &str = "gc-workbook-requirements.txt";

/// The packages `script` requires, from a `# requires:` line among the comments it opens with.
/// A requirement that is not pinned (`NAME==VERSION`) is an error naming the script.
pub(crate) fn requirements(script: &Path, text: &str) -> Result<Vec<String>> {
    let mut found = Vec::new();
    for line in text.lines().take_while(|line| line.starts_with('#')) {
        let Some(list) = line.strip_prefix(REQUIRES) else {
            continue;
        };
        for requirement in list.split_whitespace() {
            if !is_pinned(requirement) {
                bail!(
                    "{}: `{requirement}` is not pinned: write each package of `{REQUIRES}` as NAME==VERSION",
                    script.display()
                );
            }
            found.push(requirement.to_string());
        }
        if found.is_empty() {
            bail!("{}: `{REQUIRES}` names no package", script.display());
        }
    }
    found.sort();
    found.dedup();
    Ok(found)
}

fn is_pinned(requirement: &str) -> bool {
    let Some((name, version)) = requirement.split_once("==") else {
        return false;
    };
    let name_ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    let version_ok = !version.is_empty()
        && version
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '+' | '!'));
    name_ok && version_ok
}

/// The interpreter of `python`'s environment holding `requirements` (sorted), made below
/// `dir` if it is not there yet. Says on stderr when it installs, since that takes a while.
pub(crate) fn environment(python: &Python, requirements: &[String], dir: &Path) -> Result<Python> {
    let key = requirements.iter().fold(
        Fingerprint::new().bytes(python.full_version.as_bytes()),
        |key, r| key.file(r, b""),
    );
    let home = dir.join(format!("{}-{}", python.version, key.hex()));
    let interpreter = home.join("bin").join("python");
    let wanted = requirements.join("\n") + "\n";
    let done = home.join(DONE);
    if fs::read_to_string(&done).is_ok_and(|kept| kept == wanted) && interpreter.is_file() {
        return Ok(Python {
            program: interpreter,
            ..python.clone()
        });
    }
    anstream::eprintln!(
        "installing {} for CPython {} into {} (once)",
        requirements.join(" "),
        python.full_version,
        home.display()
    );
    if home.exists() {
        fs::remove_dir_all(&home)
            .with_context(|| format!("cannot remove the unfinished {}", home.display()))?;
    }
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    run(
        Command::new(&python.program)
            .args(["-m", "venv"])
            .arg(&home),
        &format!(
            "CPython {} cannot make a virtual environment in {}",
            python.full_version,
            home.display()
        ),
    )?;
    run(
        Command::new(&interpreter)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--no-input",
            ])
            .args(requirements),
        &format!(
            "pip cannot install {} for CPython {} (the book's snippets that require them need PyPI once)",
            requirements.join(" "),
            python.full_version
        ),
    )?;
    fs::write(&done, wanted).with_context(|| format!("cannot write {}", done.display()))?;
    Ok(Python {
        program: interpreter,
        ..python.clone()
    })
}

/// Runs `command`, its output kept for the error `what` if it fails.
fn run(command: &mut Command, what: &str) -> Result<()> {
    let output = command
        .env_remove("PYENV_VERSION")
        .env_remove("PYTHONPATH")
        .stdin(Stdio::null())
        .output()
        .with_context(|| what.to_string())?;
    if !output.status.success() {
        bail!(
            "{what}:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requirements_come_from_the_opening_comments_and_must_be_pinned() {
        let script = Path::new("book/src/python/14/census.py");
        let text = "# A census of live objects.\n# requires: pympler==1.1 objgraph==3.7.0\nimport gc\n# requires: memray==1.20.0\n";
        assert_eq!(
            requirements(script, text).unwrap(),
            ["objgraph==3.7.0", "pympler==1.1"]
        );
        assert!(requirements(script, "import gc\n").unwrap().is_empty());
        for bad in [
            "# requires: pympler\n",
            "# requires: pympler>=1\n",
            "# requires:\n",
        ] {
            let err = requirements(script, bad).unwrap_err().to_string();
            assert!(err.contains("book/src/python/14/census.py"), "{err}");
        }
    }
}
