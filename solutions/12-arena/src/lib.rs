//! Exercise 12: arenas and generational indices, cycles without `Rc`.
//!
//! An [`Arena<T>`] owns every value of one type in a `Vec` of slots. The program refers to a
//! value by a [`Handle<T>`]: a slot's index and the slot's *generation*, a counter that goes up
//! each time the slot is freed. A handle is `Copy`, owns nothing, and goes stale when its value
//! is removed: the arena answers `None` for it, even after the slot holds a new value. Book:
//! `book/src/12-arena.md`.
//!
//! Because handles own nothing, values may refer to each other in any shape, cycles included,
//! and nothing leaks: dropping the arena drops every value. What the arena gives up in exchange
//! is automatic freeing while it lives. [`Arena::collect`] brings that back as a tracing
//! collector: mark what the roots reach, sweep the rest ([`Trace`] says what a value refers to).
//!
//! - [`arena`]: [`Handle`], [`Arena`], [`Trace`] and the mark-and-sweep [`Arena::collect`].
//! - [`node`]: the seed's `Node` cycle rebuilt on an arena.
//! - [`index`]: the seed's `OptimizedDataStructure`, an index from item to positions, packed.
//!
//! ```
//! use arena_solution::{Arena, Node, create_circular_reference};
//!
//! let mut arena = Arena::new();
//! let [node1, node2] = create_circular_reference(&mut arena, 1, 2);
//! assert_eq!(arena.len(), 2, "the cycle is still there: nothing holds it, nothing freed it");
//! assert_eq!(arena.collect(&[]), 2, "no roots: the collector frees both");
//! assert!(arena.get(node1).is_none() && arena.get(node2).is_none());
//! ```

#![forbid(unsafe_code)]

pub mod arena;
pub mod index;
pub mod node;

pub use arena::{Arena, Handle, Trace};
pub use index::PositionIndex;
pub use node::{Node, create_circular_reference};
