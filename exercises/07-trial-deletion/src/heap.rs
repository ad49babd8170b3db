//! The heap model (given: you do not change this file).
//!
//! Every object is a *container*, like a Python `list`: it has a reference count and an ordered
//! list of references to other objects. The program holds references of its own (a variable,
//! CPython's "roots"), taken by [`Heap::alloc`] and [`Heap::incref`] and given back by
//! [`Heap::decref`]; [`Heap::add_ref`] appends a reference from one object to another
//! (`a.append(b)`). When a count reaches zero the object is freed at once and releases what it
//! referenced, exactly as CPython's reference counting does; a cycle never reaches zero.
//!
//! The names follow refgc, the grader's reference collector, and CPython's `gc` module:
//! `get_referents` is `gc.get_referents`, [`Heap::objects`] is the list of tracked objects in the
//! order CPython keeps them (allocation order), [`Heap::clear`] is `tp_clear`.
//!
//! Using an object after it was freed is a bug in the caller and panics with the object's number.

use std::fmt;

/// An object's identity (Python's `id()`); numbers are never reused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObjId(pub u32);

impl fmt::Display for ObjId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

#[derive(Debug, Clone)]
struct Object {
    refcount: usize,
    refs: Vec<ObjId>,
    alive: bool,
}

/// A heap of containers with reference counts.
#[derive(Debug, Clone, Default)]
pub struct Heap {
    objects: Vec<Object>,
    live: usize,
}

impl Heap {
    /// An empty heap.
    pub fn new() -> Self {
        Self::default()
    }

    /// Allocates an object with no references; the program holds the one reference to it.
    ///
    /// ```
    /// use trial_deletion::Heap;
    ///
    /// let mut heap = Heap::new();
    /// let a = heap.alloc();
    /// assert_eq!(heap.refcount(a), 1);
    /// assert_eq!(heap.objects(), [a]);
    /// ```
    pub fn alloc(&mut self) -> ObjId {
        let id = ObjId(u32::try_from(self.objects.len()).expect("fewer than 2^32 objects"));
        self.objects.push(Object {
            refcount: 1,
            refs: Vec::new(),
            alive: true,
        });
        self.live += 1;
        id
    }

    /// The program takes another reference to `id` (`y = x`).
    pub fn incref(&mut self, id: ObjId) {
        self.object_mut(id).refcount += 1;
    }

    /// The program drops a reference to `id` (`del x`); at zero the object is freed, and what
    /// it referenced is released in turn.
    ///
    /// ```
    /// use trial_deletion::Heap;
    ///
    /// let mut heap = Heap::new();
    /// let a = heap.alloc();
    /// let b = heap.alloc();
    /// heap.add_ref(a, b);
    /// heap.decref(b); // a still holds b
    /// assert!(heap.is_alive(b));
    /// heap.decref(a); // frees a, which releases b
    /// assert!(!heap.is_alive(a) && !heap.is_alive(b));
    /// ```
    pub fn decref(&mut self, id: ObjId) {
        self.object(id);
        self.release(id);
    }

    /// Appends a reference `from → to` (`from.append(to)`); `to`'s count goes up.
    pub fn add_ref(&mut self, from: ObjId, to: ObjId) {
        self.object(to);
        self.object_mut(from).refs.push(to);
        self.object_mut(to).refcount += 1;
    }

    /// Removes `from`'s reference at `index` (`del from[index]`) and releases it; returns the
    /// object it referred to (which may now be freed).
    pub fn remove_ref_at(&mut self, from: ObjId, index: usize) -> ObjId {
        let refs = &mut self.object_mut(from).refs;
        assert!(
            index < refs.len(),
            "object {from} has {} references, no index {index}",
            refs.len()
        );
        let to = refs.remove(index);
        self.release(to);
        to
    }

    /// `tp_clear`: releases every reference `id` holds, the last one first (a list clears from
    /// its end). Refcounting may free `id` itself and anything else as a result. Clearing an
    /// object that is already freed does nothing.
    pub fn clear(&mut self, id: ObjId) {
        if !self.is_alive(id) {
            return;
        }
        // A temporary reference, as CPython's delete_garbage holds one around tp_clear: the
        // object is not freed half-way through its own clear.
        self.object_mut(id).refcount += 1;
        while let Some(to) = self.object_mut(id).refs.pop() {
            self.release(to);
        }
        self.release(id);
    }

    /// The object's reference count: the program's references plus the references from
    /// objects.
    pub fn refcount(&self, id: ObjId) -> usize {
        self.object(id).refcount
    }

    /// The objects `id` refers to, in order (`gc.get_referents` shows them too).
    pub fn get_referents(&self, id: ObjId) -> &[ObjId] {
        &self.object(id).refs
    }

    /// Whether `id` has not been freed.
    pub fn is_alive(&self, id: ObjId) -> bool {
        self.objects
            .get(id.0 as usize)
            .is_some_and(|object| object.alive)
    }

    /// The live objects in the order they were allocated: the list a CPython collection walks.
    pub fn objects(&self) -> Vec<ObjId> {
        (0..self.objects.len() as u32)
            .map(ObjId)
            .filter(|&id| self.is_alive(id))
            .collect()
    }

    /// How many objects are alive.
    pub fn len(&self) -> usize {
        self.live
    }

    /// Whether no object is alive.
    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    fn object(&self, id: ObjId) -> &Object {
        match self.objects.get(id.0 as usize) {
            Some(object) if object.alive => object,
            Some(_) => panic!("object {id} was freed"),
            None => panic!("object {id} was never allocated"),
        }
    }

    fn object_mut(&mut self, id: ObjId) -> &mut Object {
        match self.objects.get_mut(id.0 as usize) {
            Some(object) if object.alive => object,
            Some(_) => panic!("object {id} was freed"),
            None => panic!("object {id} was never allocated"),
        }
    }

    /// One reference to `id` goes away; frees iteratively (a chain of millions is fine).
    fn release(&mut self, id: ObjId) {
        let mut pending = vec![id];
        while let Some(id) = pending.pop() {
            let object = self.object_mut(id);
            object.refcount -= 1;
            if object.refcount == 0 {
                object.alive = false;
                let refs = std::mem::take(&mut object.refs);
                self.live -= 1;
                pending.extend(refs.into_iter().rev());
            }
        }
    }
}
