//! Exercise 01: reference counting with `Rc`, and `Drop` as Python's `__del__`.
//!
//! The seed's `ReferenceCountDemo` prints when it is created and when CPython frees it; here the
//! "prints" go to an [`EventLog`] so tests can read them. Book: `book/src/01-refcount.md`.
//!
//! Fill in every function whose body is still `todo!`; `cargo grade check 01-refcount` tells
//! you how far you are.

use std::cell::RefCell;
use std::rc::Rc;

/// Where the values of this exercise write what happens to them, in order.
///
/// ```
/// use refcount_solution::{EventLog, RefCountDemo};
///
/// let log = EventLog::default();
/// drop(RefCountDemo::new(7, &log));
/// assert_eq!(log.events(), ["created 7", "deleting 7"]);
/// ```
#[derive(Debug, Clone, Default)]
pub struct EventLog {
    events: Rc<RefCell<Vec<String>>>,
}

impl EventLog {
    /// Appends one event.
    pub fn record(&self, event: impl Into<String>) {
        self.events.borrow_mut().push(event.into());
    }

    /// Every event so far, oldest first.
    pub fn events(&self) -> Vec<String> {
        self.events.borrow().clone()
    }
}

/// The seed's `ReferenceCountDemo`: records `created N` when made and `deleting N` when dropped.
///
/// ```
/// use refcount_solution::{EventLog, RefCountDemo};
///
/// let log = EventLog::default();
/// let demo = RefCountDemo::new(42, &log);
/// assert_eq!(demo.value(), 42);
/// assert_eq!(log.events(), ["created 42"]);
/// drop(demo);
/// assert_eq!(log.events(), ["created 42", "deleting 42"]);
/// ```
#[derive(Debug)]
pub struct RefCountDemo {
    value: i64,
    log: EventLog,
}

impl RefCountDemo {
    /// Makes the value and records `created VALUE` in `log`.
    pub fn new(value: i64, log: &EventLog) -> Self {
        // solution:begin
        log.record(format!("created {value}"));
        Self {
            value,
            log: log.clone(),
        }
        // solution:end
    }

    /// The value it was made with.
    pub fn value(&self) -> i64 {
        // solution:begin
        self.value
        // solution:end
    }
}

impl Drop for RefCountDemo {
    /// Python's `__del__`: records `deleting VALUE`. Runs at most once, when the owner (or the
    /// last `Rc` handle) goes away; never for a value that is leaked (`mem::forget`, an `Rc`
    /// cycle).
    fn drop(&mut self) {
        // solution:begin
        self.log.record(format!("deleting {}", self.value));
        // solution:end
    }
}

/// One line of a Python program that makes or drops a reference to the demo object `obj`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// `alias = obj`: one more named handle (the newest alias).
    Alias,
    /// `del alias`: drops the newest alias still held; nothing happens when there is none.
    DropAlias,
    /// `container.append(obj)`: one more handle, kept in a `Vec`.
    Push,
    /// `container.pop()`: drops the container's last handle; nothing happens when it is empty.
    Pop,
}

/// Runs a program of [`Step`]s on one demo object and watches its reference count.
///
/// Makes `Rc::new(RefCountDemo::new(value, log))`, then returns `Rc::strong_count` right after
/// creating it and after each step: `steps.len() + 1` counts, measured, not computed. Every
/// handle (the aliases, the container's, `obj` itself) is dropped before the function returns,
/// so the demo records `deleting VALUE` by then.
///
/// ```
/// use refcount_solution::{EventLog, Step, count_handles};
///
/// let log = EventLog::default();
/// let counts = count_handles(7, &[Step::Push, Step::Push, Step::Pop], &log);
/// assert_eq!(counts, [1, 2, 3, 2]);
/// assert_eq!(log.events(), ["created 7", "deleting 7"]);
/// ```
pub fn count_handles(value: i64, steps: &[Step], log: &EventLog) -> Vec<usize> {
    // solution:begin
    let obj = Rc::new(RefCountDemo::new(value, log));
    let mut aliases = Vec::new();
    let mut container = Vec::new();
    let mut counts = Vec::with_capacity(steps.len() + 1);
    counts.push(Rc::strong_count(&obj));
    for step in steps {
        match step {
            Step::Alias => aliases.push(Rc::clone(&obj)),
            Step::DropAlias => drop(aliases.pop()),
            Step::Push => container.push(Rc::clone(&obj)),
            Step::Pop => drop(container.pop()),
        }
        counts.push(Rc::strong_count(&obj));
    }
    counts
    // solution:end
}

/// The seed's `reference_counting_basics`: the demo object is created, gets an alias, goes into
/// a container, loses the alias (`del alias`) and leaves the container (`container.pop()`).
/// The seed prints `sys.getrefcount(obj) - 1` after each step (the book shows its output); with
/// `Rc::strong_count` the same program counts 1, 2, 3, 2, 1.
///
/// ```
/// use refcount_solution::{EventLog, reference_counting_basics};
///
/// let log = EventLog::default();
/// assert_eq!(reference_counting_basics(&log), [1, 2, 3, 2, 1]);
/// assert_eq!(log.events(), ["created 42", "deleting 42"]);
/// ```
pub fn reference_counting_basics(log: &EventLog) -> Vec<usize> {
    count_handles(
        42,
        &[Step::Alias, Step::Push, Step::DropAlias, Step::Pop],
        log,
    )
}

/// A value that records `drop NAME` when it is dropped, to watch the order of destructors.
///
/// ```
/// use refcount_solution::{EventLog, Loud};
///
/// let log = EventLog::default();
/// drop(Loud::new("x", &log));
/// assert_eq!(log.events(), ["drop x"]);
/// ```
#[derive(Debug)]
pub struct Loud {
    name: &'static str,
    log: EventLog,
}

impl Loud {
    /// A value called `name` that will record its drop in `log`.
    pub fn new(name: &'static str, log: &EventLog) -> Self {
        // solution:begin
        Self {
            name,
            log: log.clone(),
        }
        // solution:end
    }
}

impl Drop for Loud {
    fn drop(&mut self) {
        // solution:begin
        self.log.record(format!("drop {}", self.name));
        // solution:end
    }
}

/// Predict: a function declares `let a = …; let b = …; let c = …;` (three `Loud`s) and returns.
/// In which order are they dropped? (CPython 3.11 prints `del a`, `del b`, `del c` for the same
/// Python function. Is Rust the same?)
pub fn predict_locals_drop_order() -> [&'static str; 3] {
    // solution:begin
    ["c", "b", "a"]
    // solution:end
}

/// Predict: `vec![first, second]` (two `Loud`s) is dropped. In which order are its elements
/// dropped? (CPython 3.11 frees a list's items from the end: `del second`, then `del first`.
/// `Vec`'s documentation does not promise an order; predict what today's `Vec` does.)
pub fn predict_vec_drop_order() -> [&'static str; 2] {
    // solution:begin
    ["first", "second"]
    // solution:end
}

/// Predict: a struct with fields `x: Loud, y: Loud` (declared in that order) is dropped. In
/// which order are its fields dropped?
pub fn predict_fields_drop_order() -> [&'static str; 2] {
    // solution:begin
    ["x", "y"]
    // solution:end
}

/// Returns the value inside `rc` without cloning it when `rc` is the only handle, and a clone
/// otherwise (the other handles keep theirs). `Rc::try_unwrap` tells you which case you are in.
/// (The standard library has this as `Rc::unwrap_or_clone`; write it yourself.)
///
/// ```
/// use std::rc::Rc;
/// use refcount_solution::into_owned;
///
/// let shared = Rc::new(String::from("hi"));
/// let other = Rc::clone(&shared);
/// assert_eq!(into_owned(shared), "hi");
/// assert_eq!(Rc::strong_count(&other), 1);
/// assert_eq!(into_owned(other), "hi");
/// ```
pub fn into_owned<T: Clone>(rc: Rc<T>) -> T {
    // solution:begin
    match Rc::try_unwrap(rc) {
        Ok(value) => value,
        Err(shared) => T::clone(&shared),
    }
    // solution:end
}

/// How many of `handles` point at the same allocation as `target` (`Rc::ptr_eq`, not `==`:
/// two separate allocations holding equal values are different objects, like Python's `is`).
///
/// ```
/// use std::rc::Rc;
/// use refcount_solution::count_same_object;
///
/// let a = Rc::new(1);
/// let handles = [Rc::clone(&a), Rc::new(1), Rc::clone(&a)];
/// assert_eq!(count_same_object(&handles, &a), 2);
/// ```
pub fn count_same_object<T>(handles: &[Rc<T>], target: &Rc<T>) -> usize {
    // solution:begin
    handles
        .iter()
        .filter(|handle| Rc::ptr_eq(handle, target))
        .count()
    // solution:end
}
