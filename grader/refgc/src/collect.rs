//! One collection, as `gc_collect_main` in CPython 3.11's `Modules/gcmodule.c` (rules 2–10 of
//! the crate docs). Work lists and explicit loops only: no recursion, so a chain of millions of
//! objects collects on a small stack. A collection of generation g walks generations 0..=g and
//! the references out of them, never an older generation's list.

use crate::list::{
    FINALIZERS, GENERATIONS, Head, SEEN, STILL_UNREACHABLE, UNREACHABLE, View, WRCB_TO_CALL,
};
use crate::refs::Refs;
use crate::{
    COLLECTING, Event, Gc, Kind, ObjId, UNREACHABLE_FLAG, generation_tag, with_generation,
};

/// Who is in the set `deduce_unreachable` examines, told from an object's flags. Each kind is
/// its own type, so the hot loops are compiled once per kind with the test inlined.
trait Members: Copy {
    fn contain(self, flags: u8) -> bool;
}

/// Generations 0..=G, known from each object's generation tag (the main pass).
#[derive(Debug, Clone, Copy)]
struct Generations<const G: u8>;

impl<const G: u8> Members for Generations<G> {
    fn contain(self, flags: u8) -> bool {
        generation_tag(flags) <= G
    }
}

/// The objects marked `COLLECTING` (the resurrection pass over the unreachable).
#[derive(Debug, Clone, Copy)]
struct Marked;

impl Members for Marked {
    fn contain(self, flags: u8) -> bool {
        flags & COLLECTING != 0
    }
}

/// update_refs + subtract_refs for one object of the set: counts its references to members of
/// the set as inside references of their targets. `LONG`: whether lists on the heap are counted
/// by blocks (see `Gc::deduce_unreachable_with_long_lists`).
#[inline(always)]
fn count_inside_references<const LONG: bool>(
    members: impl Members,
    refs: &[Refs],
    flags: &[u8],
    lists: &mut View<'_>,
    object: u32,
) {
    debug_assert!(members.contain(flags[object as usize]));
    let items = match &refs[object as usize] {
        Refs::Inline(len, items) => {
            let mut count = |target: ObjId| {
                if members.contain(flags[target.0 as usize]) {
                    lists.add_internal(target.0, 1);
                }
            };
            // Unrolled by length: no loop to set up for a node's few references (the last arm
            // is three, the most an inline list holds).
            match len {
                0 => {}
                1 => count(items[0]),
                2 => {
                    count(items[0]);
                    count(items[1]);
                }
                _ => items.iter().for_each(|&target| count(target)),
            }
            return;
        }
        Refs::Heap(items) => items,
    };
    // Repeated references to one target (a list of k copies) are counted in a register and
    // added once: no chain of read-modify-writes on one counter. With `LONG`, a block that
    // repeats the run's target is counted at once (compared as one vector).
    let mut run = Run::default();
    let mut rest: &[ObjId] = items;
    if LONG {
        let mut blocks = items.chunks_exact(RUN_BLOCK);
        for block in &mut blocks {
            if run.count > 0 && block.iter().all(|target| target.0 == run.target) {
                run.count += RUN_BLOCK as u32;
            } else {
                for &target in block {
                    run.add(members, flags, lists, target);
                }
            }
        }
        rest = blocks.remainder();
    }
    for &target in rest {
        run.add(members, flags, lists, target);
    }
    run.flush(lists);
}

/// References compared at once when skipping over repeats of one target.
const RUN_BLOCK: usize = 8;

/// A run of references to one member of the set, counted but not yet added to its `internal`.
#[derive(Default)]
struct Run {
    target: u32,
    /// 0 when there is no run (the last target was not a member).
    count: u32,
}

impl Run {
    /// Counts one more reference: to the run's target, or the start of a new run.
    #[inline(always)]
    fn add(&mut self, members: impl Members, flags: &[u8], lists: &mut View<'_>, target: ObjId) {
        if self.count > 0 && target.0 == self.target {
            self.count += 1;
            return;
        }
        self.flush(lists);
        self.target = target.0;
        self.count = u32::from(members.contain(flags[target.0 as usize]));
    }

    /// Adds the run to its target's `internal`.
    #[inline(always)]
    fn flush(&mut self, lists: &mut View<'_>) {
        if self.count > 0 {
            lists.add_internal(self.target, self.count);
        }
    }
}

/// Where `deduce_unreachable` puts the objects it finds unreachable.
#[derive(Debug, Clone, Copy)]
enum Garbage {
    /// Appended to a list, for the steps that look at them before they are freed (legacy
    /// finalizers, weakrefs, finalizers, `DEBUG_SAVEALL`).
    List(Head),
    /// Noted in `Gc::bulk_freed`, in the order found, for `free_garbage_in_bulk`: no such step
    /// can happen.
    Unobserved,
}

impl Gc {
    /// Whether no step of a collection can look at the garbage before it is freed: no
    /// finalizer, weakref or legacy finalizer was ever made, and `DEBUG_SAVEALL` is off.
    fn nothing_watches_garbage(&self) -> bool {
        !self.save_all
            && self.finalizers_made == 0
            && self.weakrefs_made == 0
            && self.legacy_made == 0
    }

    /// `gc_collect_generations` (rule 2).
    pub(crate) fn collect_generations(&mut self) -> usize {
        for generation in (0..3).rev() {
            let due = self.count[generation] > self.threshold[generation]
                || (generation == 0 && self.stress);
            if due {
                if generation == 2 && self.long_lived_pending < self.long_lived_total / 4 {
                    continue;
                }
                return self.collect_with_callback(generation);
            }
        }
        0
    }

    /// `gc_collect_with_callback`: "start", the collection, "stop".
    pub(crate) fn collect_with_callback(&mut self, generation: usize) -> usize {
        if self.callbacks {
            self.events.push(Event::GcCallback {
                phase: "start",
                generation,
                collected: 0,
                uncollectable: 0,
            });
        }
        let started = std::time::Instant::now();
        let (collected, uncollectable) = self.collect_main(generation);
        self.collection_time += started.elapsed();
        if self.callbacks {
            self.events.push(Event::GcCallback {
                phase: "stop",
                generation,
                collected,
                uncollectable,
            });
        }
        collected + uncollectable
    }

    /// `gc_collect_main`: returns (collected, uncollectable).
    fn collect_main(&mut self, generation: usize) -> (usize, usize) {
        // Rule 3: counts, then merge the younger generations into this one.
        if generation < 2 {
            self.count[generation + 1] += 1;
        }
        for count in &mut self.count[..=generation] {
            *count = 0;
        }
        let young = Self::generation_head(generation);
        for &younger in &GENERATIONS[..generation] {
            self.lists.merge(younger, young);
        }
        let old = Self::generation_head((generation + 1).min(2));

        // When nothing will look at the garbage before it is freed, it is not linked into a
        // list at all: `free_garbage_in_bulk` frees it from the scan's note of it.
        let garbage = if self.nothing_watches_garbage() {
            Garbage::Unobserved
        } else {
            Garbage::List(UNREACHABLE)
        };
        let survivors = if self.long_lists_made {
            self.deduce_unreachable_with_long_lists(generation, young, garbage, old)
        } else {
            match generation {
                0 => self.deduce_unreachable::<false>(Generations::<0>, young, garbage, old),
                1 => self.deduce_unreachable::<false>(Generations::<1>, young, garbage, old),
                _ => self.deduce_unreachable::<false>(Generations::<2>, young, garbage, old),
            }
        };
        if young != old {
            if generation == 1 {
                self.long_lived_pending += survivors;
            }
            self.lists.merge(young, old);
        } else {
            self.long_lived_pending = 0;
            self.long_lived_total = survivors;
        }

        // Rule 4: legacy finalizers and what they reach are uncollectable.
        self.move_legacy_finalizers();

        // Rule 5: weakrefs.
        let runs_before = self.scripted_runs;
        let mut collected = self.handle_weakrefs(old);

        // Rule 6: finalizers, in list order, once per lifetime.
        if self.finalizers_made > 0 {
            self.finalize_garbage();
        }

        // Rule 7: resurrected objects survive into the older generation. Only code run by the
        // collector (a finalizer, a callback) can resurrect: without any, the pass would find
        // exactly what it was given, so it is skipped (same result, one walk fewer).
        if self.scripted_runs == runs_before {
            self.lists.merge(UNREACHABLE, STILL_UNREACHABLE);
        } else {
            // Everything left in `unreachable` is marked COLLECTING, and nothing else is.
            if self.long_lists_made {
                self.deduce_unreachable::<true>(
                    Marked,
                    UNREACHABLE,
                    Garbage::List(STILL_UNREACHABLE),
                    old,
                );
            } else {
                self.deduce_unreachable::<false>(
                    Marked,
                    UNREACHABLE,
                    Garbage::List(STILL_UNREACHABLE),
                    old,
                );
            }
            self.lists.merge(UNREACHABLE, old);
        }

        // Rule 8: delete.
        collected += self.delete_garbage(old, garbage);

        // Rule 9: uncollectable.
        let uncollectable = self.lists.len(FINALIZERS);
        for object in self.lists.collect(FINALIZERS) {
            let legacy = matches!(
                self.objects[object as usize].cold.kind,
                Kind::Node { legacy: true, .. }
            );
            if self.save_all || legacy {
                *self.lists.refcount_mut(object) += 1;
                self.objects[object as usize].external += 1;
                self.garbage.push(ObjId(object));
            }
        }
        self.merge_into_generation(FINALIZERS, old);

        #[cfg(debug_assertions)]
        self.check_generation_tags();

        // Rule 10.
        let stats = &mut self.stats[generation];
        stats.collections += 1;
        stats.collected += collected;
        stats.uncollectable += uncollectable;
        (collected, uncollectable)
    }

    /// `deduce_unreachable` of generations 0..=`generation` with the loops that take a long
    /// list of references a block of eight at once, used once any list has grown past three
    /// (until then the plain loops, whose code is smaller, do the same): out of line, so the
    /// common case's code is laid out as if these were not there.
    #[inline(never)]
    fn deduce_unreachable_with_long_lists(
        &mut self,
        generation: usize,
        young: Head,
        garbage: Garbage,
        old: Head,
    ) -> usize {
        match generation {
            0 => self.deduce_unreachable::<true>(Generations::<0>, young, garbage, old),
            1 => self.deduce_unreachable::<true>(Generations::<1>, young, garbage, old),
            _ => self.deduce_unreachable::<true>(Generations::<2>, young, garbage, old),
        }
    }

    /// update_refs, subtract_refs, move_unreachable: splits `base` into the reachable (left in
    /// `base`, tagged with generation `old`, where they are going) and the unreachable (put
    /// where `unreachable` says, marked `COLLECTING`), in CPython's order. Returns how many
    /// are reachable (what `gc_list_size` of `base` would walk the list again to count).
    ///
    /// CPython copies each refcount into `gc_refs` and subtracts the references from inside
    /// the set. refgc counts those inside references instead (`internal`, zero outside this
    /// function) and compares with the refcount, so update_refs and subtract_refs are one walk:
    /// `gc_refs == refcount - internal`, and "`gc_refs` > 0" is "referenced from outside".
    #[inline(never)]
    fn deduce_unreachable<const LONG: bool>(
        &mut self,
        members: impl Members,
        base: Head,
        unreachable: Garbage,
        old: Head,
    ) -> usize {
        let mut order = std::mem::take(&mut self.scan_order);
        let Gc {
            refs,
            lists,
            flags,
            bulk_freed: unobserved,
            ..
        } = self;
        // Slices of one length, not the vectors: their pointers and length stay in registers
        // across stores, and one bounds check on an object covers all of them.
        let objects = flags.len();
        let (refs, flags, mut lists) =
            (&refs[..objects], flags.as_mut_slice(), lists.view(objects));
        // The scan order holds each object once, then each rescued object again: sized once
        // for the most it can hold, and kept between collections (only what this one writes
        // is read), so it is not zero-filled again each time.
        if order.len() < 2 * objects {
            order.resize(2 * objects, 0);
        }
        let order_slots = order.as_mut_slice();
        // update_refs + subtract_refs: count the references from inside the set, and note the
        // list's order for the scan. The list is walked from both ends at once, as two chains
        // of loads that do not wait for each other, until the walks meet. The front walk
        // notes its objects from the start of the buffer; the back walk from the buffer's end
        // backwards, which leaves them in list order there, to be moved down after the front.
        let top = order_slots.len();
        let (mut front, mut back) = (lists.first(base), lists.last(base));
        let (mut in_front, mut in_back) = (0, 0);
        while let (Some(forward), Some(backward)) = (front, back) {
            count_inside_references::<LONG>(members, refs, flags, &mut lists, forward);
            order_slots[in_front] = forward;
            in_front += 1;
            if forward == backward {
                break;
            }
            count_inside_references::<LONG>(members, refs, flags, &mut lists, backward);
            in_back += 1;
            order_slots[top - in_back] = backward;
            front = lists.after(forward);
            if front == back {
                break;
            }
            back = lists.before(backward);
        }
        order_slots.copy_within(top - in_back..top, in_front);
        let examined = in_front + in_back;
        // move_unreachable. CPython moves each tentatively unreachable object to `unreachable`
        // and a rescued one back to the end of `base`, where the scan meets it again. refgc
        // scans `order` the same way (a rescued object is pushed onto its end) and leaves the
        // lists as CPython's moves do, with fewer writes: `base` is relinked as the scan finds
        // each object reachable (the objects found reachable in place, then the rescued in the
        // order they were rescued), and the others go where `unreachable` says, in the order
        // found, at the end.
        let mut scanned = 0;
        // Tentatively unreachable and not rescued (yet): when none is left at the end, the
        // pass that looks for them is skipped.
        let mut pending = 0usize;
        // An object is rescued at most once, and only after it was found tentatively
        // unreachable, so at most `examined` are appended to the order.
        let mut end = examined;
        // The reachable, in scan order, are linked into `base` as they are found: the ones
        // before the first that left keep their links; from there on each is linked after the
        // last one kept.
        let mut last_kept = View::start_of(base);
        let mut relinking = false;
        while scanned < end {
            let object = order_slots[scanned];
            // The rescued, after the objects examined, are reachable: no need to look. An
            // object's `internal` is not read again once it is decided here (a tentatively
            // unreachable one is rescued or collected by its flag), so it goes back to 0 now.
            if scanned >= examined || lists.decide_reachable(object) {
                // Reachable: rescue what it references (list_traverse visits from the end).
                let mut rescue = |target: ObjId| {
                    let index = target.0 as usize;
                    let target_flags = flags[index];
                    if !members.contain(target_flags) {
                        return;
                    }
                    // CPython sets gc_refs to 1: reachable, scanned when the walk gets there.
                    if target_flags & UNREACHABLE_FLAG != 0 {
                        flags[index] = target_flags & !UNREACHABLE_FLAG;
                        pending -= 1;
                        order_slots[end] = target.0;
                        end += 1;
                    } else {
                        lists.mark_reachable(target.0);
                    }
                };
                match &refs[object as usize] {
                    Refs::Inline(len, items) => match len {
                        0 => {}
                        1 => rescue(items[0]),
                        2 => {
                            rescue(items[1]);
                            rescue(items[0]);
                        }
                        _ => items.iter().rev().for_each(|&target| rescue(target)),
                    },
                    Refs::Heap(items) => {
                        // A repeat of the previous target finds it rescued already: skipped
                        // (with `LONG`, a block of repeats at once, compared as one vector).
                        let mut previous = u32::MAX;
                        let mut rest = items.as_slice();
                        if LONG {
                            let mut blocks = items.rchunks_exact(RUN_BLOCK);
                            for block in &mut blocks {
                                if block.iter().all(|target| target.0 == previous) {
                                    continue;
                                }
                                for &target in block.iter().rev() {
                                    if previous != target.0 {
                                        previous = target.0;
                                        rescue(target);
                                    }
                                }
                            }
                            rest = blocks.remainder();
                        }
                        for &target in rest.iter().rev() {
                            if previous != target.0 {
                                previous = target.0;
                                rescue(target);
                            }
                        }
                    }
                }
                // Done with it: out of the set, tagged for where it goes, in its place in `base`.
                flags[object as usize] = with_generation(flags[object as usize] & !COLLECTING, old);
                if relinking {
                    last_kept = lists.link_after(last_kept, object);
                } else {
                    last_kept = View::place_of(object);
                }
            } else {
                // Tentatively unreachable: it leaves its place in `base`.
                flags[object as usize] |= UNREACHABLE_FLAG;
                pending += 1;
                relinking = true;
            }
            scanned += 1;
        }
        if relinking {
            lists.close(base, last_kept);
        }
        let unreachable_count = pending;
        // Still flagged: the unreachable, in the order found (none: no pass).
        let left = if pending == 0 { 0 } else { examined };
        if let Garbage::Unobserved = unreachable {
            unobserved.clear();
        }
        for &object in &order_slots[..left] {
            let object_flags = flags[object as usize];
            if object_flags & UNREACHABLE_FLAG != 0 {
                flags[object as usize] = (object_flags & !UNREACHABLE_FLAG) | COLLECTING;
                match unreachable {
                    Garbage::List(head) => lists.append(object, head),
                    Garbage::Unobserved => unobserved.push(object),
                }
            }
        }
        self.scan_order = order;
        examined - unreachable_count
    }

    /// `move_legacy_finalizers` + `move_legacy_finalizer_reachable`. Objects leaving the
    /// unreachable set lose their `collecting` mark, as in CPython.
    fn move_legacy_finalizers(&mut self) {
        if self.legacy_made == 0 {
            return;
        }
        for object in self.lists.collect(UNREACHABLE) {
            if matches!(
                self.objects[object as usize].cold.kind,
                Kind::Node { legacy: true, .. }
            ) {
                self.flags[object as usize] &= !COLLECTING;
                self.lists.move_to(object, FINALIZERS);
            }
        }
        // Everything reachable from them, appended as found (the list is the work list).
        let mut at = self.lists.first(FINALIZERS);
        while let Some(object) = at {
            for index in (0..self.refs[object as usize].len()).rev() {
                let target = self.refs[object as usize][index].0;
                if self.flags[target as usize] & COLLECTING != 0 {
                    self.flags[target as usize] &= !COLLECTING;
                    self.lists.move_to(target, FINALIZERS);
                }
            }
            at = self.lists.after(object);
        }
    }

    /// `handle_weakrefs`: returns how many reachable weakrefs their own callback freed.
    fn handle_weakrefs(&mut self, old: Head) -> usize {
        if self.weakrefs_made == 0 {
            return 0;
        }
        for object in self.lists.collect(UNREACHABLE) {
            let id = ObjId(object);
            if matches!(
                self.objects[object as usize].cold.kind,
                Kind::Weakref { .. }
            ) {
                // A weakref that is itself trash is cleared and never calls back.
                self.clear_weakref(id);
            }
            let weakrefs = std::mem::take(&mut self.objects[object as usize].cold.weakrefs);
            for weak in weakrefs {
                let has_callback = matches!(
                    self.objects[weak.0 as usize].cold.kind,
                    Kind::Weakref { callback: true, .. }
                );
                if let Kind::Weakref { target, .. } = &mut self.objects[weak.0 as usize].cold.kind {
                    *target = None;
                }
                if !has_callback || self.flags[weak.0 as usize] & COLLECTING != 0 {
                    continue;
                }
                *self.lists.refcount_mut(weak.0) += 1;
                self.lists.move_to(weak.0, WRCB_TO_CALL);
            }
        }
        let mut freed = 0;
        while let Some(weak) = self.lists.first(WRCB_TO_CALL) {
            self.events.push(Event::WeakCallback(ObjId(weak)));
            self.release(ObjId(weak));
            if self.lists.first(WRCB_TO_CALL) == Some(weak) {
                self.move_to_generation(weak, old);
            } else {
                freed += 1;
            }
        }
        freed
    }

    /// `finalize_garbage`: take the first object, move it to `seen`, finalize it if needed.
    fn finalize_garbage(&mut self) {
        while let Some(object) = self.lists.first(UNREACHABLE) {
            self.lists.move_to(object, SEEN);
            let id = ObjId(object);
            let action = match &self.objects[object as usize].cold.kind {
                Kind::Node {
                    finalizer: Some(action),
                    ..
                } if !self.objects[object as usize].finalized => action.clone(),
                _ => continue,
            };
            *self.lists.refcount_mut(object) += 1;
            self.run_finalizer(id, &action);
            self.release(id);
        }
        self.lists.merge(SEEN, UNREACHABLE);
    }

    /// `delete_garbage`: save or clear each object; survivors move to `old`. Returns how
    /// many objects it was given.
    fn delete_garbage(&mut self, old: Head, garbage: Garbage) -> usize {
        if let Garbage::Unobserved = garbage {
            return self.free_garbage_in_bulk();
        }
        let given = self.lists.len(STILL_UNREACHABLE);
        while let Some(object) = self.lists.first(STILL_UNREACHABLE) {
            let id = ObjId(object);
            if self.save_all {
                *self.lists.refcount_mut(object) += 1;
                self.objects[object as usize].external += 1;
                self.garbage.push(id);
            } else {
                // tp_clear under a temporary reference: a list drops its items from the end.
                *self.lists.refcount_mut(object) += 1;
                let items = std::mem::take(&mut self.refs[object as usize]);
                for &item in items.iter().rev() {
                    self.release(item);
                }
                if let Kind::Weakref { .. } = self.objects[object as usize].cold.kind {
                    self.clear_weakref(id);
                }
                self.release(id);
            }
            if self.lists.first(STILL_UNREACHABLE) == Some(object) {
                self.flags[object as usize] &= !COLLECTING;
                self.move_to_generation(object, old);
            }
        }
        given
    }
}

impl Gc {
    /// Debug builds, small heaps: after a collection every object of a generation carries that
    /// generation's tag, no collection mark, and no count of inside references.
    #[cfg(debug_assertions)]
    fn check_generation_tags(&self) {
        if self.objects.len() > 20_000 {
            return;
        }
        for head in GENERATIONS.into_iter().chain([crate::list::PERMANENT]) {
            let mut at = self.lists.first(head);
            while let Some(object) = at {
                let flags = self.flags[object as usize];
                assert_eq!(
                    generation_tag(flags),
                    head.0 as u8,
                    "tag of object {object}"
                );
                assert_eq!(
                    flags & (COLLECTING | UNREACHABLE_FLAG),
                    0,
                    "marks of {object}"
                );
                assert_eq!(self.lists.internal(object), 0, "internal of {object}");
                at = self.lists.after(object);
            }
        }
    }

    /// `delete_garbage` when nothing can watch it happen (no finalizers, weakrefs or legacy
    /// finalizers exist): every object left in the set dies, so references between them need
    /// no counting; references leaving the set are released as `tp_clear` would. The counts,
    /// the stats and what survives are the same as clearing one object at a time. Returns how
    /// many it freed.
    fn free_garbage_in_bulk(&mut self) -> usize {
        // The garbage, as `deduce_unreachable` noted it (in no list).
        let freed = std::mem::take(&mut self.bulk_freed);
        for &object in &freed {
            // Still marked COLLECTING, alive or freed, until the end: those are skipped.
            let items = std::mem::take(&mut self.refs[object as usize]);
            for &item in items.iter().rev() {
                if self.flags[item.0 as usize] & COLLECTING == 0 {
                    self.release(item);
                }
            }
        }
        // What deallocation would do for each.
        self.lists.free_all(&freed);
        for &object in &freed {
            self.flags[object as usize] = 0;
        }
        self.freed_now.extend_from_slice(&freed);
        self.count[0] = self.count[0].saturating_sub(freed.len());
        let given = freed.len();
        self.bulk_freed = freed;
        given
    }
}
