//! Exercise 03: two `Rc<RefCell<…>>` nodes that point at each other leak; a `Weak` back edge or
//! an explicit break before the drop fixes it, and a tree whose parent link is weak never leaks.
//!
//! The seed's `Node` has a `value` and a `ref`, and `create_circular_reference` links two of them
//! both ways. CPython frees that pair only when its cycle collector runs; `Rc` is CPython without
//! the collector, so here the pair is never freed. Book: `book/src/03-cycles.md`.
//!
//! The examples watch nodes die with a *sentinel*: every node holds a clone of one `Rc<()>`, so
//! `Rc::strong_count(&sentinel) - 1` is the number of nodes still alive. Any value with a `Drop`
//! works the same way; the hidden tests use a drop counter and a counting allocator.
//!
//! Fill in every function whose body is still `todo!`; `cargo grade check 03-cycles` tells you
//! how far you are.

use std::cell::RefCell;
use std::error::Error;
use std::fmt;
use std::rc::{Rc, Weak};

/// A shared, mutable handle to a [`Node`]: what a Python variable holding a `Node` is.
pub type NodeRef<T> = Rc<RefCell<Node<T>>>;

/// A non-owning handle to a [`Node`]: Python's `weakref.ref(node)`.
pub type WeakNodeRef<T> = Weak<RefCell<Node<T>>>;

/// The seed's `Node`: a value and one link to another node (the seed's `ref`, renamed because
/// `ref` is a Rust keyword).
///
/// ```
/// use std::rc::Rc;
/// use cycles::{Link, Node};
///
/// let a = Node::new("a");
/// let b = Node::new("b");
/// a.borrow_mut().link = Some(Link::Strong(Rc::clone(&b)));
/// assert_eq!(a.borrow().target().map(|t| t.borrow().value), Some("b"));
/// assert_eq!(b.borrow().target().map(|t| t.borrow().value), None);
/// ```
#[derive(Debug)]
pub struct Node<T> {
    /// The payload. Whatever it owns is dropped when the node is.
    pub value: T,
    /// Where this node points, if anywhere (the seed's `self.ref`, `None` at first).
    pub link: Option<Link<T>>,
}

/// A link from one [`Node`] to another, and whether it owns its target.
#[derive(Debug)]
pub enum Link<T> {
    /// Owns the target: keeps it alive, like every reference in Python.
    Strong(NodeRef<T>),
    /// Does not own the target: reaches it only while something else keeps it alive, like a
    /// `weakref.ref` (whose call gives `None` once the object is gone).
    Weak(WeakNodeRef<T>),
}

impl<T> Link<T> {
    /// The node this link points at: a new strong handle to it, or `None` when the link is weak
    /// and its target is already gone.
    ///
    /// ```
    /// use std::rc::Rc;
    /// use cycles::{Link, Node};
    ///
    /// let node = Node::new(1);
    /// let weak = Link::Weak(Rc::downgrade(&node));
    /// assert!(weak.target().is_some());
    /// drop(node);
    /// assert!(weak.target().is_none());
    /// ```
    pub fn target(&self) -> Option<NodeRef<T>> {
        todo!()
    }
}

impl<T> Node<T> {
    /// A new node with no link, behind a fresh handle (the seed's `Node(value)`).
    ///
    /// ```
    /// use std::rc::Rc;
    /// use cycles::Node;
    ///
    /// let node = Node::new(7);
    /// assert_eq!(node.borrow().value, 7);
    /// assert!(node.borrow().link.is_none());
    /// assert_eq!(Rc::strong_count(&node), 1);
    /// ```
    pub fn new(value: T) -> NodeRef<T> {
        todo!()
    }

    /// The node this one links to, if it has a link and the link's target is alive
    /// (see [`Link::target`]).
    pub fn target(&self) -> Option<NodeRef<T>> {
        todo!()
    }
}

/// Two nodes holding `a` and `b` that own each other: `a` links strongly to `b` and `b` strongly
/// to `a`. Returns the two outside handles; each node's strong count is 2 (its handle and the
/// other node's link).
///
/// Dropping both handles does **not** free the nodes: each keeps the other's count at one.
///
/// ```
/// use std::rc::Rc;
/// use cycles::make_cycle;
///
/// let sentinel = Rc::new(());
/// let (a, b) = make_cycle(Rc::clone(&sentinel), Rc::clone(&sentinel));
/// assert_eq!(Rc::strong_count(&a), 2);
/// drop(a);
/// drop(b);
/// assert_eq!(Rc::strong_count(&sentinel) - 1, 2, "both nodes are still alive: a leak");
/// ```
pub fn make_cycle<T>(a: T, b: T) -> (NodeRef<T>, NodeRef<T>) {
    todo!()
}

/// The seed's `create_circular_reference`: makes the two-node cycle of [`make_cycle`], drops
/// both local handles (the seed's `del node1`, `del node2`), and returns weak probes to the two
/// nodes so the caller can see what is left.
///
/// Both probes still upgrade after the call: the nodes leaked, and nothing in Rust will ever
/// collect them.
///
/// ```
/// use cycles::create_circular_reference;
///
/// let (first, second) = create_circular_reference(1, 2);
/// assert_eq!(first.upgrade().map(|node| node.borrow().value), Some(1));
/// assert_eq!(second.strong_count(), 1, "owned only by the other node");
/// ```
pub fn create_circular_reference<T>(a: T, b: T) -> (WeakNodeRef<T>, WeakNodeRef<T>) {
    todo!()
}

/// The first fix: the same two nodes, but only `a` owns `b`. `a` links strongly to `b`; `b`
/// links back to `a` with a weak link. Returns the two outside handles.
///
/// `a` is then freed as soon as its handle goes (taking `b` with it unless `b`'s handle is still
/// held), and nothing leaks whatever the order of the drops.
///
/// ```
/// use std::rc::Rc;
/// use cycles::make_cycle_with_weak_back_edge;
///
/// let sentinel = Rc::new(());
/// let (a, b) = make_cycle_with_weak_back_edge(Rc::clone(&sentinel), Rc::clone(&sentinel));
/// assert!(Rc::ptr_eq(&b.borrow().target().unwrap(), &a), "b can still reach a");
/// drop(b);
/// drop(a);
/// assert_eq!(Rc::strong_count(&sentinel), 1, "both nodes are gone");
/// ```
pub fn make_cycle_with_weak_back_edge<T>(a: T, b: T) -> (NodeRef<T>, NodeRef<T>) {
    todo!()
}

/// A ring of strong links: one node per value, in order, each linking strongly to the next and
/// the last back to the first. One value makes a node that links to itself; none makes no
/// nodes. Returns the outside handles in the order of `values`.
///
/// ```
/// use std::rc::Rc;
/// use cycles::make_ring;
///
/// let ring = make_ring(vec!['x', 'y', 'z']);
/// let after_z = ring[2].borrow().target().unwrap();
/// assert!(Rc::ptr_eq(&after_z, &ring[0]));
/// ```
pub fn make_ring<T>(values: Vec<T>) -> Vec<NodeRef<T>> {
    todo!()
}

/// The second fix: breaks the cycle through `start` by hand, before the handles are dropped.
///
/// Follows the links from `start` and takes each one out of its node (`link = None`), until it
/// reaches a node without a link (which is where it started, in a ring) or a weak link whose
/// target is gone. Afterwards no node on that path owns another, so each one is freed when its
/// own last outside handle goes, and nodes that no outside handle holds are freed during the
/// call. The seed's Python would write `node1.ref = None` for the same effect.
///
/// ```
/// use std::rc::Rc;
/// use cycles::{break_cycle, make_cycle};
///
/// let sentinel = Rc::new(());
/// let (a, b) = make_cycle(Rc::clone(&sentinel), Rc::clone(&sentinel));
/// break_cycle(&a);
/// drop(a);
/// assert_eq!(Rc::strong_count(&sentinel) - 1, 1, "a went with its handle");
/// drop(b);
/// assert_eq!(Rc::strong_count(&sentinel), 1, "and b with its own");
/// ```
pub fn break_cycle<T>(start: &NodeRef<T>) {
    todo!()
}

/// A node of a tree: it owns its children, and its link to its parent is weak, so a tree can
/// never own itself (the Rust book's `Node` with a parent, made generic).
///
/// ```
/// use std::rc::Rc;
/// use cycles::TreeNode;
///
/// let root = TreeNode::new("root");
/// let leaf = TreeNode::new("leaf");
/// TreeNode::add_child(&root, &leaf).unwrap();
/// assert_eq!(*leaf.parent().unwrap().value(), "root");
/// assert_eq!(Rc::strong_count(&root), 1, "children do not own their parent");
/// assert_eq!(Rc::strong_count(&leaf), 2, "the parent owns the child");
/// ```
#[derive(Debug)]
pub struct TreeNode<T> {
    value: T,
    // Weak: a child must not keep its parent alive, or parent and child would own each other.
    parent: RefCell<Weak<TreeNode<T>>>,
    // Strong: the tree owns its nodes from the root down.
    children: RefCell<Vec<Rc<TreeNode<T>>>>,
}

/// [`TreeNode::add_child`] refused: the new child is the parent itself or one of its ancestors,
/// so the tree would own itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WouldCycle;

impl fmt::Display for WouldCycle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a node cannot become a child of itself or of one of its descendants")
    }
}

impl Error for WouldCycle {}

impl<T> TreeNode<T> {
    /// A new node with no parent and no children.
    ///
    /// ```
    /// use cycles::TreeNode;
    ///
    /// let node = TreeNode::new(3);
    /// assert_eq!(*node.value(), 3);
    /// assert!(node.parent().is_none());
    /// assert!(node.children().is_empty());
    /// ```
    pub fn new(value: T) -> Rc<Self> {
        todo!()
    }

    /// The node's value.
    pub fn value(&self) -> &T {
        todo!()
    }

    /// Makes `child` the last child of `this`: `this` owns it from now on, and the child's
    /// parent is `this`. A child that already has a parent moves: it is removed from its old
    /// parent's children first (also when the old parent is `this`, so it is never listed twice).
    ///
    /// Refuses with [`WouldCycle`], changing nothing, when `child` is `this` or an ancestor of
    /// `this`: the tree would then own itself and leak.
    ///
    /// ```
    /// use cycles::{TreeNode, WouldCycle};
    ///
    /// let root = TreeNode::new(0);
    /// let child = TreeNode::new(1);
    /// TreeNode::add_child(&root, &child).unwrap();
    /// assert_eq!(TreeNode::add_child(&child, &root), Err(WouldCycle));
    /// ```
    pub fn add_child(this: &Rc<Self>, child: &Rc<Self>) -> Result<(), WouldCycle> {
        todo!()
    }

    /// The parent, while it is alive; `None` for a root, and for a node whose parent is gone.
    pub fn parent(&self) -> Option<Rc<Self>> {
        todo!()
    }

    /// New handles to the children, in the order they were added.
    pub fn children(&self) -> Vec<Rc<Self>> {
        todo!()
    }

    /// The ancestors, nearest first: the parent, its parent, and so on up to the root. Empty
    /// for a root.
    ///
    /// ```
    /// use cycles::TreeNode;
    ///
    /// let root = TreeNode::new("root");
    /// let branch = TreeNode::new("branch");
    /// let leaf = TreeNode::new("leaf");
    /// TreeNode::add_child(&root, &branch).unwrap();
    /// TreeNode::add_child(&branch, &leaf).unwrap();
    /// let names: Vec<_> = leaf.ancestors().iter().map(|node| *node.value()).collect();
    /// assert_eq!(names, ["branch", "root"]);
    /// ```
    pub fn ancestors(&self) -> Vec<Rc<Self>> {
        todo!()
    }

    /// How many ancestors the node has: 0 for a root, 1 for its children, and so on.
    pub fn depth(&self) -> usize {
        todo!()
    }
}
