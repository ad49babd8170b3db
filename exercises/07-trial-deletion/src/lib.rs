//! Exercise 07: CPython's cycle detection, trial deletion, on a small heap model.
//!
//! Reference counting frees an object the moment its count reaches zero, but a cycle keeps
//! every count above zero. CPython's collector finds such garbage without knowing the program's
//! roots: it subtracts, from each object's refcount, the references that come from other
//! examined objects. What is left over is held from outside (the program, older objects); those
//! objects and everything they reach are alive, and the rest is unreachable. Book:
//! `book/src/07-trial-deletion.md`.
//!
//! [`heap`] is given: objects with refcounts and ordered outgoing references, the program's own
//! references (its roots), allocation, and freeing by refcount. [`collect`] is yours: the three
//! passes of `deduce_unreachable` in CPython's `Modules/gcmodule.c`, and a full collection.
//!
//! ```
//! use trial_deletion::{Heap, collect};
//!
//! let mut heap = Heap::new();
//! let a = heap.alloc();
//! let b = heap.alloc();
//! heap.add_ref(a, b);
//! heap.add_ref(b, a);
//! heap.decref(a); // the program lets go of both…
//! heap.decref(b);
//! assert!(heap.is_alive(a), "…but the cycle keeps both counts at 1");
//! assert_eq!(collect::collect(&mut heap), 2);
//! assert!(!heap.is_alive(a) && !heap.is_alive(b));
//! ```

pub mod collect;
pub mod heap;

pub use collect::{GcRefs, Split, collect, move_unreachable, subtract_refs, update_refs};
pub use heap::{Heap, ObjId};
