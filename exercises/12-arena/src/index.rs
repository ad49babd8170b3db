//! The seed's `OptimizedDataStructure`, an index from each item to the positions where it
//! occurs, rebuilt to a memory budget.
//!
//! The seed builds a `dict` from item to a `list` of `int` positions: per distinct item one list
//! object and its growing array of pointers, and per position a pointer (and an `int` object
//! beyond the small-int cache). Its `__slots__` saves only the `__dict__` of the one wrapper
//! object. [`PositionIndex`] keeps every position in **one** `Vec<u32>`, grouped by item and
//! ascending within a group, and per distinct item one `(start, end)` range into it. Building it
//! takes two passes over the data (count, then place), with no per-item allocation beyond the
//! item's own clone.
//!
//! # Invariants
//!
//! 1. `positions[start..end]`, for the range of an item, holds exactly the positions of that
//!    item in the data, in increasing order.
//! 2. The ranges of distinct items are disjoint and cover `positions`, so
//!    `positions.len()` is the length of the data.

use std::borrow::Borrow;
use std::hash::Hash;

/// An index of a sequence: for each distinct item, the positions where it occurs, in order.
///
/// Memory: one `Vec<u32>` of all positions (4 bytes each), one hash table with one `(u32, u32)`
/// range per distinct item, and the items' own clones. Positions are `u32`, so the data may
/// have at most `u32::MAX` items.
///
/// ```
/// use arena::PositionIndex;
///
/// let words = ["to", "be", "or", "not", "to", "be"];
/// let index = PositionIndex::new(&words);
/// assert_eq!(index.search(&"be"), [1, 5]);
/// assert_eq!(index.search(&"question"), []);
/// assert_eq!(index.len(), 6);
/// assert_eq!(index.distinct(), 4);
/// ```
#[derive(Debug, Clone)]
pub struct PositionIndex<T> {
    // TODO: your fields. The budget: one Vec<u32> holding every position, and per distinct
    // item a (start, end) range into it. Delete this marker field.
    _items: std::marker::PhantomData<T>,
}

impl<T: Hash + Eq + Clone> PositionIndex<T> {
    /// Indexes `data`: for each distinct item, the positions where it occurs.
    ///
    /// Each distinct item is cloned once (the table's key); nothing else is allocated per
    /// item.
    ///
    /// # Panics
    ///
    /// When `data` has more than `u32::MAX` items.
    ///
    /// ```
    /// use arena::PositionIndex;
    ///
    /// let index = PositionIndex::new(&[3, 1, 3, 3]);
    /// assert_eq!(index.search(&3), [0, 2, 3]);
    /// ```
    pub fn new(data: &[T]) -> Self {
        todo!()
    }

    /// The positions of `item` in the data, in increasing order; empty when it never occurs.
    /// The seed's `search`.
    ///
    /// ```
    /// use arena::PositionIndex;
    ///
    /// let data = [String::from("a"), String::from("b"), String::from("a")];
    /// let index = PositionIndex::new(&data);
    /// assert_eq!(index.search("a"), [0, 2]); // a &str finds a String
    /// ```
    pub fn search<Q>(&self, item: &Q) -> &[u32]
    where
        T: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        todo!()
    }
}

impl<T> PositionIndex<T> {
    /// The length of the indexed data (the seed's `__len__`).
    ///
    /// ```
    /// use arena::PositionIndex;
    ///
    /// assert_eq!(PositionIndex::new(&['x', 'x', 'y']).len(), 3);
    /// ```
    pub fn len(&self) -> usize {
        todo!()
    }

    /// Whether the indexed data was empty.
    ///
    /// ```
    /// use arena::PositionIndex;
    ///
    /// let empty: [u8; 0] = [];
    /// assert!(PositionIndex::new(&empty).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        todo!()
    }

    /// The number of distinct items.
    ///
    /// ```
    /// use arena::PositionIndex;
    ///
    /// assert_eq!(PositionIndex::new(&['x', 'x', 'y']).distinct(), 2);
    /// ```
    pub fn distinct(&self) -> usize {
        todo!()
    }
}
