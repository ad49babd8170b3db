//! `cargo run --release -p refgc --bin refgc-bench`: each workload on refgc and on CPython
//! (`python3`), in the same run, with the same object graph and the same collection schedule.
//! Times are the time spent inside collections on each side (CPython: around `gc.collect()`, or
//! between the "start" and "stop" callbacks for automatic collections). One line per workload:
//!
//! `NAME refgc_ms=… cpython_ms=… speedup=… collected_refgc=… collected_cpython=… runs=…`
//!
//! (each time the fastest of the runs on that side: [`REPEAT`], or more for a workload whose refgc
//! runs are short, see [`MIN_REFGC_MS`]). The runs of the two sides alternate, one CPython run
//! then one refgc run or the other way round, so that a machine that speeds up or slows down
//! during the benchmark (a shared one does) moves both sides alike instead of the ratio.
//!
//! and a last line `young … gen0_old_ratio=…`: the time of a young collection with 1,000,000
//! old objects over the time with 1,000 (refgc).

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use refgc::{Gc, NodeSpec, ObjId, SplitMix64};

/// One measured run: milliseconds in collection, objects collected.
#[derive(Debug, Clone, Copy)]
struct Measure {
    ms: f64,
    collected: usize,
}

fn node(gc: &mut Gc) -> ObjId {
    gc.alloc(NodeSpec::named(""))
}

fn finish(gc: &Gc, before: usize) -> Measure {
    let collected: usize = gc.get_stats().iter().map(|s| s.collected).sum::<usize>() - before;
    Measure {
        ms: gc.collection_time().as_secs_f64() * 1000.0,
        collected,
    }
}

/// pyperformance `create_gc_cycles`: 100 rings of 21 nodes (next, prev), then a full collect.
fn w1_rings() -> Measure {
    let mut gc = Gc::new();
    gc.disable();
    for _ in 0..100 {
        let ring: Vec<ObjId> = (0..21).map(|_| node(&mut gc)).collect();
        for i in 0..21 {
            gc.add_ref(ring[i], ring[(i + 1) % 21]).unwrap();
            gc.add_ref(ring[i], ring[(i + 20) % 21]).unwrap();
        }
        for id in ring {
            gc.decref(id).unwrap();
        }
    }
    gc.collect(2).unwrap();
    finish(&gc, 0)
}

/// pyperformance `gc_traversal`: list k holds k references to list k-1; a full collect of
/// live data.
fn w2_traversal() -> Measure {
    let mut gc = Gc::new();
    gc.disable();
    let mut previous = node(&mut gc);
    let mut levels = vec![previous];
    for k in 1..1000 {
        let level = node(&mut gc);
        for _ in 0..k {
            gc.add_ref(level, previous).unwrap();
        }
        levels.push(level);
        previous = level;
    }
    gc.collect(2).unwrap();
    finish(&gc, 0)
}

/// Random multiref (the issue's W3): SplitMix64(12345), 50 nodes, 1,000,000 operations; a node
/// and its list of references are two containers, as in Python.
fn w3_random() -> Measure {
    let mut gc = Gc::new();
    gc.disable();
    let mut rng = SplitMix64::new(12345);
    // roots[i] = (node, its refs list)
    let mut roots: Vec<(ObjId, ObjId)> = Vec::new();
    let new_node = |gc: &mut Gc| {
        let node = node(gc);
        let list = gc.alloc(NodeSpec::named(""));
        gc.add_ref(node, list).unwrap();
        gc.decref(list).unwrap();
        (node, list)
    };
    for _ in 0..50 {
        let pair = new_node(&mut gc);
        roots.push(pair);
    }
    for _ in 0..1_000_000 {
        if roots.is_empty() {
            let pair = new_node(&mut gc);
            roots.push(pair);
            continue;
        }
        match rng.below(4) {
            0 => {
                let pair = new_node(&mut gc);
                roots.push(pair);
            }
            1 => {
                if roots.len() > 1 {
                    let from = rng.below(roots.len());
                    let to = rng.below(roots.len());
                    gc.add_ref(roots[from].1, roots[to].0).unwrap();
                }
            }
            2 => {
                let (node, _) = roots.swap_remove(rng.below(roots.len()));
                gc.decref(node).unwrap();
            }
            _ => {
                let from = rng.below(roots.len());
                let list = roots[from].1;
                let len = gc.get_referents(list).unwrap().len();
                if len > 0 {
                    gc.swap_remove_ref_at(list, rng.below(len)).unwrap();
                }
            }
        }
    }
    for (node, _) in roots {
        gc.decref(node).unwrap();
    }
    gc.collect(2).unwrap();
    finish(&gc, 0)
}

/// Boehm's GCBench (the issue's W4): stretch depth 16, long-lived depth 14, array 125,000,
/// depths 4..=14 step 2; collections on the default thresholds (700, 10, 10).
fn w4_gcbench() -> Measure {
    const STRETCH: u32 = 16;
    const LONG_LIVED: u32 = 14;
    fn tree_size(depth: u32) -> usize {
        (1 << (depth + 1)) - 1
    }
    fn populate(gc: &mut Gc, depth: u32, this: ObjId) {
        // Explicit stack of (depth, node): top-down, left before right, as the recursion.
        let mut work = vec![(depth, this)];
        while let Some((depth, this)) = work.pop() {
            if depth == 0 {
                continue;
            }
            let left = node(gc);
            gc.add_ref(this, left).unwrap();
            gc.decref(left).unwrap();
            let right = node(gc);
            gc.add_ref(this, right).unwrap();
            gc.decref(right).unwrap();
            work.push((depth - 1, right));
            work.push((depth - 1, left));
        }
    }
    fn make_tree(gc: &mut Gc, depth: u32) -> ObjId {
        if depth == 0 {
            return node(gc);
        }
        let left = make_tree(gc, depth - 1);
        let right = make_tree(gc, depth - 1);
        let this = node(gc);
        gc.add_ref(this, left).unwrap();
        gc.add_ref(this, right).unwrap();
        gc.decref(left).unwrap();
        gc.decref(right).unwrap();
        this
    }
    let mut gc = Gc::new();
    let stretch = make_tree(&mut gc, STRETCH);
    gc.decref(stretch).unwrap();
    let long_lived = node(&mut gc);
    populate(&mut gc, LONG_LIVED, long_lived);
    let array = node(&mut gc);
    for depth in (4..=14).step_by(2) {
        let iterations = 2 * tree_size(STRETCH) / tree_size(depth);
        for _ in 0..iterations {
            let temp = node(&mut gc);
            populate(&mut gc, depth, temp);
            gc.decref(temp).unwrap();
        }
        for _ in 0..iterations {
            let temp = make_tree(&mut gc, depth);
            gc.decref(temp).unwrap();
        }
    }
    let result = finish(&gc, 0);
    if std::env::var_os("REFGC_BENCH_ONLY").is_some() {
        eprintln!("w4 stats {:?}", gc.get_stats());
    }
    gc.decref(long_lived).unwrap();
    gc.decref(array).unwrap();
    result
}

/// Time of `collect(0)` over 100 rounds of 1,000 young objects, with `old` objects in the
/// oldest generation that the young ones refer to.
fn young_collection(old: usize) -> Duration {
    let mut gc = Gc::new();
    gc.disable();
    let olds: Vec<ObjId> = (0..old).map(|_| node(&mut gc)).collect();
    gc.collect(2).unwrap();
    let mut total = Duration::ZERO;
    for round in 0..100 {
        let young: Vec<ObjId> = (0..1000).map(|_| node(&mut gc)).collect();
        for (i, &y) in young.iter().enumerate() {
            gc.add_ref(y, olds[(i * 7919 + round) % olds.len()])
                .unwrap();
        }
        let started = Instant::now();
        gc.collect(0).unwrap();
        total += started.elapsed();
        for y in young {
            gc.decref(y).unwrap();
        }
    }
    total
}

/// (key in the Python output, name printed, the refgc side).
type Workload = (&'static str, &'static str, fn() -> Measure);

/// Runs per workload on each side, at least; the fastest is reported (the least disturbed by
/// the machine).
const REPEAT: usize = 5;

/// Both sides get more runs, up to [`MAX_ROUNDS`], until refgc's have taken this long in all: a
/// collection of 13 µs (W1) is moved by one interrupt or one wake-up of an idle core, so the
/// fastest of five can still be a disturbed one (one benchmark run in about twenty showed W1's
/// refgc time at 22 µs instead of 13).
const MIN_REFGC_MS: f64 = 5.0;

/// Runs per workload on each side, at most.
const MAX_ROUNDS: usize = 50;

const PYTHON: &str = r#"
import gc, sys, time
gc.disable()
gc.collect()
gc.freeze()

class Node(list):
    __slots__ = ()

def collected():
    return sum(s['collected'] for s in gc.get_stats())

def timed_collect():
    base = collected()
    t = time.perf_counter()
    gc.collect()
    ms = (time.perf_counter() - t) * 1000
    return ms, collected() - base

def w1():
    for _ in range(100):
        ring = [Node() for _ in range(21)]
        for i in range(21):
            ring[i].append(ring[(i + 1) % 21])
            ring[i].append(ring[(i + 20) % 21])
        del ring
    return timed_collect()

def w2():
    levels = [Node()]
    for k in range(1, 1000):
        level = Node()
        level.extend([levels[-1]] * k)
        levels.append(level)
    result = timed_collect()
    del levels
    return result

class N:
    __slots__ = ('refs',)
    def __init__(self):
        self.refs = []

class SplitMix64:
    def __init__(self, seed):
        self.state = seed
    def below(self, n):
        self.state = (self.state + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
        return (z ^ (z >> 31)) % n

def swap_remove(lst, i):
    last = lst.pop()
    if i < len(lst):
        value = lst[i]
        lst[i] = last
        return value
    return last

def w3():
    rng = SplitMix64(12345)
    roots = [N() for _ in range(50)]
    for _ in range(1000000):
        if not roots:
            roots.append(N())
            continue
        op = rng.below(4)
        if op == 0:
            roots.append(N())
        elif op == 1:
            if len(roots) > 1:
                src = rng.below(len(roots))
                dst = rng.below(len(roots))
                roots[src].refs.append(roots[dst])
        elif op == 2:
            swap_remove(roots, rng.below(len(roots)))
        else:
            src = rng.below(len(roots))
            refs = roots[src].refs
            if refs:
                swap_remove(refs, rng.below(len(refs)))
            refs = None  # a local would keep the last list (and what it reaches) alive
    del roots
    return timed_collect()

SPENT = [0.0, 0.0]

def w4_callback(phase, info):
    if phase == 'start':
        SPENT[1] = time.perf_counter()
    else:
        SPENT[0] += time.perf_counter() - SPENT[1]

def tree_size(d):
    return (1 << (d + 1)) - 1

def populate(depth, this):
    if depth <= 0:
        return
    depth -= 1
    left = Node()
    this.append(left)
    right = Node()
    this.append(right)
    populate(depth, left)
    populate(depth, right)

def make_tree(depth):
    if depth <= 0:
        return Node()
    left = make_tree(depth - 1)
    right = make_tree(depth - 1)
    this = Node()
    this.append(left)
    this.append(right)
    return this

def w4():
    SPENT[0] = 0.0  # each run counts its own collections only
    base = collected()
    gc.callbacks.append(w4_callback)
    gc.enable()
    temp = make_tree(16)
    temp = None
    long_lived = Node()
    populate(14, long_lived)
    array = Node()
    for depth in range(4, 15, 2):
        iterations = 2 * tree_size(16) // tree_size(depth)
        for _ in range(iterations):
            temp = Node()
            populate(depth, temp)
            temp = None
        for _ in range(iterations):
            temp = make_tree(depth)
            temp = None
    gc.disable()
    gc.callbacks.remove(w4_callback)
    return SPENT[0] * 1000, collected() - base

# One run per line read: the workload's name in, `name ms collected` out.
WORK = {'w1': w1, 'w2': w2, 'w3': w3, 'w4': w4}
for line in sys.stdin:
    name = line.strip()
    ms, found = WORK[name]()
    print(name, ms, found, flush=True)
"#;

/// The CPython side: one `python3` process that runs a workload each time it is asked.
struct Cpython {
    child: Child,
    requests: ChildStdin,
    answers: BufReader<ChildStdout>,
}

impl Cpython {
    fn start() -> Result<Self, String> {
        let mut child = Command::new("python3")
            .args(["-c", PYTHON])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|err| format!("cannot run python3: {err}"))?;
        let requests = child.stdin.take().ok_or("no stdin for python3")?;
        let answers = BufReader::new(child.stdout.take().ok_or("no stdout for python3")?);
        Ok(Self {
            child,
            requests,
            answers,
        })
    }

    /// One run of workload `key` (`w1`…`w4`).
    fn run(&mut self, key: &str) -> Result<Measure, String> {
        writeln!(self.requests, "{key}")
            .and_then(|()| self.requests.flush())
            .map_err(|err| format!("python3 stopped taking work: {err}"))?;
        let mut line = String::new();
        self.answers
            .read_line(&mut line)
            .map_err(|err| format!("cannot read python3's answer: {err}"))?;
        match line.split_whitespace().collect::<Vec<_>>().as_slice() {
            [name, ms, collected] if *name == key => Ok(Measure {
                ms: ms.parse().map_err(|_| format!("bad line {line:?}"))?,
                collected: collected
                    .parse()
                    .map_err(|_| format!("bad line {line:?}"))?,
            }),
            _ => Err(format!(
                "python3 answered {line:?} for {key} (its error is above)"
            )),
        }
    }
}

impl Drop for Cpython {
    fn drop(&mut self) {
        // Closing stdin ends its loop; kill in case it is stuck.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The fastest of a side's runs; the objects collected are the first run's.
fn fastest(runs: &[Measure]) -> Measure {
    Measure {
        ms: runs.iter().map(|m| m.ms).fold(f64::INFINITY, f64::min),
        collected: runs[0].collected,
    }
}

fn main() -> ExitCode {
    // For profiling one workload's refgc side alone: REFGC_BENCH_ONLY=w3 (repeated 20 times, or
    // REFGC_BENCH_RUNS times).
    if let Ok(only) = std::env::var("REFGC_BENCH_ONLY") {
        let work = match only.as_str() {
            "w1" => w1_rings,
            "w2" => w2_traversal,
            "w3" => w3_random,
            _ => w4_gcbench,
        };
        let runs: usize = std::env::var("REFGC_BENCH_RUNS")
            .ok()
            .and_then(|runs| runs.parse().ok())
            .filter(|&runs| runs > 0)
            .unwrap_or(20);
        let times: Vec<f64> = (0..runs).map(|_| work().ms).collect();
        println!(
            "{only} refgc_ms={:.3} (mean of {runs}) fastest_ms={:.3}",
            times.iter().sum::<f64>() / runs as f64,
            times.iter().copied().fold(f64::INFINITY, f64::min)
        );
        return ExitCode::SUCCESS;
    }
    let mut python = match Cpython::start() {
        Ok(python) => python,
        Err(err) => {
            eprintln!("error: the CPython side failed: {err}");
            return ExitCode::from(1);
        }
    };
    let workloads: [Workload; 4] = [
        ("w1", "W1_create_gc_cycles", w1_rings),
        ("w2", "W2_gc_traversal", w2_traversal),
        ("w3", "W3_random_multiref", w3_random),
        ("w4", "W4_gcbench", w4_gcbench),
    ];
    for (key, name, work) in workloads {
        let (mut ours, mut theirs) = (Vec::new(), Vec::new());
        for round in 0..MAX_ROUNDS {
            let spent: f64 = ours.iter().map(|measure: &Measure| measure.ms).sum();
            if round >= REPEAT && spent >= MIN_REFGC_MS {
                break;
            }
            // Alternate which side goes first.
            if round % 2 == 1 {
                ours.push(work());
            }
            match python.run(key) {
                Ok(measure) => theirs.push(measure),
                Err(err) => {
                    eprintln!("error: the CPython side failed: {err}");
                    return ExitCode::from(1);
                }
            }
            if round % 2 == 0 {
                ours.push(work());
            }
        }
        let runs = ours.len();
        let (ours, theirs) = (fastest(&ours), fastest(&theirs));
        println!(
            "{name} refgc_ms={:.3} cpython_ms={:.3} speedup={:.2} collected_refgc={} collected_cpython={} runs={runs}",
            ours.ms,
            theirs.ms,
            theirs.ms / ours.ms.max(1e-9),
            ours.collected,
            theirs.collected
        );
    }
    drop(python);
    let small = young_collection(1_000);
    let large = young_collection(1_000_000);
    println!(
        "young gen0_ms_old_1k={:.3} gen0_ms_old_1m={:.3} gen0_old_ratio={:.2}",
        small.as_secs_f64() * 1000.0,
        large.as_secs_f64() * 1000.0,
        large.as_secs_f64() / small.as_secs_f64().max(1e-12)
    );
    ExitCode::SUCCESS
}
