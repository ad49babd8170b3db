//! The leak hunt with the profiler: `cargo run -p memory-profile --example leak-hunt`.
//!
//! Runs the service on its workload in batches of 1,000 events, profiling each batch, then
//! splits the bytes each kind of event left live.

use std::collections::BTreeMap;

use memory_profile::Tracking;
use memory_profile::memory_profile;
use memory_profile::service::{Kind, SEED, Service, Workload};

#[global_allocator]
static ALLOC: Tracking = Tracking::system();

fn main() {
    let mut service = Service::new();
    let mut events = Workload::new(SEED);
    let mut by_kind: BTreeMap<&str, isize> = BTreeMap::new();
    for batch in 1..=10 {
        let (_, profile) = memory_profile(|| {
            for event in events.by_ref().take(1000) {
                let name = match event.kind {
                    Kind::Login => "Login",
                    Kind::Open { .. } => "Open",
                    Kind::Subscribe => "Subscribe",
                    Kind::Broadcast { .. } => "Broadcast",
                    Kind::Quote { .. } => "Quote",
                    Kind::Logout => "Logout",
                };
                let (line, one) = memory_profile(|| service.handle(event));
                drop(line);
                *by_kind.entry(name).or_default() += one.current;
            }
        });
        println!(
            "batch {batch:2}: +{:7} bytes live, peak +{:7} ({service:?})",
            profile.current, profile.peak
        );
    }
    println!("bytes left live, by kind of event (the line printed excluded):");
    for (kind, bytes) in by_kind {
        println!("  {kind:10} {bytes:8}");
    }
}
