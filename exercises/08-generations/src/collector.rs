//! The generational collector: yours. CPython 3.11's `Modules/gcmodule.c` is the model
//! (`_PyObject_GC_Link`, `gc_collect_generations`, `gc_collect_main`, `gc_collect_impl`).
//!
//! The lists (`self.lists`) hold every live object in exactly one generation, in CPython's
//! order; `self.count`, `self.threshold`, `self.enabled`, `self.collecting`, `self.stress`,
//! `self.long_lived_total`, `self.long_lived_pending` and `self.stats` are the rest of the
//! state. `heap.rs` and `lists.rs` show what you can call.

use std::collections::HashMap;

use crate::heap::{Gc, GcError, GenStats, ObjId};
use crate::lists::List;

impl Gc {
    // ---- Stage 1: counts and thresholds ----

    /// Allocates a container the program holds (refcount 1) and tracks it in generation 0.
    ///
    /// As `_PyObject_GC_Link`: `count[0]` goes up first; then, if it is now *over*
    /// `threshold[0]` (or stress mode is on), collection is enabled, `threshold[0]` is not 0 and
    /// no collection is running, an automatic collection runs ([`Gc::collect_generations`],
    /// stage 2: stage 1's tests never go over the threshold) *before* the new object is tracked.
    ///
    /// ```
    /// use generations::Gc;
    ///
    /// let mut gc = Gc::new();
    /// gc.set_threshold([3, 10, 10]);
    /// for _ in 0..3 {
    ///     gc.alloc();
    /// }
    /// assert_eq!(gc.get_count(), [3, 0, 0], "3 is not over the threshold");
    /// gc.alloc(); // count[0] becomes 4: collect generation 0, then track the new object
    /// assert_eq!(gc.get_count(), [0, 1, 0], "the collection zeroed the count the new object raised");
    /// ```
    pub fn alloc(&mut self) -> ObjId {
        todo!()
    }

    /// Called by the heap when `id` is freed: take it out of its list, and one less in
    /// `count[0]`, never below zero (`PyObject_GC_Del`).
    pub(crate) fn untrack(&mut self, id: ObjId) {
        todo!()
    }

    /// `gc.get_count()`.
    pub fn get_count(&self) -> [usize; 3] {
        todo!()
    }

    /// `gc.get_threshold()`.
    pub fn get_threshold(&self) -> [usize; 3] {
        todo!()
    }

    /// `gc.set_threshold(t0, t1, t2)`.
    pub fn set_threshold(&mut self, threshold: [usize; 3]) {
        todo!()
    }

    /// `gc.get_stats()`: per generation, its collections and what they collected.
    pub fn get_stats(&self) -> [GenStats; 3] {
        todo!()
    }

    // ---- Stage 2: automatic and explicit collections, promotion, the long-lived rule ----

    /// `gc_collect_generations`: collects the *oldest* generation whose count is over its
    /// threshold (generation 0 always qualifies in stress mode). Returns what that collection
    /// returned, or 0 if none was due.
    fn collect_generations(&mut self) -> usize {
        todo!()
    }

    /// `gc.collect(generation)`: an error for a generation above 2; 0 without collecting when
    /// a collection is already running; otherwise one collection of `generation`, returning
    /// how many objects it found unreachable.
    pub fn collect(&mut self, generation: usize) -> Result<usize, GcError> {
        todo!()
    }

    /// `gc.enable()`.
    pub fn enable(&mut self) {
        todo!()
    }

    /// `gc.disable()`: no automatic collections; `collect()` still works.
    pub fn disable(&mut self) {
        todo!()
    }

    /// `gc.isenabled()`.
    pub fn is_enabled(&self) -> bool {
        todo!()
    }

    /// `gc_collect_main` for `generation`, in CPython's order. Write the steps of stage 2 first;
    /// the steps marked with a later stage come with that stage.
    ///
    /// 1. `count[generation + 1] += 1` (below generation 2); `count[0..=generation] = 0`.
    /// 2. The younger generations are appended to this one, youngest first.
    /// 3. Trial deletion over that list (as in exercise 07: references from objects outside
    ///    it — older generations — count as outside references). The heap's `get_referents`
    ///    gives a container's references first to last, but CPython's `list_traverse` visits a
    ///    list's items last first, and so must `move_unreachable` here: walk
    ///    `get_referents(id)` in reverse. That order decides where rescued objects rejoin the
    ///    scan, so the order of the survivors (and of every generation after them) depends on it.
    /// 4. The survivors, in the order the scan leaves them, go to the end of the next older
    ///    generation (generation 2's stay in 2). After a generation-1 collection
    ///    `long_lived_pending += survivors`; after a generation-2 one `long_lived_pending = 0`
    ///    and `long_lived_total = survivors`.
    /// 5. Stage 5: [`Gc::move_legacy_finalizers`] sets the uncollectable aside.
    /// 6. Stage 4: [`Gc::handle_weakrefs`], before any finalizer runs.
    /// 7. Stage 3: [`Gc::finalize_garbage`], then trial deletion again over what is left in
    ///    `List::Unreachable`: what a `__del__` made reachable (resurrected, with all it
    ///    reaches) goes to the end of the older generation, in scan order.
    /// 8. Stage 5: with `DEBUG_SAVEALL`, each object still unreachable is saved in
    ///    `gc.garbage` (`self.save_in_garbage`) and goes to the end of the older generation
    ///    instead of being cleared.
    /// 9. Each object still unreachable is cleared (`Gc::clear`); refcounting frees it (one
    ///    that survives its clear goes to the older generation).
    /// 10. Stats of `generation`: one more collection, `collected +=` the objects of steps 8
    ///     and 9 and the weak references step 6 freed.
    /// 11. Stage 5: the objects of `List::Finalizers` are uncollectable: each with a legacy
    ///     finalizer (every one, with `DEBUG_SAVEALL`) is saved in `gc.garbage`; all go to the
    ///     end of the older generation and are counted in `uncollectable`.
    ///
    /// Returns the number of objects found unreachable: collected plus uncollectable.
    fn collect_main(&mut self, generation: usize) -> usize {
        todo!()
    }

    // ---- Stage 5: gc.garbage, legacy finalizers, DEBUG_SAVEALL, freeze ----

    /// `move_legacy_finalizers` and `move_legacy_finalizer_reachable`: the objects of
    /// `List::Unreachable` with a legacy finalizer move to `List::Finalizers`, in order; then,
    /// walking that list as it grows, every object of `List::Unreachable` that one of them
    /// refers to (referents from the last one back) moves there too. `unreachable` is what
    /// trial deletion found (the initial contents of `List::Unreachable`).
    fn move_legacy_finalizers(&mut self, unreachable: &[ObjId]) {
        todo!()
    }

    /// `gc.freeze()`: every generation is appended to the permanent generation (0, then 1,
    /// then 2), which no collection examines; all three counts become 0.
    pub fn freeze(&mut self) {
        todo!()
    }

    /// `gc.unfreeze()`: the permanent generation is appended to generation 2.
    pub fn unfreeze(&mut self) {
        todo!()
    }

    /// `gc.get_freeze_count()`: how many objects are in the permanent generation.
    pub fn get_freeze_count(&self) -> usize {
        todo!()
    }

    // ---- Stage 4: weak references ----

    /// `handle_weakrefs`, before any finalizer runs. For each object of `List::Unreachable`, in
    /// order: if it is itself a weak reference, clear it (`self.clear_weakref`: a weak
    /// reference that is garbage never calls back); then every weak reference *to* it is
    /// cleared (target `None`, the object's list emptied), and those that have a callback and
    /// are not themselves unreachable are set aside — taken out of their generation, under a
    /// temporary reference. Then, in the order set aside, each callback runs
    /// (`self.run_weakref_callback`), the temporary reference is dropped, and the weak reference
    /// goes to the end of `old` if it is still alive.
    ///
    /// Returns how many of those weak references were freed by dropping that reference (CPython
    /// counts them as collected).
    fn handle_weakrefs(&mut self, old: List) -> usize {
        todo!()
    }

    // ---- Stage 3: finalizers run once, resurrection ----

    /// `finalize_garbage`: in the order of `List::Unreachable`, each object that has a
    /// `__del__` not yet run gets it run (`self.run_finalizer(id)`), under a temporary
    /// reference (`incref` before, `decref` after). An object freed by an earlier `__del__`
    /// is skipped.
    fn finalize_garbage(&mut self) {
        todo!()
    }
}

// Your helpers (trial deletion from exercise 07 fits here) can use this map type.
#[allow(dead_code)]
type GcRefs = HashMap<ObjId, isize>;
