//! Hidden tests for 12-arena: the learner's crate is `arena`.
//!
//! The collector is checked against a reachability oracle on seeded random graphs: a failure
//! names the seed, and `GRADER_SEED=N cargo grade check 12-arena` replays that one. The index's
//! memory budget is measured with the counting allocator.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::num::NonZeroU32;

use arena::{Arena, Handle, Node, PositionIndex, Trace, create_circular_reference};
use grader_support::refgc::SplitMix64;
use grader_support::replay::seeds;
use grader_support::{CountingAlloc, DropToken, Drops, prove};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc::new();

fn replay(seed: u64) -> String {
    format!("seed {seed}; replay it with `GRADER_SEED={seed} cargo grade check 12-arena`")
}

/// A value of the graph tests: it refers to other objects, and counts its own drop.
struct Obj {
    number: usize,
    edges: Vec<Handle<Obj>>,
    _token: DropToken,
}

impl Obj {
    fn new(number: usize, drops: &Drops) -> Self {
        Self {
            number,
            edges: Vec::new(),
            _token: drops.token(),
        }
    }
}

impl Trace for Obj {
    fn trace(&self, edges: &mut Vec<Handle<Obj>>) {
        edges.extend(&self.edges);
    }
}

fn link(arena: &mut Arena<Obj>, from: Handle<Obj>, to: Handle<Obj>) {
    arena
        .get_mut(from)
        .expect("the test links live objects only")
        .edges
        .push(to);
}

#[test]
fn insert_and_get_return_the_value() {
    prove(|| {
        let mut arena = Arena::new();
        let a = arena.insert(String::from("apple"));
        let b = arena.insert(String::from("banana"));
        assert_eq!(arena.get(a).map(String::as_str), Some("apple"), "get(a)");
        assert_eq!(arena.get(b).map(String::as_str), Some("banana"), "get(b)");
        assert!(arena.contains(a), "contains a handle just inserted");
        assert_ne!(a, b, "two inserts give two different handles");
        assert_eq!(
            (a.index(), b.index()),
            (0, 1),
            "an empty arena fills its slots from index 0"
        );
        assert_eq!(
            a.generation(),
            NonZeroU32::MIN,
            "a slot's first value has generation 1"
        );
    });
}

#[test]
fn get_mut_changes_the_value() {
    prove(|| {
        let mut arena = Arena::new();
        let a = arena.insert(vec![1]);
        let b = arena.insert(vec![2]);
        arena.get_mut(a).expect("a is live").push(10);
        assert_eq!(
            arena.get(a),
            Some(&vec![1, 10]),
            "get sees what get_mut wrote"
        );
        assert_eq!(arena.get(b), Some(&vec![2]), "the other value is untouched");
        arena.remove(a);
        assert!(
            arena.get_mut(a).is_none(),
            "get_mut of a removed value's handle"
        );
    });
}

#[test]
fn remove_returns_the_value_once() {
    prove(|| {
        let drops = Drops::new();
        let mut arena = Arena::new();
        let a = arena.insert(drops.token());
        let b = arena.insert(drops.token());
        let removed = arena.remove(a);
        assert!(removed.is_some(), "remove of a live handle gives the value");
        assert_eq!(drops.count(), 0, "the value is handed back, not dropped");
        drop(removed);
        assert_eq!(drops.count(), 1, "the caller drops what remove returned");
        assert!(
            arena.remove(a).is_none(),
            "a second remove of the same handle"
        );
        assert!(arena.get(a).is_none(), "get of a removed value's handle");
        assert!(!arena.contains(a), "contains of a removed value's handle");
        assert!(arena.get(b).is_some(), "the other value stays");
        assert_eq!(drops.count(), 1, "nothing else was dropped");
    });
}

#[test]
fn len_and_is_empty_follow_inserts_and_removes() {
    prove(|| {
        let mut arena = Arena::new();
        assert_eq!((arena.len(), arena.is_empty()), (0, true), "a new arena");
        let handles: Vec<_> = (0..5).map(|i| arena.insert(i)).collect();
        assert_eq!(
            (arena.len(), arena.is_empty()),
            (5, false),
            "after 5 inserts"
        );
        arena.remove(handles[1]);
        arena.remove(handles[3]);
        assert_eq!(arena.len(), 3, "after 2 removes");
        arena.remove(handles[1]);
        assert_eq!(arena.len(), 3, "removing a stale handle changes nothing");
        arena.insert(9);
        assert_eq!(arena.len(), 4, "an insert into a reused slot counts");
        for handle in [handles[0], handles[2], handles[4]] {
            arena.remove(handle);
        }
        assert_eq!(
            (arena.len(), arena.is_empty()),
            (1, false),
            "one value left"
        );
        let last = arena.insert(10);
        arena.remove(last);
        assert_eq!(arena.len(), 1, "insert then remove: back to one");
    });
}

#[test]
fn a_stale_handle_reads_nothing_after_its_slot_is_reused() {
    prove(|| {
        let mut arena = Arena::new();
        let old = arena.insert("old");
        let other = arena.insert("other");
        assert_eq!(arena.remove(old), Some("old"));
        let new = arena.insert("new");
        assert_eq!(new.index(), old.index(), "the freed slot is reused");
        assert_ne!(
            new.generation(),
            old.generation(),
            "the reused slot has a new generation"
        );
        assert_ne!(new, old, "the new handle differs from the stale one");
        assert_eq!(arena.get(old), None, "get of the stale handle");
        assert_eq!(arena.get_mut(old), None, "get_mut of the stale handle");
        assert!(!arena.contains(old), "contains of the stale handle");
        assert_eq!(arena.remove(old), None, "remove of the stale handle");
        assert_eq!(
            arena.get(new),
            Some(&"new"),
            "the slot's value survives a remove through the stale handle"
        );
        assert_eq!(arena.get(other), Some(&"other"));
        assert_eq!(
            arena.len(),
            2,
            "a remove through a stale handle removes nothing"
        );
    });
}

#[test]
fn a_handle_beyond_the_arena_reads_nothing() {
    prove(|| {
        // A handle of another arena of the same type, to its third slot.
        let scratch = Drops::new();
        let mut big = Arena::new();
        let far = [0, 1, 2].map(|n| big.insert(Obj::new(n, &scratch)))[2];
        let drops = Drops::new();
        let mut small = Arena::new();
        let only = small.insert(Obj::new(0, &drops));
        assert!(
            small.get(far).is_none(),
            "get of a slot the arena does not have"
        );
        assert!(
            small.get_mut(far).is_none(),
            "get_mut of a slot the arena does not have"
        );
        assert!(
            !small.contains(far),
            "contains of a slot the arena does not have"
        );
        assert!(
            small.remove(far).is_none(),
            "remove of a slot the arena does not have"
        );
        assert_eq!(
            small.collect(&[far]),
            1,
            "a root beyond the arena reaches nothing: the one value is garbage"
        );
        assert!(!small.contains(only) && drops.count() == 1);
    });
}

#[test]
fn freed_slots_are_reused_before_the_arena_grows() {
    prove(|| {
        let mut arena = Arena::new();
        let first: Vec<_> = (0..100u64).map(|i| arena.insert(i)).collect();
        for &handle in first.iter().rev().step_by(2) {
            arena.remove(handle);
        }
        for &handle in &first {
            arena.remove(handle);
        }
        assert_eq!(arena.slot_count(), 100, "100 values made 100 slots");
        let (second, usage) =
            ALLOC.measure(|| (0..100u64).map(|i| arena.insert(i)).collect::<Vec<_>>());
        assert_eq!(
            usage.allocations, 1,
            "refilling 100 freed slots allocates nothing (the one allocation is the test's Vec)"
        );
        assert_eq!(arena.slot_count(), 100, "the arena did not grow");
        let indices: HashSet<usize> = second.iter().map(|handle| handle.index()).collect();
        assert_eq!(indices.len(), 100, "each reused slot is handed out once");
        assert!(
            indices.iter().all(|&index| index < 100),
            "every new value went into one of the freed slots"
        );
        arena.insert(100);
        assert_eq!(
            arena.slot_count(),
            101,
            "with no slot free, the arena grows by one"
        );
    });
}

#[test]
fn generations_never_repeat_for_a_slot() {
    prove(|| {
        let mut arena = Arena::new();
        let keep = arena.insert(u32::MAX);
        let mut seen = HashSet::new();
        let mut old = Vec::new();
        for round in 0..20_000u32 {
            let handle = arena.insert(round);
            assert_eq!(
                handle.index(),
                1,
                "round {round}: the one free slot is reused"
            );
            assert!(
                seen.insert(handle.generation()),
                "round {round}: generation {} was handed out before for slot 1",
                handle.generation()
            );
            if round % 1000 == 999 {
                for &stale in &old {
                    assert_eq!(arena.get(stale), None, "round {round}: {stale:?} is stale");
                }
            }
            assert_eq!(
                arena.get(handle),
                Some(&round),
                "round {round}: the live value"
            );
            assert_eq!(arena.remove(handle), Some(round));
            old.push(handle);
        }
        assert_eq!(
            arena.get(keep),
            Some(&u32::MAX),
            "the other slot is untouched"
        );
    });
}

#[test]
fn handles_compare_hash_and_print_by_slot_and_generation() {
    prove(|| {
        let mut arena = Arena::new();
        let a = arena.insert('a');
        let copy = a;
        assert_eq!(copy, a, "a copy equals its original");
        let b = arena.insert('b');
        arena.remove(a);
        let c = arena.insert('c');
        let set: HashSet<Handle<char>> = [a, copy, b, c, c].into_iter().collect();
        assert_eq!(
            set.len(),
            3,
            "a (and its copy), b, c: three distinct handles"
        );
        assert!(set.contains(&a) && set.contains(&b) && set.contains(&c));
        let hash = |handle: Handle<char>| {
            let mut hasher = DefaultHasher::new();
            handle.hash(&mut hasher);
            hasher.finish()
        };
        assert_eq!(hash(copy), hash(a), "equal handles hash equally");
        let many: Vec<Handle<char>> = (0..100).map(|_| arena.insert('x')).collect();
        let hashes: HashSet<u64> = many.iter().chain([&a, &c]).map(|&h| hash(h)).collect();
        assert!(
            hashes.len() > 90,
            "102 different handles (a slot in two generations among them) get {} different hashes: \
             hash the index and the generation",
            hashes.len()
        );
        assert_eq!(
            [format!("{a:?}"), format!("{b:?}"), format!("{c:?}")],
            ["Handle(0v1)", "Handle(1v1)", "Handle(0v2)"],
            "Debug shows the slot and the generation"
        );
    });
}

#[test]
fn option_of_a_handle_is_no_bigger_than_a_handle() {
    prove(|| {
        let mut arena = Arena::new();
        let handle: Option<Handle<u64>> = Some(arena.insert(7));
        assert_eq!(handle.and_then(|h| arena.get(h)), Some(&7));
        assert_eq!(
            size_of::<Option<Handle<u64>>>(),
            size_of::<Handle<u64>>(),
            "Option<Handle<T>> must fit in a Handle<T>: a NonZeroU32 field gives it a niche"
        );
        assert!(
            size_of::<Handle<u64>>() <= 8,
            "a handle is a u32 index and a u32 generation: 8 bytes, got {}",
            size_of::<Handle<u64>>()
        );
    });
}

#[test]
fn dropping_the_arena_drops_every_value() {
    prove(|| {
        let drops = Drops::new();
        let ((), usage) = ALLOC.measure(|| {
            let mut arena = Arena::new();
            let handles: Vec<_> = (0..50).map(|_| arena.insert(drops.token())).collect();
            for handle in handles.iter().step_by(3) {
                arena.remove(*handle);
            }
            assert_eq!(
                drops.count(),
                17,
                "removed values are dropped by the caller"
            );
            arena.insert(drops.token());
        });
        assert_eq!(
            drops.count(),
            51,
            "dropping the arena drops the 34 values left"
        );
        assert_eq!(
            usage.leaked_bytes, 0,
            "dropping the arena frees all its memory"
        );
    });
}

#[test]
fn the_seeds_cycle_does_not_leak() {
    prove(|| {
        let drops = Drops::new();
        let ((), usage) = ALLOC.measure(|| {
            let mut arena = Arena::new();
            let [node1, node2] =
                create_circular_reference(&mut arena, drops.token(), drops.token());
            assert_ne!(node1, node2, "two nodes");
            assert_eq!(
                arena.get(node1).and_then(|node| node.link),
                Some(node2),
                "node1.ref is node2"
            );
            assert_eq!(
                arena.get(node2).and_then(|node| node.link),
                Some(node1),
                "node2.ref is node1"
            );
            assert_eq!(arena.len(), 2, "the cycle holds two nodes");
            assert_eq!(drops.count(), 0, "nothing dropped while the arena lives");
        });
        assert_eq!(
            drops.count(),
            2,
            "dropping the arena drops both nodes of the cycle"
        );
        assert_eq!(
            usage.leaked_bytes, 0,
            "and frees every byte: no leak, unlike Rc"
        );
    });
}

#[test]
fn the_seeds_cycle_is_collected_once_unreachable() {
    prove(|| {
        let drops = Drops::new();
        let mut arena = Arena::new();
        let [node1, node2] = create_circular_reference(&mut arena, drops.token(), drops.token());
        let mut node = Node::new(drops.token());
        assert!(node.link.is_none(), "Node::new links to nothing");
        node.link = Some(node1);
        let holder = arena.insert(node);
        assert_eq!(arena.collect(&[holder]), 0, "the holder reaches the cycle");
        assert_eq!(
            arena.collect(&[node2]),
            1,
            "node2 reaches node1, not the holder"
        );
        assert_eq!(drops.count(), 1, "the holder was dropped");
        assert!(
            arena.contains(node1) && arena.contains(node2),
            "the cycle is alive"
        );
        assert_eq!(
            arena.collect(&[]),
            2,
            "no roots: both nodes of the cycle are garbage"
        );
        assert_eq!(drops.count(), 3, "both nodes dropped");
        assert!(
            !arena.contains(node1) && !arena.contains(node2),
            "their handles are stale"
        );
        assert!(arena.is_empty(), "nothing left");
    });
}

#[test]
fn collect_keeps_exactly_what_the_roots_reach() {
    prove(|| {
        let drops = Drops::new();
        let mut arena = Arena::new();
        let h: Vec<Handle<Obj>> = (0..8).map(|n| arena.insert(Obj::new(n, &drops))).collect();
        // 0 -> 1 -> 2, 3 -> 2 (3 is held by nobody), 4 -> 4, 5 -> 6 -> 7 -> 5, 7 -> 1
        for (from, to) in [
            (0, 1),
            (1, 2),
            (3, 2),
            (4, 4),
            (5, 6),
            (6, 7),
            (7, 5),
            (7, 1),
        ] {
            link(&mut arena, h[from], h[to]);
        }
        assert_eq!(
            arena.collect(&[h[0], h[0]]),
            5,
            "only 0, 1, 2 are reachable from 0"
        );
        let alive: Vec<bool> = h.iter().map(|&handle| arena.contains(handle)).collect();
        assert_eq!(
            alive,
            [true, true, true, false, false, false, false, false],
            "what is alive after collect(&[0])"
        );
        assert_eq!(drops.count(), 5, "the five freed values were dropped");
        assert_eq!(arena.len(), 3, "len after the collection");
        assert_eq!(
            arena.collect(&[h[0]]),
            0,
            "a second collection finds nothing"
        );
        assert_eq!(arena.collect(&[h[1]]), 1, "from 1: only 0 is garbage");
        assert_eq!(
            arena.get(h[2]).map(|obj| obj.number),
            Some(2),
            "2 is reachable through 1"
        );
    });
}

#[test]
fn collect_frees_cycles_among_the_garbage() {
    prove(|| {
        let drops = Drops::new();
        let mut arena = Arena::new();
        let root = arena.insert(Obj::new(0, &drops));
        // A ring of five, a self-loop, and a two-cycle hanging from the ring: all garbage.
        let ring: Vec<_> = (1..6).map(|n| arena.insert(Obj::new(n, &drops))).collect();
        for i in 0..5 {
            link(&mut arena, ring[i], ring[(i + 1) % 5]);
        }
        let selfish = arena.insert(Obj::new(6, &drops));
        link(&mut arena, selfish, selfish);
        let x = arena.insert(Obj::new(7, &drops));
        let y = arena.insert(Obj::new(8, &drops));
        link(&mut arena, x, y);
        link(&mut arena, y, x);
        link(&mut arena, ring[2], x);
        link(&mut arena, x, root); // garbage may point at live objects
        assert_eq!(
            arena.collect(&[root]),
            8,
            "every cycle that the root cannot reach"
        );
        assert_eq!(drops.count(), 8, "and each of their values dropped once");
        assert!(arena.contains(root), "the root stays");
        assert_eq!(arena.len(), 1);
    });
}

#[test]
fn a_stale_handle_keeps_nothing_alive() {
    prove(|| {
        let drops = Drops::new();
        let mut arena = Arena::new();
        let root = arena.insert(Obj::new(0, &drops));
        let gone = arena.insert(Obj::new(1, &drops));
        link(&mut arena, root, gone);
        drop(arena.remove(gone));
        // The slot comes back with a new value that only the stale handles point at.
        let squatter = arena.insert(Obj::new(2, &drops));
        assert_eq!(squatter.index(), gone.index(), "the slot is reused");
        assert_eq!(
            arena.collect(&[root, gone]),
            1,
            "a stale root and a stale edge reach nothing: the new value is garbage"
        );
        assert!(!arena.contains(squatter), "the new value was freed");
        assert!(arena.contains(root), "the root stays");
        assert_eq!(drops.count(), 2);
    });
}

#[test]
fn collected_slots_are_reused_and_their_handles_go_stale() {
    prove(|| {
        let drops = Drops::new();
        let mut arena = Arena::new();
        let garbage: Vec<_> = (0..10).map(|n| arena.insert(Obj::new(n, &drops))).collect();
        let root = arena.insert(Obj::new(10, &drops));
        assert_eq!(arena.collect(&[root]), 10);
        assert_eq!(arena.len(), 1, "len after the collection");
        let reborn: Vec<_> = (0..10)
            .map(|n| arena.insert(Obj::new(20 + n, &drops)))
            .collect();
        assert_eq!(arena.slot_count(), 11, "the collected slots are reused");
        for (old, new) in garbage.iter().zip(&reborn) {
            assert!(arena.get(*old).is_none(), "{old:?} was collected: stale");
            assert!(arena.get(*new).is_some(), "{new:?} is live");
        }
        let numbers: HashSet<usize> = reborn
            .iter()
            .map(|&handle| arena.get(handle).unwrap().number)
            .collect();
        assert_eq!(
            numbers,
            (20..30).collect(),
            "each new handle reads its own value"
        );
    });
}

/// The test's own picture of a random graph: which objects exist, what they refer to.
struct Model {
    handles: Vec<Handle<Obj>>,
    alive: Vec<bool>,
    edges: Vec<Vec<usize>>,
}

impl Model {
    /// What a collection from `roots` must leave alive.
    fn reachable(&self, roots: &[usize]) -> Vec<bool> {
        let mut seen = vec![false; self.alive.len()];
        let mut pending: Vec<usize> = roots.to_vec();
        while let Some(n) = pending.pop() {
            if self.alive[n] && !seen[n] {
                seen[n] = true;
                pending.extend(&self.edges[n]);
            }
        }
        seen
    }
}

#[test]
fn collect_agrees_with_a_reachability_oracle_on_random_graphs() {
    prove(|| {
        for seed in seeds(200) {
            let why = replay(seed);
            let mut rng = SplitMix64::new(seed);
            let drops = Drops::new();
            let mut arena = Arena::new();
            let mut model = Model {
                handles: Vec::new(),
                alive: Vec::new(),
                edges: Vec::new(),
            };
            let mut dead = 0;
            for round in 0..4 {
                for _ in 0..rng.below(60) {
                    let n = model.handles.len();
                    model.handles.push(arena.insert(Obj::new(n, &drops)));
                    model.alive.push(true);
                    model.edges.push(Vec::new());
                }
                let live: Vec<usize> = (0..model.alive.len()).filter(|&n| model.alive[n]).collect();
                if live.is_empty() {
                    continue;
                }
                // Edges from live objects to any object, dead ones too (stale handles).
                for _ in 0..rng.below(2 * live.len() + 1) {
                    let from = live[rng.below(live.len())];
                    let to = rng.below(model.handles.len());
                    link(&mut arena, model.handles[from], model.handles[to]);
                    model.edges[from].push(to);
                }
                for _ in 0..rng.below(live.len() / 4 + 1) {
                    let n = live[rng.below(live.len())];
                    let removed = arena.remove(model.handles[n]).map(|obj| obj.number);
                    let expected = model.alive[n].then_some(n);
                    assert_eq!(removed, expected, "{why}: remove of object #{n}");
                    if model.alive[n] {
                        model.alive[n] = false;
                        dead += 1;
                    }
                }
                let roots: Vec<usize> = (0..rng.below(4))
                    .map(|_| rng.below(model.handles.len()))
                    .collect();
                let root_handles: Vec<_> = roots.iter().map(|&n| model.handles[n]).collect();
                let keep = model.reachable(&roots);
                let expected: Vec<usize> = (0..model.alive.len())
                    .filter(|&n| model.alive[n] && !keep[n])
                    .collect();
                let freed = arena.collect(&root_handles);
                assert_eq!(
                    freed,
                    expected.len(),
                    "{why}: round {round}, collect(roots {roots:?}) frees the unreachable {expected:?}"
                );
                for &n in &expected {
                    model.alive[n] = false;
                }
                dead += expected.len();
                let alive: Vec<usize> = (0..model.handles.len())
                    .filter(|&n| arena.contains(model.handles[n]))
                    .collect();
                let want: Vec<usize> = (0..model.alive.len()).filter(|&n| model.alive[n]).collect();
                assert_eq!(
                    alive, want,
                    "{why}: round {round}, the objects alive after collect"
                );
                assert_eq!(
                    drops.count(),
                    dead,
                    "{why}: round {round}, values dropped so far"
                );
                assert_eq!(
                    arena.len(),
                    want.len(),
                    "{why}: round {round}, len after collect"
                );
                for &n in &want {
                    let number = arena.get(model.handles[n]).map(|obj| obj.number);
                    assert_eq!(
                        number,
                        Some(n),
                        "{why}: round {round}, object #{n}'s handle"
                    );
                }
            }
        }
    });
}

#[test]
fn a_chain_of_a_million_nodes_is_marked_without_recursion() {
    prove(|| {
        const N: usize = 1_000_000;
        let mut arena = Arena::new();
        // Each node links to the one inserted before it: the root is the last one.
        let mut previous = None;
        for n in 0..N as u32 {
            let mut node = Node::new(n);
            node.link = previous;
            previous = Some(arena.insert(node));
        }
        let head = previous.expect("a million nodes");
        assert_eq!(
            arena.collect(&[head]),
            0,
            "the head reaches the whole chain (mark with a stack of your own, not recursion)"
        );
        assert_eq!(arena.len(), N, "all of the chain is alive");
        // Close the chain into a ring and let go of it: a million nodes of cyclic garbage.
        let mut last = head;
        while let Some(next) = arena.get(last).and_then(|node| node.link) {
            last = next;
        }
        arena.get_mut(last).expect("the tail").link = Some(head);
        assert_eq!(arena.collect(&[]), N, "no roots: the whole ring is garbage");
        assert!(arena.is_empty());
    });
}

/// Where each item occurs in `data`, by brute force.
fn positions_of<T: PartialEq>(data: &[T], item: &T) -> Vec<u32> {
    (0..data.len() as u32)
        .filter(|&i| data[i as usize] == *item)
        .collect()
}

#[test]
fn index_search_finds_every_position_in_order() {
    prove(|| {
        for seed in seeds(100) {
            let why = replay(seed);
            let mut rng = SplitMix64::new(seed);
            let len = rng.below(500);
            let alphabet = 1 + rng.below(40) as u16;
            let data: Vec<u16> = (0..len)
                .map(|_| rng.below(alphabet as usize) as u16)
                .collect();
            let index = PositionIndex::new(&data);
            for item in 0..alphabet + 3 {
                assert_eq!(
                    index.search(&item),
                    positions_of(&data, &item),
                    "{why}: search({item}) in {len} items: every position, in increasing order"
                );
            }
        }
    });
}

#[test]
fn index_search_accepts_borrowed_keys() {
    prove(|| {
        let data: Vec<String> = "the cat saw the dog and the cat ran"
            .split(' ')
            .map(String::from)
            .collect();
        let index = PositionIndex::new(&data);
        assert_eq!(index.search("the"), [0, 3, 6], "search(\"the\")");
        assert_eq!(index.search("cat"), [1, 7], "search(\"cat\")");
        assert_eq!(index.search("ran"), [8], "search(\"ran\")");
        assert_eq!(
            index.search("bird"),
            [] as [u32; 0],
            "search of a word not in the data"
        );
    });
}

#[test]
fn index_len_is_empty_and_distinct() {
    prove(|| {
        let data = [5, 3, 5, 5, 9, 3, 1];
        let index = PositionIndex::new(&data);
        assert_eq!(
            (index.len(), index.is_empty(), index.distinct()),
            (7, false, 4),
            "len, is_empty and distinct of [5, 3, 5, 5, 9, 3, 1]"
        );
        let empty = PositionIndex::<i32>::new(&[]);
        assert_eq!(
            (empty.len(), empty.is_empty(), empty.distinct()),
            (0, true, 0),
            "an index of no data"
        );
        assert_eq!(empty.search(&5), [] as [u32; 0]);
        let one = PositionIndex::new(&["only"]);
        assert_eq!((one.len(), one.is_empty(), one.distinct()), (1, false, 1));
    });
}

/// `n` items: `distinct` of them, each occurring about `n / distinct` times, shuffled.
fn shuffled_items(seed: u64, n: usize, distinct: usize) -> Vec<u32> {
    let mut rng = SplitMix64::new(seed);
    let mut data: Vec<u32> = (0..n).map(|i| (i % distinct) as u32 * 7 + 1).collect();
    for i in (1..n).rev() {
        data.swap(i, rng.below(i + 1));
    }
    data
}

#[test]
fn index_stays_within_its_memory_budget() {
    prove(|| {
        const N: usize = 100_000;
        const DISTINCT: usize = 1_000;
        let data = shuffled_items(1, N, DISTINCT);
        let (index, usage) = ALLOC.measure(|| PositionIndex::new(&data));
        let budget = 4 * N as isize + 32 * DISTINCT as isize + 1024;
        assert!(
            usage.leaked_bytes <= budget,
            "the index of {N} positions of {DISTINCT} items holds {} bytes; the budget is {budget}: \
             4 bytes per position, 32 per distinct item (pack every position into one Vec<u32>)",
            usage.leaked_bytes
        );
        assert!(
            usage.leaked_blocks <= 4,
            "the index holds {} heap blocks; at most 4 (one Vec<u32> of positions, one table: not a Vec per item)",
            usage.leaked_blocks
        );
        assert!(
            usage.allocations <= DISTINCT + 64,
            "building the index made {} allocations; at most one per distinct item (plus 64)",
            usage.allocations
        );
        let mut expected: HashMap<u32, Vec<u32>> = HashMap::new();
        for (position, &item) in data.iter().enumerate() {
            expected.entry(item).or_default().push(position as u32);
        }
        for (item, positions) in &expected {
            assert_eq!(index.search(item), positions.as_slice(), "search({item})");
        }
        assert_eq!(index.distinct(), DISTINCT);
    });
}

#[test]
fn index_clones_each_distinct_item_once() {
    prove(|| {
        const N: usize = 20_000;
        const DISTINCT: usize = 500;
        let data: Vec<String> = shuffled_items(2, N, DISTINCT)
            .into_iter()
            .map(|item| format!("item-{item}"))
            .collect();
        let (index, usage) = ALLOC.measure(|| PositionIndex::new(&data));
        assert!(
            usage.allocations <= DISTINCT + 64,
            "building the index of {N} strings ({DISTINCT} distinct) made {} allocations; \
             at most one per distinct item (its clone) plus 64",
            usage.allocations
        );
        assert!(
            usage.leaked_blocks <= DISTINCT as isize + 4,
            "the index holds {} heap blocks; at most one per distinct item plus 4",
            usage.leaked_blocks
        );
        assert_eq!(
            index.search("item-1"),
            positions_of(&data, &String::from("item-1"))
        );
        assert_eq!(index.len(), N);
    });
}
