//! Turns a scenario into the equivalent Python program, which prints the same lines on CPython
//! 3.11 as [`crate::scenario::replay`] does on `refgc`.
//!
//! The program's own work (printing a count, the statistics, referents…) must leave CPython's
//! collector exactly where the scenario's operations put it. CPython counts every allocation
//! of an object of a collected type — tuples, lists, dicts, bound methods, weakrefs — in
//! `count[0]`, tracked or not, may collect on any of them, and empties its free lists at the
//! end of every full collection, subtracting one from `count[0]` (never below zero) for each
//! object parked there. So the program:
//! - holds its variables in `R`, a dict of boxes (`_testcapi.ContainerNoGC`) the collector
//!   does not know: `R` is never tracked, and a held object counts as referenced from outside,
//!   as the program's references are in refgc, even after `unfreeze` thaws the program's own
//!   objects into generation 2;
//! - defines every helper before `gc.freeze()`, so the collector never sees them; the setup
//!   warms them up (first calls fill caches), collects, makes the spare nodes, freezes, and
//!   collects once more with everything frozen, so the scenario starts with `count` at 0 and
//!   the long-lived bookkeeping at 0. Statistics are printed relative to that point;
//! - makes a node one container: a `list` subclass with `__slots__ = ('name', '__weakref__')`;
//!   a legacy node's class has its own `__tp_del__`, a static method (a plain method would be
//!   looked up as a new bound method, a container, in the middle of the deallocation);
//! - allocates no container of its own in the scenario's statements and finalizers: strings
//!   are f-strings of strings and ints (a bool in an f-string calls `__format__` through a new
//!   bound method), loops run over `range` (its iterator is not a container);
//! - keeps tuples parked in CPython's free lists (`park()`; sizes 1 to 3 for argument tuples and
//!   `gc.get_count()`, and 2 × k for `PyObject_ClearWeakRefs` on an object with k weakrefs),
//!   so that the tuples CPython makes for itself are taken from there and given back, and count
//!   nothing. A callback that is always in `gc.callbacks` takes them out before each full
//!   collection (`unpark()`: it would free them, and take them off `count[0]`) and parks them
//!   again after it. It keeps the dict each callback call gets (never on a free list) and
//!   frees a spare for the one of "stop"; it prints only while the scenario's `callbacks` is on;
//! - wraps the work that allocates containers (`gc.get_stats()` a list of dicts,
//!   `get_referents` a list…) in `hold()` / `release()`: automatic collection is off in
//!   between, what it allocated is kept for good (in `KEPT`, off the free lists), and
//!   `release()` frees as many spare nodes, allocated and frozen by the setup, as it allocated:
//!   each takes one back from `count[0]`, which is at least that high, so the count is exactly
//!   what it was;
//! - counts, in `freeze_count`, only the scenario's objects: the setup's frozen objects (less
//!   the spares used) and the kept ones a later `freeze` took are subtracted.
//!
//! What stays different: kept lists (from `stats`, `referents`, `referrers`) are tracked, so
//! they are survivors of the collections that see them, and after `unfreeze` all of the
//! program's own objects are in generation 2: both change CPython's long-lived bookkeeping
//! (when it collects generation 2 by itself); 15,000 random scenarios did not show it.
//! [`to_python`] refuses `freeze_count` after `unfreeze` and a later `freeze` (CPython would
//! count its own objects).

use std::fmt::Write as _;

use crate::scenario::{Behaviour, Op, ScenarioError};

/// The Python program for `ops`, or why the scenario cannot be checked on CPython.
pub fn to_python(ops: &[Op]) -> Result<String, ScenarioError> {
    let mut program = Program::new();
    for (index, op) in ops.iter().enumerate() {
        program.emit(op).map_err(|message| ScenarioError {
            line: index + 1,
            message,
        })?;
    }
    Ok(program.finish(ops))
}

/// The Python program being written, and what the emitter knows of CPython's state at the
/// point reached.
struct Program {
    /// Definitions that go before the setup (and so are frozen with it): one function per
    /// finalizer action.
    head: String,
    /// The scenario's statements.
    body: String,
    /// Whether the scenario called `unfreeze` (the program's own objects are in generation 2).
    unfrozen: bool,
    /// Whether a `freeze` followed an `unfreeze` (the program's own objects are frozen again,
    /// in a number refgc cannot know).
    refrozen: bool,
    /// How many finalizer action functions `head` defines.
    finalizer_count: usize,
}

impl Program {
    fn new() -> Self {
        Self {
            head: String::from(PRELUDE),
            body: String::new(),
            unfrozen: false,
            refrozen: false,
            finalizer_count: 0,
        }
    }

    /// The whole program: the prelude and finalizer actions, the setup, the scenario, the
    /// epilogue that prints what it recorded.
    fn finish(self, ops: &[Op]) -> String {
        let sizes = parked_sizes(ops);
        let spares = spares_needed(ops, sizes.len());
        let sizes: Vec<String> = sizes.iter().map(usize::to_string).collect();
        format!(
            "{}SIZES = [{}]\nSPARES = {spares}\n{SETUP}{}{EPILOGUE}",
            self.head,
            sizes.join(", "),
            self.body
        )
    }

    /// Appends one statement (or several lines) to the scenario's body.
    fn statement(&mut self, code: &str) {
        self.body.push_str(code);
        self.body.push('\n');
    }

    /// Writes the Python for `op`; the error says why CPython could not check it.
    fn emit(&mut self, op: &Op) -> Result<(), String> {
        match op {
            Op::New {
                name,
                finalizer,
                legacy,
            } => self.new_node(name, finalizer.as_ref(), *legacy),
            Op::Weak {
                name,
                target,
                callback,
            } => self.statement(&format!(
                "weak({}, {}, {})",
                quote(name),
                quote(target),
                python_bool(*callback)
            )),
            Op::Ref(from, to) => {
                self.statement(&format!("V({}).append(V({}))", quote(from), quote(to)));
            }
            Op::Unref(from, to) => {
                self.statement(&format!("unref(V({}), {})", quote(from), quote(to)));
            }
            Op::Drop(name) => self.statement(&format!("del R[{}]", quote(name))),
            Op::Collect(generation) => self.statement(&format!(
                "OUT.append(f'collect {generation} -> {{gc.collect({generation})}}')"
            )),
            Op::Count => self.statement("probe()"),
            Op::Stats => self.statement("stats()"),
            Op::Garbage => self.statement("show_garbage()"),
            Op::ClearGarbage => self.statement("gc.garbage.clear()"),
            Op::Get(name) => self.statement(&format!("get({})", quote(name))),
            Op::Finalized(name) => self.statement(&format!("finalized({})", quote(name))),
            Op::Tracked(name) => self.statement(&format!("tracked({})", quote(name))),
            Op::Referents(name) => {
                self.statement(&format!("show_referents({})", quote(name)));
            }
            Op::Referrers(name) => {
                self.statement(&format!("show_referrers({})", quote(name)));
            }
            Op::Enable => self.statement("gc.enable()"),
            Op::Disable => self.statement("gc.disable()"),
            Op::Threshold([t0, t1, t2]) => {
                self.statement(&format!("gc.set_threshold({t0}, {t1}, {t2})"));
            }
            Op::Freeze => {
                self.refrozen |= self.unfrozen;
                self.statement("freeze()");
            }
            Op::Unfreeze => {
                self.statement("unfreeze()");
                self.unfrozen = true;
            }
            Op::FreezeCount => {
                if self.refrozen {
                    return Err(
                        "`freeze_count` after `unfreeze` and `freeze`: CPython froze its \
                                own objects too, how many refgc cannot know"
                            .into(),
                    );
                }
                self.statement("freeze_count()");
            }
            Op::SaveAll(on) => {
                let flag = if *on { "gc.DEBUG_SAVEALL" } else { "0" };
                self.statement(&format!("gc.set_debug({flag})"));
            }
            Op::Callbacks(on) => self.statement(&format!("callbacks({})", python_bool(*on))),
        }
        Ok(())
    }

    /// `new NAME …`: an instance of the node class with the finalizers asked for; a `__del__`'s
    /// action is a function defined in the head, looked up by the node's name.
    fn new_node(&mut self, name: &str, finalizer: Option<&Behaviour>, legacy: bool) {
        let base = if finalizer.is_some() { "Fin" } else { "Node" };
        if let Some(behaviour) = finalizer {
            self.define_finalizer_action(name, behaviour);
        }
        let class = if legacy {
            self.define_legacy_class(name, base)
        } else {
            base.to_string()
        };
        self.statement(&format!("R[{q}] = Box(mk({class}, {q}))", q = quote(name)));
    }

    /// A class of its own for the legacy node `name`: its `__tp_del__` is a static method that
    /// knows the name, because `_testcapi`'s `slot_tp_del` looks the method up on the object,
    /// and a function would become a new bound method there: a container CPython counts (and
    /// may collect on) in the middle of the deallocation, which refgc does not model.
    fn define_legacy_class(&mut self, name: &str, base: &str) -> String {
        self.finalizer_count += 1;
        let class = format!("Legacy{}", self.finalizer_count);
        let _ = writeln!(
            self.head,
            "@with_tp_del\nclass {class}({base}):\n    __slots__ = ()\n    \
             __tp_del__ = staticmethod(lambda: OUT.append({}))\n\n",
            quote(&format!("tp_del {name}"))
        );
        class
    }

    /// Defines `actN(self)`, what the `__del__` of the node `name` does, and registers it.
    fn define_finalizer_action(&mut self, name: &str, behaviour: &Behaviour) {
        self.finalizer_count += 1;
        let function = format!("act{}", self.finalizer_count);
        let _ = writeln!(self.head, "def {function}(self):");
        self.head.push_str(&action_code(behaviour, name));
        let _ = writeln!(self.head, "ACT[{}] = {function}", quote(name));
    }
}

/// The sizes of the tuples parked in CPython's free lists: argument tuples (1 to 3 items),
/// and the tuple of 2 × k items `PyObject_ClearWeakRefs` makes for an object with k ≥ 2
/// weakrefs (CPython keeps free lists up to 19 items; a bigger tuple is freed, not parked).
fn parked_sizes(ops: &[Op]) -> Vec<usize> {
    let weakrefs = ops
        .iter()
        .filter(|op| matches!(op, Op::Weak { .. }))
        .count();
    let mut sizes = vec![1, 2, 3];
    sizes.extend((2..=weakrefs).map(|k| 2 * k).filter(|&size| size < 20));
    sizes.dedup();
    sizes
}

/// Spare nodes the program may free: 2 per parked size and one more for each collection (for
/// the dict of its "stop" callback), at most one collection per operation, allocation and
/// finalizer; four per `stats`, one per `referents` and `referrers`.
fn spares_needed(ops: &[Op], parked_sizes: usize) -> usize {
    let collections: usize = ops
        .iter()
        .map(|op| match op {
            Op::New {
                finalizer: Some(Behaviour::Garbage(size)),
                ..
            } => 2 + size,
            Op::New { .. } => 2,
            _ => 1,
        })
        .sum();
    let probes: usize = ops
        .iter()
        .map(|op| match op {
            Op::Stats => 4,
            Op::Referents(_) | Op::Referrers(_) => 1,
            _ => 0,
        })
        .sum();
    64 + (collections + 1) * (2 * parked_sizes + 1) + probes
}

/// The body of a finalizer action function: what a `__del__` with `behaviour` does to the node
/// `name`.
fn action_code(behaviour: &Behaviour, name: &str) -> String {
    match behaviour {
        Behaviour::Nothing => "    pass\n".to_string(),
        Behaviour::Resurrect => format!("    R[{}] = Box(self)\n", quote(name)),
        Behaviour::StoreSelfIn(holder) => format!("    V({}).append(self)\n", quote(holder)),
        Behaviour::StoreFirstIn(holder) => {
            format!(
                "    if len(self):\n        V({}).append(self[0])\n",
                quote(holder)
            )
        }
        Behaviour::Garbage(size) => {
            let mut code = String::new();
            for i in 0..*size {
                let _ = writeln!(
                    code,
                    "    g{i} = mk(Node, {})",
                    quote(&format!("{name}_g{i}"))
                );
            }
            for i in 0..*size {
                let _ = writeln!(code, "    g{i}.append(g{})", (i + 1) % size);
            }
            if *size == 0 {
                code.push_str("    pass\n");
            }
            code
        }
        Behaviour::Collect => "    OUT.append(f'collect in del -> {gc.collect()}')\n".to_string(),
    }
}

/// `True` or `False`.
fn python_bool(value: bool) -> &'static str {
    if value { "True" } else { "False" }
}

/// A Python string literal for `text`.
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\'"))
}

const PRELUDE: &str = r#"# Generated by refgc from a scenario: the same operations on CPython's collector.
import gc
import sys
import weakref
from _testcapi import ContainerNoGC as Box, with_tp_del

if sys.version_info < (3, 11):
    sys.exit("this scenario needs CPython 3.11 or newer")

OUT = []
# The program's variables: name -> a box holding the object. A box is not a container the
# collector knows, so R is never tracked and holds the objects as from outside, as the
# program's references are in refgc: even after `unfreeze` brings the program's own objects
# into the collections.
R = {}
WN = {}
ACT = {}
KEEP = []   # the program's own objects, kept so that none reaches a free list
KEPT = []   # those kept since the last freeze
SPARE = []  # frozen nodes, each freed to take one back from count[0]
HOLD = [False, 0]  # automatic collection on, count[0] before the program's own work
FROZEN = [0, 0, False]  # the program's objects frozen: by the setup (less the spares), by later
# freezes; whether the scenario unfroze them
X = 0  # a name, so that (X,) is built at run time
PAD = (0,)  # PAD * n: a new tuple of n items
PARKED = 2  # tuples of each size parked in the free lists
CB = [False]  # the scenario's `callbacks on`
PARKING = []


class Node(list):
    __slots__ = ('name', '__weakref__')


class Fin(Node):
    __slots__ = ()

    def __del__(self):
        OUT.append(f'del {self.name}')
        act = ACT.get(self.name)
        if act is not None:
            act(self)


@with_tp_del
class Legacy(Node):
    __slots__ = ()
    __tp_del__ = staticmethod(lambda: OUT.append('tp_del _'))


def V(name):
    return R[name].value


def mk(cls, name):
    o = cls()
    o.name = name
    return o


def hold():
    # The program's own work starts: no automatic collection until release().
    HOLD[0] = gc.isenabled()
    gc.disable()
    c = gc.get_count()  # a parked tuple: nothing counted
    HOLD[1] = c[0]
    return c


def release():
    # Frees one spare per container allocated since hold(): count[0] is back where it was.
    c = gc.get_count()
    for _ in range(c[0] - HOLD[1]):
        SPARE.pop()
    del c
    if HOLD[0]:
        gc.enable()


def park():
    # PARKED tuples of each size in SIZES wait in CPython's free lists, so that a tuple CPython
    # makes for itself (an argument tuple, PyObject_ClearWeakRefs' list of callbacks) is
    # taken from there and given back, and counts nothing.
    for i in range(len(SIZES)):
        for _ in range(PARKED):
            PARKING.append(PAD * SIZES[i] if SIZES[i] > 1 else (X,))
    n = len(PARKING)
    PARKING.clear()  # each goes to its free list; count[0] keeps the +1 of each
    for _ in range(n):
        SPARE.pop()


def unpark():
    # Takes the parked tuples (and more) out of the free lists: a full collection empties
    # them at its end, one less in count[0] for each, which CPython's count would show.
    for i in range(len(SIZES)):
        for _ in range(PARKED + 2):
            KEPT.append(PAD * SIZES[i] if SIZES[i] > 1 else (X,))


def nm(o):
    if isinstance(o, Node):
        return o.name
    if isinstance(o, weakref.ref):
        return WN.get(id(o))
    return None


def cb(wr):
    OUT.append(f'callback {WN[id(wr)]}')


def gc_cb(phase, info):
    # Always in gc.callbacks: empties the free lists before a full collection, and parks
    # tuples again after it; prints what the scenario's `callbacks on` asks for.
    KEPT.append(info)  # a new dict each time, never on the free list
    full = info['generation'] == 2
    if phase == 'start':
        if full:
            unpark()
        if CB[0]:
            OUT.append(f"gc start {info['generation']}")
    else:
        if full:
            park()
        if CB[0]:
            OUT.append(f"gc stop {info['generation']} collected={info['collected']}"
                       f" uncollectable={info['uncollectable']}")
        SPARE.pop()  # what the dict added to count[0] after the collection


def callbacks(on):
    CB[0] = on


def weak(name, target, callback):
    if callback:
        w = weakref.ref(V(target), cb)
    else:
        w = weakref.ref(V(target))
    if sys.getrefcount(w) == 2:
        # A new weakref (not the basic one CPython shares, named when it was made).
        WN[id(w)] = name
    R[name] = Box(w)


def unref(a, name):
    for i in range(len(a)):
        if nm(a[i]) == name:
            del a[i]
            return
    raise ValueError('no such reference')


def probe():
    c = gc.get_count()  # a parked tuple: nothing counted
    OUT.append(f'count {c[0]} {c[1]} {c[2]}')


def stats():
    hold()
    s = gc.get_stats()
    KEPT.append(s)
    line = 'stats'
    for g in range(3):
        d = s[g]
        line = (f"{line} {d['collections'] - BASE[3 * g]}/{d['collected'] - BASE[3 * g + 1]}"
                f"/{d['uncollectable'] - BASE[3 * g + 2]}")
    OUT.append(line)
    release()


def names(objects):
    line = ''
    for i in range(len(objects)):
        name = nm(objects[i])
        if name is not None:
            line = f'{line}, {name}' if line else name
    return f'[{line}]'


def show_garbage():
    hold()
    OUT.append(f'garbage {names(gc.garbage)}')
    release()


def show_referents(name):
    hold()
    found = gc.get_referents(V(name))
    KEPT.append(found)
    OUT.append(f'referents {name} {names(found)}')
    found.clear()
    release()


def show_referrers(name):
    hold()
    found = gc.get_referrers(V(name))
    KEPT.append(found)
    OUT.append(f'referrers {name} {names(found)}')
    found.clear()
    release()


def py_bool(value):
    # f'{True}' calls bool.__format__ through a new bound method: a container, counted.
    return 'True' if value else 'False'


def finalized(name):
    hold()
    OUT.append(f'finalized {name} {py_bool(gc.is_finalized(V(name)))}')
    release()


def tracked(name):
    hold()
    OUT.append(f'tracked {name} {py_bool(gc.is_tracked(V(name)))}')
    release()


def get(name):
    hold()
    target = V(name)()
    OUT.append(f"get {name} -> {'None' if target is None else target.name}")
    del target
    release()


def freeze():
    # The kept objects still tracked are frozen too: not the scenario's.
    n = 0
    for i in range(len(KEPT)):
        if gc.is_tracked(KEPT[i]):
            n = n + 1
    KEEP.extend(KEPT)
    KEPT.clear()
    FROZEN[1] = FROZEN[1] + n
    gc.freeze()


def unfreeze():
    gc.unfreeze()
    FROZEN[2] = True


def freeze_count():
    own = 0 if FROZEN[2] else FROZEN[0] + len(SPARE) + FROZEN[1]
    OUT.append(f'freeze_count {gc.get_freeze_count() - own}')


"#;

const SETUP: &str = r#"
gc.disable()
# Warm up: first calls fill caches. Then a collection empties the free lists they used, the
# spares are topped up, and a freeze hides it all and sets the counts to 0.
for _i in range(SPARES):
    SPARE.append(mk(Node, '_'))
gc.callbacks.append(gc_cb)
callbacks(True)
gc.collect()
callbacks(False)
BASE = [0] * 9
probe()
gc.set_threshold(700, 10, 10)
stats()
show_garbage()
R['_'] = Box(mk(Node, '_'))
V('_').append(mk(Node, '_'))
V('_').append(mk(Fin, '_'))
show_referents('_')
show_referrers('_')
R['_n'] = Box(V('_')[0])
weak('_w', '_n', True)
weak('_v', '_n', False)
del R['_n']
get('_w')
unref(V('_'), '_')
unref(V('_'), '_')
get('_w')
del R['_w']
del R['_v']
V('_').append(mk(Legacy, '_'))
del V('_')[0]
del R['_']
freeze_count()
OUT.clear()
WN.clear()
KEEP.clear()
KEPT.clear()
HOLD[1] = 0
gc.collect()
for _i in range(SPARES - len(SPARE)):
    SPARE.append(mk(Node, '_'))
del _i
# A full collection with everything frozen: no survivors, so the long-lived bookkeeping
# (long_lived_total, long_lived_pending) starts from zero, as refgc's.
gc.freeze()
gc.collect()
BASE.clear()
_s = gc.get_stats()
for _g in range(3):
    BASE.append(_s[_g]['collections'])
    BASE.append(_s[_g]['collected'])
    BASE.append(_s[_g]['uncollectable'])
KEEP.append(_s)
del _s, _g
gc.freeze()
FROZEN[0] = gc.get_freeze_count() - len(SPARE)
# --- the scenario ---
"#;

const EPILOGUE: &str = r#"# --- end ---
gc.disable()  # printing allocates: no collection may run (and print) any more
sys.stdout.write(''.join(line + '\n' for line in OUT))
"#;
