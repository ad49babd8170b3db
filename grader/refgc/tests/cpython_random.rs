//! refgc against CPython on random programs: seeded random scenarios, in the scenario language
//! and covering every operation and finalizer action, replayed on refgc and (emitted as Python)
//! on `python3`, which must print the same lines.
//!
//! Every third seed turns automatic collection on at small thresholds (generation 0 from 5).
//! `cargo test` runs 750 scenarios, `REFGC_LONG=1` 15,000; `GRADER_SEED=N` runs scenario N
//! alone. A scenario that differs is shrunk (operations deleted while it still differs) and
//! printed with its seed, what refgc prints and what CPython prints.

mod common;

use refgc::SplitMix64;
use refgc::python::to_python;
use refgc::scenario::{Behaviour, Op, replay};

use common::{Outcome, python, run_batch};

/// Scenarios per `cargo test`, and under `REFGC_LONG=1`.
const SCENARIOS: u64 = 750;
const LONG_SCENARIOS: u64 = 15_000;
/// Scenarios per python3 process.
const BATCH: usize = 250;

/// Whether scenario `seed` runs with automatic collection on.
fn automatic(seed: u64) -> bool {
    seed.is_multiple_of(3)
}

/// What the generator knows of the program's variables (refgc's replay is the judge of what
/// is valid; this only makes most guesses good).
#[derive(Default)]
struct Names {
    nodes: Vec<String>,
    weakrefs: Vec<String>,
    /// `ref A B` done, for `unref` (not undone by finalizers' own appends: a guess).
    edges: Vec<(String, String)>,
    made: usize,
}

impl Names {
    fn fresh(&mut self, prefix: &str) -> String {
        self.made += 1;
        format!("{prefix}{}", self.made)
    }
}

/// A random operation, or `None` when the dice asked for something impossible now.
fn random_op(rng: &mut SplitMix64, names: &mut Names, automatic: bool) -> Option<Op> {
    let pick = |rng: &mut SplitMix64, list: &[String]| -> Option<String> {
        (!list.is_empty()).then(|| list[rng.below(list.len())].clone())
    };
    let any_held = |rng: &mut SplitMix64, names: &Names| -> Option<String> {
        let all: Vec<String> = names.nodes.iter().chain(&names.weakrefs).cloned().collect();
        pick(rng, &all)
    };
    Some(match rng.below(100) {
        0..=21 => {
            let finalizer = match rng.below(10) {
                0..=5 => None,
                _ => Some(match rng.below(8) {
                    0 | 1 => Behaviour::Nothing,
                    2 => Behaviour::Resurrect,
                    3 => Behaviour::StoreSelfIn(pick(rng, &names.nodes)?),
                    4 => Behaviour::StoreFirstIn(pick(rng, &names.nodes)?),
                    5 | 6 => Behaviour::Garbage(1 + rng.below(3)),
                    _ => Behaviour::Collect,
                }),
            };
            Op::New {
                name: names.fresh("n"),
                finalizer,
                legacy: rng.below(12) == 0,
            }
        }
        22..=27 => Op::Weak {
            name: names.fresh("w"),
            target: pick(rng, &names.nodes)?,
            callback: rng.below(2) == 0,
        },
        28..=45 => {
            let from = pick(rng, &names.nodes)?;
            let to = if rng.below(10) == 0 {
                any_held(rng, names)?
            } else {
                pick(rng, &names.nodes)?
            };
            Op::Ref(from, to)
        }
        46..=50 => {
            let (from, to) = names
                .edges
                .get(rng.below(names.edges.len().max(1)))?
                .clone();
            Op::Unref(from, to)
        }
        51..=64 => Op::Drop(any_held(rng, names)?),
        65..=72 => Op::Collect(rng.below(3)),
        73..=77 => Op::Count,
        78..=79 => Op::Stats,
        80 => Op::Garbage,
        81 => Op::ClearGarbage,
        82 => Op::Get(pick(rng, &names.weakrefs)?),
        83 => Op::Finalized(any_held(rng, names)?),
        84 => Op::Tracked(any_held(rng, names)?),
        85 | 86 => Op::Referents(any_held(rng, names)?),
        87 | 88 => Op::Referrers(any_held(rng, names)?),
        89 => Op::Freeze,
        90 => Op::Unfreeze,
        91 => Op::FreezeCount,
        92 | 93 => Op::SaveAll(rng.below(2) == 0),
        94 | 95 => Op::Callbacks(rng.below(2) == 0),
        96 if automatic => Op::Threshold(small_thresholds(rng)),
        96 => Op::Threshold([700, 10, 10]),
        97 => {
            if automatic {
                Op::Enable
            } else {
                Op::Disable
            }
        }
        _ => Op::Count,
    })
}

/// Thresholds at which automatic collection happens often in a short program.
fn small_thresholds(rng: &mut SplitMix64) -> [usize; 3] {
    [5 + rng.below(6), 1 + rng.below(4), 1 + rng.below(4)]
}

/// Whether refgc replays `ops` and the emitter accepts them: a valid program.
fn valid(ops: &[Op]) -> bool {
    let replayed = std::panic::catch_unwind(|| replay(ops)).unwrap_or_else(|panic| {
        let program: Vec<String> = ops.iter().map(|op| format!("    {op}")).collect();
        eprintln!("refgc panicked replaying:\n{}", program.join("\n"));
        std::panic::resume_unwind(panic)
    });
    replayed.is_ok() && to_python(ops).is_ok()
}

/// Scenario `seed`: 10 to 50 random operations, each kept only if the program stays valid, and
/// a look at the end (a full collection, the counts, the statistics, `gc.garbage`).
fn scenario(seed: u64) -> Vec<Op> {
    let mut rng = SplitMix64::new(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x15);
    let automatic = automatic(seed);
    let mut ops = Vec::new();
    if automatic {
        ops.push(Op::Threshold(small_thresholds(&mut rng)));
        ops.push(Op::Enable);
    }
    let mut names = Names::default();
    let length = 10 + rng.below(41);
    let mut attempts = 0;
    while ops.len() < length && attempts < length * 10 {
        attempts += 1;
        let Some(op) = random_op(&mut rng, &mut names, automatic) else {
            continue;
        };
        ops.push(op.clone());
        if !valid(&ops) {
            ops.pop();
            continue;
        }
        match op {
            Op::New { name, .. } => names.nodes.push(name),
            Op::Weak { name, .. } => names.weakrefs.push(name),
            Op::Ref(from, to) => names.edges.push((from, to)),
            Op::Unref(from, to) => {
                if let Some(at) = names
                    .edges
                    .iter()
                    .position(|e| *e == (from.clone(), to.clone()))
                {
                    names.edges.remove(at);
                }
            }
            Op::Drop(name) => {
                names.nodes.retain(|n| *n != name);
                names.weakrefs.retain(|n| *n != name);
            }
            _ => {}
        }
    }
    for end in [Op::Collect(2), Op::Count, Op::Stats, Op::Garbage] {
        ops.push(end);
        if !valid(&ops) {
            ops.pop();
        }
    }
    ops
}

/// What refgc prints for a valid program.
fn refgc_lines(ops: &[Op]) -> Vec<String> {
    replay(ops).expect("a valid program")
}

/// Whether CPython's outcome is refgc's.
fn agrees(ops: &[Op], outcome: &Outcome) -> bool {
    outcome.success && outcome.stderr.is_empty() && outcome.lines == refgc_lines(ops)
}

/// Runs `scenarios` on CPython, in batches; the indices of those that differ.
fn differing(python: &str, scenarios: &[Vec<Op>]) -> Vec<usize> {
    let mut found = Vec::new();
    for (batch, chunk) in scenarios.chunks(BATCH).enumerate() {
        let programs: Vec<String> = chunk
            .iter()
            .map(|ops| to_python(ops).expect("a valid program"))
            .collect();
        for (i, outcome) in run_batch(python, &programs).iter().enumerate() {
            if !agrees(&chunk[i], outcome) {
                found.push(batch * BATCH + i);
            }
        }
    }
    found
}

/// The shortest program found by deleting operations (runs of them first, then one at a time)
/// while it stays valid and still differs.
fn shrink(python: &str, mut ops: Vec<Op>) -> Vec<Op> {
    let mut run = ops.len() / 2;
    while run >= 1 {
        loop {
            let candidates: Vec<Vec<Op>> = (0..ops.len().saturating_sub(run - 1))
                .map(|start| {
                    let mut shorter = ops.clone();
                    shorter.drain(start..start + run);
                    shorter
                })
                .filter(|shorter| valid(shorter))
                .collect();
            match differing(python, &candidates).first() {
                Some(&index) => ops = candidates[index].clone(),
                None => break,
            }
        }
        run /= 2;
    }
    ops
}

/// The report of a scenario that differs: its seed, the shrunk program, both outputs.
fn report(python: &str, seed: u64, ops: &[Op]) -> String {
    let outcome = &run_batch(python, &[to_python(ops).expect("valid")])[0];
    let program: Vec<String> = ops.iter().map(|op| format!("    {op}")).collect();
    format!(
        "scenario {seed} differs (replay: GRADER_SEED={seed} cargo test -p refgc --test \
         cpython_random); shrunk to:\n{}\n  refgc:   {:?}\n  CPython: {:?}\n  stderr:  {}",
        program.join("\n"),
        refgc_lines(ops),
        outcome.lines,
        outcome.stderr
    )
}

#[test]
fn random_scenarios_print_the_same_on_refgc_and_cpython() {
    let Some(python) = python() else { return };
    let seeds: Vec<u64> = match std::env::var("GRADER_SEED") {
        Ok(seed) => vec![seed.parse().expect("GRADER_SEED is a number")],
        Err(_) if std::env::var_os("REFGC_LONG").is_some() => (1..=LONG_SCENARIOS).collect(),
        Err(_) => (1..=SCENARIOS).collect(),
    };
    let scenarios: Vec<Vec<Op>> = seeds
        .iter()
        .map(|&seed| {
            // refgc itself may fail on a program (a debug assertion): say which.
            std::panic::catch_unwind(|| scenario(seed)).unwrap_or_else(|panic| {
                eprintln!("refgc panicked on scenario {seed}: replay with GRADER_SEED={seed}");
                std::panic::resume_unwind(panic)
            })
        })
        .collect();
    let failures = differing(python, &scenarios);
    let automatic_count = seeds.iter().filter(|&&seed| automatic(seed)).count();
    eprintln!(
        "{} random scenarios ({automatic_count} with automatic collection), {} differ",
        seeds.len(),
        failures.len()
    );
    if let Some(&first) = failures.first() {
        let shrunk = shrink(python, scenarios[first].clone());
        let seeds_differing: Vec<u64> = failures.iter().take(20).map(|&i| seeds[i]).collect();
        panic!(
            "{} of {} random scenarios differ (seeds {seeds_differing:?}…); the first, {}",
            failures.len(),
            seeds.len(),
            report(python, seeds[first], &shrunk)
        );
    }
}

#[test]
fn scenarios_cover_every_operation_and_finalizer_action() {
    let mut seen = std::collections::BTreeSet::new();
    for seed in 1..=SCENARIOS {
        for op in scenario(seed) {
            let kind = match &op {
                Op::New {
                    finalizer: Some(action),
                    legacy,
                    ..
                } => format!(
                    "new del={}{}",
                    action.to_string().split(':').next().unwrap_or(""),
                    if *legacy { " legacy" } else { "" }
                ),
                Op::New { legacy: true, .. } => "new legacy".to_string(),
                Op::Weak { callback, .. } => format!("weak {callback}"),
                Op::SaveAll(on) | Op::Callbacks(on) => {
                    format!("{} {on}", op.to_string().split(' ').next().unwrap_or(""))
                }
                _ => op.to_string().split(' ').next().unwrap_or("").to_string(),
            };
            seen.insert(kind);
        }
    }
    let expected = [
        "new",
        "new legacy",
        "new del=nothing",
        "new del=resurrect",
        "new del=store",
        "new del=storefirst",
        "new del=garbage",
        "new del=collect",
        "weak true",
        "weak false",
        "ref",
        "unref",
        "drop",
        "collect",
        "count",
        "stats",
        "garbage",
        "clear_garbage",
        "get",
        "finalized",
        "tracked",
        "referents",
        "referrers",
        "enable",
        "disable",
        "threshold",
        "freeze",
        "unfreeze",
        "freeze_count",
        "saveall true",
        "saveall false",
        "callbacks true",
        "callbacks false",
    ];
    let missing: Vec<&str> = expected
        .iter()
        .copied()
        .filter(|kind| !seen.contains(*kind))
        .collect();
    assert!(missing.is_empty(), "never generated: {missing:?}");
}
