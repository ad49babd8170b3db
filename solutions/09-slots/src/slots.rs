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
/// use slots_solution::SlotClass;
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
    /// use slots_solution::SlotClass;
    ///
    /// let class = SlotClass::new("Twice", &["a", "b", "a"]);
    /// assert_eq!(class.slot_count(), 2);
    /// ```
    pub fn new(name: &str, slots: &[&str]) -> Rc<Self> {
        // solution:begin stage=2
        let mut names: Vec<Rc<str>> = Vec::new();
        let mut offsets = HashMap::new();
        for &slot in slots {
            if !offsets.contains_key(slot) {
                let slot: Rc<str> = Rc::from(slot);
                offsets.insert(Rc::clone(&slot), names.len());
                names.push(slot);
            }
        }
        Rc::new(Self {
            name: name.to_owned(),
            slots: names,
            offsets,
        })
        // solution:end
    }

    /// The class's name, as error messages show it.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The offset of slot `name` in an instance's values, or `None` if it is not a slot.
    pub fn offset(&self, name: &str) -> Option<usize> {
        // solution:begin stage=2
        self.offsets.get(name).copied()
        // solution:end
    }

    /// How many slots an instance holds.
    pub fn slot_count(&self) -> usize {
        // solution:begin stage=2
        self.slots.len()
        // solution:end
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
/// use slots_solution::{AttributeError, Attributes, SlotClass, SlotObject, Value};
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
        // solution:begin stage=2
        Self {
            class: Rc::clone(class),
            values: vec![None; class.slot_count()].into_boxed_slice(),
        }
        // solution:end
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
        // solution:begin stage=2
        self.class
            .offset(name)
            .and_then(|offset| self.values[offset])
            .ok_or_else(|| self.missing(name))
        // solution:end
    }

    fn set(&mut self, name: &str, value: Value) -> Result<(), AttributeError> {
        // solution:begin stage=2
        let offset = self.class.offset(name).ok_or_else(|| self.no_dict(name))?;
        self.values[offset] = Some(value);
        Ok(())
        // solution:end
    }

    fn delete(&mut self, name: &str) -> Result<(), AttributeError> {
        // solution:begin stage=2
        let offset = self.class.offset(name).ok_or_else(|| self.no_dict(name))?;
        match self.values[offset].take() {
            Some(_) => Ok(()),
            None => Err(AttributeError::EmptySlot {
                name: name.to_owned(),
            }),
        }
        // solution:end
    }

    fn items(&self) -> Vec<(Rc<str>, Value)> {
        // solution:begin stage=2
        self.class
            .slots()
            .iter()
            .zip(self.values.iter())
            .filter_map(|(name, value)| value.map(|value| (Rc::clone(name), value)))
            .collect()
        // solution:end
    }
}
