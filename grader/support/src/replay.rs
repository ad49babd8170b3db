//! Differential replay: the same seeded random program run on two collectors, compared step by
//! step, with a useful failure.
//!
//! A hidden test describes the learner's collector with the [`Collector`] trait (a few lines of
//! adapter) and calls [`check`] with refgc's adapter ([`Refgc`]) or the [`Reachability`] oracle
//! as the expected side. Each case is a random program of [`Op`]s drawn from a seed; both sides
//! run it and print a transcript (what each collection returned, which objects are alive, and
//! whatever [`Collector::observe`] adds). On the first difference the test fails with:
//!
//! - the seed, and the one command that replays it (`GRADER_SEED=N cargo grade check NAME`);
//! - the shortest program that still differs, found by removing operations while the
//!   difference stays (delta debugging), written as a small program;
//! - the two transcripts of that program as a diff (expected, then yours).
//!
//! Operations name objects by their position in the program's list of handles, taken modulo
//! its length, so every subsequence of a program is a valid program: that is what lets the
//! shrinker delete operations freely.

use std::cell::Cell;
use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::hash::Hash;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use refgc::SplitMix64;

/// Environment variable that replays one seed: `GRADER_SEED=N cargo grade check NAME`.
pub const SEED_ENV: &str = "GRADER_SEED";
/// Environment variable set by `cargo grade check NAME --stress`: longer programs, and
/// collectors that support it collect on every allocation.
pub const STRESS_ENV: &str = "GRADER_STRESS";

/// Whether the grader runs in stress mode (`--stress`).
pub fn stress() -> bool {
    std::env::var_os(STRESS_ENV).is_some_and(|value| !value.is_empty() && value != "0")
}

/// One step of a random program. Indices pick from the program's handles (and an object's
/// references) modulo their number, so any subsequence of a program is a program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `x = new()`: a new object, held by the program.
    New,
    /// The program takes another handle to one it holds (`y = x`).
    Hold(usize),
    /// The program drops one of its handles (`del x`).
    Drop(usize),
    /// `a.append(b)` between two held objects.
    AddRef(usize, usize),
    /// `del a[i]` on a held object.
    RemoveRef(usize, usize),
    /// `gc.collect(generation)`.
    Collect(u8),
    /// `x = new()` of an object with a `__del__`: what it does is picked by the first number
    /// (nothing, resurrect itself, store itself in the held object picked by the second, call
    /// `gc.collect()`).
    NewFinalized(usize, usize),
    /// `w = weakref.ref(x)` to the held object picked by the first number, with a callback
    /// when the second is odd.
    NewWeakref(usize, usize),
    /// `x = new()` of an object with a legacy finalizer (`tp_del`).
    NewLegacy,
    /// `gc.freeze()` when the number is even, else `gc.unfreeze()`.
    Freeze(usize),
    /// `gc.set_debug(gc.DEBUG_SAVEALL)` when the number is even, else `gc.set_debug(0)`; every
    /// third time `del gc.garbage[:]` instead.
    Debug(usize),
}

/// What a `__del__` does in a replay (refgc's scripted actions).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finalizer<Id> {
    /// Nothing but being called.
    Nothing,
    /// Takes a reference to itself that the program then holds for ever.
    Resurrect,
    /// Appends itself to this object's references (the replay keeps the holder alive).
    StoreSelfIn(Id),
    /// Calls `gc.collect()`.
    Collect,
}

/// What a collector reports happened, in order ([`Collector::take_events`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seen<Id> {
    /// This object's `__del__` ran.
    Finalized(Id),
    /// Its `__del__` resurrected it.
    Resurrected(Id),
    /// A `__del__` called `gc.collect()`, which returned this.
    CollectInFinalizer(usize),
    /// The callback of this weak reference ran.
    WeakCallback(Id),
    /// The legacy finalizer (`tp_del`) of this object ran.
    LegacyFinalized(Id),
}

/// How often each kind of operation is drawn (relative weights), and which generations a
/// collection may ask for.
#[derive(Debug, Clone)]
pub struct Mix {
    /// Weights of `New`, `Hold`, `Drop`, `AddRef`, `RemoveRef`, `Collect`, `NewFinalized`,
    /// `NewWeakref`, `NewLegacy`, `Freeze`, `Debug`.
    pub weights: [u32; 11],
    /// The generations `Collect` draws from.
    pub generations: Vec<u8>,
}

impl Default for Mix {
    /// Mostly edges and drops, so cycles form and die; full collections only.
    fn default() -> Self {
        Self {
            weights: [5, 1, 5, 6, 2, 1, 0, 0, 0, 0, 0],
            generations: vec![2],
        }
    }
}

/// A random program of `len` operations drawn from `seed`.
pub fn random_program(seed: u64, len: usize, mix: &Mix) -> Vec<Op> {
    let mut rng = SplitMix64::new(seed);
    let total: u32 = mix.weights.iter().sum();
    assert!(total > 0, "a mix needs a non-zero weight");
    let mut draw = || rng.next_u64() as usize;
    (0..len)
        .map(|_| {
            let mut pick = (draw() % total as usize) as u32;
            let kind = mix
                .weights
                .iter()
                .position(|&weight| {
                    if pick < weight {
                        true
                    } else {
                        pick -= weight;
                        false
                    }
                })
                .expect("pick < total");
            match kind {
                0 => Op::New,
                1 => Op::Hold(draw()),
                2 => Op::Drop(draw()),
                3 => Op::AddRef(draw(), draw()),
                4 => Op::RemoveRef(draw(), draw()),
                5 => Op::Collect(mix.generations[draw() % mix.generations.len()]),
                6 => Op::NewFinalized(draw(), draw()),
                7 => Op::NewWeakref(draw(), draw()),
                8 => Op::NewLegacy,
                9 => Op::Freeze(draw()),
                _ => Op::Debug(draw()),
            }
        })
        .collect()
}

/// What a collector must offer to be replayed. Objects are the collector's own ids.
pub trait Collector {
    /// The collector's object identity.
    type Id: Copy + Eq + Hash;
    /// Allocates an object the program holds (refcount 1).
    fn new_object(&mut self) -> Self::Id;
    /// The program takes another reference.
    fn incref(&mut self, id: Self::Id);
    /// The program drops a reference (refcounting frees at zero).
    fn decref(&mut self, id: Self::Id);
    /// Appends a reference `from → to`.
    fn add_ref(&mut self, from: Self::Id, to: Self::Id);
    /// Removes `from`'s reference at `index` (`del from[index]`).
    fn remove_ref_at(&mut self, from: Self::Id, index: usize);
    /// `gc.collect(generation)`: how many objects were found unreachable.
    fn collect(&mut self, generation: u8) -> usize;
    /// Whether the object has not been freed.
    fn is_alive(&self, id: Self::Id) -> bool;
    /// Extra transcript lines after every operation (counts, stats…); none by default.
    fn observe(&self, _lines: &mut Vec<String>) {}
    /// Allocates an object the program holds, with a `__del__` doing `finalizer`. Only
    /// programs whose mix draws `NewFinalized` call it.
    fn new_finalized(&mut self, finalizer: Finalizer<Self::Id>) -> Self::Id {
        let _ = finalizer;
        panic!("this collector has no finalizers: give NewFinalized no weight in the mix")
    }
    /// What happened since the last call (finalizers, resurrections, callbacks), oldest first.
    fn take_events(&mut self) -> Vec<Seen<Self::Id>> {
        Vec::new()
    }
    /// `weakref.ref(target)`, with a callback or not, held by the program. Only programs whose
    /// mix draws `NewWeakref` call it.
    fn new_weakref(&mut self, target: Self::Id, callback: bool) -> Self::Id {
        let _ = (target, callback);
        panic!("this collector has no weak references: give NewWeakref no weight in the mix")
    }
    /// What the weak reference `weak` refers to now (`None` once cleared).
    fn weakref_target(&self, weak: Self::Id) -> Option<Self::Id> {
        let _ = weak;
        None
    }
    /// Allocates an object with a legacy finalizer, held by the program.
    fn new_legacy(&mut self) -> Self::Id {
        panic!("this collector has no legacy finalizers: give NewLegacy no weight in the mix")
    }
    /// `gc.freeze()` (`true`) or `gc.unfreeze()`; returns `gc.get_freeze_count()` after it.
    fn freeze(&mut self, freeze: bool) -> usize {
        let _ = freeze;
        panic!("this collector cannot freeze: give Freeze no weight in the mix")
    }
    /// `DEBUG_SAVEALL` on or off.
    fn set_save_all(&mut self, on: bool) {
        let _ = on;
        panic!("this collector has no DEBUG_SAVEALL: give Debug no weight in the mix")
    }
    /// `del gc.garbage[:]`.
    fn clear_garbage(&mut self) {
        panic!("this collector has no gc.garbage: give Debug no weight in the mix")
    }
    /// `gc.garbage`, in order (empty for a collector without one).
    fn garbage(&self) -> Vec<Self::Id> {
        Vec::new()
    }
    /// `gc.get_objects(g)` for the three generations, each in list order, for a collector
    /// that has generations; the transcript then shows them after every `gc.collect()` and
    /// after the last step. `None` (the default): not compared.
    fn generations(&self) -> Option<[Vec<Self::Id>; 3]> {
        None
    }
}

/// A program with its indices resolved into object numbers (`#k` is the k-th `New`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    New(usize),
    NewFinalized(usize, Finalizer<usize>),
    /// (number, target, callback)
    NewWeakref(usize, usize, bool),
    NewLegacy(usize),
    Freeze(bool),
    SaveAll(bool),
    ClearGarbage,
    Hold(usize),
    Drop(usize),
    AddRef(usize, usize),
    RemoveRef(usize, usize),
    Collect(u8),
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Step::New(k) => write!(f, "#{k} = new()"),
            Step::NewFinalized(k, finalizer) => {
                let does = match finalizer {
                    Finalizer::Nothing => "does nothing".to_string(),
                    Finalizer::Resurrect => "resurrects itself".to_string(),
                    Finalizer::StoreSelfIn(h) => format!("stores itself in #{h} (kept alive)"),
                    Finalizer::Collect => "calls gc.collect()".to_string(),
                };
                write!(f, "#{k} = new() with a __del__ that {does}")
            }
            Step::NewWeakref(k, target, callback) => {
                let with = if callback { " with a callback" } else { "" };
                write!(f, "#{k} = weakref.ref(#{target}){with}")
            }
            Step::NewLegacy(k) => write!(f, "#{k} = new() with a legacy tp_del"),
            Step::Freeze(true) => write!(f, "gc.freeze()"),
            Step::Freeze(false) => write!(f, "gc.unfreeze()"),
            Step::SaveAll(true) => write!(f, "gc.set_debug(gc.DEBUG_SAVEALL)"),
            Step::SaveAll(false) => write!(f, "gc.set_debug(0)"),
            Step::ClearGarbage => write!(f, "del gc.garbage[:]"),
            Step::Hold(k) => write!(f, "hold #{k} again"),
            Step::Drop(k) => write!(f, "drop a handle to #{k}"),
            Step::AddRef(a, b) => write!(f, "#{a}.append(#{b})"),
            Step::RemoveRef(a, i) => write!(f, "del #{a}[{i}]"),
            Step::Collect(g) => write!(f, "gc.collect({g})"),
        }
    }
}

/// Resolves handle and reference indices against the program's own bookkeeping (which objects
/// it holds, which references each object has), independent of any collector. Operations that
/// have nothing to act on (no handle, no reference) are left out.
fn resolve(program: &[Op]) -> Vec<Step> {
    resolve_indexed(program)
        .into_iter()
        .map(|(_, step)| step)
        .collect()
}

/// [`resolve`], with the index in `program` of the operation each step came from.
fn resolve_indexed(program: &[Op]) -> Vec<(usize, Step)> {
    let mut held: Vec<usize> = Vec::new();
    let mut refs: Vec<Vec<usize>> = Vec::new();
    // Weak references hold no list: no references from them.
    let mut weak: Vec<bool> = Vec::new();
    let mut steps = Vec::new();
    for (index, &op) in program.iter().enumerate() {
        let step = match op {
            Op::New => {
                refs.push(Vec::new());
                weak.push(false);
                held.push(refs.len() - 1);
                Step::New(refs.len() - 1)
            }
            Op::Collect(g) => Step::Collect(g),
            Op::NewLegacy => {
                refs.push(Vec::new());
                weak.push(false);
                held.push(refs.len() - 1);
                Step::NewLegacy(refs.len() - 1)
            }
            Op::Freeze(n) => Step::Freeze(n % 2 == 0),
            Op::Debug(n) if n % 3 == 2 => Step::ClearGarbage,
            Op::Debug(n) => Step::SaveAll(n % 2 == 0),
            Op::NewFinalized(kind, holder) => {
                let finalizer = match kind % 4 {
                    0 => Finalizer::Nothing,
                    1 => Finalizer::Resurrect,
                    2 if !held.is_empty() && !weak[held[holder % held.len()]] => {
                        Finalizer::StoreSelfIn(held[holder % held.len()])
                    }
                    2 => Finalizer::Nothing,
                    _ => Finalizer::Collect,
                };
                refs.push(Vec::new());
                weak.push(false);
                held.push(refs.len() - 1);
                Step::NewFinalized(refs.len() - 1, finalizer)
            }
            _ if held.is_empty() => continue,
            Op::NewWeakref(i, callback) => {
                let target = held[i % held.len()];
                if weak[target] {
                    continue;
                }
                refs.push(Vec::new());
                weak.push(true);
                held.push(refs.len() - 1);
                Step::NewWeakref(refs.len() - 1, target, callback % 2 == 1)
            }
            Op::Hold(i) => {
                let k = held[i % held.len()];
                held.push(k);
                Step::Hold(k)
            }
            Op::Drop(i) => Step::Drop(held.swap_remove(i % held.len())),
            Op::AddRef(i, j) => {
                let (a, b) = (held[i % held.len()], held[j % held.len()]);
                if weak[a] {
                    continue;
                }
                refs[a].push(b);
                Step::AddRef(a, b)
            }
            Op::RemoveRef(i, r) => {
                let a = held[i % held.len()];
                if refs[a].is_empty() {
                    continue;
                }
                let index = r % refs[a].len();
                refs[a].remove(index);
                Step::RemoveRef(a, index)
            }
        };
        steps.push((index, step));
    }
    steps
}

/// Runs `steps` on `collector` and writes what it shows, one entry per step: each collection's
/// result and the objects alive after it, plus [`Collector::observe`] after every step.
fn transcript<C: Collector>(collector: C, steps: &[Step]) -> Vec<String> {
    let mut replay = Replay::new(collector);
    steps
        .iter()
        .enumerate()
        .map(|(at, step)| replay.render_step(at, *step, at + 1 == steps.len()))
        .collect()
}

/// A collector running a program, with the bookkeeping that names its objects in a transcript.
struct Replay<C: Collector> {
    collector: C,
    /// The collector's id of each object, by number.
    ids: Vec<C::Id>,
    /// Once freed, an object stays dead: a collector may reuse its id for a later object.
    dead: Vec<bool>,
    /// The number of the object an id stands for now (events name ids).
    number: HashMap<C::Id, usize>,
    /// The weak references made so far, by number.
    weak: Vec<usize>,
}

/// What the collector answered to a step, when the transcript shows it.
enum Answer {
    /// Nothing to show.
    Nothing,
    /// `gc.get_freeze_count()` after `gc.freeze()` or `gc.unfreeze()`.
    FreezeCount(usize),
    /// What `gc.collect()` found.
    Collected(usize),
}

impl<C: Collector> Replay<C> {
    fn new(collector: C) -> Self {
        Self {
            collector,
            ids: Vec::new(),
            dead: Vec::new(),
            number: HashMap::new(),
            weak: Vec::new(),
        }
    }

    /// Runs step number `at` (from 0) and writes its transcript entry: the step, the
    /// collector's answer, the events it caused, what a collection left, the generations (after
    /// a collection, or when `is_last`) and the collector's own observations.
    fn render_step(&mut self, at: usize, step: Step, is_last: bool) -> String {
        let mut line = format!("{:>3}. {step}", at + 1);
        let answer = self.run_step(step);
        if let Answer::FreezeCount(count) = answer {
            let _ = write!(line, " -> freeze count {count}");
        }
        self.write_events(&mut line);
        self.note_freed_objects();
        if let Answer::Collected(found) = answer {
            self.write_collection(&mut line, found);
        }
        // Listing every object after every step would make the replays several times slower;
        // an order that differs after an automatic collection still differs at the next
        // explicit one, or at the end.
        if matches!(step, Step::Collect(_)) || is_last {
            self.write_generations(&mut line);
        }
        self.write_observations(&mut line);
        line
    }

    /// Does `step` on the collector.
    fn run_step(&mut self, step: Step) -> Answer {
        match step {
            Step::New(k) => {
                let id = self.collector.new_object();
                self.name_object(k, id);
            }
            Step::NewFinalized(k, finalizer) => self.new_finalized(k, finalizer),
            Step::NewWeakref(k, target, callback) => {
                let id = self.collector.new_weakref(self.ids[target], callback);
                self.name_object(k, id);
                self.weak.push(k);
            }
            Step::NewLegacy(k) => {
                let id = self.collector.new_legacy();
                self.name_object(k, id);
            }
            Step::Freeze(freeze) => return Answer::FreezeCount(self.collector.freeze(freeze)),
            Step::SaveAll(on) => self.collector.set_save_all(on),
            Step::ClearGarbage => self.collector.clear_garbage(),
            Step::Hold(k) => self.collector.incref(self.ids[k]),
            Step::Drop(k) => self.collector.decref(self.ids[k]),
            Step::AddRef(a, b) => self.collector.add_ref(self.ids[a], self.ids[b]),
            Step::RemoveRef(a, index) => self.collector.remove_ref_at(self.ids[a], index),
            Step::Collect(g) => return Answer::Collected(self.collector.collect(g)),
        }
        Answer::Nothing
    }

    /// Allocates object number `k` with a `__del__` doing `finalizer` (whose holder, if any,
    /// is named by number).
    fn new_finalized(&mut self, k: usize, finalizer: Finalizer<usize>) {
        let finalizer = match finalizer {
            Finalizer::Nothing => Finalizer::Nothing,
            Finalizer::Resurrect => Finalizer::Resurrect,
            Finalizer::StoreSelfIn(holder) => {
                // The `__del__` refers to its holder (in Python, through its code): the holder
                // lives as long as the program, so the action is well defined.
                self.collector.incref(self.ids[holder]);
                Finalizer::StoreSelfIn(self.ids[holder])
            }
            Finalizer::Collect => Finalizer::Collect,
        };
        let id = self.collector.new_finalized(finalizer);
        self.name_object(k, id);
    }

    /// Records that the collector's `id` is object number `k`, alive.
    fn name_object(&mut self, k: usize, id: C::Id) {
        self.ids.push(id);
        self.dead.push(false);
        self.number.insert(id, k);
    }

    /// How the transcript names the object the collector calls `id`.
    fn name(&self, id: C::Id) -> String {
        match self.number.get(&id) {
            Some(k) => format!("#{k}"),
            None => "an object the program never named".to_string(),
        }
    }

    /// Writes what happened during the step (finalizers, resurrections, callbacks), one
    /// indented line each.
    fn write_events(&mut self, line: &mut String) {
        for event in self.collector.take_events() {
            let text = match event {
                Seen::Finalized(id) => format!("__del__ of {}", self.name(id)),
                Seen::Resurrected(id) => format!("{} resurrected", self.name(id)),
                Seen::CollectInFinalizer(n) => format!("gc.collect() inside __del__ -> {n}"),
                Seen::WeakCallback(id) => format!("callback of {}", self.name(id)),
                Seen::LegacyFinalized(id) => format!("tp_del of {}", self.name(id)),
            };
            let _ = write!(line, "\n     {text}");
        }
    }

    /// Marks the objects the collector has freed as dead for good.
    fn note_freed_objects(&mut self) {
        for (k, id) in self.ids.iter().enumerate() {
            if !self.dead[k] && !self.collector.is_alive(*id) {
                self.dead[k] = true;
            }
        }
    }

    /// Writes a collection's result: how many it found, the objects alive, what each live weak
    /// reference points at, and `gc.garbage`.
    fn write_collection(&self, line: &mut String, found: usize) {
        let alive: Vec<String> = (0..self.ids.len())
            .filter(|&k| !self.dead[k])
            .map(|k| format!("#{k}"))
            .collect();
        let _ = write!(line, " -> {found}; alive: {}", alive.join(" "));
        let targets: Vec<String> = self
            .weak
            .iter()
            .filter(|&&k| !self.dead[k])
            .map(|&k| match self.collector.weakref_target(self.ids[k]) {
                Some(target) => format!("#{k}() is {}", self.name(target)),
                None => format!("#{k}() is None"),
            })
            .collect();
        if !targets.is_empty() {
            let _ = write!(line, "\n     {}", targets.join(", "));
        }
        let garbage: Vec<String> = self
            .collector
            .garbage()
            .into_iter()
            .map(|id| self.name(id))
            .collect();
        if !garbage.is_empty() {
            let _ = write!(line, "\n     gc.garbage: [{}]", garbage.join(", "));
        }
    }

    /// Writes each generation's objects in list order, for a collector that has generations.
    fn write_generations(&self, line: &mut String) {
        let Some(generations) = self.collector.generations() else {
            return;
        };
        let listed: Vec<String> = generations
            .into_iter()
            .enumerate()
            .map(|(g, objects)| {
                let names: Vec<String> = objects.into_iter().map(|id| self.name(id)).collect();
                format!("gen{g}=[{}]", names.join(" "))
            })
            .collect();
        let _ = write!(line, "\n     {}", listed.join("  "));
    }

    /// Writes the collector's own lines ([`Collector::observe`]).
    fn write_observations(&self, line: &mut String) {
        let mut observed = Vec::new();
        self.collector.observe(&mut observed);
        for text in observed {
            let _ = write!(line, "\n     {text}");
        }
    }
}

/// The seeds a seeded random test runs: the one `GRADER_SEED` names (to replay a failure), or
/// else `0..count`.
///
/// ```
/// // Without GRADER_SEED in the environment:
/// # if std::env::var_os(grader_support::replay::SEED_ENV).is_none() {
/// assert_eq!(grader_support::replay::seeds(3), [0, 1, 2]);
/// # }
/// ```
pub fn seeds(count: u64) -> Vec<u64> {
    match std::env::var(SEED_ENV)
        .ok()
        .and_then(|seed| seed.parse().ok())
    {
        Some(seed) => vec![seed],
        None => (0..count).collect(),
    }
}

/// The size of the random programs: how many seeds, how many operations each.
#[derive(Debug, Clone)]
pub struct Cases {
    /// The exercise, for the replay command in a failure.
    pub exercise: &'static str,
    /// Seeds `0..seeds` are run (one seed only when `GRADER_SEED` is set).
    pub seeds: u64,
    /// Operations per program (ten times as many with `--stress`).
    pub ops: usize,
    /// What the programs are made of.
    pub mix: Mix,
}

/// Runs every case on `expected()` and `actual()` and panics, with the seed, the shrunk program
/// and a diff, at the first difference. A panic inside `actual` on the full program is not
/// caught: it fails the test as itself (a `todo!()` stays "not started").
///
/// `expected(seed)` and `actual(seed)` make fresh collectors for one program (the seed lets a
/// test vary settings such as thresholds per program, the same on both sides).
pub fn check<E, A>(cases: &Cases, expected: impl Fn(u64) -> E, actual: impl Fn(u64) -> A)
where
    E: Collector,
    A: Collector,
{
    let ops = if stress() { cases.ops * 10 } else { cases.ops };
    for seed in seeds(cases.seeds) {
        let program = random_program(seed, ops, &cases.mix);
        let steps = resolve_indexed(&program);
        let plain: Vec<Step> = steps.iter().map(|(_, step)| *step).collect();
        let want = transcript(expected(seed), &plain);
        let got = transcript(actual(seed), &plain);
        let Some(first) = want.iter().zip(&got).position(|(w, g)| w != g) else {
            continue;
        };
        // Nothing after the first difference matters: start shrinking from there.
        let prefix = &program[..=steps[first].0];
        let differs = |program: &[Op]| -> bool {
            let steps = resolve(program);
            let want = transcript(expected(seed), &steps);
            match quietly(|| transcript(actual(seed), &steps)) {
                Some(got) => got != want,
                None => true, // a panic is a difference too
            }
        };
        let shortest = shrink_within(prefix, differs, SHRINK_BUDGET);
        let steps = resolve(&shortest);
        let want = transcript(expected(seed), &steps);
        let got = quietly(|| transcript(actual(seed), &steps));
        panic!(
            "{}",
            failure_report(cases, seed, ops, &steps, &want, got.as_deref())
        );
    }
}

/// How long shrinking may take before the shortest program found so far is reported.
const SHRINK_BUDGET: Duration = Duration::from_secs(5);

/// Deletes chunks of the program (halves, then quarters, … single operations) as long as the
/// result still `fails`; returns the shortest program found.
pub fn shrink(program: &[Op], fails: impl Fn(&[Op]) -> bool) -> Vec<Op> {
    shrink_within(program, fails, Duration::MAX)
}

/// [`shrink`], giving up after `budget` with the shortest program found by then.
fn shrink_within(program: &[Op], fails: impl Fn(&[Op]) -> bool, budget: Duration) -> Vec<Op> {
    let started = Instant::now();
    let mut program = program.to_vec();
    let mut chunk = program.len().div_ceil(2).max(1);
    loop {
        let mut removed = false;
        let mut at = 0;
        while at < program.len() {
            let end = (at + chunk).min(program.len());
            let candidate: Vec<Op> = program[..at]
                .iter()
                .chain(&program[end..])
                .copied()
                .collect();
            if started.elapsed() > budget {
                return program;
            }
            if fails(&candidate) {
                program = candidate;
                removed = true;
            } else {
                at += chunk;
            }
        }
        if chunk == 1 && !removed {
            return program;
        }
        if !removed {
            chunk = chunk.div_ceil(2);
        }
    }
}

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Whether a panic now happens inside [`quietly`] (the panic hook then neither records nor
/// prints it).
pub(crate) fn is_quiet() -> bool {
    QUIET.with(Cell::get)
}

/// Runs `body`, turning a panic into `None` without recording or printing it: for replays
/// while shrinking, whose panics are explored, not reported.
fn quietly<R>(body: impl FnOnce() -> R) -> Option<R> {
    crate::record_panics();
    QUIET.with(|quiet| quiet.set(true));
    let result = catch_unwind(AssertUnwindSafe(body)).ok();
    QUIET.with(|quiet| quiet.set(false));
    result
}

fn failure_report(
    cases: &Cases,
    seed: u64,
    ops: usize,
    steps: &[Step],
    want: &[String],
    got: Option<&[String]>,
) -> String {
    let mut report = format!(
        "your collector and the reference differ on random program {seed} ({ops} operations).\n\
         Replay just this one: GRADER_SEED={seed} cargo grade check {}\n",
        cases.exercise,
    );
    // The difference first (a report may be cut after 40 lines), then the whole program.
    match got {
        None => report.push_str("\nOn the program below, your collector panics.\n"),
        Some(got) => {
            report.push_str("\nWhere they differ (- expected, + yours; the steps around it):\n");
            let want = want.join("\n") + "\n";
            let got = got.join("\n") + "\n";
            let diff = similar::TextDiff::from_lines(&want, &got);
            for (number, group) in diff.grouped_ops(3).iter().enumerate() {
                if number > 0 {
                    report.push_str("  …\n");
                }
                for op in group {
                    for change in diff.iter_changes(op) {
                        let sign = match change.tag() {
                            similar::ChangeTag::Delete => '-',
                            similar::ChangeTag::Insert => '+',
                            similar::ChangeTag::Equal => ' ',
                        };
                        let _ = write!(report, "{sign}{change}");
                    }
                }
            }
        }
    }
    let _ = writeln!(
        report,
        "\nThe shortest program that still differs ({} steps):",
        steps.len()
    );
    for (number, step) in steps.iter().enumerate() {
        let _ = writeln!(report, "{:>3}. {step}", number + 1);
    }
    report
}

/// The transcript line a generational collector shows after every step: its counts and its
/// per-generation stats, as `gc.get_count()` and `gc.get_stats()` would print them.
pub fn counts_line(count: [usize; 3], stats: [(usize, usize, usize); 3]) -> String {
    let stats: Vec<String> = stats
        .iter()
        .map(|(collections, collected, uncollectable)| {
            format!("{collections}/{collected}/{uncollectable}")
        })
        .collect();
    format!(
        "count=({}, {}, {})  stats (collections/collected/uncollectable)=[{}]",
        count[0],
        count[1],
        count[2],
        stats.join(", ")
    )
}

/// refgc, the grader's reference collector, as a [`Collector`].
#[derive(Debug)]
pub struct Refgc {
    /// The collector itself, for settings (thresholds, enable, stress).
    pub gc: refgc::Gc,
    /// Whether the transcript shows [`counts_line`] after every step, and each generation's
    /// objects in list order (`gc.get_objects(g)`) after every collection and at the end.
    pub show_counts: bool,
}

impl Refgc {
    /// A fresh refgc with automatic collection disabled (a learner's plain heap has none).
    pub fn manual() -> Self {
        let mut gc = refgc::Gc::new();
        gc.disable();
        Self {
            gc,
            show_counts: false,
        }
    }

    /// A fresh refgc collecting automatically on `threshold`, showing its counts and stats
    /// after every step; in stress mode when `stress` is set.
    pub fn automatic(threshold: [usize; 3], stress: bool) -> Self {
        let mut gc = refgc::Gc::new();
        gc.set_threshold(threshold);
        gc.set_debug_stress(stress);
        Self {
            gc,
            show_counts: true,
        }
    }
}

impl Collector for Refgc {
    type Id = refgc::ObjId;

    fn new_object(&mut self) -> Self::Id {
        self.gc.alloc(refgc::NodeSpec::named(""))
    }

    fn incref(&mut self, id: Self::Id) {
        self.gc.incref(id).expect("a held object is alive");
    }

    fn decref(&mut self, id: Self::Id) {
        self.gc.decref(id).expect("the program held this reference");
    }

    fn add_ref(&mut self, from: Self::Id, to: Self::Id) {
        self.gc.add_ref(from, to).expect("held objects are alive");
    }

    fn remove_ref_at(&mut self, from: Self::Id, index: usize) {
        self.gc
            .remove_ref_at(from, index)
            .expect("the program knows the reference exists");
    }

    fn collect(&mut self, generation: u8) -> usize {
        self.gc
            .collect(usize::from(generation))
            .expect("a valid generation")
    }

    fn is_alive(&self, id: Self::Id) -> bool {
        self.gc.is_alive(id)
    }

    fn new_finalized(&mut self, finalizer: Finalizer<Self::Id>) -> Self::Id {
        let action = match finalizer {
            Finalizer::Nothing => refgc::Action::Nothing,
            Finalizer::Resurrect => refgc::Action::Resurrect,
            Finalizer::StoreSelfIn(holder) => refgc::Action::StoreSelfIn(holder),
            Finalizer::Collect => refgc::Action::Collect,
        };
        self.gc
            .alloc(refgc::NodeSpec::named("").with_finalizer(action))
    }

    fn new_weakref(&mut self, target: Self::Id, callback: bool) -> Self::Id {
        self.gc
            .new_weakref("", target, callback)
            .expect("the target is a live node")
    }

    fn weakref_target(&self, weak: Self::Id) -> Option<Self::Id> {
        self.gc.weakref_target(weak).expect("a live weak reference")
    }

    fn new_legacy(&mut self) -> Self::Id {
        self.gc
            .alloc(refgc::NodeSpec::named("").with_legacy_finalizer())
    }

    fn freeze(&mut self, freeze: bool) -> usize {
        if freeze {
            self.gc.freeze();
        } else {
            self.gc.unfreeze();
        }
        self.gc.get_freeze_count()
    }

    fn set_save_all(&mut self, on: bool) {
        self.gc.set_save_all(on);
    }

    fn clear_garbage(&mut self) {
        self.gc.clear_garbage();
    }

    fn garbage(&self) -> Vec<Self::Id> {
        self.gc.garbage().to_vec()
    }

    fn take_events(&mut self) -> Vec<Seen<Self::Id>> {
        self.gc
            .take_events()
            .into_iter()
            .filter_map(|event| match event {
                refgc::Event::Finalized(id) => Some(Seen::Finalized(id)),
                refgc::Event::Resurrected(id) => Some(Seen::Resurrected(id)),
                refgc::Event::CollectInFinalizer(n) => Some(Seen::CollectInFinalizer(n)),
                refgc::Event::WeakCallback(id) => Some(Seen::WeakCallback(id)),
                refgc::Event::LegacyFinalized(id) => Some(Seen::LegacyFinalized(id)),
                _ => None,
            })
            .collect()
    }

    fn generations(&self) -> Option<[Vec<Self::Id>; 3]> {
        self.show_counts.then(|| {
            [0, 1, 2].map(|g| {
                self.gc
                    .generation_objects(g)
                    .expect("generations 0 to 2 exist")
            })
        })
    }

    fn observe(&self, lines: &mut Vec<String>) {
        if self.show_counts {
            let stats = self
                .gc
                .get_stats()
                .map(|s| (s.collections, s.collected, s.uncollectable));
            lines.push(counts_line(self.gc.get_count(), stats));
        }
    }
}

/// The plainest possible oracle: objects with edges and program references; a full collection
/// frees exactly what the program cannot reach. It knows nothing of generations, so it only
/// answers `collect(2)`.
#[derive(Debug, Default)]
pub struct Reachability {
    held: HashMap<usize, usize>,
    refs: Vec<Vec<usize>>,
    alive: Vec<bool>,
}

impl Collector for Reachability {
    type Id = usize;

    fn new_object(&mut self) -> usize {
        self.refs.push(Vec::new());
        self.alive.push(true);
        let id = self.refs.len() - 1;
        self.held.insert(id, 1);
        id
    }

    fn incref(&mut self, id: usize) {
        *self.held.entry(id).or_insert(0) += 1;
    }

    fn decref(&mut self, id: usize) {
        let count = self.held.get_mut(&id).expect("the program held it");
        *count -= 1;
        if *count == 0 {
            self.held.remove(&id);
        }
        self.free_unreachable_acyclic();
    }

    fn add_ref(&mut self, from: usize, to: usize) {
        self.refs[from].push(to);
    }

    fn remove_ref_at(&mut self, from: usize, index: usize) {
        self.refs[from].remove(index);
        self.free_unreachable_acyclic();
    }

    fn collect(&mut self, generation: u8) -> usize {
        assert_eq!(
            generation, 2,
            "the reachability oracle only knows full collections"
        );
        let reachable = self.reachable();
        let mut found = 0;
        for (alive, reachable) in self.alive.iter_mut().zip(reachable) {
            if *alive && !reachable {
                *alive = false;
                found += 1;
            }
        }
        found
    }

    fn is_alive(&self, id: usize) -> bool {
        self.alive[id]
    }
}

impl Reachability {
    fn reachable(&self) -> Vec<bool> {
        let mut seen = vec![false; self.alive.len()];
        let mut work: Vec<usize> = self.held.keys().copied().collect();
        while let Some(id) = work.pop() {
            if !seen[id] {
                seen[id] = true;
                work.extend(self.refs[id].iter().copied());
            }
        }
        seen
    }

    /// Refcounting's part: what no live object and no handle refers to is freed at once. An
    /// object outside every cycle dies this way; only cyclic garbage waits for a collection.
    fn free_unreachable_acyclic(&mut self) {
        loop {
            let mut referenced = vec![false; self.alive.len()];
            for id in 0..self.alive.len() {
                if self.alive[id] {
                    for &to in &self.refs[id] {
                        referenced[to] = true;
                    }
                }
            }
            let dead: Vec<usize> = (0..self.alive.len())
                .filter(|&id| self.alive[id] && !referenced[id] && !self.held.contains_key(&id))
                .collect();
            if dead.is_empty() {
                return;
            }
            for id in dead {
                self.alive[id] = false;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_subsequence_of_a_program_resolves() {
        let program = random_program(7, 300, &Mix::default());
        for skip in 0..program.len() {
            let shorter: Vec<Op> = program
                .iter()
                .enumerate()
                .filter(|&(i, _)| i != skip)
                .map(|(_, op)| *op)
                .collect();
            resolve(&shorter);
        }
    }

    #[test]
    fn refgc_agrees_with_the_oracle_on_full_collections() {
        for seed in 0..20 {
            let steps = resolve(&random_program(seed, 400, &Mix::default()));
            assert_eq!(
                transcript(Refgc::manual(), &steps),
                transcript(Reachability::default(), &steps),
                "seed {seed}"
            );
        }
    }

    #[test]
    fn refgc_runs_random_programs_with_finalizers_in_every_mode() {
        // The expected side of every replay: it must never fail on a valid program (a
        // finalizer's collection inside a deallocation once tripped it).
        let mix = Mix {
            weights: [6, 1, 5, 6, 2, 1, 2, 2, 1, 1, 1],
            generations: vec![0, 1, 2],
        };
        for seed in 0..40 {
            let steps = resolve(&random_program(seed, 600, &mix));
            for stress in [false, true] {
                let lines = transcript(Refgc::automatic([3, 2, 2], stress), &steps);
                assert_eq!(lines.len(), steps.len(), "seed {seed}");
            }
        }
    }

    #[test]
    fn shrinking_finds_a_shortest_failing_program() {
        // "Fails" when the program has at least two New and one Collect.
        let program = random_program(3, 200, &Mix::default());
        let fails = |p: &[Op]| {
            p.iter().filter(|op| **op == Op::New).count() >= 2
                && p.iter().any(|op| matches!(op, Op::Collect(_)))
        };
        assert!(fails(&program));
        let shortest = shrink(&program, fails);
        assert_eq!(shortest.len(), 3, "{shortest:?}");
    }
}
