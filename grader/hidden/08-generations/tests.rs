//! Hidden tests for 08-generations: the learner's crate is `generations`. Test names start with
//! their stage; `cargo grade check 08-generations --stage N` runs stages 1 to N.

use generations::{Action, Event, Gc, GcError, GenStats, ObjId};
use grader_support::prove;
use grader_support::refgc;
use grader_support::replay::{self, Cases, Collector, Finalizer, Mix, Refgc, Seen, counts_line};

/// `n` objects the program holds.
fn held(gc: &mut Gc, n: usize) -> Vec<ObjId> {
    (0..n).map(|_| gc.alloc()).collect()
}

/// A garbage self-cycle: allocated, linked to itself, dropped.
fn garbage_cycle(gc: &mut Gc) -> ObjId {
    let a = gc.alloc();
    gc.add_ref(a, a);
    gc.decref(a);
    a
}

fn collections(stats: [GenStats; 3]) -> [usize; 3] {
    stats.map(|s| s.collections)
}

fn refgc_collections(gc: &refgc::Gc) -> [usize; 3] {
    gc.get_stats().map(|s| s.collections)
}

// ---- Stage 1: counts and thresholds (no collection yet) ----

#[test]
fn stage1_allocations_count_and_frees_uncount() {
    prove(|| {
        let mut gc = Gc::new();
        let objects = held(&mut gc, 5);
        assert_eq!(gc.get_count(), [5, 0, 0], "five allocations");
        gc.decref(objects[0]);
        assert_eq!(gc.get_count(), [4, 0, 0], "a freed container counts down");
        for &id in &objects[1..] {
            gc.decref(id);
        }
        assert_eq!(gc.get_count(), [0, 0, 0], "every one freed");
    });
}

#[test]
fn stage1_new_objects_are_tracked_in_generation_0_in_order() {
    prove(|| {
        let mut gc = Gc::new();
        let objects = held(&mut gc, 4);
        assert_eq!(gc.get_objects(0).unwrap(), objects, "each new object at the end of generation 0");
        gc.decref(objects[1]);
        assert_eq!(
            gc.get_objects(0).unwrap(),
            [objects[0], objects[2], objects[3]],
            "a freed object leaves its generation"
        );
        assert_eq!(gc.get_objects(1).unwrap(), []);
        assert_eq!(gc.get_stats(), [GenStats::default(); 3], "no collection yet");
    });
}

#[test]
fn stage1_thresholds_can_be_read_and_set() {
    prove(|| {
        let mut gc = Gc::new();
        assert_eq!(gc.get_threshold(), [700, 10, 10], "CPython 3.11's defaults");
        gc.set_threshold([5, 3, 2]);
        assert_eq!(gc.get_threshold(), [5, 3, 2]);
    });
}

#[test]
fn stage1_threshold_zero_turns_automatic_collection_off() {
    prove(|| {
        let mut gc = Gc::new();
        gc.set_threshold([0, 10, 10]);
        held(&mut gc, 50);
        assert_eq!(collections(gc.get_stats()), [0, 0, 0], "threshold 0: never automatic");
        assert_eq!(gc.get_count(), [50, 0, 0]);
    });
}

// ---- Stage 2: automatic collections, collect(gen), promotion, the long-lived rule, stats ----

#[test]
fn stage2_an_allocation_over_the_threshold_collects_first() {
    prove(|| {
        let mut gc = Gc::new();
        gc.set_threshold([5, 10, 10]);
        let cycle = garbage_cycle(&mut gc);
        held(&mut gc, 4);
        assert_eq!(gc.get_count(), [5, 0, 0], "5 is not over the threshold of 5");
        assert_eq!(collections(gc.get_stats()), [0, 0, 0], "no collection yet");
        assert!(gc.is_alive(cycle));
        let sixth = gc.alloc();
        assert_eq!(
            collections(gc.get_stats()),
            [1, 0, 0],
            "the sixth allocation took count[0] over 5: one collection of generation 0"
        );
        assert!(!gc.is_alive(cycle), "which freed the garbage cycle");
        assert_eq!(
            gc.get_count(),
            [0, 1, 0],
            "the collection ran before the new object was tracked: its count was zeroed"
        );
        assert_eq!(gc.get_objects(0).unwrap(), [sixth], "the new object is in generation 0");
    });
}

#[test]
fn stage2_the_oldest_generation_over_its_threshold_is_collected() {
    prove(|| {
        // The same allocations on refgc and on yours: which generations are collected when.
        let mut gc = Gc::new();
        let mut reference = refgc::Gc::new();
        gc.set_threshold([2, 2, 2]);
        reference.set_threshold([2, 2, 2]);
        for step in 1..=60 {
            gc.alloc();
            reference.alloc(refgc::NodeSpec::named(""));
            assert_eq!(
                (gc.get_count(), collections(gc.get_stats())),
                (reference.get_count(), refgc_collections(&reference)),
                "after allocation {step}: (count, collections per generation)"
            );
        }
    });
}

#[test]
fn stage2_stress_mode_collects_on_every_allocation() {
    prove(|| {
        let mut gc = Gc::new();
        gc.set_debug_stress(true);
        let cycle = garbage_cycle(&mut gc);
        assert!(gc.is_alive(cycle), "the cycle was made after its own collection");
        gc.alloc();
        assert!(!gc.is_alive(cycle), "the next allocation collected it");
        assert_eq!(collections(gc.get_stats()), [2, 0, 0], "one collection per allocation");
        let mut reference = refgc::Gc::new();
        reference.set_debug_stress(true);
        gc.set_threshold([700, 3, 2]);
        reference.set_threshold([700, 3, 2]);
        reference.alloc(refgc::NodeSpec::named(""));
        reference.alloc(refgc::NodeSpec::named(""));
        for step in 1..=30 {
            gc.alloc();
            reference.alloc(refgc::NodeSpec::named(""));
            assert_eq!(
                (gc.get_count(), collections(gc.get_stats())),
                (reference.get_count(), refgc_collections(&reference)),
                "stress mode, allocation {step}: older generations still follow their counts"
            );
        }
    });
}

#[test]
fn stage2_frees_after_a_collection_never_take_count0_below_zero() {
    prove(|| {
        let mut gc = Gc::new();
        let objects = held(&mut gc, 5);
        gc.decref(objects[0]);
        gc.collect(0).unwrap();
        assert_eq!(gc.get_count(), [0, 1, 0], "a collection zeroes count[0]");
        for &id in &objects[1..] {
            gc.decref(id);
        }
        assert_eq!(gc.get_count(), [0, 1, 0], "count[0] never goes below zero");
    });
}

#[test]
fn stage2_collect_refuses_a_generation_above_2() {
    prove(|| {
        let mut gc = Gc::new();
        assert_eq!(gc.collect(3), Err(GcError::InvalidGeneration(3)));
        assert_eq!(collections(gc.get_stats()), [0, 0, 0], "and collects nothing");
    });
}

#[test]
fn stage2_collect_zeroes_its_counts_and_counts_up_the_next() {
    prove(|| {
        let mut gc = Gc::new();
        held(&mut gc, 3);
        gc.collect(0).unwrap();
        gc.collect(0).unwrap();
        held(&mut gc, 2);
        assert_eq!(gc.get_count(), [2, 2, 0]);
        gc.collect(1).unwrap();
        assert_eq!(gc.get_count(), [0, 0, 1], "collect(1) zeroes 0 and 1, counts up 2");
        held(&mut gc, 1);
        gc.collect(2).unwrap();
        assert_eq!(gc.get_count(), [0, 0, 0], "collect(2) zeroes all three");
    });
}

#[test]
fn stage2_survivors_move_one_generation_up_in_order() {
    prove(|| {
        let mut gc = Gc::new();
        let [a, b, c] = [gc.alloc(), gc.alloc(), gc.alloc()];
        gc.collect(0).unwrap();
        assert_eq!(gc.get_objects(0).unwrap(), []);
        assert_eq!(gc.get_objects(1).unwrap(), [a, b, c], "generation 0's survivors, in order");
        let d = gc.alloc();
        gc.collect(1).unwrap();
        assert_eq!(
            gc.get_objects(2).unwrap(),
            [a, b, c, d],
            "collect(1) takes generation 0 along (appended after 1) and promotes both"
        );
        let e = gc.alloc();
        gc.collect(2).unwrap();
        assert_eq!(gc.get_objects(2).unwrap(), [a, b, c, d, e], "generation 2's stay in 2");
        assert_eq!(gc.get_objects(1).unwrap(), []);
    });
}

#[test]
fn stage2_a_cross_generation_cycle_survives_a_young_collection() {
    prove(|| {
        let mut gc = Gc::new();
        let old = gc.alloc();
        gc.collect(0).unwrap(); // old is in generation 1 now
        let young = gc.alloc();
        gc.add_ref(old, young);
        gc.add_ref(young, old);
        gc.decref(old);
        gc.decref(young);
        assert_eq!(
            gc.collect(0),
            Ok(0),
            "the older object's reference counts as outside generation 0: young survives"
        );
        assert!(gc.is_alive(young) && gc.is_alive(old));
        assert_eq!(gc.collect(1), Ok(2), "collecting both generations finds the cycle");
        assert!(!gc.is_alive(young) && !gc.is_alive(old));
    });
}

#[test]
fn stage2_stats_count_collections_and_what_they_collected() {
    prove(|| {
        let mut gc = Gc::new();
        garbage_cycle(&mut gc);
        garbage_cycle(&mut gc);
        gc.collect(0).unwrap();
        garbage_cycle(&mut gc);
        gc.collect(2).unwrap();
        gc.collect(2).unwrap();
        let stats = gc.get_stats();
        assert_eq!(
            stats.map(|s| (s.collections, s.collected, s.uncollectable)),
            [(1, 2, 0), (0, 0, 0), (2, 1, 0)],
            "(collections, collected, uncollectable) per generation"
        );
    });
}

#[test]
fn stage2_disable_stops_automatic_collection_but_not_collect() {
    prove(|| {
        let mut gc = Gc::new();
        gc.set_threshold([3, 10, 10]);
        gc.disable();
        assert!(!gc.is_enabled());
        let cycle = garbage_cycle(&mut gc);
        held(&mut gc, 20);
        assert_eq!(collections(gc.get_stats()), [0, 0, 0], "disabled: no automatic collection");
        assert!(gc.is_alive(cycle));
        assert_eq!(gc.collect(2), Ok(1), "an explicit collection still runs");
        gc.enable();
        assert!(gc.is_enabled());
        held(&mut gc, 4);
        assert_eq!(collections(gc.get_stats())[0], 1, "enabled again: automatic collections");
    });
}

#[test]
fn stage2_the_full_collection_waits_for_enough_new_long_lived_objects() {
    prove(|| {
        // 40 long-lived objects after a full collection; then generation 2's count keeps
        // passing its threshold, but a full collection runs only once the survivors of
        // generation-1 collections reach a quarter of those 40.
        let mut gc = Gc::new();
        let mut reference = refgc::Gc::new();
        held(&mut gc, 40);
        for _ in 0..40 {
            reference.alloc(refgc::NodeSpec::named(""));
        }
        gc.collect(2).unwrap();
        reference.collect(2).unwrap();
        gc.set_threshold([1, 1, 1]);
        reference.set_threshold([1, 1, 1]);
        let mut skipped = false;
        for step in 1..=60 {
            gc.alloc();
            reference.alloc(refgc::NodeSpec::named(""));
            let (count, mine) = (gc.get_count(), collections(gc.get_stats()));
            assert_eq!(
                (count, mine),
                (reference.get_count(), refgc_collections(&reference)),
                "allocation {step}: (count, collections per generation)"
            );
            skipped |= count[2] > 1 && mine[2] == 1;
        }
        assert!(skipped, "generation 2 went over its threshold and waited");
        assert!(collections(gc.get_stats())[2] > 1, "and was collected once enough was new");
    });
}

// ---- Stage 3: finalizers run once, resurrection ----

/// Two objects in a cycle, `first` with a `__del__` doing `action`; the program lets go.
fn finalized_pair(gc: &mut Gc, action: Action) -> (ObjId, ObjId) {
    let first = gc.alloc_with_finalizer(action);
    let second = gc.alloc();
    gc.add_ref(first, second);
    gc.add_ref(second, first);
    gc.decref(first);
    gc.decref(second);
    (first, second)
}

#[test]
fn stage3_a_collected_cycle_runs_its_finalizer_then_is_freed() {
    prove(|| {
        let mut gc = Gc::new();
        let (a, b) = finalized_pair(&mut gc, Action::Nothing);
        assert_eq!(gc.take_events(), [], "nothing runs before the collection");
        assert_eq!(gc.collect(0), Ok(2), "both objects are collected");
        assert_eq!(gc.take_events(), [Event::Finalized(a)], "a's __del__ ran, once");
        assert!(!gc.is_alive(a) && !gc.is_alive(b));
        // Both with a __del__: the collection runs both before it clears anything. (Clearing
        // first would free d, and run d's, before c's.)
        let c = gc.alloc_with_finalizer(Action::Nothing);
        let d = gc.alloc_with_finalizer(Action::Nothing);
        gc.add_ref(c, d);
        gc.add_ref(d, c);
        gc.decref(c);
        gc.decref(d);
        assert_eq!(gc.collect(0), Ok(2));
        assert_eq!(
            gc.take_events(),
            [Event::Finalized(c), Event::Finalized(d)],
            "every __del__ runs before the collector clears anything, in list order"
        );
        assert!(!gc.is_alive(c) && !gc.is_alive(d));
    });
}

#[test]
fn stage3_finalizers_run_in_list_order() {
    prove(|| {
        let mut gc = Gc::new();
        let ring: Vec<ObjId> = (0..4).map(|_| gc.alloc_with_finalizer(Action::Nothing)).collect();
        for i in 0..4 {
            gc.add_ref(ring[i], ring[(i + 1) % 4]);
        }
        for &id in &ring {
            gc.decref(id);
        }
        gc.collect(2).unwrap();
        let expected: Vec<Event> = ring.iter().map(|&id| Event::Finalized(id)).collect();
        assert_eq!(gc.take_events(), expected, "in the order of the unreachable list");
    });
}

#[test]
fn stage3_a_resurrected_object_survives_with_what_it_reaches() {
    prove(|| {
        let mut gc = Gc::new();
        let (a, b) = finalized_pair(&mut gc, Action::Resurrect);
        assert_eq!(gc.collect(0), Ok(0), "nothing is collected: a resurrected itself");
        assert_eq!(gc.take_events(), [Event::Finalized(a), Event::Resurrected(a)]);
        assert!(gc.is_alive(a) && gc.is_alive(b), "a, and b which a reaches, survive");
        assert!(gc.is_finalized(a));
        assert_eq!(
            gc.get_objects(1).unwrap(),
            [a, b],
            "the resurrected objects move to the older generation"
        );
        assert_eq!(gc.get_stats()[0].collected, 0);
    });
}

#[test]
fn stage3_a_finalizer_runs_at_most_once() {
    prove(|| {
        let mut gc = Gc::new();
        let (a, b) = finalized_pair(&mut gc, Action::Resurrect);
        gc.collect(2).unwrap();
        gc.take_events();
        gc.decref(a); // the reference a took to itself: garbage again
        assert_eq!(gc.collect(2), Ok(2), "this time both are collected");
        assert_eq!(gc.take_events(), [], "without running a's __del__ a second time");
        assert!(!gc.is_alive(a) && !gc.is_alive(b));
    });
}

#[test]
fn stage3_refcount_death_runs_the_finalizer_too() {
    prove(|| {
        let mut gc = Gc::new();
        let a = gc.alloc_with_finalizer(Action::Nothing);
        gc.decref(a);
        assert_eq!(gc.take_events(), [Event::Finalized(a)], "at once, no collection needed");
        assert!(!gc.is_alive(a));
        assert_eq!(gc.get_stats()[0].collections, 0);
        // Once a collection has run it (and the object resurrected), the refcount death
        // that comes later does not run it again.
        let b = gc.alloc_with_finalizer(Action::Resurrect);
        gc.add_ref(b, b);
        gc.decref(b);
        assert_eq!(gc.collect(0), Ok(0), "b resurrected itself");
        assert_eq!(gc.take_events(), [Event::Finalized(b), Event::Resurrected(b)]);
        gc.remove_ref_at(b, 0);
        gc.decref(b); // the reference b's __del__ took
        assert!(!gc.is_alive(b));
        assert_eq!(gc.take_events(), [], "b's __del__ already ran in the collection");
    });
}

#[test]
fn stage3_collect_inside_a_finalizer_returns_zero() {
    prove(|| {
        let mut gc = Gc::new();
        let a = gc.alloc_with_finalizer(Action::Collect);
        let b = gc.alloc_with_finalizer(Action::Nothing);
        gc.add_ref(a, b);
        gc.add_ref(b, a);
        gc.decref(a);
        gc.decref(b);
        assert_eq!(gc.collect(2), Ok(2));
        assert_eq!(
            gc.take_events(),
            [Event::Finalized(a), Event::CollectInFinalizer(0), Event::Finalized(b)],
            "a collection is running: gc.collect() inside __del__ does nothing (and b's __del__ \
             runs after a's, before anything is cleared)"
        );
        assert_eq!(gc.get_stats()[2].collections, 1, "only the outer collection counts");
    });
}

#[test]
fn stage3_storing_itself_in_a_live_object_resurrects() {
    prove(|| {
        let mut gc = Gc::new();
        let holder = gc.alloc();
        let (a, b) = finalized_pair(&mut gc, Action::StoreSelfIn(holder));
        assert_eq!(gc.collect(2), Ok(0));
        assert!(gc.is_alive(a) && gc.is_alive(b), "reachable from the holder again");
        assert_eq!(gc.get_referents(holder), [a]);
        gc.remove_ref_at(holder, 0);
        assert_eq!(gc.collect(2), Ok(2), "let go again: collected, no second __del__");
        assert_eq!(gc.take_events(), [Event::Finalized(a)]);
    });
}

// ---- Stage 4: weak references ----

#[test]
fn stage4_weakrefs_to_garbage_are_cleared() {
    prove(|| {
        let mut gc = Gc::new();
        let (a, b) = finalized_pair(&mut gc, Action::Nothing);
        let w = gc.new_weakref(b, false);
        assert_eq!(gc.get_weakref(w), Some(b));
        assert_eq!(gc.collect(2), Ok(2));
        assert_eq!(gc.get_weakref(w), None, "the weak reference to garbage is cleared");
        assert!(gc.is_alive(w), "the weak reference itself lives on");
        assert_eq!(gc.take_events(), [Event::Finalized(a)]);
        // Cleared before any __del__ runs: even when a __del__ then resurrects the target.
        let (c, d) = finalized_pair(&mut gc, Action::Resurrect);
        let v = gc.new_weakref(d, false);
        assert_eq!(gc.collect(2), Ok(0), "c resurrected itself, and d with it");
        assert!(gc.is_alive(c) && gc.is_alive(d));
        assert_eq!(
            gc.get_weakref(v),
            None,
            "the weak reference to d was cleared before c's __del__ resurrected d"
        );
    });
}

#[test]
fn stage4_only_reachable_weakrefs_call_back() {
    prove(|| {
        let mut gc = Gc::new();
        let a = gc.alloc();
        let b = gc.alloc();
        gc.add_ref(a, b);
        gc.add_ref(b, a);
        let kept = gc.new_weakref(a, true);
        let trash = gc.new_weakref(a, true);
        // Only a garbage cycle of its own holds it: garbage too, and still alive when a's
        // references are cleared.
        let holder = gc.alloc();
        gc.add_ref(holder, holder);
        gc.add_ref(holder, trash);
        gc.decref(trash);
        gc.decref(holder);
        gc.decref(a);
        gc.decref(b);
        assert_eq!(
            gc.collect(2),
            Ok(4),
            "a, b, the garbage cycle and the weak reference it holds"
        );
        assert_eq!(
            gc.take_events(),
            [Event::WeakCallback(kept)],
            "the program's weak reference calls back; the garbage one never does"
        );
        assert_eq!(gc.get_weakref(kept), None);
    });
}

#[test]
fn stage4_callbacks_run_in_cpythons_order() {
    prove(|| {
        let mut gc = Gc::new();
        let mut reference = refgc::Gc::new();
        // a has a __del__ too: where it runs among the callbacks is part of the order.
        let (a, b) = (gc.alloc_with_finalizer(Action::Nothing), gc.alloc());
        let (ra, rb) = (
            reference.alloc(refgc::NodeSpec::named("a").with_finalizer(refgc::Action::Nothing)),
            reference.alloc(refgc::NodeSpec::named("b")),
        );
        gc.add_ref(a, b);
        gc.add_ref(b, a);
        reference.add_ref(ra, rb).unwrap();
        reference.add_ref(rb, ra).unwrap();
        let mut weak = Vec::new();
        let mut reference_weak = Vec::new();
        for (i, callback) in [true, false, true, true].into_iter().enumerate() {
            weak.push(gc.new_weakref(a, callback));
            reference_weak.push(reference.new_weakref(&format!("w{i}"), ra, callback).unwrap());
        }
        gc.decref(a);
        gc.decref(b);
        reference.decref(ra).unwrap();
        reference.decref(rb).unwrap();
        gc.collect(2).unwrap();
        reference.collect(2).unwrap();
        let order = |events: Vec<Event>| -> Vec<String> {
            events
                .into_iter()
                .filter_map(|e| match e {
                    Event::WeakCallback(w) => weak.iter().position(|&x| x == w).map(|i| format!("w{i}")),
                    Event::Finalized(id) if id == a => Some("a.__del__".to_string()),
                    _ => None,
                })
                .collect()
        };
        let reference_order: Vec<String> = reference
            .take_events()
            .into_iter()
            .filter_map(|e| match e {
                refgc::Event::WeakCallback(w) => {
                    reference_weak.iter().position(|&x| x == w).map(|i| format!("w{i}"))
                }
                refgc::Event::Finalized(id) if id == ra => Some("a.__del__".to_string()),
                _ => None,
            })
            .collect();
        assert_eq!(
            order(gc.take_events()),
            reference_order,
            "which of the weak references (w0 to w3, by creation) called back, in what order, \
             and where a's __del__ ran among them"
        );
    });
}

#[test]
fn stage4_a_basic_weakref_is_shared() {
    prove(|| {
        let mut gc = Gc::new();
        let a = gc.alloc();
        let basic = gc.new_weakref(a, false);
        assert_eq!(gc.new_weakref(a, false), basic, "weakref.ref(a) is weakref.ref(a)");
        assert_ne!(gc.new_weakref(a, true), basic, "one with a callback is a new object");
        // A collection clears the shared reference once for all who hold it, before any
        // __del__ runs, even one that resurrects the target.
        let c = gc.alloc_with_finalizer(Action::Resurrect);
        gc.add_ref(c, c);
        let shared = gc.new_weakref(c, false);
        assert_eq!(gc.new_weakref(c, false), shared);
        gc.decref(c);
        assert_eq!(gc.collect(0), Ok(0), "c resurrected itself");
        assert!(gc.is_alive(c));
        assert_eq!(gc.get_weakref(shared), None, "cleared, for both holders");
    });
}

#[test]
fn stage4_a_refcount_death_clears_and_calls_back() {
    prove(|| {
        let mut gc = Gc::new();
        let a = gc.alloc_with_finalizer(Action::Nothing);
        let w = gc.new_weakref(a, true);
        gc.decref(a);
        assert_eq!(
            gc.take_events(),
            [Event::Finalized(a), Event::WeakCallback(w)],
            "__del__ first, then the weak references are cleared and call back"
        );
        assert_eq!(gc.get_weakref(w), None);
        // A collection does it the other way round: weak references first, then __del__.
        let (b, _) = finalized_pair(&mut gc, Action::Nothing);
        let v = gc.new_weakref(b, true);
        assert_eq!(gc.collect(0), Ok(2));
        assert_eq!(
            gc.take_events(),
            [Event::WeakCallback(v), Event::Finalized(b)],
            "a collection clears the weak references and calls back before any __del__ runs"
        );
        assert_eq!(gc.get_weakref(v), None);
    });
}

// ---- Stage 5: gc.garbage, legacy finalizers, DEBUG_SAVEALL, freeze ----

#[test]
fn stage5_a_legacy_finalizer_makes_its_cycle_uncollectable() {
    prove(|| {
        let mut gc = Gc::new();
        let a = gc.alloc_with_legacy_finalizer();
        let b = gc.alloc();
        let c = gc.alloc();
        gc.add_ref(a, b);
        gc.add_ref(b, a);
        gc.add_ref(c, c);
        for id in [a, b, c] {
            gc.decref(id);
        }
        assert_eq!(gc.collect(2), Ok(3), "collect returns collected (c) + uncollectable (a, b)");
        let stats = gc.get_stats()[2];
        assert_eq!(
            (stats.collected, stats.uncollectable),
            (1, 2),
            "(collected, uncollectable): c freed; a and what it reaches kept"
        );
        assert_eq!(gc.garbage(), [a], "only the object with tp_del goes to gc.garbage");
        assert!(gc.is_alive(a) && gc.is_alive(b) && !gc.is_alive(c));
        assert_eq!(gc.take_events(), [], "a collection never calls tp_del");
    });
}

#[test]
fn stage5_what_a_legacy_finalizer_reaches_is_uncollectable_too() {
    prove(|| {
        let mut gc = Gc::new();
        let a = gc.alloc_with_legacy_finalizer();
        let chain: Vec<ObjId> = (0..3).map(|_| gc.alloc()).collect();
        gc.add_ref(a, chain[0]);
        gc.add_ref(chain[0], chain[1]);
        gc.add_ref(chain[1], chain[2]);
        gc.add_ref(chain[2], a);
        gc.decref(a);
        for &id in &chain {
            gc.decref(id);
        }
        assert_eq!(gc.collect(0), Ok(4));
        assert_eq!(gc.get_stats()[0].uncollectable, 4);
        assert_eq!(gc.get_objects(1).unwrap(), [a, chain[0], chain[1], chain[2]]);
    });
}

#[test]
fn stage5_saveall_keeps_the_garbage_in_gc_garbage() {
    prove(|| {
        let mut gc = Gc::new();
        gc.set_debug_saveall(true);
        let a = gc.alloc();
        let b = gc.alloc();
        gc.add_ref(a, b);
        gc.add_ref(b, a);
        gc.decref(a);
        gc.decref(b);
        assert_eq!(gc.collect(2), Ok(2), "still counted as collected");
        assert_eq!(gc.garbage(), [a, b], "saved, in the order found");
        assert!(gc.is_alive(a) && gc.is_alive(b));
        gc.set_debug_saveall(false);
        gc.clear_garbage();
        assert_eq!(gc.collect(2), Ok(2), "released from gc.garbage, it is garbage again");
        assert!(!gc.is_alive(a));
    });
}

#[test]
fn stage5_a_refcount_death_runs_tp_del() {
    prove(|| {
        let mut gc = Gc::new();
        let a = gc.alloc_with_legacy_finalizer();
        gc.decref(a);
        assert_eq!(gc.take_events(), [Event::LegacyFinalized(a)]);
        assert!(!gc.is_alive(a));
        // In a cycle, a collection keeps it in gc.garbage without calling tp_del; once let go
        // from there and out of its cycle, its refcount death calls it.
        let b = gc.alloc_with_legacy_finalizer();
        gc.add_ref(b, b);
        gc.decref(b);
        assert_eq!(gc.collect(0), Ok(1), "uncollectable");
        assert_eq!(gc.take_events(), [], "a collection never calls tp_del");
        gc.remove_ref_at(b, 0);
        assert_eq!(gc.take_events(), [], "gc.garbage still holds b");
        gc.clear_garbage();
        assert_eq!(gc.take_events(), [Event::LegacyFinalized(b)]);
        assert!(!gc.is_alive(b));
    });
}

#[test]
fn stage5_freeze_hides_everything_from_collections() {
    prove(|| {
        let mut gc = Gc::new();
        assert_eq!(gc.collect(0), Ok(0));
        let a = gc.alloc();
        gc.add_ref(a, a);
        gc.decref(a);
        held(&mut gc, 2);
        assert_eq!(gc.get_count(), [3, 1, 0]);
        gc.freeze();
        assert_eq!(gc.get_freeze_count(), 3);
        assert_eq!(gc.get_count(), [0, 0, 0], "freeze zeroes all three counts");
        assert_eq!(gc.collect(2), Ok(0), "frozen garbage is not examined");
        assert!(gc.is_alive(a));
        gc.unfreeze();
        assert_eq!(gc.get_freeze_count(), 0);
        assert_eq!(gc.get_objects(2).unwrap().len(), 3, "unfreeze appends to generation 2");
        assert_eq!(gc.collect(2), Ok(1));
    });
}

#[test]
fn stage2_a_long_chain_is_collected_without_recursion() {
    prove(|| {
        // One stack frame per object would need far more than a test thread's 2 MiB stack.
        const N: usize = 200_000;
        let mut gc = Gc::new();
        gc.disable();
        // Allocated tail first, so the scan meets the whole chain before its held head.
        let chain: Vec<ObjId> = (0..N).map(|_| gc.alloc()).collect();
        for pair in chain.windows(2) {
            gc.add_ref(pair[1], pair[0]);
        }
        for &id in &chain[..N - 1] {
            gc.decref(id);
        }
        assert_eq!(gc.collect(0).unwrap(), 0, "a held chain is alive, all of it");
        assert_eq!(
            gc.get_objects(1).unwrap().len(),
            N,
            "the whole chain survived into generation 1"
        );
        // Close it into a ring and let go: all of it is garbage.
        gc.add_ref(chain[0], chain[N - 1]);
        gc.decref(chain[N - 1]);
        assert_eq!(gc.collect(1).unwrap(), N, "the whole ring is garbage");
        assert!(gc.get_objects(1).unwrap().is_empty(), "and all of it was freed");
    });
}

/// The learner's collector, for the replays, showing counts and stats after every step.
struct Learner(Gc);

impl Collector for Learner {
    type Id = ObjId;

    fn new_object(&mut self) -> ObjId {
        self.0.alloc()
    }

    fn incref(&mut self, id: ObjId) {
        self.0.incref(id);
    }

    fn decref(&mut self, id: ObjId) {
        self.0.decref(id);
    }

    fn add_ref(&mut self, from: ObjId, to: ObjId) {
        self.0.add_ref(from, to);
    }

    fn remove_ref_at(&mut self, from: ObjId, index: usize) {
        self.0.remove_ref_at(from, index);
    }

    fn collect(&mut self, generation: u8) -> usize {
        self.0
            .collect(usize::from(generation))
            .expect("generations 0 to 2 are valid")
    }

    fn is_alive(&self, id: ObjId) -> bool {
        self.0.is_alive(id)
    }

    fn new_finalized(&mut self, finalizer: Finalizer<ObjId>) -> ObjId {
        self.0.alloc_with_finalizer(match finalizer {
            Finalizer::Nothing => Action::Nothing,
            Finalizer::Resurrect => Action::Resurrect,
            Finalizer::StoreSelfIn(holder) => Action::StoreSelfIn(holder),
            Finalizer::Collect => Action::Collect,
        })
    }

    fn take_events(&mut self) -> Vec<Seen<ObjId>> {
        self.0
            .take_events()
            .into_iter()
            .map(|event| match event {
                Event::Finalized(id) => Seen::Finalized(id),
                Event::Resurrected(id) => Seen::Resurrected(id),
                Event::CollectInFinalizer(n) => Seen::CollectInFinalizer(n),
                Event::WeakCallback(id) => Seen::WeakCallback(id),
                Event::LegacyFinalized(id) => Seen::LegacyFinalized(id),
            })
            .collect()
    }

    fn new_legacy(&mut self) -> ObjId {
        self.0.alloc_with_legacy_finalizer()
    }

    fn freeze(&mut self, freeze: bool) -> usize {
        if freeze {
            self.0.freeze();
        } else {
            self.0.unfreeze();
        }
        self.0.get_freeze_count()
    }

    fn set_save_all(&mut self, on: bool) {
        self.0.set_debug_saveall(on);
    }

    fn clear_garbage(&mut self) {
        self.0.clear_garbage();
    }

    fn garbage(&self) -> Vec<ObjId> {
        self.0.garbage().to_vec()
    }

    fn new_weakref(&mut self, target: ObjId, callback: bool) -> ObjId {
        self.0.new_weakref(target, callback)
    }

    fn weakref_target(&self, weak: ObjId) -> Option<ObjId> {
        self.0.get_weakref(weak)
    }

    fn generations(&self) -> Option<[Vec<ObjId>; 3]> {
        Some([0, 1, 2].map(|g| self.0.get_objects(g).expect("generations 0 to 2 exist")))
    }

    fn observe(&self, lines: &mut Vec<String>) {
        let stats = self
            .0
            .get_stats()
            .map(|s| (s.collections, s.collected, s.uncollectable));
        lines.push(counts_line(self.0.get_count(), stats));
    }
}

/// Small thresholds drawn from the seed, so automatic collections of every generation happen.
fn thresholds(seed: u64) -> [usize; 3] {
    let mut rng = refgc::SplitMix64::new(seed ^ 0x5EED);
    [2 + rng.below(12), 1 + rng.below(4), 1 + rng.below(4)]
}

fn learner(seed: u64, stress: bool) -> Learner {
    let mut gc = Gc::new();
    gc.set_threshold(thresholds(seed));
    gc.set_debug_stress(stress);
    Learner(gc)
}

fn cases(ops: usize, finalizers: u32, weakrefs: u32, stage5: u32) -> Cases {
    Cases {
        exercise: "08-generations",
        seeds: 100,
        ops,
        mix: Mix {
            weights: [6, 1, 5, 6, 2, 1, finalizers, weakrefs, stage5, stage5, stage5],
            generations: vec![0, 1, 2],
        },
    }
}

#[test]
fn stage2_random_programs_agree_with_refgc() {
    prove(|| {
        // 100 programs of 1,000 operations: 100,000 operations, every step compared.
        let stress = replay::stress();
        replay::check(
            &cases(1000, 0, 0, 0),
            |seed| Refgc::automatic(thresholds(seed), stress),
            |seed| learner(seed, stress),
        );
    });
}

#[test]
fn stage2_random_programs_in_stress_mode_agree_with_refgc() {
    prove(|| {
        replay::check(
            &cases(300, 0, 0, 0),
            |seed| Refgc::automatic(thresholds(seed), true),
            |seed| learner(seed, true),
        );
    });
}

#[test]
fn stage3_random_programs_with_finalizers_agree_with_refgc() {
    prove(|| {
        let stress = replay::stress();
        replay::check(
            &cases(1000, 2, 0, 0),
            |seed| Refgc::automatic(thresholds(seed), stress),
            |seed| learner(seed, stress),
        );
    });
}

#[test]
fn stage4_random_programs_with_weakrefs_agree_with_refgc() {
    prove(|| {
        let stress = replay::stress();
        replay::check(
            &cases(1000, 2, 2, 0),
            |seed| Refgc::automatic(thresholds(seed), stress),
            |seed| learner(seed, stress),
        );
    });
}

#[test]
fn stage5_random_programs_with_everything_agree_with_refgc() {
    prove(|| {
        let stress = replay::stress();
        replay::check(
            &cases(1000, 2, 2, 1),
            |seed| Refgc::automatic(thresholds(seed), stress),
            |seed| learner(seed, stress),
        );
    });
}
