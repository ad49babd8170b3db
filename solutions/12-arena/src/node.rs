//! The seed's `Node` cycle, rebuilt on an arena: no `Rc`, no leak.
//!
//! In chapter 03 the two nodes were `Rc<RefCell<Node>>`, each owning the other, and the pair
//! leaked once the outside handles were gone. Here the arena owns both nodes and each `link` is
//! a [`Handle`], which owns nothing: the cycle is just two slots naming each other. Dropping the
//! arena drops both nodes, and [`Arena::collect`] frees them while the arena lives on.

use crate::arena::{Arena, Handle, Trace};

/// The seed's `Node`: a value and one reference to another node (Python's `ref`, a keyword in
/// Rust), here a handle into the same arena.
#[derive(Debug)]
pub struct Node<V> {
    /// What the node holds.
    pub value: V,
    /// The node this one refers to, if any.
    pub link: Option<Handle<Node<V>>>,
}

impl<V> Node<V> {
    /// A node holding `value` and referring to nothing (`self.ref = None`).
    ///
    /// ```
    /// use arena_solution::Node;
    ///
    /// let node = Node::new(1);
    /// assert_eq!(node.value, 1);
    /// assert!(node.link.is_none());
    /// ```
    pub fn new(value: V) -> Self {
        // solution:begin
        Self { value, link: None }
        // solution:end
    }
}

impl<V> Trace for Node<V> {
    /// A node refers to its link, if it has one.
    ///
    /// ```
    /// use arena_solution::{Arena, Node, Trace};
    ///
    /// let mut arena = Arena::new();
    /// let target = arena.insert(Node::new(2));
    /// let mut node = Node::new(1);
    /// node.link = Some(target);
    /// let mut edges = Vec::new();
    /// node.trace(&mut edges);
    /// assert_eq!(edges, [target]);
    /// ```
    fn trace(&self, edges: &mut Vec<Handle<Self>>) {
        // solution:begin
        edges.extend(self.link);
        // solution:end
    }
}

/// The seed's `create_circular_reference`: two nodes holding `first` and `second`, each linked
/// to the other, in `arena`. Returns their handles, `[node1, node2]`.
///
/// The seed ends with `del node1; del node2` and a promise that the collector will free the
/// pair later. Here there is nothing to `del`: the handles own nothing, the arena owns the
/// nodes. The pair stays in the arena until [`Arena::collect`] finds it unreachable, or until
/// the arena is dropped; either way both nodes are dropped and nothing leaks.
///
/// ```
/// use arena_solution::{Arena, create_circular_reference};
///
/// let mut arena = Arena::new();
/// let [node1, node2] = create_circular_reference(&mut arena, "one", "two");
/// assert_eq!(arena.get(node1).unwrap().link, Some(node2));
/// assert_eq!(arena.get(node2).unwrap().link, Some(node1));
/// drop(arena); // drops both nodes: the cycle does not leak
/// ```
pub fn create_circular_reference<V>(
    arena: &mut Arena<Node<V>>,
    first: V,
    second: V,
) -> [Handle<Node<V>>; 2] {
    // solution:begin
    let node1 = arena.insert(Node::new(first));
    let node2 = arena.insert(Node::new(second));
    arena.get_mut(node1).expect("just inserted").link = Some(node2);
    arena.get_mut(node2).expect("just inserted").link = Some(node1);
    [node1, node2]
    // solution:end
}
