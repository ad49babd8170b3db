//! Scenarios: a small text format for operation sequences, replayed on [`Gc`] into
//! the lines a person (or a diff) can compare with what CPython prints for the same program
//! (see [`crate::python`]).
//!
//! One operation per line; `#` starts a comment. Objects are named; the program holds each
//! named object in a root table until `drop`.
//!
//! | line | does | prints |
//! |---|---|---|
//! | `new A [del[=ACTION]] [legacy]` | a node, rooted as `A`; `del` gives it a `__del__`, `legacy` a `tp_del` | |
//! | `weak W A [callback]` | a weakref to `A`, rooted as `W` | |
//! | `ref A B` / `unref A B` | appends `B` to `A`'s references / removes the first one named `B` | |
//! | `drop A` | the program lets go of `A` | |
//! | `collect [G]` | `gc.collect(G)` (default 2) | `collect G -> N` |
//! | `count` | `gc.get_count()` | `count C0 C1 C2` |
//! | `stats` | `gc.get_stats()` | `stats G0 G1 G2`, each `collections/collected/uncollectable` |
//! | `garbage` / `clear_garbage` | shows / empties `gc.garbage` | `garbage [A, B]` |
//! | `get W` | what weakref `W` points at | `get W -> A` or `get W -> None` |
//! | `finalized A` / `tracked A` | `gc.is_finalized` / `gc.is_tracked` | `finalized A True` |
//! | `referents A` / `referrers A` | among the nodes | `referents A [B, C]` |
//! | `enable` / `disable` / `threshold T0 T1 T2` | automatic collection | |
//! | `freeze` / `unfreeze` / `freeze_count` | the permanent generation | `freeze_count N` |
//! | `saveall on|off` / `callbacks on|off` | `DEBUG_SAVEALL` / `gc.callbacks` | |
//!
//! `ACTION` is `nothing`, `resurrect` (stores itself as a root again), `store:H` (appends itself
//! to `H`), `storefirst:H` (appends its first reference to `H`), `garbage:N` (makes a ring of `N`
//! new nodes and drops it) or `collect` (calls `gc.collect()`). While the program runs, events
//! print as they happen: `del A`, `tp_del A`, `callback W`, `collect in del -> N`,
//! `gc start G` and `gc stop G collected=N uncollectable=M`.
//!
//! Scenarios start with automatic collection disabled and the default thresholds.
//!
//! ```
//! use refgc::scenario::{parse, replay};
//!
//! let ops = parse("new a\nnew b\nref a b\nref b a\ndrop a\ndrop b\ncollect 0\n").unwrap();
//! assert_eq!(replay(&ops).unwrap(), ["collect 0 -> 2"]);
//! ```

use std::collections::BTreeMap;
use std::fmt;

use crate::{Action, Event, Gc, GcError, NodeSpec, ObjId};

/// A finalizer behaviour, by object names (resolved when replayed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Behaviour {
    /// `del`: only records the call.
    Nothing,
    /// `del=resurrect`.
    Resurrect,
    /// `del=store:H`.
    StoreSelfIn(String),
    /// `del=storefirst:H`.
    StoreFirstIn(String),
    /// `del=garbage:N`.
    Garbage(usize),
    /// `del=collect`.
    Collect,
}

/// One operation of a scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs)] // each variant is one row of the table in the module docs
pub enum Op {
    New {
        name: String,
        finalizer: Option<Behaviour>,
        legacy: bool,
    },
    Weak {
        name: String,
        target: String,
        callback: bool,
    },
    Ref(String, String),
    Unref(String, String),
    Drop(String),
    Collect(usize),
    Count,
    Stats,
    Garbage,
    ClearGarbage,
    Get(String),
    Finalized(String),
    Tracked(String),
    Referents(String),
    Referrers(String),
    Enable,
    Disable,
    Threshold([usize; 3]),
    Freeze,
    Unfreeze,
    FreezeCount,
    SaveAll(bool),
    Callbacks(bool),
}

impl fmt::Display for Behaviour {
    /// The finalizer action as a scenario writes it after `del=`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Behaviour::Nothing => write!(f, "nothing"),
            Behaviour::Resurrect => write!(f, "resurrect"),
            Behaviour::StoreSelfIn(holder) => write!(f, "store:{holder}"),
            Behaviour::StoreFirstIn(holder) => write!(f, "storefirst:{holder}"),
            Behaviour::Garbage(size) => write!(f, "garbage:{size}"),
            Behaviour::Collect => write!(f, "collect"),
        }
    }
}

impl fmt::Display for Op {
    /// The operation as a scenario line, which [`parse`] reads back as the same operation.
    ///
    /// ```
    /// use refgc::scenario::parse;
    ///
    /// let text = "new a del=store:b legacy\nweak w a callback\ncollect 1\nsaveall on\n";
    /// let lines: Vec<String> = parse(text).unwrap().iter().map(|op| op.to_string()).collect();
    /// assert_eq!(lines.join("\n") + "\n", text);
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let on_off = |on: &bool| if *on { "on" } else { "off" };
        match self {
            Op::New {
                name,
                finalizer,
                legacy,
            } => {
                write!(f, "new {name}")?;
                match finalizer {
                    None => {}
                    Some(Behaviour::Nothing) => write!(f, " del")?,
                    Some(action) => write!(f, " del={action}")?,
                }
                if *legacy {
                    write!(f, " legacy")?;
                }
                Ok(())
            }
            Op::Weak {
                name,
                target,
                callback,
            } => write!(
                f,
                "weak {name} {target}{}",
                if *callback { " callback" } else { "" }
            ),
            Op::Ref(from, to) => write!(f, "ref {from} {to}"),
            Op::Unref(from, to) => write!(f, "unref {from} {to}"),
            Op::Drop(name) => write!(f, "drop {name}"),
            Op::Collect(generation) => write!(f, "collect {generation}"),
            Op::Count => write!(f, "count"),
            Op::Stats => write!(f, "stats"),
            Op::Garbage => write!(f, "garbage"),
            Op::ClearGarbage => write!(f, "clear_garbage"),
            Op::Get(name) => write!(f, "get {name}"),
            Op::Finalized(name) => write!(f, "finalized {name}"),
            Op::Tracked(name) => write!(f, "tracked {name}"),
            Op::Referents(name) => write!(f, "referents {name}"),
            Op::Referrers(name) => write!(f, "referrers {name}"),
            Op::Enable => write!(f, "enable"),
            Op::Disable => write!(f, "disable"),
            Op::Threshold([t0, t1, t2]) => write!(f, "threshold {t0} {t1} {t2}"),
            Op::Freeze => write!(f, "freeze"),
            Op::Unfreeze => write!(f, "unfreeze"),
            Op::FreezeCount => write!(f, "freeze_count"),
            Op::SaveAll(on) => write!(f, "saveall {}", on_off(on)),
            Op::Callbacks(on) => write!(f, "callbacks {}", on_off(on)),
        }
    }
}

/// A line that could not be read, or an operation that could not run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioError {
    /// 1-based line number (0 when not tied to a line).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ScenarioError {}

/// Reads a scenario.
pub fn parse(text: &str) -> Result<Vec<Op>, ScenarioError> {
    let mut ops = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let error = |message: String| ScenarioError {
            line: index + 1,
            message,
        };
        let words: Vec<&str> = line.split_whitespace().collect();
        let arg = |i: usize| -> Result<String, ScenarioError> {
            words
                .get(i)
                .map(|w| w.to_string())
                .ok_or_else(|| error(format!("`{}` needs more arguments", words[0])))
        };
        let number = |i: usize| -> Result<usize, ScenarioError> {
            arg(i)?
                .parse()
                .map_err(|_| error(format!("`{}` is not a number", words[i])))
        };
        let on_off = |i: usize| -> Result<bool, ScenarioError> {
            match words.get(i) {
                Some(&"on") => Ok(true),
                Some(&"off") => Ok(false),
                _ => Err(error("expected `on` or `off`".into())),
            }
        };
        let op = match words[0] {
            "new" => {
                let name = arg(1)?;
                let mut finalizer = None;
                let mut legacy = false;
                for word in &words[2..] {
                    match *word {
                        "legacy" => legacy = true,
                        "del" => finalizer = Some(Behaviour::Nothing),
                        other => {
                            let action = other
                                .strip_prefix("del=")
                                .ok_or_else(|| error(format!("unknown option `{other}`")))?;
                            finalizer = Some(parse_behaviour(action).map_err(&error)?);
                        }
                    }
                }
                Op::New {
                    name,
                    finalizer,
                    legacy,
                }
            }
            "weak" => Op::Weak {
                name: arg(1)?,
                target: arg(2)?,
                callback: match words.get(3) {
                    None => false,
                    Some(&"callback") => true,
                    Some(other) => return Err(error(format!("unknown option `{other}`"))),
                },
            },
            "ref" => Op::Ref(arg(1)?, arg(2)?),
            "unref" => Op::Unref(arg(1)?, arg(2)?),
            "drop" => Op::Drop(arg(1)?),
            "collect" => Op::Collect(if words.len() > 1 { number(1)? } else { 2 }),
            "count" => Op::Count,
            "stats" => Op::Stats,
            "garbage" => Op::Garbage,
            "clear_garbage" => Op::ClearGarbage,
            "get" => Op::Get(arg(1)?),
            "finalized" => Op::Finalized(arg(1)?),
            "tracked" => Op::Tracked(arg(1)?),
            "referents" => Op::Referents(arg(1)?),
            "referrers" => Op::Referrers(arg(1)?),
            "enable" => Op::Enable,
            "disable" => Op::Disable,
            "threshold" => Op::Threshold([number(1)?, number(2)?, number(3)?]),
            "freeze" => Op::Freeze,
            "unfreeze" => Op::Unfreeze,
            "freeze_count" => Op::FreezeCount,
            "saveall" => Op::SaveAll(on_off(1)?),
            "callbacks" => Op::Callbacks(on_off(1)?),
            other => return Err(error(format!("unknown operation `{other}`"))),
        };
        ops.push(op);
    }
    Ok(ops)
}

fn parse_behaviour(text: &str) -> Result<Behaviour, String> {
    Ok(match text.split_once(':') {
        None if text == "nothing" => Behaviour::Nothing,
        None if text == "resurrect" => Behaviour::Resurrect,
        None if text == "collect" => Behaviour::Collect,
        Some(("store", holder)) => Behaviour::StoreSelfIn(holder.to_string()),
        Some(("storefirst", holder)) => Behaviour::StoreFirstIn(holder.to_string()),
        Some(("garbage", n)) => Behaviour::Garbage(
            n.parse()
                .map_err(|_| format!("`{n}` is not a number of nodes"))?,
        ),
        _ => return Err(format!("unknown finalizer action `{text}`")),
    })
}

/// The line number of each operation of a scenario's text, in order (for error messages: the
/// errors of [`replay`] name the operation's number).
pub fn operation_lines(text: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, raw)| !raw.split('#').next().unwrap_or("").trim().is_empty())
        .map(|(index, _)| index + 1)
        .collect()
}

/// Replays `ops` on a fresh [`Gc`] with automatic collection disabled; returns the lines
/// printed.
///
/// A program whose meaning would depend on the language it is written in is refused, with the
/// number of the operation at fault ([`ScenarioError::line`]; [`operation_lines`] turns it into
/// a line of the file):
/// - a name given twice (`new`, `weak`): Python's `R[name] = …` would drop the first object;
/// - a finalizer action `store:H` or `storefirst:H` that runs when the program no longer holds
///   `H`: Python's `R['H']` would raise `KeyError` inside `__del__`.
///
/// ```
/// use refgc::scenario::{parse, replay};
///
/// let ops = parse("new h\nnew a del=store:h\ndrop h\ndrop a\n").unwrap();
/// let error = replay(&ops).unwrap_err();
/// assert_eq!(error.line, 4);
/// assert!(error.message.contains("no longer holds `h`"), "{error}");
/// ```
pub fn replay(ops: &[Op]) -> Result<Vec<String>, ScenarioError> {
    let mut replay = Replay {
        gc: Gc::new(),
        roots: BTreeMap::new(),
        known: BTreeMap::new(),
        named_at: BTreeMap::new(),
        holders: BTreeMap::new(),
        out: Vec::new(),
        operation: 0,
    };
    replay.gc.disable();
    for (index, op) in ops.iter().enumerate() {
        replay.operation = index + 1;
        replay.apply(op).map_err(|message| ScenarioError {
            line: index + 1,
            message: format!("operation {} (`{op}`): {message}", index + 1),
        })?;
    }
    Ok(replay.out)
}

struct Replay {
    gc: Gc,
    /// The program's variables: name → object.
    roots: BTreeMap<String, ObjId>,
    /// Every node ever named, for finalizer actions that name a holder.
    known: BTreeMap<String, ObjId>,
    /// The operation that gave each name (nodes and weakrefs).
    named_at: BTreeMap<String, usize>,
    /// Nodes whose finalizer stores into a holder: the holder's name and the operation that
    /// made the node.
    holders: BTreeMap<ObjId, (String, usize)>,
    out: Vec<String>,
    /// The number of the operation being replayed (1-based).
    operation: usize,
}

impl Replay {
    /// The object the program holds as `name`.
    fn root(&self, name: &str) -> Result<ObjId, String> {
        self.roots
            .get(name)
            .copied()
            .ok_or_else(|| format!("`{name}` is not held by the program"))
    }

    /// `[A, B]`: the objects' names, as Python prints a list of them.
    fn names(&self, ids: &[ObjId]) -> String {
        let names: Vec<&str> = ids.iter().map(|&id| self.gc.name(id)).collect();
        format!("[{}]", names.join(", "))
    }

    /// Does `op`, then prints the events it caused and the line it prints, if any.
    fn apply(&mut self, op: &Op) -> Result<(), String> {
        let printed = self.perform(op)?;
        self.print_events()?;
        self.out.extend(printed);
        Ok(())
    }

    /// Does `op` on the collector; returns the line it prints, if any.
    fn perform(&mut self, op: &Op) -> Result<Option<String>, String> {
        let printed = match op {
            Op::New {
                name,
                finalizer,
                legacy,
            } => {
                self.new_node(name, finalizer.as_ref(), *legacy)?;
                None
            }
            Op::Weak {
                name,
                target,
                callback,
            } => {
                self.new_weakref(name, target, *callback)?;
                None
            }
            Op::Ref(from, to) => {
                self.add_ref(from, to)?;
                None
            }
            Op::Unref(from, to) => {
                self.remove_ref_named(from, to)?;
                None
            }
            Op::Drop(name) => {
                self.drop_root(name)?;
                None
            }
            Op::Collect(generation) => Some(self.collect(*generation)?),
            Op::Count => Some(self.count_line()),
            Op::Stats => Some(self.stats_line()),
            Op::Garbage => Some(format!("garbage {}", self.names(self.gc.garbage()))),
            Op::Get(name) => Some(self.weakref_line(name)?),
            Op::Finalized(name) => Some(self.finalized_line(name)?),
            Op::Tracked(name) => Some(self.tracked_line(name)?),
            Op::Referents(name) => Some(self.referents_line(name)?),
            Op::Referrers(name) => Some(self.referrers_line(name)?),
            Op::FreezeCount => Some(format!("freeze_count {}", self.gc.get_freeze_count())),
            Op::Enable
            | Op::Disable
            | Op::Threshold(_)
            | Op::Freeze
            | Op::Unfreeze
            | Op::SaveAll(_)
            | Op::Callbacks(_)
            | Op::ClearGarbage => {
                self.change_setting(op);
                None
            }
        };
        Ok(printed)
    }

    /// `new NAME [del[=ACTION]] [legacy]`: a node the program holds as `name`.
    fn new_node(
        &mut self,
        name: &str,
        finalizer: Option<&Behaviour>,
        legacy: bool,
    ) -> Result<(), String> {
        self.give_name(name)?;
        let mut spec = NodeSpec::named(name);
        spec.finalizer = finalizer
            .map(|behaviour| self.finalizer_action(behaviour))
            .transpose()?;
        spec.legacy = legacy;
        let id = self.gc.alloc(spec);
        self.roots.insert(name.to_string(), id);
        self.known.insert(name.to_string(), id);
        match finalizer {
            Some(Behaviour::StoreSelfIn(holder) | Behaviour::StoreFirstIn(holder)) => {
                self.holders.insert(id, (holder.clone(), self.operation));
            }
            _ => {
                self.holders.remove(&id);
            }
        }
        Ok(())
    }

    /// Records that operation `self.operation` names an object `name`; a name is given once.
    fn give_name(&mut self, name: &str) -> Result<(), String> {
        if let Some(at) = self.named_at.get(name) {
            return Err(format!(
                "`{name}` already names the object of operation {at}: a name is given once"
            ));
        }
        self.named_at.insert(name.to_string(), self.operation);
        Ok(())
    }

    /// The collector's action for a finalizer behaviour, its holder resolved among every object
    /// ever named.
    fn finalizer_action(&self, behaviour: &Behaviour) -> Result<Action, String> {
        let holder = |h: &String| {
            self.known
                .get(h)
                .copied()
                .ok_or_else(|| format!("unknown holder `{h}`"))
        };
        Ok(match behaviour {
            Behaviour::Nothing => Action::Nothing,
            Behaviour::Resurrect => Action::Resurrect,
            Behaviour::StoreSelfIn(h) => Action::StoreSelfIn(holder(h)?),
            Behaviour::StoreFirstIn(h) => Action::StoreFirstRefIn(holder(h)?),
            Behaviour::Garbage(n) => Action::Garbage(*n),
            Behaviour::Collect => Action::Collect,
        })
    }

    /// `weak NAME TARGET [callback]`: a weak reference the program holds as `name`.
    fn new_weakref(&mut self, name: &str, target: &str, callback: bool) -> Result<(), String> {
        let target = self.root(target)?;
        self.give_name(name)?;
        let id = self
            .gc
            .new_weakref(name, target, callback)
            .map_err(gc_error)?;
        self.roots.insert(name.to_string(), id);
        Ok(())
    }

    /// `ref FROM TO`: appends a reference.
    fn add_ref(&mut self, from: &str, to: &str) -> Result<(), String> {
        let (from, to) = (self.root(from)?, self.root(to)?);
        self.gc.add_ref(from, to).map_err(gc_error)
    }

    /// `unref FROM TO`: removes `from`'s first reference to an object named `to`. By name: the
    /// object need not be held by the program any more.
    fn remove_ref_named(&mut self, from: &str, to: &str) -> Result<(), String> {
        let from = self.root(from)?;
        let mut referents = self.gc.get_referents(from).map_err(gc_error)?;
        referents.reverse();
        let index = referents
            .iter()
            .position(|&r| self.gc.name(r) == to)
            .ok_or_else(|| format!("no reference to `{to}`"))?;
        self.gc.remove_ref(from, referents[index]).map_err(gc_error)
    }

    /// `drop NAME`: the program lets go of `name`.
    fn drop_root(&mut self, name: &str) -> Result<(), String> {
        let id = self.root(name)?;
        self.roots.remove(name);
        self.gc.decref(id).map_err(gc_error)
    }

    /// `collect G`: `collect G -> N`.
    fn collect(&mut self, generation: usize) -> Result<String, String> {
        let found = self.gc.collect(generation).map_err(gc_error)?;
        Ok(format!("collect {generation} -> {found}"))
    }

    /// `count`: `count C0 C1 C2`.
    fn count_line(&self) -> String {
        let [c0, c1, c2] = self.gc.get_count();
        format!("count {c0} {c1} {c2}")
    }

    /// `stats`: `stats G0 G1 G2`, each `collections/collected/uncollectable`.
    fn stats_line(&self) -> String {
        let stats: Vec<String> = self
            .gc
            .get_stats()
            .iter()
            .map(|s| format!("{}/{}/{}", s.collections, s.collected, s.uncollectable))
            .collect();
        format!("stats {}", stats.join(" "))
    }

    /// `get W`: `get W -> A` or `get W -> None`.
    fn weakref_line(&self, name: &str) -> Result<String, String> {
        let weak = self.root(name)?;
        let target = self.gc.weakref_target(weak).map_err(gc_error)?;
        Ok(format!(
            "get {name} -> {}",
            target.map_or("None", |t| self.gc.name(t))
        ))
    }

    /// `finalized A`: `finalized A True` or `False`.
    fn finalized_line(&self, name: &str) -> Result<String, String> {
        let id = self.root(name)?;
        let finalized = self.gc.is_finalized(id).map_err(gc_error)?;
        Ok(format!("finalized {name} {}", python_bool(finalized)))
    }

    /// `tracked A`: `tracked A True` or `False`.
    fn tracked_line(&self, name: &str) -> Result<String, String> {
        let id = self.root(name)?;
        Ok(format!(
            "tracked {name} {}",
            python_bool(self.gc.is_tracked(id))
        ))
    }

    /// `referents A`: `referents A [B, C]`.
    fn referents_line(&self, name: &str) -> Result<String, String> {
        let id = self.root(name)?;
        let referents = self.gc.get_referents(id).map_err(gc_error)?;
        Ok(format!("referents {name} {}", self.names(&referents)))
    }

    /// `referrers A`: `referrers A [B, C]`, among the nodes.
    fn referrers_line(&self, name: &str) -> Result<String, String> {
        let id = self.root(name)?;
        let referrers = self.gc.get_referrers(id).map_err(gc_error)?;
        Ok(format!("referrers {name} {}", self.names(&referrers)))
    }

    /// The operations that change a setting of the collector and print nothing; any other
    /// operation is left alone (see [`Replay::perform`]).
    fn change_setting(&mut self, op: &Op) {
        match op {
            Op::Enable => self.gc.enable(),
            Op::Disable => self.gc.disable(),
            Op::Threshold(threshold) => self.gc.set_threshold(*threshold),
            Op::Freeze => self.gc.freeze(),
            Op::Unfreeze => self.gc.unfreeze(),
            Op::SaveAll(on) => self.gc.set_save_all(*on),
            Op::Callbacks(on) => self.gc.set_callbacks(*on),
            Op::ClearGarbage => self.gc.clear_garbage(),
            _ => {}
        }
    }

    /// Prints the events the last operation caused; a resurrection makes its object a root
    /// again, and an allocation (inside a finalizer) makes it known by name.
    fn print_events(&mut self) -> Result<(), String> {
        for event in self.gc.take_events() {
            let line = match event {
                Event::Finalized(id) => {
                    if let Some((holder, made_at)) = self.holders.get(&id)
                        && !self.roots.contains_key(holder)
                    {
                        return Err(format!(
                            "the finalizer of `{}` (operation {made_at}) runs when the program \
                             no longer holds `{holder}`, where it stores: an undefined program",
                            self.gc.name(id)
                        ));
                    }
                    format!("del {}", self.gc.name(id))
                }
                Event::LegacyFinalized(id) => format!("tp_del {}", self.gc.name(id)),
                Event::WeakCallback(id) => format!("callback {}", self.gc.name(id)),
                Event::Resurrected(id) => {
                    let name = self.gc.name(id).to_string();
                    self.roots.insert(name, id);
                    continue;
                }
                Event::CollectInFinalizer(found) => format!("collect in del -> {found}"),
                Event::GcCallback {
                    phase: "start",
                    generation,
                    ..
                } => format!("gc start {generation}"),
                Event::GcCallback {
                    phase,
                    generation,
                    collected,
                    uncollectable,
                } => format!(
                    "gc {phase} {generation} collected={collected} uncollectable={uncollectable}"
                ),
                Event::Allocated(id) => {
                    let name = self.gc.name(id).to_string();
                    self.holders.remove(&id);
                    self.known.insert(name, id);
                    continue;
                }
            };
            self.out.push(line);
        }
        Ok(())
    }
}

/// A collector error, as the scenario's error message.
fn gc_error(error: GcError) -> String {
    error.to_string()
}

/// How Python prints a boolean.
fn python_bool(value: bool) -> &'static str {
    if value { "True" } else { "False" }
}
