//! The heap and the collector's state (given: you do not change this file).
//!
//! Objects are containers, like Python lists: a reference count and an ordered list of
//! references. The program holds references of its own ([`Gc::incref`], [`Gc::decref`]); an
//! object whose count reaches zero is freed at once and releases what it referred to. Freeing
//! calls `untrack` (yours, in `collector.rs`), as CPython's deallocator calls
//! `PyObject_GC_UnTrack` and `PyObject_GC_Del`.
//!
//! Ids are never reused. Using a freed object is a bug in the caller and panics with its id.

use std::fmt;

use crate::lists::{List, Lists};

/// An object's identity (Python's `id()`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObjId(pub u32);

impl fmt::Display for ObjId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// One generation's line of `gc.get_stats()`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GenStats {
    /// Collections of this generation.
    pub collections: usize,
    /// Objects they found unreachable and freed.
    pub collected: usize,
    /// Objects they found unreachable but could not free (always 0 until finalizers).
    pub uncollectable: usize,
}

/// What a `__del__` does besides being called: scripted, so refgc and CPython can do the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Nothing.
    Nothing,
    /// Takes a new reference to itself, held by the program from then on (Python: stores
    /// `self` in a global). The object is resurrected.
    Resurrect,
    /// Appends itself to `holder`'s references, if `holder` is alive (resurrects it too).
    StoreSelfIn(ObjId),
    /// Calls `gc.collect()` (which returns 0 while a collection is running).
    Collect,
}

/// What the program could see happen, in order ([`Gc::take_events`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// `__del__` of this object ran.
    Finalized(ObjId),
    /// Its `__del__` took a reference to itself.
    Resurrected(ObjId),
    /// A `__del__` called `gc.collect()`, which returned this.
    CollectInFinalizer(usize),
    /// The callback of this weak reference ran.
    WeakCallback(ObjId),
    /// The legacy finalizer (`tp_del`) of this object ran: only ever at refcount death.
    LegacyFinalized(ObjId),
}

/// What CPython raises as an exception.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GcError {
    /// `gc.collect(3)`: `ValueError: invalid generation`.
    InvalidGeneration(usize),
}

impl fmt::Display for GcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GcError::InvalidGeneration(generation) => {
                write!(f, "invalid generation {generation} (0, 1 or 2)")
            }
        }
    }
}

impl std::error::Error for GcError {}

#[derive(Debug, Clone)]
pub(crate) struct Object {
    pub(crate) refcount: usize,
    pub(crate) refs: Vec<ObjId>,
    pub(crate) alive: bool,
    /// Its `__del__`, if it has one.
    pub(crate) finalizer: Option<Action>,
    /// Whether its `__del__` already ran (PEP 442: at most once in its lifetime).
    pub(crate) finalized: bool,
    /// For a weak reference: what it refers to (`None` once cleared) and whether it has a
    /// callback. `None` for an ordinary object.
    pub(crate) weak: Option<WeakRef>,
    /// The weak references to this object, in CPython's order (its `tp_weaklistoffset` list).
    pub(crate) weakrefs: Vec<ObjId>,
    /// Whether it has a legacy finalizer (`tp_del`, before PEP 442): uncollectable in a cycle.
    pub(crate) legacy: bool,
}

/// What makes an object a weak reference (`weakref.ref(target, callback)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WeakRef {
    pub(crate) target: Option<ObjId>,
    pub(crate) callback: bool,
}

/// The heap and its generational collector (the `gc` module of one interpreter).
#[derive(Debug, Clone)]
pub struct Gc {
    pub(crate) objects: Vec<Object>,
    /// The three generations (and the collector's unreachable list), in CPython's order.
    pub(crate) lists: Lists,
    /// `gc.get_count()`.
    pub(crate) count: [usize; 3],
    /// `gc.get_threshold()`.
    pub(crate) threshold: [usize; 3],
    /// `gc.isenabled()`.
    pub(crate) enabled: bool,
    /// A collection is running: automatic ones wait, `collect()` returns 0.
    pub(crate) collecting: bool,
    /// [`Gc::set_debug_stress`].
    pub(crate) stress: bool,
    /// Survivors of the last full collection (CPython's `long_lived_total`).
    pub(crate) long_lived_total: usize,
    /// Survivors of generation-1 collections since then (`long_lived_pending`).
    pub(crate) long_lived_pending: usize,
    /// `gc.get_stats()`.
    pub(crate) stats: [GenStats; 3],
    /// What happened, for [`Gc::take_events`].
    pub(crate) events: Vec<Event>,
    /// `gc.garbage`.
    pub(crate) garbage: Vec<ObjId>,
    /// `DEBUG_SAVEALL`.
    pub(crate) save_all: bool,
}

impl Default for Gc {
    fn default() -> Self {
        Self::new()
    }
}

impl Gc {
    /// An empty heap, collection enabled, thresholds `(700, 10, 10)` as in CPython 3.11.
    pub fn new() -> Self {
        Self {
            objects: Vec::new(),
            lists: Lists::new(),
            count: [0; 3],
            threshold: [700, 10, 10],
            enabled: true,
            collecting: false,
            stress: false,
            long_lived_total: 0,
            long_lived_pending: 0,
            stats: [GenStats::default(); 3],
            events: Vec::new(),
            garbage: Vec::new(),
            save_all: false,
        }
    }

    /// Makes a new object with refcount 1 (the program's reference), in no list yet:
    /// `alloc` (yours) counts it, may collect, then tracks it.
    pub(crate) fn new_object(&mut self) -> ObjId {
        let id = ObjId(u32::try_from(self.objects.len()).expect("fewer than 2^32 objects"));
        self.objects.push(Object {
            refcount: 1,
            refs: Vec::new(),
            alive: true,
            finalizer: None,
            finalized: false,
            weak: None,
            weakrefs: Vec::new(),
            legacy: false,
        });
        id
    }

    /// Allocates (as [`Gc::alloc`]) an object with a legacy finalizer (`tp_del`): run at its
    /// refcount death, but a collection never calls it: in a cycle it is uncollectable and,
    /// with all it reaches, goes to `gc.garbage`.
    pub fn alloc_with_legacy_finalizer(&mut self) -> ObjId {
        let id = self.alloc();
        self.object_mut(id).legacy = true;
        id
    }

    /// `gc.garbage`, in order. Each entry holds a reference to its object.
    pub fn garbage(&self) -> &[ObjId] {
        &self.garbage
    }

    /// `del gc.garbage[:]`: empties `gc.garbage`, releasing its references.
    pub fn clear_garbage(&mut self) {
        for id in std::mem::take(&mut self.garbage) {
            self.release(id);
        }
    }

    /// `gc.set_debug(gc.DEBUG_SAVEALL)` on or off: collected objects go to `gc.garbage`
    /// instead of being freed.
    pub fn set_debug_saveall(&mut self, on: bool) {
        self.save_all = on;
    }

    /// Appends `id` to `gc.garbage`, which takes a reference to it.
    pub(crate) fn save_in_garbage(&mut self, id: ObjId) {
        self.incref(id);
        self.garbage.push(id);
    }

    /// `weakref.ref(target)` (with a callback when `callback`): a new weak reference the program
    /// holds. As CPython does, a request without a callback returns the existing callback-less
    /// reference to `target` if there is one (with one more reference to it). The new one goes
    /// first in `target`'s list, or second, after a callback-less one, if it has a callback.
    /// Weak references are containers: they are counted and tracked like any object.
    ///
    /// ```
    /// use generations_solution::Gc;
    ///
    /// let mut gc = Gc::new();
    /// let a = gc.alloc();
    /// let w = gc.new_weakref(a, false);
    /// assert_eq!(gc.new_weakref(a, false), w, "the basic reference is shared");
    /// assert_eq!(gc.get_weakref(w), Some(a));
    /// gc.decref(a);
    /// assert_eq!(gc.get_weakref(w), None, "cleared when its target died");
    /// ```
    pub fn new_weakref(&mut self, target: ObjId, callback: bool) -> ObjId {
        assert!(
            self.object(target).weak.is_none(),
            "object {target} is a weak reference; refer to an ordinary object"
        );
        let basic = self
            .object(target)
            .weakrefs
            .first()
            .copied()
            .filter(|&w| self.object(w).weak.is_some_and(|weak| !weak.callback));
        if let (false, Some(basic)) = (callback, basic) {
            self.incref(basic);
            return basic;
        }
        let weak = self.alloc();
        // Allocating may have collected the target: then the reference is born dead.
        let target = self.is_alive(target).then_some(target);
        self.object_mut(weak).weak = Some(WeakRef { target, callback });
        if let Some(target) = target {
            let has_basic = self
                .object(target)
                .weakrefs
                .first()
                .is_some_and(|&w| self.object(w).weak.is_some_and(|weak| !weak.callback));
            let list = &mut self.object_mut(target).weakrefs;
            let at = if callback && has_basic { 1 } else { 0 };
            list.insert(at, weak);
        }
        weak
    }

    /// What the weak reference `weak` refers to (`weak()`), `None` once cleared.
    pub fn get_weakref(&self, weak: ObjId) -> Option<ObjId> {
        self.object(weak)
            .weak
            .expect("get_weakref of an object that is not a weak reference")
            .target
    }

    /// Clears `weak` (its target forgets it) without calling its callback.
    pub(crate) fn clear_weakref(&mut self, weak: ObjId) {
        let Some(state) = self.object(weak).weak else {
            return;
        };
        if let Some(target) = state.target {
            self.object_mut(weak).weak = Some(WeakRef {
                target: None,
                ..state
            });
            if self.is_alive(target) {
                self.object_mut(target).weakrefs.retain(|&w| w != weak);
            }
        }
    }

    /// `PyObject_ClearWeakRefs` for an object dying by refcount: clears every weak reference
    /// to it, then calls the callbacks of those that have one, in list order, each under a
    /// temporary reference.
    fn clear_weakrefs_with_callbacks(&mut self, id: ObjId) {
        let weakrefs = std::mem::take(&mut self.object_mut(id).weakrefs);
        let mut to_call = Vec::new();
        for weak in weakrefs {
            let state = self.object(weak).weak.expect("a weak reference");
            self.object_mut(weak).weak = Some(WeakRef {
                target: None,
                callback: false,
            });
            if state.callback {
                self.incref(weak);
                to_call.push(weak);
            }
        }
        for weak in to_call {
            self.events.push(Event::WeakCallback(weak));
            self.release(weak);
        }
    }

    /// Runs `weak`'s callback (the collector calls it for reachable weak references to
    /// garbage): the caller holds a reference to `weak` while it runs.
    pub(crate) fn run_weakref_callback(&mut self, weak: ObjId) {
        self.events.push(Event::WeakCallback(weak));
    }

    /// Allocates (as [`Gc::alloc`]) an object whose `__del__` does `action`.
    pub fn alloc_with_finalizer(&mut self, action: Action) -> ObjId {
        let id = self.alloc();
        self.object_mut(id).finalizer = Some(action);
        id
    }

    /// `gc.is_finalized(obj)`: whether its `__del__` ran.
    pub fn is_finalized(&self, id: ObjId) -> bool {
        self.object(id).finalized
    }

    /// The events since the last call, oldest first.
    pub fn take_events(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.events)
    }

    /// Runs `id`'s `__del__` (the caller holds a reference to it while it runs): marks it
    /// finalized, records it, and does its action.
    pub(crate) fn run_finalizer(&mut self, id: ObjId) {
        let Some(action) = self.object(id).finalizer else {
            return;
        };
        self.object_mut(id).finalized = true;
        self.events.push(Event::Finalized(id));
        match action {
            Action::Nothing => {}
            Action::Resurrect => {
                self.object_mut(id).refcount += 1;
                self.events.push(Event::Resurrected(id));
            }
            Action::StoreSelfIn(holder) => {
                if self.is_alive(holder) && self.object(holder).weak.is_none() {
                    self.add_ref(holder, id);
                }
            }
            Action::Collect => {
                let found = self.collect(2).unwrap_or(0);
                self.events.push(Event::CollectInFinalizer(found));
            }
        }
    }

    /// The program takes another reference to `id`.
    pub fn incref(&mut self, id: ObjId) {
        self.object_mut(id).refcount += 1;
    }

    /// The program drops a reference to `id`; at zero it is freed.
    pub fn decref(&mut self, id: ObjId) {
        self.object(id);
        self.release(id);
    }

    /// Appends a reference `from → to` (`from.append(to)`); `from` must be an ordinary object.
    pub fn add_ref(&mut self, from: ObjId, to: ObjId) {
        self.object(to);
        assert!(
            self.object(from).weak.is_none(),
            "object {from} is a weak reference: it holds no list"
        );
        self.object_mut(from).refs.push(to);
        self.object_mut(to).refcount += 1;
    }

    /// Removes `from`'s reference at `index` (`del from[index]`) and releases it.
    pub fn remove_ref_at(&mut self, from: ObjId, index: usize) {
        let refs = &mut self.object_mut(from).refs;
        assert!(
            index < refs.len(),
            "object {from} has no reference at {index}"
        );
        let to = refs.remove(index);
        self.release(to);
    }

    /// `tp_clear`: releases every reference `id` holds, the last one first, under a temporary
    /// reference of its own. Clearing a freed object does nothing.
    pub fn clear(&mut self, id: ObjId) {
        if !self.is_alive(id) {
            return;
        }
        self.object_mut(id).refcount += 1;
        while let Some(to) = self.object_mut(id).refs.pop() {
            self.release(to);
        }
        self.release(id);
    }

    /// The object's reference count.
    pub fn refcount(&self, id: ObjId) -> usize {
        self.object(id).refcount
    }

    /// The objects `id` refers to, in order.
    pub fn get_referents(&self, id: ObjId) -> &[ObjId] {
        &self.object(id).refs
    }

    /// Whether `id` has not been freed.
    pub fn is_alive(&self, id: ObjId) -> bool {
        self.objects.get(id.0 as usize).is_some_and(|o| o.alive)
    }

    /// `gc.get_objects(generation)`: the objects of one generation, in list order.
    /// (The permanent generation of `gc.freeze()` is not one of them.)
    pub fn get_objects(&self, generation: usize) -> Result<Vec<ObjId>, GcError> {
        if generation > 2 {
            return Err(GcError::InvalidGeneration(generation));
        }
        Ok(self.lists.objects(List::Generation(generation)))
    }

    /// Stress mode (Crafting Interpreters' `DEBUG_STRESS_GC`): every allocation collects as if
    /// `count[0]` were over its threshold; which generation is collected still follows the
    /// counts. Automatic collection must still be enabled, with `threshold[0]` above zero.
    pub fn set_debug_stress(&mut self, on: bool) {
        self.stress = on;
    }

    pub(crate) fn object(&self, id: ObjId) -> &Object {
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

    /// One reference to `id` goes away; at zero the object is deallocated as CPython does it:
    /// its `__del__` first (once in its life; it may resurrect the object), then its references
    /// are released from the last one back, depth first — an object released to zero while
    /// another is being torn down is deallocated before the rest of that one's references.
    /// References are walked with an explicit stack, so a long chain is fine; what a `__del__`
    /// releases (or a collection it starts frees) is deallocated at once, inside it.
    fn release(&mut self, id: ObjId) {
        let object = self.object_mut(id);
        object.refcount -= 1;
        if object.refcount == 0 {
            self.dealloc(id);
        }
    }

    fn dealloc(&mut self, id: ObjId) {
        let mut pending = vec![id];
        // Each frame: an object whose references are being released, from the last one back.
        let mut frames: Vec<(ObjId, Vec<ObjId>)> = Vec::new();
        loop {
            if let Some(id) = pending.pop() {
                if let Some(refs) = self.begin_dealloc(id) {
                    frames.push((id, refs));
                }
                continue;
            }
            let Some((_, refs)) = frames.last_mut() else {
                break;
            };
            match refs.pop() {
                Some(to) => {
                    let object = self.object_mut(to);
                    object.refcount -= 1;
                    if object.refcount == 0 {
                        pending.push(to);
                    }
                }
                None => {
                    let (id, _) = frames.pop().expect("a frame");
                    self.object_mut(id).alive = false;
                    self.untrack(id);
                }
            }
        }
    }

    /// Untracks the object (CPython's deallocators do that first, so a collection started
    /// while it is torn down never sees it), then runs its `__del__` as
    /// `PyObject_CallFinalizerFromDealloc` does: tracked again at the end of generation 0,
    /// under a temporary reference. `None` if that resurrected it (it stays in generation 0).
    /// Then its weak references are cleared and their callbacks run. A weak reference being
    /// deallocated only leaves its target's list.
    fn begin_dealloc(&mut self, id: ObjId) -> Option<Vec<ObjId>> {
        self.lists.remove(id);
        if self.object(id).weak.is_some() {
            // weakref_dealloc: off its target's list, nothing else to release.
            self.clear_weakref(id);
            return Some(Vec::new());
        }
        let object = self.object(id);
        if object.finalizer.is_some() && !object.finalized {
            self.lists.append(id, List::Generation(0));
            self.object_mut(id).refcount = 1;
            self.run_finalizer(id);
            let object = self.object_mut(id);
            object.refcount -= 1;
            if object.refcount > 0 {
                return None;
            }
            self.lists.remove(id);
        }
        if !self.object(id).weakrefs.is_empty() {
            self.clear_weakrefs_with_callbacks(id);
        }
        if self.object(id).legacy {
            // tp_del, tracked again around the call as for __del__ (it cannot resurrect here).
            self.lists.append(id, List::Generation(0));
            self.events.push(Event::LegacyFinalized(id));
            self.lists.remove(id);
        }
        Some(std::mem::take(&mut self.object_mut(id).refs))
    }
}
