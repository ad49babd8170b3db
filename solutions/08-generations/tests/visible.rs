//! Visible tests: `cargo test -p generations`. The hidden tests check every rule of stages 1
//! and 2, and replay random programs on your collector and on refgc (CPython's model).

use generations_solution::{Gc, GcError};

#[test]
fn allocations_count_and_frees_uncount() {
    let mut gc = Gc::new();
    let a = gc.alloc();
    let _b = gc.alloc();
    assert_eq!(gc.get_count(), [2, 0, 0]);
    gc.decref(a);
    assert_eq!(gc.get_count(), [1, 0, 0]);
}

#[test]
fn the_first_automatic_collection_comes_after_threshold_plus_one_allocations() {
    let mut gc = Gc::new();
    gc.set_threshold([10, 10, 10]);
    let _kept: Vec<_> = (0..10).map(|_| gc.alloc()).collect();
    assert_eq!(gc.get_stats()[0].collections, 0);
    gc.alloc();
    assert_eq!(gc.get_stats()[0].collections, 1);
}

#[test]
fn survivors_move_one_generation_up() {
    let mut gc = Gc::new();
    let a = gc.alloc();
    gc.collect(0).unwrap();
    assert_eq!(gc.get_objects(1).unwrap(), [a]);
    gc.collect(1).unwrap();
    assert_eq!(gc.get_objects(2).unwrap(), [a]);
}

#[test]
fn there_are_three_generations() {
    assert_eq!(Gc::new().collect(3), Err(GcError::InvalidGeneration(3)));
}
