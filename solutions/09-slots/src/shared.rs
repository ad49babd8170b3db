//! Stage 3: CPython 3.11's key-sharing dictionary (PEP 412, with 3.11's inline values). The
//! class owns one table of keys that all its instances share; an instance holds only its
//! values, indexed like the shared keys, and the order it set them in. An instance falls back
//! to a [`Dict`] of its own when it needs a name the shared keys have no room for, or when its
//! `__dict__` is asked for.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use crate::{AttributeError, Attributes, Dict, Value};

/// How many names a class's shared keys hold at most: CPython 3.11's `SHARED_KEYS_MAX_SIZE`
/// (`Include/internal/pycore_dict.h`).
pub const SHARED_KEYS_MAX_SIZE: usize = 30;

/// The most a key limit can be: positions in an instance's insertion order are bytes.
const KEY_LIMIT_CAP: usize = 250;

/// The shared keys: names in the order the class first saw them, and each name's index.
#[derive(Debug, Default)]
struct SharedKeys {
    names: Vec<Rc<str>>,
    index: HashMap<Rc<str>, usize>,
}

/// A class whose instances share one table of attribute names (`ht_cached_keys` in CPython).
///
/// ```
/// use slots_solution::{Attributes, SharedClass, SharedObject, Value};
///
/// let point = SharedClass::new("Point");
/// let mut p = SharedObject::new(&point);
/// p.set("x", Value::Int(1)).unwrap();
/// p.set("y", Value::Int(2)).unwrap();
/// let keys: Vec<_> = point.shared_keys().iter().map(|key| key.to_string()).collect();
/// assert_eq!(keys, ["x", "y"]);
/// ```
#[derive(Debug)]
pub struct SharedClass {
    name: String,
    key_limit: usize,
    keys: RefCell<SharedKeys>,
    /// Names used only in instances' own dicts, one copy each.
    other_names: RefCell<HashSet<Rc<str>>>,
}

impl SharedClass {
    /// A class named `name` whose shared keys hold up to [`SHARED_KEYS_MAX_SIZE`] names.
    pub fn new(name: &str) -> Rc<Self> {
        Self::with_key_limit(name, SHARED_KEYS_MAX_SIZE)
    }

    /// A class whose shared keys hold up to `key_limit` names (at most 250).
    ///
    /// ```
    /// use slots_solution::SharedClass;
    ///
    /// let point = SharedClass::with_key_limit("Point", 2);
    /// assert_eq!(point.insert_key("x"), Some(0));
    /// assert_eq!(point.insert_key("y"), Some(1));
    /// assert_eq!(point.insert_key("z"), None); // full
    /// assert_eq!(point.insert_key("x"), Some(0));
    /// ```
    pub fn with_key_limit(name: &str, key_limit: usize) -> Rc<Self> {
        Rc::new(Self {
            name: name.to_owned(),
            key_limit: key_limit.min(KEY_LIMIT_CAP),
            keys: RefCell::new(SharedKeys::default()),
            other_names: RefCell::new(HashSet::new()),
        })
    }

    /// The class's name, as error messages show it.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The shared keys, in the order the class first saw them.
    pub fn shared_keys(&self) -> Vec<Rc<str>> {
        self.keys.borrow().names.clone()
    }

    /// How many names the shared keys hold.
    pub fn key_count(&self) -> usize {
        self.keys.borrow().names.len()
    }

    /// The class's one copy of the string `name`: the shared key if it is one.
    pub fn intern(&self, name: &str) -> Rc<str> {
        if let Some((key, _)) = self.keys.borrow().index.get_key_value(name) {
            return Rc::clone(key);
        }
        let mut names = self.other_names.borrow_mut();
        if let Some(interned) = names.get(name) {
            return Rc::clone(interned);
        }
        let interned: Rc<str> = Rc::from(name);
        names.insert(Rc::clone(&interned));
        interned
    }

    /// The index of `name` in the shared keys, if it is there.
    ///
    /// ```
    /// use slots_solution::SharedClass;
    ///
    /// let point = SharedClass::new("Point");
    /// point.insert_key("x");
    /// assert_eq!(point.find_key("x"), Some(0));
    /// assert_eq!(point.find_key("y"), None);
    /// ```
    pub fn find_key(&self, name: &str) -> Option<usize> {
        // solution:begin stage=3
        self.keys.borrow().index.get(name).copied()
        // solution:end
    }

    /// The index of `name` in the shared keys, adding it at the end if it is new and there is
    /// room; `None` when it is new and the keys are full (CPython 3.11's
    /// `insert_into_dictkeys` returning `DKIX_EMPTY`).
    pub fn insert_key(&self, name: &str) -> Option<usize> {
        // solution:begin stage=3
        let mut keys = self.keys.borrow_mut();
        if let Some(&index) = keys.index.get(name) {
            return Some(index);
        }
        if keys.names.len() >= self.key_limit {
            return None;
        }
        let index = keys.names.len();
        let name: Rc<str> = Rc::from(name);
        keys.index.insert(Rc::clone(&name), index);
        keys.names.push(name);
        Some(index)
        // solution:end
    }

    /// The shared key at `index`.
    fn key(&self, index: usize) -> Rc<str> {
        Rc::clone(&self.keys.borrow().names[index])
    }
}

/// Where a [`SharedObject`] keeps its attributes.
#[derive(Debug)]
enum Storage {
    /// Values indexed like the class's shared keys (`None`: not set), and the indices of the
    /// set ones in the order they were set (CPython 3.11 keeps this order in bytes just before
    /// the values).
    Shared {
        values: Vec<Option<Value>>,
        order: Vec<u8>,
    },
    /// The instance's own dict, after it fell back: names and values, as in [`crate::DictObject`].
    Own(Box<Dict>),
}

/// An instance of a [`SharedClass`]: values only, while its names are the class's shared keys.
///
/// ```
/// use slots_solution::{Attributes, SharedClass, SharedObject, Value};
///
/// let point = SharedClass::new("Point");
/// let mut p = SharedObject::new(&point);
/// p.set("x", Value::Int(1)).unwrap();
/// assert!(!p.has_own_dict());
/// assert_eq!(p.dict().len(), 1); // asking for __dict__ makes one
/// assert!(p.has_own_dict());
/// assert_eq!(p.get("x"), Ok(Value::Int(1)));
/// ```
#[derive(Debug)]
pub struct SharedObject {
    class: Rc<SharedClass>,
    storage: Storage,
}

impl SharedObject {
    /// A new instance with no attributes, its values sized to the class's shared keys as they
    /// are now (CPython sizes the values array from the keys the same way).
    pub fn new(class: &Rc<SharedClass>) -> Self {
        // solution:begin stage=3
        Self {
            class: Rc::clone(class),
            storage: Storage::Shared {
                values: vec![None; class.key_count()],
                order: Vec::new(),
            },
        }
        // solution:end
    }

    /// Whether the instance has fallen back to a dict of its own.
    pub fn has_own_dict(&self) -> bool {
        // solution:begin stage=3
        matches!(self.storage, Storage::Own(_))
        // solution:end
    }

    /// The instance's `__dict__`. Asking for it makes the instance fall back to its own dict
    /// (if it had not yet), with the same attributes in the same order.
    pub fn dict(&mut self) -> &Dict {
        self.own_dict()
    }

    /// Falls back to an own dict (once): the set attributes, in the order they were set, then
    /// the shared values are freed. Returns the own dict.
    fn own_dict(&mut self) -> &mut Dict {
        // solution:begin stage=3
        if let Storage::Shared { values, order } = &self.storage {
            let mut dict = Dict::new();
            for &index in order {
                let index = usize::from(index);
                if let Some(value) = values[index] {
                    dict.insert(self.class.key(index), value);
                }
            }
            self.storage = Storage::Own(Box::new(dict));
        }
        match &mut self.storage {
            Storage::Own(dict) => dict,
            Storage::Shared { .. } => unreachable!("the instance just fell back"),
        }
        // solution:end
    }

    /// The error for a name this instance does not have.
    fn missing(&self, name: &str) -> AttributeError {
        AttributeError::Missing {
            class: self.class.name().to_owned(),
            name: name.to_owned(),
        }
    }
}

impl Attributes for SharedObject {
    fn get(&self, name: &str) -> Result<Value, AttributeError> {
        // solution:begin stage=3
        let found = match &self.storage {
            Storage::Shared { values, .. } => self
                .class
                .find_key(name)
                .and_then(|index| values.get(index).copied().flatten()),
            Storage::Own(dict) => dict.get(name),
        };
        found.ok_or_else(|| self.missing(name))
        // solution:end
    }

    fn set(&mut self, name: &str, value: Value) -> Result<(), AttributeError> {
        // solution:begin stage=3
        if let Storage::Shared { values, order } = &mut self.storage
            && let Some(index) = self.class.insert_key(name)
        {
            if values.len() <= index {
                values.resize(index + 1, None);
            }
            if values[index].is_none() {
                order.push(index as u8);
            }
            values[index] = Some(value);
            return Ok(());
        }
        // A name the shared keys have no room for: this instance diverges.
        let name = self.class.intern(name);
        self.own_dict().insert(name, value);
        Ok(())
        // solution:end
    }

    fn delete(&mut self, name: &str) -> Result<(), AttributeError> {
        // solution:begin stage=3
        let deleted = match &mut self.storage {
            Storage::Shared { values, order } => {
                let index = self.class.find_key(name);
                match index.and_then(|index| values.get_mut(index)?.take().map(|_| index)) {
                    Some(index) => {
                        order.retain(|&set| usize::from(set) != index);
                        true
                    }
                    None => false,
                }
            }
            Storage::Own(dict) => dict.remove(name).is_some(),
        };
        if deleted {
            Ok(())
        } else {
            Err(self.missing(name))
        }
        // solution:end
    }

    fn items(&self) -> Vec<(Rc<str>, Value)> {
        // solution:begin stage=3
        match &self.storage {
            Storage::Shared { values, order } => order
                .iter()
                .filter_map(|&index| {
                    let index = usize::from(index);
                    values[index].map(|value| (self.class.key(index), value))
                })
                .collect(),
            Storage::Own(dict) => dict.items().to_vec(),
        }
        // solution:end
    }
}
