//! Hidden tests for 03-cycles: the learner's crate is `cycles`.
//!
//! Nodes carry `grader_support::DropToken`s, so `drops.count()` is the number of nodes freed;
//! the counting allocator shows whether their blocks are still held.

use std::rc::Rc;

use cycles::{
    Link, Node, NodeRef, TreeNode, WouldCycle, break_cycle, create_circular_reference, make_cycle,
    make_cycle_with_weak_back_edge, make_ring,
};
use grader_support::{CountingAlloc, DropToken, Drops, prove};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc::new();

fn same(a: &Option<NodeRef<DropToken>>, b: &NodeRef<DropToken>) -> bool {
    a.as_ref().is_some_and(|a| Rc::ptr_eq(a, b))
}

#[test]
fn link_target_follows_strong_and_weak_links() {
    prove(|| {
        let drops = Drops::new();
        let node = Node::new(drops.token());
        let strong = Link::Strong(Rc::clone(&node));
        let weak = Link::Weak(Rc::downgrade(&node));
        assert!(
            same(&strong.target(), &node),
            "a strong link reaches its node"
        );
        assert!(
            same(&weak.target(), &node),
            "a weak link reaches a live node"
        );
        assert_eq!(
            Rc::strong_count(&node),
            2,
            "only the strong link owns the node"
        );
        drop(strong);
        drop(node);
        assert_eq!(
            drops.count(),
            1,
            "the node is freed once no strong link is left"
        );
        assert!(
            weak.target().is_none(),
            "a weak link to a freed node reaches nothing"
        );
        let unlinked = Node::new(drops.token());
        assert!(
            unlinked.borrow().target().is_none(),
            "a new node has no link"
        );
    });
}

#[test]
fn make_cycle_links_both_nodes_strongly() {
    prove(|| {
        let drops = Drops::new();
        let (a, b) = make_cycle(drops.token(), drops.token());
        assert!(
            same(&a.borrow().target(), &b),
            "the first node links to the second"
        );
        assert!(
            same(&b.borrow().target(), &a),
            "the second node links to the first"
        );
        assert_eq!(Rc::strong_count(&a), 2, "a is owned by its handle and by b");
        assert_eq!(Rc::strong_count(&b), 2, "b is owned by its handle and by a");
        // Clean up so the test itself leaks nothing it did not mean to.
        a.borrow_mut().link = None;
        b.borrow_mut().link = None;
    });
}

#[test]
fn the_seeds_cycle_leaks_after_its_handles_are_gone() {
    prove(|| {
        let drops = Drops::new();
        let (alive_after_return, usage) = ALLOC.measure(|| {
            let (first, second) = create_circular_reference(drops.token(), drops.token());
            let alive = (first.strong_count(), second.strong_count());
            drop(first);
            drop(second);
            alive
        });
        assert_eq!(
            alive_after_return,
            (1, 1),
            "each node is still owned, by the other one"
        );
        assert_eq!(drops.count(), 0, "no node of the cycle is ever dropped");
        assert_eq!(
            usage.leaked_blocks, 2,
            "the two nodes' blocks are still allocated"
        );
    });
}

#[test]
fn make_cycle_leaks_when_both_handles_go() {
    prove(|| {
        let drops = Drops::new();
        let ((), usage) = ALLOC.measure(|| {
            let (a, b) = make_cycle(drops.token(), drops.token());
            drop(a);
            drop(b);
        });
        assert_eq!(drops.count(), 0, "a strong cycle keeps both nodes alive");
        assert_eq!(
            usage.leaked_blocks, 2,
            "the two nodes' blocks are still allocated"
        );
    });
}

#[test]
fn weak_back_edge_does_not_own_its_target() {
    prove(|| {
        let drops = Drops::new();
        let (a, b) = make_cycle_with_weak_back_edge(drops.token(), drops.token());
        assert!(same(&a.borrow().target(), &b), "a links to b");
        assert!(same(&b.borrow().target(), &a), "b links back to a");
        assert_eq!(
            Rc::strong_count(&a),
            1,
            "only its handle owns a: the back edge is weak"
        );
        assert_eq!(
            Rc::weak_count(&a),
            1,
            "the back edge is one weak reference to a"
        );
        assert_eq!(Rc::strong_count(&b), 2, "b is owned by its handle and by a");
    });
}

#[test]
fn weak_back_edge_drops_each_node_at_the_right_moment() {
    prove(|| {
        let drops = Drops::new();
        let (a, b) = make_cycle_with_weak_back_edge(drops.token(), drops.token());
        drop(a);
        assert_eq!(drops.count(), 1, "a is dropped with its handle");
        assert!(
            b.borrow().target().is_none(),
            "b's back edge reaches nothing once a is gone"
        );
        drop(b);
        assert_eq!(drops.count(), 2, "b is dropped with its handle");

        let drops = Drops::new();
        let (a, b) = make_cycle_with_weak_back_edge(drops.token(), drops.token());
        drop(b);
        assert_eq!(drops.count(), 0, "b's handle is gone but a still owns b");
        drop(a);
        assert_eq!(drops.count(), 2, "dropping a drops a and then b, each once");
    });
}

#[test]
fn weak_back_edge_leaks_no_bytes() {
    prove(|| {
        for a_first in [true, false] {
            let drops = Drops::new();
            let ((), usage) = ALLOC.measure(|| {
                let (a, b) = make_cycle_with_weak_back_edge(drops.token(), drops.token());
                if a_first {
                    drop(a);
                    drop(b);
                } else {
                    drop(b);
                    drop(a);
                }
            });
            let order = if a_first { "a, then b" } else { "b, then a" };
            assert_eq!(
                drops.count(),
                2,
                "both nodes dropped once (handles dropped {order})"
            );
            assert_eq!(
                usage.leaked_bytes, 0,
                "no bytes left (handles dropped {order})"
            );
            assert_eq!(
                usage.leaked_blocks, 0,
                "no blocks left (handles dropped {order})"
            );
        }
    });
}

#[test]
fn broken_cycle_drops_each_node_with_its_own_handle() {
    prove(|| {
        for (break_at_a, a_first) in [(true, true), (true, false), (false, true), (false, false)] {
            let drops = Drops::new();
            let (a, b) = make_cycle(drops.token(), drops.token());
            break_cycle(if break_at_a { &a } else { &b });
            let case = format!(
                "break_cycle(&{}), then the handle of {} dropped first",
                if break_at_a { "a" } else { "b" },
                if a_first { "a" } else { "b" },
            );
            assert_eq!(
                drops.count(),
                0,
                "break_cycle drops nothing a handle holds ({case})"
            );
            assert!(a.borrow().target().is_none(), "a has no link left ({case})");
            assert!(b.borrow().target().is_none(), "b has no link left ({case})");
            let (first, second) = if a_first { (a, b) } else { (b, a) };
            drop(first);
            assert_eq!(
                drops.count(),
                1,
                "the first node goes with its handle ({case})"
            );
            drop(second);
            assert_eq!(
                drops.count(),
                2,
                "the second node goes with its handle ({case})"
            );
        }
    });
}

#[test]
fn broken_cycle_leaks_no_bytes() {
    prove(|| {
        let drops = Drops::new();
        let ((), usage) = ALLOC.measure(|| {
            let (a, b) = make_cycle(drops.token(), drops.token());
            break_cycle(&a);
            drop(a);
            drop(b);
        });
        assert_eq!(drops.count(), 2, "both nodes dropped once");
        assert_eq!(
            usage.leaked_bytes, 0,
            "no bytes left after breaking the cycle"
        );
        assert_eq!(
            usage.leaked_blocks, 0,
            "no blocks left after breaking the cycle"
        );
    });
}

#[test]
fn make_ring_links_each_node_to_the_next() {
    prove(|| {
        let drops = Drops::new();
        let ring = make_ring((0..4).map(|_| drops.token()).collect());
        assert_eq!(ring.len(), 4, "one node per value");
        for (index, node) in ring.iter().enumerate() {
            let next = &ring[(index + 1) % ring.len()];
            assert!(
                same(&node.borrow().target(), next),
                "node {index} links to the next one"
            );
            assert_eq!(
                Rc::strong_count(node),
                2,
                "node {index}: its handle and its predecessor"
            );
        }
        let single = make_ring(vec![drops.token()]);
        assert!(
            same(&single[0].borrow().target(), &single[0]),
            "one node links to itself"
        );
        assert!(
            make_ring(Vec::<DropToken>::new()).is_empty(),
            "no values, no nodes"
        );
        for node in ring.iter().chain(&single) {
            node.borrow_mut().link = None;
        }
    });
}

#[test]
fn break_cycle_frees_a_ring_held_by_one_handle() {
    prove(|| {
        let drops = Drops::new();
        let ((), usage) = ALLOC.measure(|| {
            let mut ring = make_ring((0..5).map(|_| drops.token()).collect());
            let start = ring.swap_remove(2);
            drop(ring);
            assert_eq!(
                drops.count(),
                0,
                "the ring owns itself: no node goes with its handle"
            );
            break_cycle(&start);
            assert_eq!(
                drops.count(),
                4,
                "the four nodes no handle holds go during break_cycle"
            );
            assert!(
                start.borrow().target().is_none(),
                "the start node has no link left"
            );
            drop(start);
            assert_eq!(drops.count(), 5, "the last node goes with the last handle");
        });
        assert_eq!(usage.leaked_blocks, 0, "no node's block is left");
    });
}

#[test]
fn break_cycle_walks_a_long_ring_without_recursion() {
    prove(|| {
        // One stack frame per node would need far more than a test thread's 2 MiB stack.
        const LEN: usize = 1_000_000;
        let drops = Drops::new();
        let mut ring = make_ring((0..LEN).map(|_| drops.token()).collect());
        let start = ring.swap_remove(0);
        drop(ring);
        break_cycle(&start);
        assert_eq!(
            drops.count(),
            LEN - 1,
            "every node but the held one goes during break_cycle"
        );
        drop(start);
        assert_eq!(drops.count(), LEN, "the last node goes with its handle");
    });
}

#[test]
fn break_cycle_frees_a_node_that_links_to_itself() {
    prove(|| {
        let drops = Drops::new();
        let ((), usage) = ALLOC.measure(|| {
            let mut single = make_ring(vec![drops.token()]);
            let node = single.remove(0);
            break_cycle(&node);
            assert_eq!(Rc::strong_count(&node), 1, "the node no longer owns itself");
            drop(node);
        });
        assert_eq!(drops.count(), 1, "the node is dropped once");
        assert_eq!(usage.leaked_blocks, 0, "its block is freed");
    });
}

#[test]
fn break_cycle_also_clears_a_weak_back_edge() {
    prove(|| {
        let drops = Drops::new();
        let (a, b) = make_cycle_with_weak_back_edge(drops.token(), drops.token());
        break_cycle(&a);
        assert!(a.borrow().target().is_none(), "a's link is taken");
        assert!(b.borrow().target().is_none(), "b's weak link is taken too");
        drop(b);
        assert_eq!(
            drops.count(),
            1,
            "a no longer owns b, so b goes with its handle"
        );
        drop(a);
        assert_eq!(drops.count(), 2, "and a with its own");
    });
}

#[test]
fn add_child_sets_the_parent_and_the_children() {
    prove(|| {
        let drops = Drops::new();
        let root = TreeNode::new(drops.token());
        let first = TreeNode::new(drops.token());
        let second = TreeNode::new(drops.token());
        assert_eq!(
            TreeNode::add_child(&root, &first),
            Ok(()),
            "adding a new child works"
        );
        assert_eq!(
            TreeNode::add_child(&root, &second),
            Ok(()),
            "adding a second child works"
        );
        let children = root.children();
        assert_eq!(children.len(), 2, "the root has two children");
        assert!(
            Rc::ptr_eq(&children[0], &first),
            "children keep the order they were added in"
        );
        assert!(
            Rc::ptr_eq(&children[1], &second),
            "children keep the order they were added in"
        );
        let parent = first.parent();
        assert!(
            parent.is_some_and(|p| Rc::ptr_eq(&p, &root)),
            "a child's parent is the root"
        );
        assert!(root.parent().is_none(), "the root has no parent");
        assert!(first.children().is_empty(), "a new child has no children");
    });
}

#[test]
fn children_are_owned_and_the_parent_link_is_weak() {
    prove(|| {
        let drops = Drops::new();
        let root = TreeNode::new(drops.token());
        let first = TreeNode::new(drops.token());
        let second = TreeNode::new(drops.token());
        TreeNode::add_child(&root, &first).unwrap();
        TreeNode::add_child(&root, &second).unwrap();
        assert_eq!(
            Rc::strong_count(&root),
            1,
            "children must not own their parent"
        );
        assert_eq!(
            Rc::weak_count(&root),
            2,
            "each child links to the root weakly"
        );
        assert_eq!(
            Rc::strong_count(&first),
            2,
            "a child is owned by its handle and its parent"
        );
        drop(first);
        drop(second);
        assert_eq!(
            drops.count(),
            0,
            "children stay alive while their parent owns them"
        );
    });
}

#[test]
fn dropping_the_root_frees_the_whole_tree() {
    prove(|| {
        let drops = Drops::new();
        let ((), usage) = ALLOC.measure(|| {
            let root = TreeNode::new(drops.token());
            let mut level = vec![Rc::clone(&root)];
            for _ in 0..3 {
                let mut next_level = Vec::new();
                for parent in &level {
                    for _ in 0..2 {
                        let child = TreeNode::new(drops.token());
                        TreeNode::add_child(parent, &child).unwrap();
                        next_level.push(child);
                    }
                }
                level = next_level;
            }
            drop(level);
            assert_eq!(drops.count(), 0, "the root owns all 15 nodes");
            drop(root);
            assert_eq!(drops.count(), 15, "every node goes with the root, once");
        });
        assert_eq!(usage.leaked_bytes, 0, "no bytes of the tree are left");
        assert_eq!(usage.leaked_blocks, 0, "no blocks of the tree are left");
    });
}

#[test]
fn a_held_child_outlives_its_parent() {
    prove(|| {
        let root_drops = Drops::new();
        let drops = Drops::new();
        let root = TreeNode::new(root_drops.token());
        let kept = TreeNode::new(drops.token());
        let sibling = TreeNode::new(drops.token());
        TreeNode::add_child(&root, &kept).unwrap();
        TreeNode::add_child(&root, &sibling).unwrap();
        drop(sibling);
        drop(root);
        assert_eq!(root_drops.count(), 1, "the root goes with its handle");
        assert_eq!(drops.count(), 1, "the sibling no handle holds goes with it");
        assert!(
            kept.parent().is_none(),
            "a child whose parent is gone has no parent"
        );
        assert_eq!(kept.depth(), 0, "and is a root now");
        drop(kept);
        assert_eq!(drops.count(), 2, "the kept child goes with its own handle");
    });
}

#[test]
fn depth_and_ancestors_walk_up_to_the_root() {
    prove(|| {
        let drops = Drops::new();
        let chain: Vec<_> = (0..4).map(|_| TreeNode::new(drops.token())).collect();
        for pair in chain.windows(2) {
            TreeNode::add_child(&pair[0], &pair[1]).unwrap();
        }
        let depths: Vec<usize> = chain.iter().map(|node| node.depth()).collect();
        assert_eq!(depths, [0, 1, 2, 3], "depth counts the ancestors");
        let ancestors = chain[3].ancestors();
        assert_eq!(ancestors.len(), 3, "the deepest node has three ancestors");
        for (found, expected) in ancestors.iter().zip([&chain[2], &chain[1], &chain[0]]) {
            assert!(
                Rc::ptr_eq(found, expected),
                "ancestors go from the parent up to the root"
            );
        }
        assert!(chain[0].ancestors().is_empty(), "a root has no ancestors");
    });
}

#[test]
fn add_child_moves_a_node_from_its_old_parent() {
    prove(|| {
        let drops = Drops::new();
        let old = TreeNode::new(drops.token());
        let new = TreeNode::new(drops.token());
        let child = TreeNode::new(drops.token());
        TreeNode::add_child(&old, &child).unwrap();
        TreeNode::add_child(&new, &child).unwrap();
        assert!(
            old.children().is_empty(),
            "the old parent lets go of a child that moved"
        );
        assert_eq!(new.children().len(), 1, "the new parent has the child");
        assert!(
            child.parent().is_some_and(|p| Rc::ptr_eq(&p, &new)),
            "the parent is the new one"
        );
        TreeNode::add_child(&new, &child).unwrap();
        assert_eq!(
            new.children().len(),
            1,
            "adding a child twice lists it once"
        );
        assert_eq!(
            Rc::strong_count(&child),
            2,
            "only its handle and its one parent own it"
        );
        drop(child);
        drop(new);
        assert_eq!(drops.count(), 2, "the child goes with its only parent");
    });
}

#[test]
fn add_child_refuses_to_make_a_cycle() {
    prove(|| {
        let drops = Drops::new();
        let ((), usage) = ALLOC.measure(|| {
            let root = TreeNode::new(drops.token());
            let branch = TreeNode::new(drops.token());
            let leaf = TreeNode::new(drops.token());
            TreeNode::add_child(&root, &branch).unwrap();
            TreeNode::add_child(&branch, &leaf).unwrap();
            let refused = TreeNode::add_child(&leaf, &root);
            assert_eq!(
                refused,
                Err(WouldCycle),
                "the root cannot become its grandchild's child"
            );
            let refused = TreeNode::add_child(&branch, &branch);
            assert_eq!(
                refused,
                Err(WouldCycle),
                "a node cannot become its own child"
            );
            assert!(
                root.parent().is_none(),
                "a refused add_child changes nothing"
            );
            assert!(
                leaf.children().is_empty(),
                "a refused add_child changes nothing"
            );
            assert_eq!(
                branch.children().len(),
                1,
                "a refused add_child changes nothing"
            );
            drop((branch, leaf));
            drop(root);
        });
        assert_eq!(
            drops.count(),
            3,
            "the tree is still a tree and goes with its root"
        );
        assert_eq!(usage.leaked_blocks, 0, "no blocks of the tree are left");
    });
}
