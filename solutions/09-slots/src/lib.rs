//! Exercise 09: an object with a `__dict__`, one with `__slots__`, and CPython 3.11's
//! key-sharing dictionary, as three layouts of the same attributes.
//!
//! Every object here holds attributes, `name -> Value`, and answers `get`, `set` and `delete`
//! as Python's `getattr`, `setattr` and `delattr` do, including the `AttributeError` CPython
//! 3.11 raises. What differs is where the names and the values live:
//!
//! | stage | type | layout | CPython |
//! |---|---|---|---|
//! | 1 | [`DictObject`] | each instance owns a [`Dict`]: names and values | an instance `__dict__` |
//! | 2 | [`SlotObject`] | the class lays out the names once; instances hold only values | `__slots__`, member descriptors |
//! | 3 | [`SharedObject`] | the class owns the keys; instances hold values, until they diverge | PEP 412 with 3.11's inline values |
//!
//! Values are [`Value`]s, a small `Copy` enum with no heap part, so the heap bytes an instance
//! uses are the layout's and nothing else's: the hidden tests count them with a counting
//! allocator. Book: `book/src/09-slots.md`.

#![forbid(unsafe_code)]

use std::fmt;
use std::rc::Rc;

mod dict;
mod shared;
mod slots;

pub use dict::{Dict, DictClass, DictObject};
pub use shared::{SHARED_KEYS_MAX_SIZE, SharedClass, SharedObject};
pub use slots::{SlotClass, SlotObject};

/// A Python-like value with no heap part: 16 bytes, `Copy`, so layouts can be measured.
///
/// ```
/// use slots_solution::Value;
///
/// assert_eq!(std::mem::size_of::<Value>(), 16);
/// // An empty slot costs nothing extra: `None` hides in the tag's unused values.
/// assert_eq!(std::mem::size_of::<Option<Value>>(), 16);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    /// Python's `None`.
    None,
    /// `True` or `False`.
    Bool(bool),
    /// An `int` that fits in 64 bits.
    Int(i64),
    /// A `float`.
    Float(f64),
}

/// Why an attribute could not be read, written or deleted: Python's `AttributeError`.
///
/// `Display` prints exactly what CPython 3.11 puts in the exception.
///
/// ```
/// use slots_solution::AttributeError;
///
/// let missing = AttributeError::Missing { class: "Point".into(), name: "w".into() };
/// assert_eq!(missing.to_string(), "'Point' object has no attribute 'w'");
/// let empty = AttributeError::EmptySlot { name: "x".into() };
/// assert_eq!(empty.to_string(), "x");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttributeError {
    /// Reading (or deleting) an attribute the object does not have:
    /// `'Point' object has no attribute 'w'`.
    Missing {
        /// The class's name.
        class: String,
        /// The attribute's name.
        name: String,
    },
    /// Setting or deleting a name that is not a slot, on an object without a `__dict__`. CPython
    /// 3.11 and 3.12 say the same as [`AttributeError::Missing`]; 3.13 adds " and no __dict__
    /// for setting new attributes".
    NoDict {
        /// The class's name.
        class: String,
        /// The attribute's name.
        name: String,
    },
    /// Deleting a slot that holds no value. The member descriptor's message is only the name:
    /// `AttributeError: x`.
    EmptySlot {
        /// The slot's name.
        name: String,
    },
}

impl fmt::Display for AttributeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing { class, name } | Self::NoDict { class, name } => {
                write!(f, "'{class}' object has no attribute '{name}'")
            }
            Self::EmptySlot { name } => f.write_str(name),
        }
    }
}

impl std::error::Error for AttributeError {}

/// What every layout answers: Python's `getattr`, `setattr`, `delattr` and `vars(obj).items()`.
///
/// ```
/// use slots_solution::{Attributes, DictClass, DictObject, Value};
///
/// let point = DictClass::new("Point");
/// let mut p = DictObject::new(&point);
/// p.set("x", Value::Int(1)).unwrap();
/// assert_eq!(p.get("x"), Ok(Value::Int(1)));
/// assert_eq!(p.get("w").unwrap_err().to_string(), "'Point' object has no attribute 'w'");
/// ```
pub trait Attributes {
    /// The value of attribute `name` (Python: `obj.name`).
    fn get(&self, name: &str) -> Result<Value, AttributeError>;
    /// Binds attribute `name` to `value` (Python: `obj.name = value`).
    fn set(&mut self, name: &str, value: Value) -> Result<(), AttributeError>;
    /// Unbinds attribute `name` (Python: `del obj.name`).
    fn delete(&mut self, name: &str) -> Result<(), AttributeError>;
    /// The attributes that hold a value, in the order Python shows them: insertion order for a
    /// dict or shared-keys object (`vars(obj)`), slot order for a slotted one.
    fn items(&self) -> Vec<(Rc<str>, Value)>;
}

// solution:begin remove
/// The figures of `book/src/09-slots.md`, "The bytes per instance, derived", measured as the
/// hidden tests measure them: the heap bytes left after making 100,000 instances into a vector
/// of that capacity, divided by 100,000 (Rust's std on x86_64 Linux). The hidden tests check
/// only budgets; these exact figures hold for this solution. A doctest is its own process, so
/// its counting allocator sees nothing else (`cargo test -p slots-solution --doc ChapterFigures`).
///
/// ```
/// use slots_solution::{Attributes, DictClass, DictObject, SharedClass, SharedObject};
/// use slots_solution::{SlotClass, SlotObject, Value};
/// use std::alloc::{GlobalAlloc, Layout, System};
/// use std::rc::Rc;
/// use std::sync::atomic::{AtomicIsize, Ordering::Relaxed};
///
/// /// Forwards to `System` and keeps the live bytes asked for, as tracemalloc counts them.
/// struct Counting(AtomicIsize);
/// // SAFETY: every method forwards to `System` with the caller's arguments.
/// unsafe impl GlobalAlloc for Counting {
///     unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
///         // SAFETY: the caller upholds `alloc`'s contract, which is `System`'s.
///         let ptr = unsafe { System.alloc(layout) };
///         if !ptr.is_null() {
///             self.0.fetch_add(layout.size() as isize, Relaxed);
///         }
///         ptr
///     }
///     unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
///         self.0.fetch_sub(layout.size() as isize, Relaxed);
///         // SAFETY: `ptr` came from `alloc` above with this `layout`.
///         unsafe { System.dealloc(ptr, layout) }
///     }
/// }
/// #[global_allocator]
/// static ALLOC: Counting = Counting(AtomicIsize::new(0));
///
/// const COUNT: usize = 100_000;
/// fn fill(object: &mut impl Attributes, names: &[&str]) {
///     for (value, name) in (1..).zip(names) {
///         object.set(name, Value::Int(value)).unwrap();
///     }
/// }
/// fn per_instance<T>(mut make: impl FnMut() -> T) -> usize {
///     let before = ALLOC.0.load(Relaxed);
///     let objects: Vec<T> = (0..COUNT).map(|_| make()).collect(); // one block of COUNT
///     let after = ALLOC.0.load(Relaxed);
///     drop(objects);
///     usize::try_from(after - before).unwrap() / COUNT
/// }
/// fn dict(names: &[&str]) -> usize {
///     let class = DictClass::new("Point");
///     fill(&mut DictObject::new(&class), names); // the class settles on its names
///     per_instance(|| { let mut o = DictObject::new(&class); fill(&mut o, names); o })
/// }
/// fn slotted(names: &[&str]) -> usize {
///     let class = SlotClass::new("SlotPoint", names);
///     per_instance(|| { let mut o = SlotObject::new(&class); fill(&mut o, names); o })
/// }
/// fn shared(class: Rc<SharedClass>, settle: &[&str], names: &[&str]) -> usize {
///     fill(&mut SharedObject::new(&class), settle);
///     per_instance(|| { let mut o = SharedObject::new(&class); fill(&mut o, names); o })
/// }
///
/// let (xyz, six, four) = (["x", "y", "z"], ["x", "y", "z", "u", "v", "w"], ["x", "y", "z", "w"]);
/// assert_eq!((dict(&xyz), slotted(&xyz)), (324, 72));
/// assert_eq!(shared(SharedClass::new("Point"), &xyz, &xyz), 112);
/// assert_eq!((dict(&six), slotted(&six)), (552, 120));
/// assert_eq!(shared(SharedClass::new("Point"), &six, &six), 160);
/// // A class limited to 3 keys, settled on x, y, z: an instance that sets w falls back.
/// assert_eq!(shared(SharedClass::with_key_limit("Point", 3), &xyz, &four), 472);
/// assert_eq!(dict(&four), 424);
/// ```
#[cfg(doctest)]
pub struct ChapterFigures;
// solution:end
