//! An object's outgoing references: up to three stored inline (most nodes of most graphs), more on
//! the heap. Reads go through `Deref<Target = [ObjId]>`, so the collector's passes see a slice
//! and a small node costs no separate allocation (and no extra cache miss) to traverse.

use std::ops::Deref;

use crate::ObjId;

const INLINE: usize = 3;

#[derive(Debug, Clone)]
pub(crate) enum Refs {
    Inline(u8, [ObjId; INLINE]),
    Heap(Vec<ObjId>),
}

impl Default for Refs {
    fn default() -> Self {
        Refs::Inline(0, [ObjId(0); INLINE])
    }
}

impl Deref for Refs {
    type Target = [ObjId];

    fn deref(&self) -> &[ObjId] {
        match self {
            Refs::Inline(len, items) => &items[..usize::from(*len)],
            Refs::Heap(items) => items,
        }
    }
}

impl Refs {
    /// Appends a reference.
    pub(crate) fn push(&mut self, id: ObjId) {
        match self {
            Refs::Inline(len, items) if usize::from(*len) < INLINE => {
                items[usize::from(*len)] = id;
                *len += 1;
            }
            Refs::Inline(len, items) => {
                let mut heap = Vec::with_capacity(INLINE * 2);
                heap.extend_from_slice(&items[..usize::from(*len)]);
                heap.push(id);
                *self = Refs::Heap(heap);
            }
            Refs::Heap(items) => items.push(id),
        }
    }

    /// Removes and returns the last reference.
    pub(crate) fn pop(&mut self) -> Option<ObjId> {
        match self {
            Refs::Inline(0, _) => None,
            Refs::Inline(len, items) => {
                *len -= 1;
                Some(items[usize::from(*len)])
            }
            Refs::Heap(items) => items.pop(),
        }
    }

    /// Removes the reference at `index`, keeping the order of the rest (`del lst[i]`).
    pub(crate) fn remove(&mut self, index: usize) -> ObjId {
        match self {
            Refs::Inline(len, items) => {
                let removed = items[index];
                items.copy_within(index + 1..usize::from(*len), index);
                *len -= 1;
                removed
            }
            Refs::Heap(items) => items.remove(index),
        }
    }

    /// Removes the reference at `index`, moving the last one into its place.
    pub(crate) fn swap_remove(&mut self, index: usize) -> ObjId {
        match self {
            Refs::Inline(len, items) => {
                let removed = items[index];
                *len -= 1;
                items[index] = items[usize::from(*len)];
                removed
            }
            Refs::Heap(items) => items.swap_remove(index),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_then_heap_keeps_order() {
        let mut refs = Refs::default();
        for i in 0..5 {
            refs.push(ObjId(i));
        }
        assert_eq!(&*refs, &[ObjId(0), ObjId(1), ObjId(2), ObjId(3), ObjId(4)]);
        assert_eq!(refs.remove(1), ObjId(1));
        assert_eq!(refs.swap_remove(0), ObjId(0));
        assert_eq!(&*refs, &[ObjId(4), ObjId(2), ObjId(3)]);
        let mut small = Refs::default();
        small.push(ObjId(7));
        small.push(ObjId(8));
        assert_eq!(small.remove(0), ObjId(7));
        assert_eq!(small.pop(), Some(ObjId(8)));
        assert_eq!(small.pop(), None);
    }
}
