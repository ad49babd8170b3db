//! Stage 1: the per-instance `__dict__`. Every instance owns a [`Dict`], a small copy of
//! CPython's compact dict: a hash index from each name to its entry, and the entries in
//! insertion order.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use crate::{AttributeError, Attributes, Value};

/// An insertion-ordered map of attribute names to values, laid out as CPython's dict has been
/// since 3.6: a hash index (`name -> position`) beside a dense array of entries.
///
/// The names are `Rc<str>` handed out by the class ([`DictClass::intern`]), so instances share
/// the name strings (CPython interns attribute names) but each holds its own index and entries:
/// 24 bytes per index bucket and 32 per entry.
///
/// ```
/// use slots_solution::{Dict, Value};
/// use std::rc::Rc;
///
/// let mut dict = Dict::new();
/// dict.insert(Rc::from("y"), Value::Int(2));
/// dict.insert(Rc::from("x"), Value::Int(1));
/// assert_eq!(dict.remove("y"), Some(Value::Int(2)));
/// dict.insert(Rc::from("y"), Value::Int(3));
/// let names: Vec<_> = dict.items().iter().map(|(name, _)| name.to_string()).collect();
/// assert_eq!(names, ["x", "y"]); // re-inserted after a delete: at the end, as in Python
/// ```
#[derive(Debug, Clone, Default)]
pub struct Dict {
    /// Position of each name's entry in `entries`.
    index: HashMap<Rc<str>, usize>,
    /// The entries in insertion order.
    entries: Vec<(Rc<str>, Value)>,
}

impl Dict {
    /// An empty dict; it allocates nothing until the first insert.
    ///
    /// ```
    /// use slots_solution::Dict;
    ///
    /// assert_eq!(Dict::new().len(), 0);
    /// ```
    pub fn new() -> Self {
        // solution:begin stage=1
        Self {
            index: HashMap::new(),
            entries: Vec::new(),
        }
        // solution:end
    }

    /// The number of entries.
    ///
    /// ```
    /// use slots_solution::{Dict, Value};
    ///
    /// let mut dict = Dict::new();
    /// dict.insert("a".into(), Value::None);
    /// dict.insert("a".into(), Value::Bool(true));
    /// assert_eq!(dict.len(), 1);
    /// ```
    pub fn len(&self) -> usize {
        // solution:begin stage=1
        self.entries.len()
        // solution:end
    }

    /// Whether the dict has no entry.
    ///
    /// ```
    /// use slots_solution::Dict;
    ///
    /// assert!(Dict::new().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The value of `name`, if present.
    ///
    /// ```
    /// use slots_solution::{Dict, Value};
    ///
    /// let mut dict = Dict::new();
    /// dict.insert("x".into(), Value::Float(0.5));
    /// assert_eq!(dict.get("x"), Some(Value::Float(0.5)));
    /// assert_eq!(dict.get("y"), None);
    /// ```
    pub fn get(&self, name: &str) -> Option<Value> {
        // solution:begin stage=1
        self.index
            .get(name)
            .map(|&position| self.entries[position].1)
        // solution:end
    }

    /// Sets `name` to `value` and returns the value it replaces. A new name goes to the end;
    /// a present one keeps its place.
    ///
    /// ```
    /// use slots_solution::{Dict, Value};
    ///
    /// let mut dict = Dict::new();
    /// assert_eq!(dict.insert("x".into(), Value::Int(1)), None);
    /// assert_eq!(dict.insert("x".into(), Value::Int(2)), Some(Value::Int(1)));
    /// ```
    pub fn insert(&mut self, name: Rc<str>, value: Value) -> Option<Value> {
        // solution:begin stage=1
        if let Some(&position) = self.index.get(&name) {
            return Some(std::mem::replace(&mut self.entries[position].1, value));
        }
        self.index.insert(Rc::clone(&name), self.entries.len());
        self.entries.push((name, value));
        None
        // solution:end
    }

    /// Removes `name` and returns its value. The entries after it move up one place, so the
    /// rest keep their order (CPython leaves a hole instead and compacts on resize).
    ///
    /// ```
    /// use slots_solution::{Dict, Value};
    ///
    /// let mut dict = Dict::new();
    /// dict.insert("x".into(), Value::Int(1));
    /// assert_eq!(dict.remove("x"), Some(Value::Int(1)));
    /// assert_eq!(dict.remove("x"), None);
    /// ```
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        // solution:begin stage=1
        let position = self.index.remove(name)?;
        let (_, value) = self.entries.remove(position);
        for (later, _) in &self.entries[position..] {
            if let Some(slot) = self.index.get_mut(later) {
                *slot -= 1;
            }
        }
        Some(value)
        // solution:end
    }

    /// The entries in insertion order.
    ///
    /// ```
    /// use slots_solution::{Dict, Value};
    ///
    /// let mut dict = Dict::new();
    /// dict.insert("b".into(), Value::Int(2));
    /// dict.insert("a".into(), Value::Int(1));
    /// assert_eq!(&*dict.items()[0].0, "b");
    /// ```
    pub fn items(&self) -> &[(Rc<str>, Value)] {
        // solution:begin stage=1
        &self.entries
        // solution:end
    }
}

/// A class whose instances each own a `__dict__` (a plain Python class).
///
/// The class keeps one copy of every attribute name its instances used, so instances share
/// the strings (CPython interns identifiers the same way).
///
/// ```
/// use slots_solution::DictClass;
/// use std::rc::Rc;
///
/// let point = DictClass::new("Point");
/// assert_eq!(point.name(), "Point");
/// assert!(Rc::ptr_eq(&point.intern("x"), &point.intern("x")));
/// ```
#[derive(Debug)]
pub struct DictClass {
    name: String,
    names: RefCell<HashSet<Rc<str>>>,
}

impl DictClass {
    /// A class named `name`.
    pub fn new(name: &str) -> Rc<Self> {
        Rc::new(Self {
            name: name.to_owned(),
            names: RefCell::new(HashSet::new()),
        })
    }

    /// The class's name, as error messages show it.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The class's one copy of the string `name` (made on first use).
    pub fn intern(&self, name: &str) -> Rc<str> {
        let mut names = self.names.borrow_mut();
        if let Some(interned) = names.get(name) {
            return Rc::clone(interned);
        }
        let interned: Rc<str> = Rc::from(name);
        names.insert(Rc::clone(&interned));
        interned
    }
}

/// An instance of a [`DictClass`]: its class and its own [`Dict`].
///
/// ```
/// use slots_solution::{AttributeError, Attributes, DictClass, DictObject, Value};
///
/// let point = DictClass::new("Point");
/// let mut p = DictObject::new(&point);
/// p.set("x", Value::Int(1)).unwrap();
/// p.set("w", Value::Int(4)).unwrap(); // any new name: the dict grows
/// p.delete("x").unwrap();
/// assert_eq!(
///     p.delete("x"),
///     Err(AttributeError::Missing { class: "Point".into(), name: "x".into() })
/// );
/// ```
#[derive(Debug)]
pub struct DictObject {
    class: Rc<DictClass>,
    dict: Dict,
}

impl DictObject {
    /// A new instance with no attributes (and nothing on the heap yet).
    pub fn new(class: &Rc<DictClass>) -> Self {
        // solution:begin stage=1
        Self {
            class: Rc::clone(class),
            dict: Dict::new(),
        }
        // solution:end
    }

    /// The instance's `__dict__`.
    ///
    /// ```
    /// use slots_solution::{Attributes, DictClass, DictObject, Value};
    ///
    /// let mut p = DictObject::new(&DictClass::new("Point"));
    /// p.set("x", Value::Int(1)).unwrap();
    /// assert_eq!(p.dict().len(), 1);
    /// ```
    pub fn dict(&self) -> &Dict {
        &self.dict
    }

    /// The error for a name this instance does not have.
    fn missing(&self, name: &str) -> AttributeError {
        AttributeError::Missing {
            class: self.class.name().to_owned(),
            name: name.to_owned(),
        }
    }
}

impl Attributes for DictObject {
    fn get(&self, name: &str) -> Result<Value, AttributeError> {
        // solution:begin stage=1
        self.dict.get(name).ok_or_else(|| self.missing(name))
        // solution:end
    }

    fn set(&mut self, name: &str, value: Value) -> Result<(), AttributeError> {
        // solution:begin stage=1
        self.dict.insert(self.class.intern(name), value);
        Ok(())
        // solution:end
    }

    fn delete(&mut self, name: &str) -> Result<(), AttributeError> {
        // solution:begin stage=1
        match self.dict.remove(name) {
            Some(_) => Ok(()),
            None => Err(self.missing(name)),
        }
        // solution:end
    }

    fn items(&self) -> Vec<(Rc<str>, Value)> {
        // solution:begin stage=1
        self.dict.items().to_vec()
        // solution:end
    }
}
