//! A typed arena with generational handles, and a mark-and-sweep collector over it.
//!
//! # Invariants
//!
//! 1. Every slot is occupied (a value and the generation of the handle that names it), free
//!    (the generation its next value will get, and the next free slot), or retired (its
//!    generation ran out: it is never used again).
//! 2. A slot's generation only goes up: freeing an occupied slot of generation `g` makes it free
//!    with generation `g + 1`. So within one arena no two values of a slot ever share a
//!    generation, and a handle names at most one value, ever.
//! 3. A handle is live exactly when its slot is occupied with the handle's generation; every
//!    method that takes a handle checks this first, and answers `None` (or ignores the handle)
//!    otherwise.
//! 4. The free slots form a list through `next_free`, starting at `free_head`; `insert` takes
//!    its slot from there before it grows the `Vec`.
//! 5. `len` is the number of occupied slots.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::num::NonZeroU32;

/// A name for one value of an [`Arena<T>`]: the slot's index and the slot's generation.
///
/// A handle is `Copy` and owns nothing. It stays valid until its value is removed (by
/// [`Arena::remove`] or [`Arena::collect`]), and after that it is *stale*: the arena answers
/// `None` for it, even once the slot holds another value. Because a generation is never zero,
/// `Option<Handle<T>>` is no bigger than `Handle<T>`.
///
/// The type parameter is the arena's value type, so a handle of one arena's type is a compile
/// error when given to an arena of another type.
///
/// ```
/// use arena::{Arena, Handle};
///
/// let mut arena = Arena::new();
/// let a = arena.insert("a");
/// let copy = a; // Copy: both name the same value
/// assert_eq!(arena.get(copy), Some(&"a"));
/// assert_eq!(size_of::<Option<Handle<&str>>>(), size_of::<Handle<&str>>());
/// ```
pub struct Handle<T> {
    // TODO: the slot's index and its generation. Make the generation a NonZeroU32, so that
    // Option<Handle<T>> has a niche and takes no more room than Handle<T>.
    // `fn() -> T`: a handle neither owns a `T` nor borrows one, so it is Send, Sync and Copy
    // whatever `T` is.
    _type: PhantomData<fn() -> T>,
}

impl<T> Handle<T> {
    /// The index of the handle's slot in its arena. A slot is reused after its value is
    /// removed, so two handles may share an index; they never share a generation too.
    ///
    /// ```
    /// use arena::Arena;
    ///
    /// let mut arena = Arena::new();
    /// let first = arena.insert('a');
    /// let second = arena.insert('b');
    /// assert_eq!((first.index(), second.index()), (0, 1));
    /// arena.remove(first);
    /// let third = arena.insert('c');
    /// assert_eq!(third.index(), 0, "the freed slot is reused");
    /// ```
    pub fn index(self) -> usize {
        todo!()
    }

    /// The generation of the handle's slot when the handle was made: 1 for a slot's first
    /// value, one more for each value the slot held before.
    ///
    /// ```
    /// use arena::Arena;
    ///
    /// let mut arena = Arena::new();
    /// let first = arena.insert('a');
    /// assert_eq!(first.generation().get(), 1);
    /// arena.remove(first);
    /// let second = arena.insert('b');
    /// assert_eq!(second.generation().get(), 2);
    /// ```
    pub fn generation(self) -> NonZeroU32 {
        todo!()
    }
}

impl<T> Clone for Handle<T> {
    fn clone(&self) -> Self {
        *self
    }
}

/// Written out instead of derived: a derive would ask for `T: Copy`, and a handle is `Copy`
/// whatever it names.
impl<T> Copy for Handle<T> {}

impl<T> PartialEq for Handle<T> {
    /// Two handles are equal when they name the same slot in the same generation.
    fn eq(&self, other: &Self) -> bool {
        todo!()
    }
}

impl<T> Eq for Handle<T> {}

impl<T> Hash for Handle<T> {
    /// Hashes what `eq` compares, so handles can be keys of a `HashMap` or a `HashSet`.
    fn hash<H: Hasher>(&self, state: &mut H) {
        todo!()
    }
}

impl<T> fmt::Debug for Handle<T> {
    /// `Handle(3v2)`: slot 3, generation 2.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        todo!()
    }
}

/// A typed arena: it owns values of one type, and hands out [`Handle`]s to them.
///
/// Removing a value frees its slot for the next `insert`, with the slot's generation one
/// higher, so the removed value's handles go stale instead of naming the new value. Dropping the
/// arena drops every value in it, whatever refers to what.
///
/// ```
/// use arena::Arena;
///
/// let mut arena = Arena::new();
/// let apple = arena.insert(String::from("apple"));
/// arena.get_mut(apple).unwrap().push_str(" pie");
/// assert_eq!(arena.get(apple).map(String::as_str), Some("apple pie"));
/// assert_eq!(arena.remove(apple), Some(String::from("apple pie")));
/// assert_eq!(arena.get(apple), None, "the handle is stale");
/// let pear = arena.insert(String::from("pear"));
/// assert_eq!(pear.index(), apple.index(), "the slot is reused…");
/// assert_eq!(arena.get(apple), None, "…and the old handle still reads nothing");
/// ```
pub struct Arena<T> {
    // TODO: your fields: the slots (each occupied, free or retired, with its generation),
    // the head of the free list, the number of values. Delete this marker field.
    _values: PhantomData<T>,
}

impl<T> Arena<T> {
    /// An empty arena; it allocates nothing until the first `insert`.
    ///
    /// ```
    /// use arena::Arena;
    ///
    /// let arena: Arena<u8> = Arena::new();
    /// assert!(arena.is_empty());
    /// ```
    pub fn new() -> Self {
        todo!()
    }

    /// Moves `value` into the arena and returns its handle. A free slot is reused before the
    /// arena grows; the new handle has the slot's next generation.
    ///
    /// # Panics
    ///
    /// When the arena would need more than `u32::MAX` slots.
    ///
    /// ```
    /// use arena::Arena;
    ///
    /// let mut arena = Arena::new();
    /// let handle = arena.insert(42);
    /// assert_eq!(arena.get(handle), Some(&42));
    /// ```
    pub fn insert(&mut self, value: T) -> Handle<T> {
        todo!()
    }

    /// The value `handle` names, or `None` when the handle is stale (its value was removed,
    /// whatever the slot holds now).
    ///
    /// ```
    /// use arena::Arena;
    ///
    /// let mut arena = Arena::new();
    /// let handle = arena.insert("here");
    /// assert_eq!(arena.get(handle), Some(&"here"));
    /// arena.remove(handle);
    /// assert_eq!(arena.get(handle), None);
    /// ```
    pub fn get(&self, handle: Handle<T>) -> Option<&T> {
        todo!()
    }

    /// Mutable access to the value `handle` names, or `None` when the handle is stale.
    ///
    /// ```
    /// use arena::Arena;
    ///
    /// let mut arena = Arena::new();
    /// let counter = arena.insert(0);
    /// *arena.get_mut(counter).unwrap() += 1;
    /// assert_eq!(arena.get(counter), Some(&1));
    /// ```
    pub fn get_mut(&mut self, handle: Handle<T>) -> Option<&mut T> {
        todo!()
    }

    /// Whether `handle` names a value of this arena (it is not stale).
    ///
    /// ```
    /// use arena::Arena;
    ///
    /// let mut arena = Arena::new();
    /// let handle = arena.insert(());
    /// assert!(arena.contains(handle));
    /// arena.remove(handle);
    /// assert!(!arena.contains(handle));
    /// ```
    pub fn contains(&self, handle: Handle<T>) -> bool {
        todo!()
    }

    /// Takes the value `handle` names out of the arena and frees its slot for reuse, with the
    /// next generation; `None` (and nothing changes) when the handle is stale.
    ///
    /// ```
    /// use arena::Arena;
    ///
    /// let mut arena = Arena::new();
    /// let handle = arena.insert(String::from("owned"));
    /// assert_eq!(arena.remove(handle).as_deref(), Some("owned"));
    /// assert_eq!(arena.remove(handle), None, "removed once only");
    /// ```
    pub fn remove(&mut self, handle: Handle<T>) -> Option<T> {
        todo!()
    }

    /// The number of values in the arena.
    ///
    /// ```
    /// use arena::Arena;
    ///
    /// let mut arena = Arena::new();
    /// let a = arena.insert('a');
    /// arena.insert('b');
    /// arena.remove(a);
    /// assert_eq!(arena.len(), 1);
    /// ```
    pub fn len(&self) -> usize {
        todo!()
    }

    /// Whether the arena holds no value.
    ///
    /// ```
    /// use arena::Arena;
    ///
    /// let mut arena = Arena::new();
    /// let a = arena.insert('a');
    /// assert!(!arena.is_empty());
    /// arena.remove(a);
    /// assert!(arena.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        todo!()
    }

    /// The number of slots, occupied or not: how far the arena has grown. Freed slots are
    /// reused, so this is the most values the arena ever held at once (plus retired slots).
    ///
    /// ```
    /// use arena::Arena;
    ///
    /// let mut arena = Arena::new();
    /// for round in 0..10 {
    ///     let handle = arena.insert(round);
    ///     arena.remove(handle);
    /// }
    /// assert_eq!(arena.slot_count(), 1, "one slot, used ten times");
    /// ```
    pub fn slot_count(&self) -> usize {
        todo!()
    }
}

impl<T> Default for Arena<T> {
    fn default() -> Self {
        Self::new()
    }
}

/// What a value of an arena refers to, for [`Arena::collect`]: CPython's `tp_traverse`.
///
/// ```
/// use arena::{Arena, Handle, Trace};
///
/// struct Person {
///     friends: Vec<Handle<Person>>,
/// }
///
/// impl Trace for Person {
///     fn trace(&self, edges: &mut Vec<Handle<Person>>) {
///         edges.extend(&self.friends);
///     }
/// }
///
/// let mut people = Arena::new();
/// let alice = people.insert(Person { friends: vec![] });
/// let bob = people.insert(Person { friends: vec![alice] });
/// people.get_mut(alice).unwrap().friends.push(bob); // a cycle
/// assert_eq!(people.collect(&[bob]), 0, "bob is a root and reaches alice");
/// assert_eq!(people.collect(&[]), 2, "no roots: the cycle is garbage");
/// ```
pub trait Trace: Sized {
    /// Pushes every handle this value holds onto `edges`, in any order. Stale handles may be
    /// among them: the collector ignores those.
    fn trace(&self, edges: &mut Vec<Handle<Self>>);
}

impl<T: Trace> Arena<T> {
    /// Mark and sweep: frees every value that no handle in `roots` reaches, following the
    /// references each value reports through [`Trace`], and returns how many it freed. Cycles
    /// among the garbage are freed like everything else; stale handles (among the roots or in
    /// a value) reach nothing. The freed values are dropped, their slots reused later, and
    /// their handles go stale.
    ///
    /// The mark is iterative (an explicit stack), so a chain of a million values does not
    /// overflow the thread's stack.
    ///
    /// ```
    /// use arena::{Arena, Node};
    ///
    /// let mut arena = Arena::new();
    /// let root = arena.insert(Node::new("root"));
    /// let child = arena.insert(Node::new("child"));
    /// let orphan = arena.insert(Node::new("orphan"));
    /// arena.get_mut(root).unwrap().link = Some(child);
    /// assert_eq!(arena.collect(&[root]), 1);
    /// assert!(arena.contains(child) && !arena.contains(orphan));
    /// ```
    pub fn collect(&mut self, roots: &[Handle<T>]) -> usize {
        todo!()
    }
}
