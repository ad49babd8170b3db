//! Turns a scenario into the equivalent Python program, which prints the same lines on CPython
//! 3.11 as [`crate::scenario::replay`] does on `refgc`.
//!
//! How the program keeps CPython's own objects out of the picture:
//! - every helper (classes, functions, the root dict, the output list) exists before
//!   `gc.freeze()`, so the collector never sees them; a final `gc.collect()` starts the
//!   long-lived bookkeeping from zero. Statistics are printed relative to that point;
//! - a node is one container: a `list` subclass with `__slots__ = ('name', '__weakref__')`;
//! - the scenario's code allocates no other container: strings are built by concatenation
//!   (no tuples), loops run over `range`;
//! - first calls of the helpers allocate once (caches, free lists): the program warms them up
//!   and freezes again, which sets `count[0]` back to 0;
//! - `gc.get_count()` returns a new 3-tuple unless the tuple free list has one, and CPython
//!   empties its free lists at every full collection (which, on 3.11.7, also leaves one
//!   container behind). The first probe after one therefore adds 1 to `count[0]` for good (the
//!   tuple goes to the free list, not back through the collector's count); the program
//!   subtracts what it added. Probes that allocate in ways the emitter cannot predict (`stats`,
//!   `referents`, `referrers`, and collections while `gc.callbacks` is on) must be followed by
//!   a collection before the next `count`; [`to_python`] refuses otherwise.

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
    Ok(program.finish())
}

/// The Python program being written, and what the emitter knows of CPython's state at the
/// point reached.
struct Program {
    /// Definitions that go before the setup (and so are frozen with it): one function per
    /// finalizer action.
    head: String,
    /// The scenario's statements.
    body: String,
    /// What `count[0]` holds beyond the model's value: 0 or 1, or unknown (None).
    noise: Option<usize>,
    /// Whether the tuple free list is empty (CPython empties it at every full collection).
    tuples_cold: bool,
    /// Whether `gc.callbacks` holds the program's callback.
    callbacks: bool,
    /// Whether the freeze count still includes what the setup froze (until `gc.unfreeze()`).
    frozen_base: bool,
    /// How many finalizer action functions `head` defines.
    finalizer_count: usize,
}

impl Program {
    fn new() -> Self {
        Self {
            head: String::from(PRELUDE),
            body: String::new(),
            noise: Some(0),
            tuples_cold: false,
            callbacks: false,
            frozen_base: true,
            finalizer_count: 0,
        }
    }

    /// The whole program: the prelude and finalizer actions, the setup, the scenario, the
    /// epilogue that prints what it recorded.
    fn finish(self) -> String {
        format!("{}{SETUP}{}{EPILOGUE}", self.head, self.body)
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
            } => self.new_weakref(name, target, *callback),
            Op::Ref(from, to) => {
                self.statement(&format!("R[{}].append(R[{}])", quote(from), quote(to)));
            }
            Op::Unref(from, to) => {
                self.statement(&format!("unref(R[{}], {})", quote(from), quote(to)));
            }
            Op::Drop(name) => self.statement(&format!("del R[{}]", quote(name))),
            Op::Collect(generation) => self.collect(*generation),
            Op::Count => return self.count(),
            Op::Stats => self.probe_hiding_allocations("stats()"),
            Op::Garbage => self.statement("show_garbage()"),
            Op::ClearGarbage => self.statement("gc.garbage.clear()"),
            Op::Get(name) => self.statement(&format!("get({})", quote(name))),
            Op::Finalized(name) => self.statement(&format!(
                "OUT.append('finalized {name} ' + str(gc.is_finalized(R[{}])))",
                quote(name)
            )),
            Op::Tracked(name) => self.statement(&format!(
                "OUT.append('tracked {name} ' + str(gc.is_tracked(R[{}])))",
                quote(name)
            )),
            Op::Referents(name) => {
                self.probe_hiding_allocations(&format!("show_referents({})", quote(name)));
            }
            Op::Referrers(name) => {
                self.probe_hiding_allocations(&format!("show_referrers({})", quote(name)));
            }
            Op::Enable => self.statement("gc.enable()"),
            Op::Disable => self.statement("gc.disable()"),
            Op::Threshold([t0, t1, t2]) => {
                self.statement(&format!("gc.set_threshold({t0}, {t1}, {t2})"));
            }
            Op::Freeze => self.statement("gc.freeze()"),
            Op::Unfreeze => {
                self.statement("gc.unfreeze()");
                self.frozen_base = false;
            }
            Op::FreezeCount => self.freeze_count(),
            Op::SaveAll(on) => {
                let flag = if *on { "gc.DEBUG_SAVEALL" } else { "0" };
                self.statement(&format!("gc.set_debug({flag})"));
            }
            Op::Callbacks(on) => self.set_callbacks(*on),
        }
        Ok(())
    }

    /// `new NAME …`: an instance of the node class with the finalizers asked for; a `__del__`'s
    /// action is a function defined in the head, looked up by the node's name.
    fn new_node(&mut self, name: &str, finalizer: Option<&Behaviour>, legacy: bool) {
        let class = match (finalizer.is_some(), legacy) {
            (false, false) => "Node",
            (true, false) => "Fin",
            (false, true) => "Legacy",
            (true, true) => "FinLegacy",
        };
        if let Some(behaviour) = finalizer {
            self.define_finalizer_action(name, behaviour);
        }
        self.statement(&format!("R[{q}] = mk({class}, {q})", q = quote(name)));
    }

    /// Defines `actN(self)`, what the `__del__` of the node `name` does, and registers it.
    fn define_finalizer_action(&mut self, name: &str, behaviour: &Behaviour) {
        self.finalizer_count += 1;
        let function = format!("act{}", self.finalizer_count);
        let _ = writeln!(self.head, "def {function}(self):");
        self.head.push_str(&action_code(behaviour, name));
        let _ = writeln!(self.head, "ACT[{}] = {function}", quote(name));
    }

    /// `weak NAME TARGET [callback]`: a weak reference, registered by id so its callback can
    /// print its name.
    fn new_weakref(&mut self, name: &str, target: &str, callback: bool) {
        let callback = if callback { ", cb" } else { "" };
        self.statement(&format!(
            "R[{n}] = weakref.ref(R[{t}]{callback})\nWN[id(R[{n}])] = {n}",
            n = quote(name),
            t = quote(target)
        ));
    }

    /// `collect G`, and what it does to `count[0]`'s noise and the tuple free list.
    fn collect(&mut self, generation: usize) {
        self.statement(&format!(
            "OUT.append('collect {generation} -> ' + str(gc.collect({generation})))"
        ));
        // A full collection leaves one more container behind in CPython (measured on 3.11.7)
        // and empties the tuple free list.
        let left_behind = usize::from(generation == 2);
        self.noise = if self.callbacks {
            None
        } else {
            Some(left_behind)
        };
        self.tuples_cold |= generation == 2;
    }

    /// `count`, corrected by the noise known at this point; refused when it is unknown. The
    /// first probe after a full collection leaves a tuple behind for good.
    fn count(&mut self) -> Result<(), String> {
        let Some(extra) = self.noise else {
            return Err(
                "`count` after an operation whose allocations CPython hides (stats, \
                        referents, referrers, callbacks): collect first"
                    .into(),
            );
        };
        self.statement(&format!("probe({extra})"));
        if self.tuples_cold {
            self.noise = Some(extra + 1);
            self.tuples_cold = false;
        }
        Ok(())
    }

    /// A probe that allocates in ways the emitter cannot predict: `count[0]` is unknown until
    /// the next collection.
    fn probe_hiding_allocations(&mut self, code: &str) {
        self.statement(code);
        self.noise = None;
    }

    /// `freeze_count`, not counting what the setup froze (unless the scenario unfroze it).
    fn freeze_count(&mut self) {
        let base = if self.frozen_base { "FROZEN" } else { "0" };
        self.statement(&format!(
            "OUT.append('freeze_count ' + str(gc.get_freeze_count() - {base}))"
        ));
    }

    /// `callbacks on|off`: while on, collections allocate what the emitter cannot predict.
    fn set_callbacks(&mut self, on: bool) {
        self.callbacks = on;
        let verb = if on { "append" } else { "remove" };
        self.statement(&format!("gc.callbacks.{verb}(gc_cb)"));
    }
}

/// The body of a finalizer action function: what a `__del__` with `behaviour` does to the node
/// `name`.
fn action_code(behaviour: &Behaviour, name: &str) -> String {
    match behaviour {
        Behaviour::Nothing => "    pass\n".to_string(),
        Behaviour::Resurrect => format!("    R[{}] = self\n", quote(name)),
        Behaviour::StoreSelfIn(holder) => format!("    R[{}].append(self)\n", quote(holder)),
        Behaviour::StoreFirstIn(holder) => {
            format!(
                "    if len(self):\n        R[{}].append(self[0])\n",
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
        Behaviour::Collect => {
            "    OUT.append('collect in del -> ' + str(gc.collect()))\n".to_string()
        }
    }
}

/// A Python string literal for `text`.
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\'"))
}

const PRELUDE: &str = r#"# Generated by refgc from a scenario: the same operations on CPython's collector.
import gc
import sys
import weakref
from _testcapi import with_tp_del

if sys.version_info < (3, 11):
    sys.exit("this scenario needs CPython 3.11 or newer")

OUT = []
R = {'_': []}  # tracked from the start, so frozen with the rest
WN = {}
ACT = {}


class Node(list):
    __slots__ = ('name', '__weakref__')


class Fin(Node):
    __slots__ = ()

    def __del__(self):
        OUT.append('del ' + self.name)
        act = ACT.get(self.name)
        if act is not None:
            act(self)


@with_tp_del
class Legacy(Node):
    __slots__ = ()

    def __tp_del__(self):
        OUT.append('tp_del ' + self.name)


@with_tp_del
class FinLegacy(Fin):
    __slots__ = ()

    def __tp_del__(self):
        OUT.append('tp_del ' + self.name)


def mk(cls, name):
    o = cls()
    o.name = name
    return o


def cb(wr):
    OUT.append('callback ' + WN[id(wr)])


def gc_cb(phase, info):
    if phase == 'start':
        OUT.append('gc start ' + str(info['generation']))
    else:
        OUT.append('gc stop ' + str(info['generation']) + ' collected=' + str(info['collected'])
                   + ' uncollectable=' + str(info['uncollectable']))


def unref(a, name):
    for i in range(len(a)):
        if a[i].name == name:
            del a[i]
            return
    raise ValueError('no such reference')


def probe(noise):
    c = gc.get_count()
    OUT.append('count ' + str(c[0] - noise) + ' ' + str(c[1]) + ' ' + str(c[2]))


def stats():
    s = gc.get_stats()
    line = 'stats'
    for g in range(3):
        line = (line + ' ' + str(s[g]['collections'] - BASE[3 * g])
                + '/' + str(s[g]['collected'] - BASE[3 * g + 1])
                + '/' + str(s[g]['uncollectable'] - BASE[3 * g + 2]))
    OUT.append(line)


def names(objects):
    line = ''
    for i in range(len(objects)):
        if isinstance(objects[i], Node):
            line = line + (', ' if line else '') + objects[i].name
    return '[' + line + ']'


def show_garbage():
    OUT.append('garbage ' + names(gc.garbage))


def show_referents(name):
    OUT.append('referents ' + name + ' ' + names(gc.get_referents(R[name])))


def show_referrers(name):
    OUT.append('referrers ' + name + ' ' + names(gc.get_referrers(R[name])))


def get(name):
    target = R[name]()
    OUT.append('get ' + name + ' -> ' + ('None' if target is None else target.name))


"#;

const SETUP: &str = r#"
gc.disable()
gc.collect()
BASE = [0] * 9
gc.freeze()
# Warm up: first calls allocate once (caches, free lists). A full collection with the
# callbacks on first (it empties the free lists), then everything else once; a second freeze
# hides what they left and sets count[0] back to 0.
gc.callbacks.append(gc_cb)
gc.collect()
gc.callbacks.remove(gc_cb)
probe(0)
stats()
show_garbage()
R['_'].append(mk(Node, '_'))
R['_'].append(mk(Fin, '_'))
show_referents('_')
show_referrers('_')
R['_w'] = weakref.ref(R['_'][0], cb)
WN[id(R['_w'])] = '_w'
get('_w')
unref(R['_'], '_')
unref(R['_'], '_')
get('_w')
del R['_w']
R['_'].append(mk(Legacy, '_'))
del R['_'][0]
OUT.clear()
WN.clear()
BASE.clear()
for _s in gc.get_stats():
    BASE.extend([_s['collections'], _s['collected'], _s['uncollectable']])
del _s
gc.freeze()
FROZEN = gc.get_freeze_count()
# --- the scenario ---
"#;

const EPILOGUE: &str = r#"# --- end ---
sys.stdout.write(''.join(line + '\n' for line in OUT))
"#;
