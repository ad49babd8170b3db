//! The benchmark's loop under the tracker: `untraced` (installed, not tracing), `traced`
//! (`start()`) or `call-sites` (`start_with_call_sites()`, a tenth of the iterations: each
//! allocation captures a backtrace). Run by `tracemalloc-bench`.

use tracemalloc_solution as tm;

mod common;

#[global_allocator]
static ALLOCATOR: tm::Tracker = tm::Tracker;

fn main() {
    let mode = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "traced".to_owned());
    match mode.as_str() {
        "untraced" => common::run("tracker-untraced", common::ITERATIONS),
        "traced" => {
            tm::start();
            common::run("tracker-traced", common::ITERATIONS);
            tm::stop();
        }
        "call-sites" => {
            tm::start_with_call_sites();
            common::run("tracker-call-sites", common::ITERATIONS / 10);
            tm::stop();
        }
        other => eprintln!("unknown mode {other:?}: untraced, traced or call-sites"),
    }
}
