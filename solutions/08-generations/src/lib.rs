//! Exercise 08: CPython 3.11's generational collector, in stages, on a heap model.
//!
//! [`Gc`] is a heap of containers (refcounts, ordered references, the program's own references,
//! freeing at refcount zero) with CPython's three generations as intrusive lists. The heap, the
//! lists and the public API are given (`heap.rs`, `lists.rs`); the collector is yours
//! (`collector.rs`), stage by stage:
//!
//! 1. **Counts and thresholds**: `count[0]` follows allocations and frees of containers, new
//!    objects join generation 0, and the thresholds can be read and set. No collection runs
//!    yet.
//! 2. **Collections**: an allocation that takes `count[0]` over `threshold[0]` collects
//!    automatically, the oldest generation whose count says so; `collect(g)` merges the
//!    younger generations into `g`, finds the unreachable with trial deletion (references from
//!    older generations count as outside; a list's items visited last first, as CPython's
//!    `list_traverse` does), moves the survivors one generation up, keeps per-generation stats,
//!    and holds the full collection back while few long-lived objects are new (the 25 % rule);
//!    `disable`/`enable`.
//! 3. **Finalizers**: `__del__` runs on what a collection found unreachable, at most once per
//!    object; what a finalizer made reachable again survives into the older generation.
//! 4. **Weak references**: those to unreachable objects are cleared before any finalizer
//!    runs; only the ones that are themselves reachable call back, in CPython's order.
//! 5. **`gc.garbage`, `DEBUG_SAVEALL`, `freeze`**: objects with a legacy finalizer and all they
//!    reach are uncollectable and go to `gc.garbage`; with `DEBUG_SAVEALL` everything
//!    collected goes there instead of being freed; `freeze` moves every object to a permanent
//!    generation that collections never examine.
//!
//! Each stage's hidden tests need only that stage and the ones before it
//! (`cargo grade check 08-generations --stage N`). Hidden tests replay random programs on your
//! collector and on refgc, the grader's model of CPython's, and compare counts, results and
//! survivors after every step. Book: `book/src/08-generations.md`.
//!
//! ```
//! use generations_solution::Gc;
//!
//! let mut gc = Gc::new();
//! let a = gc.alloc();
//! gc.add_ref(a, a);
//! gc.decref(a); // a self-cycle: refcounting cannot free it
//! assert_eq!(gc.get_count(), [1, 0, 0]);
//! assert_eq!(gc.collect(0), Ok(1));
//! assert!(!gc.is_alive(a));
//! assert_eq!(gc.get_count(), [0, 1, 0]);
//! ```

mod collector;
mod heap;
mod lists;

pub use heap::{Action, Event, Gc, GcError, GenStats, ObjId};
