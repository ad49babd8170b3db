//! Stage 2: `__slots__`. The class lays its slot names out once, as a table from name to
//! offset (CPython makes one member descriptor per name, holding the offset); an instance is
//! its class and a fixed array of values, one per slot, and nothing else.

use std::collections::HashMap;
use std::rc::Rc;

use crate::{AttributeError, Attributes, Value};

/// A class with `__slots__`: the names, in order, and each name's offset into an instance's
/// values.
///
/// ```
/// use slots::SlotClass;
///
/// let point = SlotClass::new("SlotPoint", &["x", "y", "z"]);
/// assert_eq!(point.offset("y"), Some(1));
/// assert_eq!(point.offset("w"), None);
/// assert_eq!(point.slot_count(), 3);
/// ```
#[derive(Debug)]
pub struct SlotClass {
    name: String,
    /// The slot names in declaration order: `slots[offset]`.
    slots: Vec<Rc<str>>,
    /// Each name's offset (CPython: the member descriptor `SlotPoint.x`).
    offsets: HashMap<Rc<str>, usize>,
}

impl SlotClass {
    /// A class named `name` with the given slots, laid out in order. A name given twice gets
    /// one slot, at its first place.
    ///
    /// ```
    /// use slots::SlotClass;
    ///
    /// let class = SlotClass::new("Twice", &["a", "b", "a"]);
    /// assert_eq!(class.slot_count(), 2);
    /// ```
    pub fn new(name: &str, slots: &[&str]) -> Rc<Self> {
        todo!()
    }

    /// The class's name, as error messages show it.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The offset of slot `name` in an instance's values, or `None` if it is not a slot.
    pub fn offset(&self, name: &str) -> Option<usize> {
        todo!()
    }

    /// How many slots an instance holds.
    pub fn slot_count(&self) -> usize {
        todo!()
    }

    /// The slot names, in order.
    pub fn slots(&self) -> &[Rc<str>] {
        &self.slots
    }
}

/// An instance of a [`SlotClass`]: its class and one value per slot (`None` while unset). No
/// map, no names: the class knows where each value is.
///
/// ```
/// use slots::{AttributeError, Attributes, SlotClass, SlotObject, Value};
///
/// let point = SlotClass::new("SlotPoint", &["x", "y"]);
/// let mut p = SlotObject::new(&point);
/// p.set("x", Value::Int(1)).unwrap();
/// assert_eq!(p.get("x"), Ok(Value::Int(1)));
/// assert_eq!(
///     p.set("w", Value::Int(4)),
///     Err(AttributeError::NoDict { class: "SlotPoint".into(), name: "w".into() })
/// );
/// ```
#[derive(Debug)]
pub struct SlotObject {
    class: Rc<SlotClass>,
    values: Box<[Option<Value>]>,
}

impl SlotObject {
    /// A new instance, every slot empty: one allocation of exactly one value per slot.
    pub fn new(class: &Rc<SlotClass>) -> Self {
        todo!()
    }

    /// The error for reading a name this instance has no value for.
    fn missing(&self, name: &str) -> AttributeError {
        AttributeError::Missing {
            class: self.class.name().to_owned(),
            name: name.to_owned(),
        }
    }

    /// The error for setting or deleting a name that is not a slot.
    fn no_dict(&self, name: &str) -> AttributeError {
        AttributeError::NoDict {
            class: self.class.name().to_owned(),
            name: name.to_owned(),
        }
    }
}

impl Attributes for SlotObject {
    fn get(&self, name: &str) -> Result<Value, AttributeError> {
        todo!()
    }

    fn set(&mut self, name: &str, value: Value) -> Result<(), AttributeError> {
        todo!()
    }

    fn delete(&mut self, name: &str) -> Result<(), AttributeError> {
        todo!()
    }

    fn items(&self) -> Vec<(Rc<str>, Value)> {
        todo!()
    }
}
