//! The tracker's overhead against `System`, on an allocation-heavy loop, beside the overhead of
//! `stats_alloc` (a published counting allocator from crates.io) on the same loop.
//!
//! One global allocator fits in one binary, so each variant runs in its own process: this
//! driver runs the sibling example binaries and prints one line per variant with its ratio to
//! `System`. Build them first:
//!
//! ```sh
//! cargo build --release -p tracemalloc-solution --examples
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

fn main() {
    let Some((line, system)) = run("alloc-loop-system", None) else {
        return;
    };
    println!("{line} ratio_to_system=1.00");
    if let Some((line, ns)) = run("alloc-loop-stats-alloc", None) {
        println!("{line} ratio_to_system={:.2}", ns / system);
    }
    for mode in ["untraced", "traced", "call-sites"] {
        if let Some((line, ns)) = run("alloc-loop-tracker", Some(mode)) {
            println!("{line} ratio_to_system={:.2}", ns / system);
        }
    }
}
