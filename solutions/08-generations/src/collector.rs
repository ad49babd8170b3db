//! The generational collector: yours. CPython 3.11's `Modules/gcmodule.c` is the model
//! (`_PyObject_GC_Link`, `gc_collect_generations`, `gc_collect_main`, `gc_collect_impl`).
//!
//! The lists (`self.lists`) hold every live object in exactly one generation, in CPython's
//! order; `self.count`, `self.threshold`, `self.enabled`, `self.collecting`, `self.stress`,
//! `self.long_lived_total`, `self.long_lived_pending` and `self.stats` are the rest of the
//! state. `heap.rs` and `lists.rs` show what you can call.

use std::collections::HashMap;
// solution:begin remove
use std::collections::HashSet;
// solution:end

use crate::heap::{Gc, GcError, GenStats, ObjId};
// solution:begin remove stage=4
use crate::heap::WeakRef;
// solution:end
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
    /// use generations_solution::Gc;
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
        // solution:begin stage=1
        self.count[0] += 1;
        if (self.count[0] > self.threshold[0] || self.stress)
            && self.enabled
            && self.threshold[0] != 0
            && !self.collecting
        {
            self.collecting = true;
            self.collect_generations();
            self.collecting = false;
        }
        let id = self.new_object();
        self.lists.append(id, List::Generation(0));
        id
        // solution:end
    }

    /// Called by the heap when `id` is freed: take it out of its list, and one less in
    /// `count[0]`, never below zero (`PyObject_GC_Del`).
    pub(crate) fn untrack(&mut self, id: ObjId) {
        // solution:begin stage=1
        self.lists.remove(id);
        if self.count[0] > 0 {
            self.count[0] -= 1;
        }
        // solution:end
    }

    /// `gc.get_count()`.
    pub fn get_count(&self) -> [usize; 3] {
        // solution:begin stage=1
        self.count
        // solution:end
    }

    /// `gc.get_threshold()`.
    pub fn get_threshold(&self) -> [usize; 3] {
        // solution:begin stage=1
        self.threshold
        // solution:end
    }

    /// `gc.set_threshold(t0, t1, t2)`.
    pub fn set_threshold(&mut self, threshold: [usize; 3]) {
        // solution:begin stage=1
        self.threshold = threshold;
        // solution:end
    }

    /// `gc.get_stats()`: per generation, its collections and what they collected.
    pub fn get_stats(&self) -> [GenStats; 3] {
        // solution:begin stage=1
        self.stats
        // solution:end
    }

    // ---- Stage 2: automatic and explicit collections, promotion, the long-lived rule ----

    /// `gc_collect_generations`: collects the *oldest* generation whose count is over its
    /// threshold (generation 0 always qualifies in stress mode). Returns what that collection
    /// returned, or 0 if none was due.
    fn collect_generations(&mut self) -> usize {
        // solution:begin stage=2
        for generation in (0..3).rev() {
            let due = self.count[generation] > self.threshold[generation]
                || (generation == 0 && self.stress);
            if !due {
                continue;
            }
            // Stage 2: the full collection waits while few long-lived objects are new.
            if generation == 2 && self.long_lived_pending < self.long_lived_total / 4 {
                continue;
            }
            return self.collect_main(generation);
        }
        0
        // solution:end
    }

    /// `gc.collect(generation)`: an error for a generation above 2; 0 without collecting when
    /// a collection is already running; otherwise one collection of `generation`, returning
    /// how many objects it found unreachable.
    pub fn collect(&mut self, generation: usize) -> Result<usize, GcError> {
        // solution:begin stage=2
        if generation > 2 {
            return Err(GcError::InvalidGeneration(generation));
        }
        if self.collecting {
            return Ok(0);
        }
        self.collecting = true;
        let found = self.collect_main(generation);
        self.collecting = false;
        Ok(found)
        // solution:end
    }

    /// `gc.enable()`.
    pub fn enable(&mut self) {
        // solution:begin stage=2
        self.enabled = true;
        // solution:end
    }

    /// `gc.disable()`: no automatic collections; `collect()` still works.
    pub fn disable(&mut self) {
        // solution:begin stage=2
        self.enabled = false;
        // solution:end
    }

    /// `gc.isenabled()`.
    pub fn is_enabled(&self) -> bool {
        // solution:begin stage=2
        self.enabled
        // solution:end
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
        // solution:begin stage=2
        if generation < 2 {
            self.count[generation + 1] += 1;
        }
        for count in &mut self.count[..=generation] {
            *count = 0;
        }
        let young = List::Generation(generation);
        for younger in 0..generation {
            self.lists.merge(List::Generation(younger), young);
        }
        let old = List::Generation((generation + 1).min(2));

        let examined = self.lists.objects(young);
        let (reachable, unreachable) = self.deduce_unreachable(&examined);
        for &id in &reachable {
            self.lists.move_to(id, young);
        }
        for &id in &unreachable {
            self.lists.move_to(id, List::Unreachable);
        }
        if young == old {
            self.long_lived_pending = 0;
            self.long_lived_total = reachable.len();
        } else {
            if generation == 1 {
                self.long_lived_pending += reachable.len();
            }
            self.lists.merge(young, old);
        }
        // What this collection found unreachable: its return value.
        let mut found = 0;

        // solution:part stage=5
        // Legacy finalizers and all they reach are uncollectable: set aside.
        self.move_legacy_finalizers(&unreachable);
        // solution:part end
        // solution:part stage=4
        // Weak references to the unreachable are cleared; reachable ones with a callback call
        // back. A weak reference freed by that counts as collected.
        found += self.handle_weakrefs(old);
        // solution:part end
        // solution:part stage=3
        // Finalizers run on what is unreachable, then whatever they made reachable again (and
        // all it reaches) survives into the older generation.
        self.finalize_garbage();
        let remaining = self.lists.objects(List::Unreachable);
        let (resurrected, still_unreachable) = self.deduce_unreachable(&remaining);
        for &id in &resurrected {
            self.lists.move_to(id, old);
        }
        for &id in &still_unreachable {
            self.lists.move_to(id, List::Unreachable);
        }
        // solution:part end
        // solution:part stage=5
        // With DEBUG_SAVEALL the garbage is saved in gc.garbage (alive, in the older
        // generation) instead of cleared.
        if self.save_all {
            for id in self.lists.objects(List::Unreachable) {
                self.save_in_garbage(id);
                self.lists.move_to(id, old);
                found += 1;
            }
        }
        // solution:part end

        // Each object still unreachable is cleared; refcounting frees it.
        let garbage = self.lists.objects(List::Unreachable);
        for &id in &garbage {
            self.clear(id);
            if self.is_alive(id) {
                self.lists.move_to(id, old);
            }
        }
        found += garbage.len();
        self.stats[generation].collections += 1;
        self.stats[generation].collected += found;

        // solution:part stage=5
        // The uncollectable go to gc.garbage (legacy ones; all with DEBUG_SAVEALL) and to the
        // older generation; the return value counts them too.
        let uncollectable = self.lists.objects(List::Finalizers);
        for &id in &uncollectable {
            if self.save_all || self.object(id).legacy {
                self.save_in_garbage(id);
            }
        }
        self.lists.merge(List::Finalizers, old);
        self.stats[generation].uncollectable += uncollectable.len();
        found += uncollectable.len();
        // solution:part end
        found
        // solution:end
    }

    // ---- Stage 5: gc.garbage, legacy finalizers, DEBUG_SAVEALL, freeze ----

    /// `move_legacy_finalizers` and `move_legacy_finalizer_reachable`: the objects of
    /// `List::Unreachable` with a legacy finalizer move to `List::Finalizers`, in order; then,
    /// walking that list as it grows, every object of `List::Unreachable` that one of them
    /// refers to (referents from the last one back) moves there too. `unreachable` is what
    /// trial deletion found (the initial contents of `List::Unreachable`).
    fn move_legacy_finalizers(&mut self, unreachable: &[ObjId]) {
        // solution:begin stage=5
        let mut still_in: HashSet<ObjId> = unreachable.iter().copied().collect();
        let mut moved = Vec::new();
        for &id in unreachable {
            if self.object(id).legacy {
                still_in.remove(&id);
                self.lists.move_to(id, List::Finalizers);
                moved.push(id);
            }
        }
        let mut next = 0;
        while next < moved.len() {
            let id = moved[next];
            next += 1;
            for target in self.get_referents(id).to_vec().into_iter().rev() {
                if still_in.remove(&target) {
                    self.lists.move_to(target, List::Finalizers);
                    moved.push(target);
                }
            }
        }
        // solution:end
    }

    /// `gc.freeze()`: every generation is appended to the permanent generation (0, then 1,
    /// then 2), which no collection examines; all three counts become 0.
    pub fn freeze(&mut self) {
        // solution:begin stage=5
        for generation in 0..3 {
            self.lists
                .merge(List::Generation(generation), List::Permanent);
        }
        self.count = [0; 3];
        // solution:end
    }

    /// `gc.unfreeze()`: the permanent generation is appended to generation 2.
    pub fn unfreeze(&mut self) {
        // solution:begin stage=5
        self.lists.merge(List::Permanent, List::Generation(2));
        // solution:end
    }

    /// `gc.get_freeze_count()`: how many objects are in the permanent generation.
    pub fn get_freeze_count(&self) -> usize {
        // solution:begin stage=5
        self.lists.objects(List::Permanent).len()
        // solution:end
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
        // solution:begin stage=4
        let unreachable = self.lists.objects(List::Unreachable);
        let garbage: HashSet<ObjId> = unreachable.iter().copied().collect();
        let mut to_call = Vec::new();
        for &id in &unreachable {
            if self.object(id).weak.is_some() {
                self.clear_weakref(id);
            }
            for weak in std::mem::take(&mut self.objects[id.0 as usize].weakrefs) {
                let state = self.object(weak).weak.expect("a weak reference");
                self.objects[weak.0 as usize].weak = Some(WeakRef {
                    target: None,
                    ..state
                });
                if !state.callback || garbage.contains(&weak) {
                    continue;
                }
                self.incref(weak);
                self.lists.remove(weak);
                to_call.push(weak);
            }
        }
        let mut freed = 0;
        for weak in to_call {
            self.run_weakref_callback(weak);
            self.decref(weak);
            if self.is_alive(weak) {
                self.lists.append(weak, old);
            } else {
                freed += 1;
            }
        }
        freed
        // solution:end
    }

    // ---- Stage 3: finalizers run once, resurrection ----

    /// `finalize_garbage`: in the order of `List::Unreachable`, each object that has a
    /// `__del__` not yet run gets it run (`self.run_finalizer(id)`), under a temporary
    /// reference (`incref` before, `decref` after). An object freed by an earlier `__del__`
    /// is skipped.
    fn finalize_garbage(&mut self) {
        // solution:begin stage=3
        for id in self.lists.objects(List::Unreachable) {
            if !self.is_alive(id) {
                continue;
            }
            let object = self.object(id);
            if object.finalizer.is_none() || object.finalized {
                continue;
            }
            self.incref(id);
            self.run_finalizer(id);
            self.decref(id);
        }
        // solution:end
    }

    // solution:begin remove stage=2
    /// update_refs, subtract_refs and move_unreachable over `examined` (in list order):
    /// (reachable, unreachable), each in the order CPython's lists end up in.
    fn deduce_unreachable(&self, examined: &[ObjId]) -> (Vec<ObjId>, Vec<ObjId>) {
        let mut gc_refs: HashMap<ObjId, isize> = examined
            .iter()
            .map(|&id| (id, self.refcount(id) as isize))
            .collect();
        for &id in examined {
            for target in self.get_referents(id) {
                if let Some(count) = gc_refs.get_mut(target) {
                    *count -= 1;
                }
            }
        }
        let mut scan = examined.to_vec();
        let mut tentatively_unreachable = HashSet::new();
        let mut moved_out = Vec::new();
        let mut reachable = Vec::new();
        let mut next = 0;
        while next < scan.len() {
            let id = scan[next];
            next += 1;
            if gc_refs[&id] > 0 {
                reachable.push(id);
                for target in self.get_referents(id).iter().rev() {
                    let Some(count) = gc_refs.get_mut(target) else {
                        continue;
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
        (reachable, unreachable)
    }
    // solution:end
}

//~ // Your helpers (trial deletion from exercise 07 fits here) can use this map type.
//~ #[allow(dead_code)]
//~ type GcRefs = HashMap<ObjId, isize>;
