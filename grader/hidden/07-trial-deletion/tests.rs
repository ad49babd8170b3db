//! Hidden tests for 07-trial-deletion: the learner's crate is `trial_deletion`.

use grader_support::prove;
use grader_support::replay::{self, Cases, Collector, Mix, Reachability, Refgc};
use trial_deletion::{GcRefs, Heap, ObjId, Split, collect, move_unreachable, subtract_refs, update_refs};

/// The three passes over `young`: gc_refs after update_refs, after subtract_refs, and the split.
fn passes(heap: &Heap, young: &[ObjId]) -> (GcRefs, GcRefs, Split) {
    let mut gc_refs = update_refs(heap, young);
    let updated = gc_refs.clone();
    subtract_refs(heap, young, &mut gc_refs);
    let subtracted = gc_refs.clone();
    let split = move_unreachable(heap, young, &mut gc_refs);
    (updated, subtracted, split)
}

fn sorted(mut ids: Vec<ObjId>) -> Vec<ObjId> {
    ids.sort();
    ids
}

/// `n` new objects the program holds.
fn objects<const N: usize>(heap: &mut Heap) -> [ObjId; N] {
    std::array::from_fn(|_| heap.alloc())
}

#[test]
fn update_refs_copies_each_refcount() {
    prove(|| {
        let mut heap = Heap::new();
        let [a, b, c] = objects(&mut heap);
        heap.add_ref(a, b);
        heap.add_ref(a, b);
        heap.add_ref(c, a);
        heap.incref(c);
        let young = heap.objects();
        let gc_refs = update_refs(&heap, &young);
        assert_eq!(gc_refs.len(), 3, "one entry per examined object");
        let got = [gc_refs[&a], gc_refs[&b], gc_refs[&c]];
        assert_eq!(got, [2, 3, 2], "gc_refs of a, b, c: each object's refcount");
        let counts = [heap.refcount(a), heap.refcount(b), heap.refcount(c)];
        assert_eq!(counts, [2, 3, 2], "the heap's own counts are not touched");
    });
}

#[test]
fn subtract_refs_leaves_the_references_from_outside() {
    prove(|| {
        let mut heap = Heap::new();
        let [a, b, c] = objects(&mut heap);
        heap.add_ref(a, b);
        heap.add_ref(b, a);
        heap.add_ref(c, a);
        heap.incref(a);
        heap.decref(b);
        let young = heap.objects();
        let (_, subtracted, _) = passes(&heap, &young);
        let got = [subtracted[&a], subtracted[&b], subtracted[&c]];
        assert_eq!(
            got,
            [2, 0, 1],
            "a: the program's two handles; b: only a refers to it; c: the program's handle"
        );
        assert_eq!(heap.refcount(a), 4, "the heap's count of a is untouched");
    });
}

#[test]
fn subtract_refs_ignores_objects_outside_the_set() {
    prove(|| {
        let mut heap = Heap::new();
        let [old, y1, y2] = objects(&mut heap);
        heap.add_ref(old, y1); // an older object refers into the set: that counts as outside
        heap.add_ref(y1, old); // the set refers out: nothing to subtract
        heap.add_ref(y1, y2);
        heap.decref(y1);
        heap.decref(y2);
        let young = [y1, y2];
        let (_, subtracted, split) = passes(&heap, &young);
        assert_eq!(subtracted.len(), 2, "no entry for objects outside the set");
        assert_eq!(
            [subtracted[&y1], subtracted[&y2]],
            [1, 0],
            "y1 keeps old's reference; y2 is only referred to from inside"
        );
        assert_eq!(
            sorted(split.reachable),
            [y1, y2],
            "both are reachable through the older object"
        );
        assert_eq!(heap.refcount(old), 2, "the older object's count is untouched");
    });
}

#[test]
fn a_self_cycle_is_unreachable() {
    prove(|| {
        let mut heap = Heap::new();
        let [a, kept] = objects(&mut heap);
        heap.add_ref(a, a);
        heap.decref(a);
        let (_, _, split) = passes(&heap, &heap.objects());
        assert_eq!(split.unreachable, [a], "the self-cycle is garbage");
        assert_eq!(split.reachable, [kept], "the held object is not");
    });
}

#[test]
fn a_two_cycle_is_unreachable() {
    prove(|| {
        let mut heap = Heap::new();
        let [a, b] = objects(&mut heap);
        heap.add_ref(a, b);
        heap.add_ref(b, a);
        heap.decref(a);
        heap.decref(b);
        let (_, _, split) = passes(&heap, &heap.objects());
        assert_eq!(sorted(split.unreachable), [a, b], "both are garbage");
        assert!(split.reachable.is_empty(), "nothing is reachable");
    });
}

#[test]
fn a_cycle_held_from_outside_is_reachable() {
    prove(|| {
        let mut heap = Heap::new();
        let [a, b, c] = objects(&mut heap);
        heap.add_ref(a, b);
        heap.add_ref(b, c);
        heap.add_ref(c, a);
        heap.decref(a);
        heap.decref(c); // the program still holds b
        let (_, _, split) = passes(&heap, &heap.objects());
        assert!(split.unreachable.is_empty(), "a held cycle is alive: {split:?}");
        assert_eq!(sorted(split.reachable), [a, b, c]);
    });
}

#[test]
fn a_cycle_reachable_from_a_live_object_is_reachable() {
    prove(|| {
        let mut heap = Heap::new();
        let [holder, a, b, garbage] = objects(&mut heap);
        heap.add_ref(a, b);
        heap.add_ref(b, a);
        heap.add_ref(holder, a);
        heap.add_ref(garbage, garbage);
        for id in [a, b, garbage] {
            heap.decref(id);
        }
        let (_, _, split) = passes(&heap, &heap.objects());
        assert_eq!(split.unreachable, [garbage], "only the unrelated self-cycle is garbage");
        assert_eq!(sorted(split.reachable), [holder, a, b]);
    });
}

#[test]
fn objects_moved_out_early_are_rescued_by_a_later_one() {
    prove(|| {
        // Allocated leaf first, root last: the scan meets c and b with gc_refs 0 before it
        // reaches a, the only object the program holds.
        let mut heap = Heap::new();
        let [c, b, a] = objects(&mut heap);
        heap.add_ref(a, b);
        heap.add_ref(b, c);
        heap.decref(b);
        heap.decref(c);
        let (_, _, split) = passes(&heap, &heap.objects());
        assert!(
            split.unreachable.is_empty(),
            "b and c are reachable from a even though the scan saw them first: {split:?}"
        );
        assert_eq!(sorted(split.reachable), [c, b, a]);
    });
}

#[test]
fn move_unreachable_leaves_cpythons_order() {
    prove(|| {
        // x (held) → y, z; z → w; u ↔ v garbage; scanned in allocation order [w, u, v, z, y, x].
        let mut heap = Heap::new();
        let [w, u, v, z, y, x] = objects(&mut heap);
        heap.add_ref(x, y);
        heap.add_ref(x, z);
        heap.add_ref(z, w);
        heap.add_ref(u, v);
        heap.add_ref(v, u);
        for id in [w, u, v, z, y] {
            heap.decref(id);
        }
        let (_, _, split) = passes(&heap, &heap.objects());
        assert_eq!(
            split,
            Split {
                reachable: vec![x, z, y, w],
                unreachable: vec![u, v],
            },
            "x is scanned first among the reachable; it rescues its referents from the last \
             one back (z, then y), and z rescues w; the garbage stays in the order it was found"
        );
    });
}

#[test]
fn collect_frees_exactly_the_garbage_and_returns_its_count() {
    prove(|| {
        let mut heap = Heap::new();
        let [a, b, c, d, e] = objects(&mut heap);
        heap.add_ref(a, b);
        heap.add_ref(b, a); // a ↔ b: garbage once dropped
        heap.add_ref(c, c); // self-cycle: garbage
        heap.add_ref(d, e);
        heap.add_ref(e, d); // d ↔ e: held through d
        for id in [a, b, c, e] {
            heap.decref(id);
        }
        assert_eq!(collect(&mut heap), 3, "a, b and c were unreachable");
        let alive: Vec<bool> = [a, b, c, d, e].iter().map(|&id| heap.is_alive(id)).collect();
        assert_eq!(alive, [false, false, false, true, true], "alive: a, b, c, d, e");
        assert_eq!(collect(&mut heap), 0, "a second collection finds nothing");
    });
}

#[test]
fn collect_leaves_the_survivors_counts_as_they_were() {
    prove(|| {
        let mut heap = Heap::new();
        let [a, b, c] = objects(&mut heap);
        heap.add_ref(a, b);
        heap.add_ref(b, a);
        heap.add_ref(b, c);
        heap.incref(c);
        heap.decref(b);
        let before: Vec<usize> = [a, b, c].iter().map(|&id| heap.refcount(id)).collect();
        assert_eq!(collect(&mut heap), 0);
        let after: Vec<usize> = [a, b, c].iter().map(|&id| heap.refcount(id)).collect();
        assert_eq!(after, before, "gc_refs is a copy: the real counts are never changed");
    });
}

#[test]
fn a_chain_of_a_million_objects_collects_without_recursion() {
    prove(|| {
        const N: usize = 1_000_000;
        let mut heap = Heap::new();
        // Allocated tail first, so the scan meets the whole chain before its held head.
        let chain: Vec<ObjId> = (0..N).map(|_| heap.alloc()).collect();
        for pair in chain.windows(2) {
            heap.add_ref(pair[1], pair[0]);
        }
        for &id in &chain[..N - 1] {
            heap.decref(id);
        }
        assert_eq!(collect(&mut heap), 0, "a held chain is alive, all of it");
        assert_eq!(heap.len(), N);
        // Close it into a ring and let go: a million objects of garbage.
        heap.add_ref(chain[0], chain[N - 1]);
        heap.decref(chain[N - 1]);
        assert_eq!(collect(&mut heap), N, "the whole ring is garbage");
        assert!(heap.is_empty(), "and all of it was freed");
    });
}

/// The learner's heap and collector, for the replays.
struct Learner(Heap);

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

    fn collect(&mut self, _generation: u8) -> usize {
        collect(&mut self.0)
    }

    fn is_alive(&self, id: ObjId) -> bool {
        self.0.is_alive(id)
    }
}

fn cases() -> Cases {
    Cases {
        exercise: "07-trial-deletion",
        seeds: 60,
        ops: 400,
        mix: Mix::default(),
    }
}

#[test]
fn random_heaps_agree_with_refgc() {
    prove(|| {
        replay::check(&cases(), |_| Refgc::manual(), |_| Learner(Heap::new()));
    });
}

#[test]
fn random_heaps_agree_with_a_reachability_oracle() {
    prove(|| {
        replay::check(&cases(), |_| Reachability::default(), |_| {
            Learner(Heap::new())
        });
    });
}
