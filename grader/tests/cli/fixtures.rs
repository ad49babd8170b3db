//! Fixture trees: copies of the project's crates with one thing broken, and checksums that prove
//! grading left every file as it was.

use std::collections::BTreeMap;
use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Relative path → (size, hash) of every file below `dir`, build output included: grading must
/// not even leave a `target/` or a `Cargo.lock` behind.
pub(crate) fn checksums(dir: &Path) -> BTreeMap<PathBuf, (usize, u64)> {
    let mut sums = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(here) = pending.pop() {
        for entry in fs::read_dir(&here).expect("readable fixture folder") {
            let path = entry.expect("readable entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let bytes = fs::read(&path).expect("readable file");
                let mut hasher = DefaultHasher::new();
                bytes.hash(&mut hasher);
                let relative = path.strip_prefix(dir).expect("below dir").to_path_buf();
                sums.insert(relative, (bytes.len(), hasher.finish()));
            }
        }
    }
    sums
}

/// The exercises as `cargo grade stubs` generates them from `solutions/`: what `exercises/`
/// holds on a fresh clone, whatever a learner has since done to the working tree. Written once
/// per test run (`cargo grade stubs --out`), below the tests' scratch folder.
pub(crate) fn pristine_exercises() -> &'static Path {
    static PRISTINE: OnceLock<PathBuf> = OnceLock::new();
    PRISTINE.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("pristine-exercises-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let output = crate::grader(
            &crate::project_root(),
            &["stubs", "--out", dir.to_str().unwrap()],
        );
        assert!(
            output.status.success(),
            "cargo grade stubs --out failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        dir
    })
}

/// Copies `from` into `to`, everything but build output (`target/`).
pub(crate) fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create fixture folder");
    for entry in fs::read_dir(from).expect("readable folder") {
        let entry = entry.expect("readable entry");
        let name = entry.file_name();
        if name == "target" {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(&name));
        } else {
            fs::copy(&path, to.join(&name)).expect("copy fixture file");
        }
    }
}

/// Replaces the solution region (`// solution:begin` … `// solution:end`) inside `fn NAME` of
/// `tree/file` with `body`: the same spot a learner fills in, whatever the solution's code is.
pub(crate) fn patch_fn_region(tree: &Path, file: &str, name: &str, body: &str) {
    let path = tree.join(file);
    let text = fs::read_to_string(&path).expect("readable fixture source");
    let function = text
        .find(&format!("fn {name}"))
        .unwrap_or_else(|| panic!("no fn {name} in {file}"));
    let begin = function
        + text[function..]
            .find("// solution:begin")
            .unwrap_or_else(|| panic!("fn {name} in {file} has no solution region"));
    let begin = begin + text[begin..].find('\n').expect("line end") + 1;
    let end = begin
        + text[begin..]
            .find("// solution:end")
            .expect("a closed region");
    let end = text[..end].rfind('\n').expect("line start") + 1;
    let patched = format!("{}{body}\n{}", &text[..begin], &text[end..]);
    fs::write(&path, patched).expect("write fixture source");
}

/// What a run of the grader printed, stdout then stderr.
pub(crate) fn output_text(output: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Writes `contents` to `root/path`, making its folders.
pub(crate) fn write(root: &Path, path: &str, contents: &str) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}

/// An empty folder the grader takes for a checkout (a `Cargo.toml` and a manifest), for tests
/// that write the few files they need into it.
pub(crate) fn bare_checkout() -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    write(root.path(), "Cargo.toml", "");
    write(root.path(), "grader/hidden/manifest.toml", "");
    root
}

/// The untouched stub of `exercise`, in a fresh tree, with every `todo!()` of `src/lib.rs`
/// replaced by `call` and `code` appended.
pub(crate) fn stub_with(tree: &Path, exercise: &str, code: &str, call: &str) {
    copy_dir(pristine_exercises(), tree);
    let lib = tree.join(exercise).join("src/lib.rs");
    let text = fs::read_to_string(&lib).expect("readable stub");
    assert!(text.contains("todo!()"), "the stub has todo!() bodies");
    fs::write(&lib, format!("{}\n{code}", text.replace("todo!()", call))).expect("write stub");
}
