//! The tracker's overhead against `System`, on an allocation-heavy loop, beside the overhead of
//! `stats_alloc` (a published counting allocator from crates.io) on the same loop.
//!
//! One global allocator fits in one binary, so each variant runs in its own process: this
//! driver runs the sibling example binaries, three interleaved passes over all of them, and
//! prints one line per variant (its best pass) with its ratio to `System`. Build them first:
//!
//! ```sh
//! cargo build --release -p tracemalloc --examples
//! target/release/examples/tracemalloc-bench
//! ```

use std::path::PathBuf;
use std::process::Command;

fn sibling(name: &str) -> PathBuf {
    let me = std::env::current_exe().expect("the benchmark's own path");
    me.with_file_name(name)
}

/// Runs one variant and returns its output line and its ns_per_op.
fn run(binary: &str, mode: Option<&str>) -> Option<(String, f64)> {
    let path = sibling(binary);
    let output = match Command::new(&path).args(mode).output() {
        Ok(output) => output,
        Err(error) => {
            eprintln!(
                "cannot run {}: {error} (build the examples first)",
                path.display()
            );
            return None;
        }
    };
    let line = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    let ns = line.split_once("ns_per_op=")?.1.parse().ok()?;
    Some((line, ns))
}

/// The variants, each as its binary and mode.
const VARIANTS: [(&str, Option<&str>); 5] = [
    ("alloc-loop-system", None),
    ("alloc-loop-stats-alloc", None),
    ("alloc-loop-tracker", Some("untraced")),
    ("alloc-loop-tracker", Some("traced")),
    ("alloc-loop-tracker", Some("call-sites")),
];

/// Passes over all variants, interleaved, so that a slow moment of a shared machine hits
/// every variant alike; each variant keeps its best pass.
const PASSES: usize = 3;

fn main() {
    let mut best: Vec<Option<(String, f64)>> = vec![None; VARIANTS.len()];
    for _ in 0..PASSES {
        for ((binary, mode), best) in VARIANTS.iter().zip(&mut best) {
            let Some((line, ns)) = run(binary, *mode) else {
                return;
            };
            if best.as_ref().is_none_or(|(_, old)| ns < *old) {
                *best = Some((line, ns));
            }
        }
    }
    let Some((_, system)) = best[0].clone() else {
        return;
    };
    for (line, ns) in best.into_iter().flatten() {
        println!("{line} ratio_to_system={:.2}", ns / system);
    }
}
