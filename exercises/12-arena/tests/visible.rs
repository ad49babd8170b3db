//! Visible tests: `cargo test -p arena`. The grader's hidden tests check more: stale handles
//! after slot reuse, generations, random graphs against a reachability oracle, a million-node
//! chain, and the index's memory budget (counted by an allocator).

use arena::{Arena, Handle, Node, PositionIndex, create_circular_reference};

#[test]
fn insert_get_remove() {
    let mut arena = Arena::new();
    let a = arena.insert("a");
    let b = arena.insert("b");
    assert_eq!(arena.get(a), Some(&"a"));
    assert_eq!(arena.len(), 2);
    assert_eq!(arena.remove(a), Some("a"));
    assert_eq!(arena.get(a), None, "a removed value's handle is stale");
    assert_eq!(arena.get(b), Some(&"b"));
    assert_eq!(arena.len(), 1);
}

#[test]
fn a_stale_handle_does_not_read_the_slots_new_value() {
    let mut arena = Arena::new();
    let old = arena.insert(1);
    arena.remove(old);
    let new = arena.insert(2);
    assert_eq!(new.index(), old.index(), "the free slot is reused");
    assert_eq!(arena.get(old), None);
    assert_eq!(arena.get(new), Some(&2));
}

#[test]
fn option_of_a_handle_costs_nothing_extra() {
    assert_eq!(
        size_of::<Option<Handle<String>>>(),
        size_of::<Handle<String>>()
    );
}

#[test]
fn the_seeds_cycle_is_collected() {
    let mut arena = Arena::new();
    let [node1, node2] = create_circular_reference(&mut arena, 1, 2);
    let keep = arena.insert(Node::new(3));
    assert_eq!(arena.collect(&[keep]), 2);
    assert!(!arena.contains(node1) && !arena.contains(node2));
    assert_eq!(arena.get(keep).map(|node| node.value), Some(3));
}

#[test]
fn index_finds_positions_in_order() {
    let index = PositionIndex::new(&["a", "b", "a", "c", "a"]);
    assert_eq!(index.search(&"a"), [0, 2, 4]);
    assert_eq!(index.search(&"z"), []);
}
