//! Intrusive doubly-linked lists over object indices, as CPython's `PyGC_Head` lists.
//!
//! Every object is in at most one list. Heads are sentinels stored in the same arrays, so
//! merging two lists is O(1) and the order of objects in a list — which decides the order of
//! finalizers, weakref callbacks and `gc.garbage` — is exactly CPython's.

/// A list head (a sentinel slot).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Head(pub(crate) u32);

/// The generations, the permanent generation, and the collector's temporary lists.
pub(crate) const GENERATIONS: [Head; 3] = [Head(0), Head(1), Head(2)];
pub(crate) const PERMANENT: Head = Head(3);
pub(crate) const UNREACHABLE: Head = Head(4);
pub(crate) const FINALIZERS: Head = Head(5);
pub(crate) const WRCB_TO_CALL: Head = Head(6);
pub(crate) const SEEN: Head = Head(7);
pub(crate) const STILL_UNREACHABLE: Head = Head(8);
const HEADS: u32 = 9;

/// `prev`/`next` links of every head and object; object `i` lives at slot `HEADS + i`.
#[derive(Debug, Clone)]
pub(crate) struct Lists {
    prev: Vec<u32>,
    next: Vec<u32>,
}

const DETACHED: u32 = u32::MAX;

impl Lists {
    pub(crate) fn new() -> Self {
        let mut lists = Self {
            prev: Vec::new(),
            next: Vec::new(),
        };
        for head in 0..HEADS {
            lists.prev.push(head);
            lists.next.push(head);
        }
        lists
    }

    fn slot(object: u32) -> u32 {
        object + HEADS
    }

    /// Makes room for object `object` (detached).
    pub(crate) fn add_object(&mut self, object: u32) {
        let slot = Self::slot(object) as usize;
        if self.prev.len() <= slot {
            self.prev.resize(slot + 1, DETACHED);
            self.next.resize(slot + 1, DETACHED);
        }
    }

    /// Appends `object` at the tail of `head` (`gc_list_append`).
    pub(crate) fn append(&mut self, object: u32, head: Head) {
        let node = Self::slot(object);
        let last = self.prev[head.0 as usize];
        self.next[last as usize] = node;
        self.prev[node as usize] = last;
        self.next[node as usize] = head.0;
        self.prev[head.0 as usize] = node;
    }

    /// Unlinks `object` from whatever list holds it (`gc_list_remove`).
    pub(crate) fn remove(&mut self, object: u32) {
        let node = Self::slot(object) as usize;
        let (prev, next) = (self.prev[node], self.next[node]);
        if next == DETACHED {
            return;
        }
        self.next[prev as usize] = next;
        self.prev[next as usize] = prev;
        self.prev[node] = DETACHED;
        self.next[node] = DETACHED;
    }

    /// Moves `object` to the tail of `head` (`gc_list_move`).
    pub(crate) fn move_to(&mut self, object: u32, head: Head) {
        self.remove(object);
        self.append(object, head);
    }

    /// Appends all of `from` to the tail of `to` and empties `from` (`gc_list_merge`).
    pub(crate) fn merge(&mut self, from: Head, to: Head) {
        if self.is_empty(from) || from == to {
            return;
        }
        let (first, last) = (self.next[from.0 as usize], self.prev[from.0 as usize]);
        let tail = self.prev[to.0 as usize];
        self.next[tail as usize] = first;
        self.prev[first as usize] = tail;
        self.next[last as usize] = to.0;
        self.prev[to.0 as usize] = last;
        self.next[from.0 as usize] = from.0;
        self.prev[from.0 as usize] = from.0;
    }

    pub(crate) fn is_empty(&self, head: Head) -> bool {
        self.next[head.0 as usize] == head.0
    }

    /// The first object of `head`, if any.
    pub(crate) fn first(&self, head: Head) -> Option<u32> {
        let next = self.next[head.0 as usize];
        (next != head.0).then(|| next - HEADS)
    }

    /// The object after `object` in its list, if any (`None` at the tail).
    pub(crate) fn after(&self, object: u32) -> Option<u32> {
        let next = self.next[Self::slot(object) as usize];
        (next >= HEADS).then(|| next - HEADS)
    }

    /// The objects of `head`, in order (a snapshot).
    pub(crate) fn collect(&self, head: Head) -> Vec<u32> {
        let mut objects = Vec::new();
        let mut at = self.first(head);
        while let Some(object) = at {
            objects.push(object);
            at = self.after(object);
        }
        objects
    }

    /// How many objects `head` holds (a walk, as `gc_list_size`).
    pub(crate) fn len(&self, head: Head) -> usize {
        let mut count = 0;
        let mut at = self.first(head);
        while let Some(object) = at {
            count += 1;
            at = self.after(object);
        }
        count
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn append_remove_merge_keep_order() {
        let mut lists = Lists::new();
        for object in 0..5 {
            lists.add_object(object);
        }
        for object in [0, 1, 2] {
            lists.append(object, GENERATIONS[0]);
        }
        for object in [3, 4] {
            lists.append(object, GENERATIONS[1]);
        }
        lists.remove(1);
        lists.merge(GENERATIONS[0], GENERATIONS[1]);
        assert_eq!(lists.collect(GENERATIONS[1]), [3, 4, 0, 2]);
        assert!(lists.is_empty(GENERATIONS[0]));
        lists.move_to(3, GENERATIONS[2]);
        assert_eq!(lists.collect(GENERATIONS[1]), [4, 0, 2]);
        assert_eq!(lists.len(GENERATIONS[2]), 1);
        assert_eq!(lists.next[Lists::slot(1) as usize], DETACHED);
    }
}
