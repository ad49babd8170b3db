//! Trial deletion: the three passes of CPython's `deduce_unreachable` (`Modules/gcmodule.c`),
//! and a full collection built from them. This file is yours.
//!
//! The set being examined (`young`: a generation in CPython, every object here) is given as a
//! slice in list order. `gc_refs` is a *copy* of each member's refcount, kept in a map whose
//! keys are exactly the members: "is this object in the set?" is "is it a key?". The heap's
//! real counts are never changed by the passes.
//!
//! No recursion: a chain of a million objects must not overflow the stack. Walk with loops and
//! explicit lists (CPython walks its own linked lists and never recurses).

use std::collections::HashMap;
// solution:begin remove
use std::collections::HashSet;
// solution:end

use crate::heap::{Heap, ObjId};

/// Each examined object's `gc_refs`; the keys are exactly the examined objects.
pub type GcRefs = HashMap<ObjId, isize>;

/// The examined set, split by [`move_unreachable`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Split {
    /// Reachable from outside the set, in the order CPython's scan leaves them.
    pub reachable: Vec<ObjId>,
    /// Not reachable from outside the set: garbage, in the order CPython leaves it.
    pub unreachable: Vec<ObjId>,
}

/// `update_refs`: every object of `young` gets `gc_refs = refcount`, a copy.
///
/// ```
/// use trial_deletion_solution::{Heap, update_refs};
///
/// let mut heap = Heap::new();
/// let a = heap.alloc();
/// heap.incref(a);
/// let gc_refs = update_refs(&heap, &[a]);
/// assert_eq!(gc_refs[&a], 2);
/// assert_eq!(heap.refcount(a), 2, "the real count is untouched");
/// ```
pub fn update_refs(heap: &Heap, young: &[ObjId]) -> GcRefs {
    // solution:begin
    young
        .iter()
        .map(|&id| (id, heap.refcount(id) as isize))
        .collect()
    // solution:end
}

/// `subtract_refs`: for every reference *from* an object of `young` *to* an object of `young`,
/// one less `gc_refs` for the target. What remains counts the references from outside the set:
/// the program's, and those of objects that are not examined (older generations). References to
/// objects outside the set change nothing (and add no key).
///
/// ```
/// use trial_deletion_solution::{Heap, subtract_refs, update_refs};
///
/// let mut heap = Heap::new();
/// let a = heap.alloc();
/// let b = heap.alloc();
/// heap.add_ref(a, b);
/// heap.add_ref(b, a);
/// heap.decref(b);
/// let young = [a, b];
/// let mut gc_refs = update_refs(&heap, &young);
/// subtract_refs(&heap, &young, &mut gc_refs);
/// assert_eq!(gc_refs[&a], 1, "the program's reference");
/// assert_eq!(gc_refs[&b], 0, "only a refers to b");
/// ```
pub fn subtract_refs(heap: &Heap, young: &[ObjId], gc_refs: &mut GcRefs) {
    // solution:begin
    for &id in young {
        for target in heap.get_referents(id) {
            if let Some(count) = gc_refs.get_mut(target) {
                *count -= 1;
            }
        }
    }
    // solution:end
}

/// `move_unreachable`: splits `young` into what is reachable from outside the set and what is
/// not, using the `gc_refs` left by [`subtract_refs`].
///
/// CPython scans its list once, front to back. An object with `gc_refs > 0` is reachable, and
/// so is everything it references inside the set: a referent not yet scanned gets `gc_refs = 1`
/// (so the scan will find it reachable), a referent already moved to the tentatively-unreachable
/// list moves back to the end of the list being scanned (so the scan meets it again). An object
/// with `gc_refs == 0` when the scan reaches it moves to the tentatively-unreachable list.
/// Referents are visited from the last one back, as `list_traverse` does.
///
/// ```
/// use trial_deletion_solution::{Heap, move_unreachable, subtract_refs, update_refs};
///
/// let mut heap = Heap::new();
/// let leaf = heap.alloc();
/// let root = heap.alloc();
/// heap.add_ref(root, leaf);
/// heap.decref(leaf); // only root holds it now; the program holds root
/// let young = heap.objects(); // [leaf, root]: leaf is scanned first, with gc_refs 0
/// let mut gc_refs = update_refs(&heap, &young);
/// subtract_refs(&heap, &young, &mut gc_refs);
/// let split = move_unreachable(&heap, &young, &mut gc_refs);
/// assert_eq!(split.reachable, [root, leaf], "leaf was rescued and moved to the end");
/// assert!(split.unreachable.is_empty());
/// ```
pub fn move_unreachable(heap: &Heap, young: &[ObjId], gc_refs: &mut GcRefs) -> Split {
    // solution:begin
    // The list being scanned, growing at its end as objects are rescued.
    let mut scan: Vec<ObjId> = young.to_vec();
    let mut tentatively_unreachable: HashSet<ObjId> = HashSet::new();
    let mut moved_out: Vec<ObjId> = Vec::new();
    let mut reachable = Vec::new();
    let mut next = 0;
    while next < scan.len() {
        let id = scan[next];
        next += 1;
        if gc_refs[&id] > 0 {
            reachable.push(id);
            for target in heap.get_referents(id).iter().rev() {
                let Some(count) = gc_refs.get_mut(target) else {
                    continue; // not in the set
                };
                if tentatively_unreachable.remove(target) {
                    *count = 1;
                    scan.push(*target);
                } else if *count == 0 {
                    *count = 1;
                }
            }
        } else {
            tentatively_unreachable.insert(id);
            moved_out.push(id);
        }
    }
    let unreachable = moved_out
        .into_iter()
        .filter(|id| tentatively_unreachable.contains(id))
        .collect();
    Split {
        reachable,
        unreachable,
    }
    // solution:end
}

/// A full collection: examines every object of the heap (in [`Heap::objects`] order), clears
/// each unreachable one with [`Heap::clear`] (`tp_clear`; refcounting then frees the cycles), and
/// returns how many objects were unreachable, as `gc.collect()` does.
///
/// ```
/// use trial_deletion_solution::{Heap, collect};
///
/// let mut heap = Heap::new();
/// let a = heap.alloc();
/// heap.add_ref(a, a); // a self-cycle
/// heap.decref(a);
/// let kept = heap.alloc(); // still held by the program
/// assert_eq!(collect(&mut heap), 1);
/// assert!(!heap.is_alive(a));
/// assert!(heap.is_alive(kept));
/// ```
pub fn collect(heap: &mut Heap) -> usize {
    // solution:begin
    let young = heap.objects();
    let mut gc_refs = update_refs(heap, &young);
    subtract_refs(heap, &young, &mut gc_refs);
    let Split { unreachable, .. } = move_unreachable(heap, &young, &mut gc_refs);
    for &id in &unreachable {
        heap.clear(id);
    }
    unreachable.len()
    // solution:end
}
