//! Visible tests: `cargo test -p cycles`. They watch nodes die with a sentinel `Rc<()>` that every
//! node holds a clone of. The grader's hidden tests check more, with a drop counter and a
//! counting allocator; `tests/leak.rs` shows how such a leak test is built.

use std::rc::Rc;

use cycles_solution::{
    TreeNode, break_cycle, create_circular_reference, make_cycle, make_cycle_with_weak_back_edge,
};

/// How many nodes still hold a clone of `sentinel`.
fn alive(sentinel: &Rc<()>) -> usize {
    Rc::strong_count(sentinel) - 1
}

#[test]
fn a_strong_cycle_outlives_its_handles() {
    let sentinel = Rc::new(());
    let (a, b) = make_cycle(Rc::clone(&sentinel), Rc::clone(&sentinel));
    drop(a);
    drop(b);
    assert_eq!(alive(&sentinel), 2, "nothing frees a cycle of Rc");
}

#[test]
fn the_seeds_function_leaves_both_nodes_alive() {
    let (first, second) = create_circular_reference("one", "two");
    assert!(first.upgrade().is_some());
    assert!(second.upgrade().is_some());
}

#[test]
fn a_weak_back_edge_lets_both_nodes_go() {
    let sentinel = Rc::new(());
    let (a, b) = make_cycle_with_weak_back_edge(Rc::clone(&sentinel), Rc::clone(&sentinel));
    drop(a);
    assert_eq!(alive(&sentinel), 1, "a goes with its handle");
    assert!(
        b.borrow().target().is_none(),
        "b's weak link now finds nothing"
    );
    drop(b);
    assert_eq!(alive(&sentinel), 0);
}

#[test]
fn a_broken_cycle_lets_both_nodes_go() {
    let sentinel = Rc::new(());
    let (a, b) = make_cycle(Rc::clone(&sentinel), Rc::clone(&sentinel));
    break_cycle(&b);
    drop(a);
    drop(b);
    assert_eq!(alive(&sentinel), 0);
}

#[test]
fn a_tree_is_freed_from_its_root() {
    let sentinel = Rc::new(());
    let root = TreeNode::new(Rc::clone(&sentinel));
    let leaf = TreeNode::new(Rc::clone(&sentinel));
    TreeNode::add_child(&root, &leaf).unwrap();
    assert_eq!(leaf.depth(), 1);
    drop(leaf);
    assert_eq!(alive(&sentinel), 2, "the root still owns the leaf");
    drop(root);
    assert_eq!(alive(&sentinel), 0);
}
