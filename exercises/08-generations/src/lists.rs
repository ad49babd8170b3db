//! CPython's object lists (given: you do not change this file).
//!
//! CPython keeps every tracked container in exactly one doubly-linked list, through a header in
//! front of the object (`PyGC_Head`): the three generations, and during a collection its own
//! temporary lists. Moving an object, or appending a whole list to another, costs O(1), and
//! the order of a list is the order the collector meets its objects in. [`Lists`] is the same,
//! with the links kept per object id.

use crate::heap::ObjId;

/// A list: a generation, or the collector's list of the unreachable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum List {
    /// Generation 0, 1 or 2.
    Generation(usize),
    /// Objects a collection found unreachable, before they are freed.
    Unreachable,
    /// Unreachable objects with a legacy finalizer, and all they reach: uncollectable.
    Finalizers,
    /// The permanent generation of `gc.freeze()`: never examined.
    Permanent,
}

impl List {
    fn head(self) -> usize {
        match self {
            List::Generation(generation) => {
                assert!(generation < 3, "generation {generation} does not exist");
                generation
            }
            List::Unreachable => 3,
            List::Finalizers => 4,
            List::Permanent => 5,
        }
    }
}

const HEADS: usize = 6;
const DETACHED: usize = usize::MAX;

#[derive(Debug, Clone, Copy)]
struct Link {
    prev: usize,
    next: usize,
}

/// Every list, with links for heads (slots `0..HEADS`) and objects (slot `HEADS + id`).
#[derive(Debug, Clone)]
pub(crate) struct Lists {
    links: Vec<Link>,
}

impl Lists {
    pub(crate) fn new() -> Self {
        Self {
            links: (0..HEADS)
                .map(|head| Link {
                    prev: head,
                    next: head,
                })
                .collect(),
        }
    }

    fn slot(id: ObjId) -> usize {
        HEADS + id.0 as usize
    }

    /// Appends `id` (in no list yet) at the end of `list`.
    pub(crate) fn append(&mut self, id: ObjId, list: List) {
        let node = Self::slot(id);
        if self.links.len() <= node {
            self.links.resize(
                node + 1,
                Link {
                    prev: DETACHED,
                    next: DETACHED,
                },
            );
        }
        assert_eq!(
            self.links[node].next, DETACHED,
            "object {id} is in a list already"
        );
        let head = list.head();
        let last = self.links[head].prev;
        self.links[last].next = node;
        self.links[node] = Link {
            prev: last,
            next: head,
        };
        self.links[head].prev = node;
    }

    /// Takes `id` out of whatever list holds it (nothing if none).
    pub(crate) fn remove(&mut self, id: ObjId) {
        let node = Self::slot(id);
        let Some(&Link { prev, next }) = self.links.get(node) else {
            return;
        };
        if next == DETACHED {
            return;
        }
        self.links[prev].next = next;
        self.links[next].prev = prev;
        self.links[node] = Link {
            prev: DETACHED,
            next: DETACHED,
        };
    }

    /// Moves `id` to the end of `list`.
    pub(crate) fn move_to(&mut self, id: ObjId, list: List) {
        self.remove(id);
        self.append(id, list);
    }

    /// Appends all of `from` to the end of `to`; `from` is left empty.
    pub(crate) fn merge(&mut self, from: List, to: List) {
        let (from, to) = (from.head(), to.head());
        if from == to || self.links[from].next == from {
            return;
        }
        let (first, last) = (self.links[from].next, self.links[from].prev);
        let tail = self.links[to].prev;
        self.links[tail].next = first;
        self.links[first].prev = tail;
        self.links[last].next = to;
        self.links[to].prev = last;
        self.links[from] = Link {
            prev: from,
            next: from,
        };
    }

    /// The objects of `list`, in order.
    pub(crate) fn objects(&self, list: List) -> Vec<ObjId> {
        let head = list.head();
        let mut objects = Vec::new();
        let mut at = self.links[head].next;
        while at != head {
            objects.push(ObjId((at - HEADS) as u32));
            at = self.links[at].next;
        }
        objects
    }
}
