//! Intrusive doubly-linked lists over object indices, as CPython's `PyGC_Head` lists, with each
//! object's refcount beside its links (CPython keeps `ob_refcnt` right after the `PyGC_Head`).
//!
//! Every object is in at most one list. Heads are sentinels stored in the same arrays, so
//! merging two lists is O(1) and the order of objects in a list — which decides the order of
//! finalizers, weakref callbacks and `gc.garbage` — is exactly CPython's.

/// A list head (a sentinel slot).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Head(pub(crate) u32);

/// A position in a list to link after (a head's or an object's slot): see
/// [`Lists::link_after`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Place(u32);

/// The generations, the permanent generation, and the collector's temporary lists.
pub(crate) const GENERATIONS: [Head; 3] = [Head(0), Head(1), Head(2)];
pub(crate) const PERMANENT: Head = Head(3);
pub(crate) const UNREACHABLE: Head = Head(4);
pub(crate) const FINALIZERS: Head = Head(5);
pub(crate) const WRCB_TO_CALL: Head = Head(6);
pub(crate) const SEEN: Head = Head(7);
pub(crate) const STILL_UNREACHABLE: Head = Head(8);
const HEADS: u32 = 9;

/// One slot per head and object (object `i` lives at slot `HEADS + i`): its list links, its
/// refcount and, during a collection, how many references come from inside the examined set
/// — together, as CPython's `PyGC_Head` and `ob_refcnt` sit side by side, so every walk of a
/// list touches one 16-byte record per object.
#[derive(Debug, Clone, Copy)]
struct Link {
    prev: u32,
    next: u32,
    refcount: u32,
    /// References from inside the set a collection examines; 0 outside `deduce_unreachable`.
    internal: u32,
}

/// The lists of every head and object.
#[derive(Debug, Clone)]
pub(crate) struct Lists {
    links: Vec<Link>,
}

const DETACHED: u32 = u32::MAX;

impl Lists {
    pub(crate) fn new() -> Self {
        let links = (0..HEADS)
            .map(|head| Link {
                prev: head,
                next: head,
                refcount: 0,
                internal: 0,
            })
            .collect();
        Self { links }
    }

    /// Makes room for object `object` (detached).
    pub(crate) fn add_object(&mut self, object: u32) {
        let slot = slot(object) as usize;
        if self.links.len() <= slot {
            self.links.resize(
                slot + 1,
                Link {
                    prev: DETACHED,
                    next: DETACHED,
                    refcount: 0,
                    internal: 0,
                },
            );
        }
    }

    /// The object's refcount (`ob_refcnt`).
    pub(crate) fn refcount(&self, object: u32) -> u32 {
        self.links[slot(object) as usize].refcount
    }

    /// The object's refcount, to change.
    pub(crate) fn refcount_mut(&mut self, object: u32) -> &mut u32 {
        &mut self.links[slot(object) as usize].refcount
    }

    /// A new object's record: one reference (its creator's), none from inside any set.
    pub(crate) fn born(&mut self, object: u32) {
        let link = &mut self.links[slot(object) as usize];
        link.refcount = 1;
        link.internal = 0;
    }

    /// The references from inside the examined set (0 outside a collection).
    #[cfg(debug_assertions)]
    pub(crate) fn internal(&self, object: u32) -> u32 {
        self.links[slot(object) as usize].internal
    }

    /// A collection's view of the records of objects `0..objects` (all there are): indexed by
    /// object, not slot, and exactly as long as the collector's other per-object arrays, so one
    /// bounds check on an object covers all of them.
    pub(crate) fn view(&mut self, objects: usize) -> View<'_> {
        let (heads, records) = self.links.split_at_mut(HEADS as usize);
        View {
            heads,
            objects: &mut records[..objects],
        }
    }

    /// Appends `object` at the tail of `head` (`gc_list_append`).
    pub(crate) fn append(&mut self, object: u32, head: Head) {
        let node = slot(object);
        let last = self.links[head.0 as usize].prev;
        self.links[last as usize].next = node;
        self.links[node as usize].prev = last;
        self.links[node as usize].next = head.0;
        self.links[head.0 as usize].prev = node;
    }

    /// Unlinks `object` from whatever list holds it (`gc_list_remove`).
    pub(crate) fn remove(&mut self, object: u32) {
        let node = slot(object) as usize;
        let (prev, next) = (self.links[node].prev, self.links[node].next);
        if next == DETACHED {
            return;
        }
        self.links[prev as usize].next = next;
        self.links[next as usize].prev = prev;
        self.links[node].prev = DETACHED;
        self.links[node].next = DETACHED;
    }

    /// Moves `object` to the tail of `head` (`gc_list_move`).
    pub(crate) fn move_to(&mut self, object: u32, head: Head) {
        self.remove(object);
        self.append(object, head);
    }

    /// Leaves each of `objects`, which are in no list, with no links and no references: what
    /// freeing them does to their records.
    pub(crate) fn free_all(&mut self, objects: &[u32]) {
        for &object in objects {
            let link = &mut self.links[slot(object) as usize];
            link.prev = DETACHED;
            link.next = DETACHED;
            link.refcount = 0;
        }
    }

    /// Appends all of `from` to the tail of `to` and empties `from` (`gc_list_merge`).
    pub(crate) fn merge(&mut self, from: Head, to: Head) {
        if self.is_empty(from) || from == to {
            return;
        }
        let (first, last) = (
            self.links[from.0 as usize].next,
            self.links[from.0 as usize].prev,
        );
        let tail = self.links[to.0 as usize].prev;
        self.links[tail as usize].next = first;
        self.links[first as usize].prev = tail;
        self.links[last as usize].next = to.0;
        self.links[to.0 as usize].prev = last;
        self.links[from.0 as usize].next = from.0;
        self.links[from.0 as usize].prev = from.0;
    }

    pub(crate) fn is_empty(&self, head: Head) -> bool {
        self.links[head.0 as usize].next == head.0
    }

    /// The first object of `head`, if any.
    pub(crate) fn first(&self, head: Head) -> Option<u32> {
        let next = self.links[head.0 as usize].next;
        (next != head.0).then(|| next - HEADS)
    }

    /// The object after `object` in its list, if any (`None` at the tail).
    pub(crate) fn after(&self, object: u32) -> Option<u32> {
        object_at(self.links[slot(object) as usize].next)
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

/// [`Lists::view`]: the heads' records apart from the objects', which are indexed by object.
#[derive(Debug)]
pub(crate) struct View<'a> {
    heads: &'a mut [Link],
    objects: &'a mut [Link],
}

impl View<'_> {
    /// A place in a list to link after: the head itself (the list's start), or an object.
    pub(crate) fn start_of(head: Head) -> Place {
        Place(head.0)
    }

    /// The place of `object`, which stays where it is in its list.
    pub(crate) fn place_of(object: u32) -> Place {
        Place(slot(object))
    }

    /// The first object of `head`, if any.
    pub(crate) fn first(&self, head: Head) -> Option<u32> {
        object_at(self.heads[head.0 as usize].next)
    }

    /// The object after `object` in its list, if any (`None` at the tail).
    pub(crate) fn after(&self, object: u32) -> Option<u32> {
        object_at(self.objects[object as usize].next)
    }

    /// The last object of `head`, if any.
    pub(crate) fn last(&self, head: Head) -> Option<u32> {
        object_at(self.heads[head.0 as usize].prev)
    }

    /// The object before `object` in its list, if any (`None` at the start).
    pub(crate) fn before(&self, object: u32) -> Option<u32> {
        object_at(self.objects[object as usize].prev)
    }

    /// During `deduce_unreachable`'s scan, whether the object has references from outside the
    /// set; its `internal` goes back to the zero it has outside a collection, as the scan
    /// never reads it again.
    pub(crate) fn decide_reachable(&mut self, object: u32) -> bool {
        let link = &mut self.objects[object as usize];
        let outside = link.refcount > link.internal;
        link.internal = 0;
        outside
    }

    /// Counts `amount` more references to the object from inside the examined set. They
    /// never outnumber the refcount.
    pub(crate) fn add_internal(&mut self, object: u32, amount: u32) {
        let link = &mut self.objects[object as usize];
        link.internal += amount;
        debug_assert!(link.internal <= link.refcount);
    }

    /// Forgets the inside references: the object counts as referenced from outside (its
    /// refcount is at least 1), as CPython's `gc_refs = 1`, whether or not it was already, and
    /// its `internal` is back to the zero it has outside a collection.
    pub(crate) fn mark_reachable(&mut self, object: u32) {
        let link = &mut self.objects[object as usize];
        debug_assert!(link.refcount > 0);
        link.internal = 0;
    }

    /// The record at `place`: a head's or an object's.
    fn at(&mut self, place: u32) -> &mut Link {
        match place.checked_sub(HEADS) {
            Some(object) => &mut self.objects[object as usize],
            None => &mut self.heads[place as usize],
        }
    }

    /// Links `object` right after `place` (whatever followed `place` is left with stale links,
    /// for the caller to relink) and returns `object`'s place, to go on from. Rebuilding a list
    /// in a new order is a chain of these from [`View::start_of`], then [`View::close`].
    pub(crate) fn link_after(&mut self, place: Place, object: u32) -> Place {
        self.at(place.0).next = slot(object);
        self.objects[object as usize].prev = place.0;
        Place(slot(object))
    }

    /// Ends `head`'s list at `last` (its start: the list is empty).
    pub(crate) fn close(&mut self, head: Head, last: Place) {
        self.at(last.0).next = head.0;
        self.heads[head.0 as usize].prev = last.0;
    }

    /// Appends `object` at the tail of `head` (`gc_list_append`).
    pub(crate) fn append(&mut self, object: u32, head: Head) {
        let last = self.heads[head.0 as usize].prev;
        self.at(last).next = slot(object);
        let node = &mut self.objects[object as usize];
        node.prev = last;
        node.next = head.0;
        self.heads[head.0 as usize].prev = slot(object);
    }
}

/// The object in slot `slot`, if it is an object's (not a head's).
fn object_at(slot: u32) -> Option<u32> {
    slot.checked_sub(HEADS)
}

/// Object `object`'s slot.
fn slot(object: u32) -> u32 {
    object + HEADS
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
        assert_eq!(lists.links[slot(1) as usize].next, DETACHED);
    }
}
