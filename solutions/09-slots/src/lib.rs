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
