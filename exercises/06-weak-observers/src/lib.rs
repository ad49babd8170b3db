//! Exercise 06: an observable that holds its subscribers weakly, with death callbacks.
//!
//! The seed's Python `Observable` keeps each callback as a `weakref.WeakMethod` and prints a
//! message from the weakref's callback when the observer dies. This crate is its Rust
//! counterpart, for any callable rather than only bound methods:
//!
//! - a [`Subscriber<E>`] wraps a callable (`Fn(&E)`); its owners keep it alive through
//!   `Rc<Subscriber<E>>`, and an [`Observable<E>`] only ever holds a `Weak` to it;
//! - [`Observable::notify`] calls the live subscribers of an event in subscription order and
//!   removes the dead ones it meets;
//! - each subscription carries an `on_death` callback, fired exactly once, at the moment the
//!   last strong handle to its subscriber goes (from the subscriber's `Drop`, as CPython calls
//!   weakref callbacks from the dying object's deallocator). Unsubscribing, or dropping the
//!   observable, cancels it, as dropping a `weakref.ref` cancels its callback.
//!
//! Every method takes `&self` and may be called from inside a callback: no `RefCell` borrow is
//! held while user code runs. Book: `book/src/06-weak-observers.md`.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fmt;
use std::rc::{Rc, Weak};
use std::sync::atomic::{AtomicU64, Ordering};

/// A callable that observables refer to weakly: the thing the owner keeps alive.
///
/// Create one with [`Subscriber::new`], keep the returned `Rc` (the strong handle, Python's
/// "a variable that refers to the observer"), and pass it to [`Observable::subscribe`]. When
/// the last `Rc` goes, the subscriber's `Drop` fires the death callback of every subscription
/// that is still active.
///
/// ```
/// use std::cell::Cell;
/// use std::rc::Rc;
/// use weak_observers::{Observable, Subscriber};
///
/// let prices = Observable::new();
/// let last = Rc::new(Cell::new(0));
/// let seen = Rc::clone(&last);
/// let display = Subscriber::new(move |price: &u32| seen.set(*price));
/// prices.subscribe("price", &display, || {});
/// prices.notify("price", &101);
/// assert_eq!(last.get(), 101);
/// ```
pub struct Subscriber<E> {
    /// One link per subscription made with this subscriber, in subscription order: CPython's
    /// list of weak references kept in the object itself (`tp_weaklistoffset`).
    deaths: RefCell<Vec<Weak<Link>>>,
    callback: Box<dyn Fn(&E)>,
}

/// One subscription's shared state, between the observable's entry (which owns it) and the
/// subscriber's death list (which points at it weakly): the Rust side of a CPython weakref
/// object, which owns its callback and sits in its referent's list of weak references.
struct Link {
    on_death: RefCell<Option<Box<dyn Fn()>>>,
    subscribed: Cell<bool>,
}

/// One subscription as the observable stores it.
struct Entry<E> {
    id: u64,
    subscriber: Weak<Subscriber<E>>,
    link: Rc<Link>,
}

/// A list of weakly held subscribers per event name.
///
/// ```
/// use std::cell::RefCell;
/// use std::rc::Rc;
/// use weak_observers::{Observable, Subscriber};
///
/// let log = Rc::new(RefCell::new(Vec::new()));
/// let prices = Observable::new();
/// let writer = Rc::clone(&log);
/// let display = Subscriber::new(move |price: &u32| writer.borrow_mut().push(*price));
/// let deaths = Rc::clone(&log);
/// prices.subscribe("price", &display, move || deaths.borrow_mut().push(0));
///
/// assert_eq!(prices.notify("price", &100), 1);
/// drop(display); // the last strong handle: the death callback runs now
/// assert_eq!(*log.borrow(), [100, 0]);
/// assert_eq!(prices.notify("price", &101), 0); // and the dead entry is removed
/// assert_eq!(prices.subscription_count("price"), 0);
/// ```
pub struct Observable<E> {
    events: RefCell<HashMap<String, Vec<Entry<E>>>>,
}

/// The receipt of one [`Observable::subscribe`] call, for [`Observable::unsubscribe`].
///
/// Dropping it does nothing: a subscription ends when it is unsubscribed or when its subscriber
/// dies, as in the seed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Subscription {
    event: String,
    id: u64,
}

/// Subscription ids are unique across all observables, so a receipt handed to the wrong
/// observable matches nothing there.
fn next_subscription_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

impl<E> Subscriber<E> {
    /// Wraps any callable taking `&E` — a closure with or without captured state, a `fn` item,
    /// a method called through a closure — and returns the first strong handle to it.
    ///
    /// ```
    /// use std::rc::Rc;
    /// use weak_observers::Subscriber;
    ///
    /// fn log_price(price: &u32) {
    ///     println!("log {price}");
    /// }
    /// let from_fn = Subscriber::new(log_price);
    /// let from_closure = Subscriber::new(|price: &u32| println!("closure {price}"));
    /// assert_eq!(Rc::strong_count(&from_fn), 1);
    /// # drop(from_closure);
    /// ```
    pub fn new(callback: impl Fn(&E) + 'static) -> Rc<Self> {
        todo!()
    }

    /// Calls the wrapped callable, as [`Observable::notify`] does.
    ///
    /// ```
    /// use std::cell::Cell;
    /// use std::rc::Rc;
    /// use weak_observers::Subscriber;
    ///
    /// let total = Rc::new(Cell::new(0));
    /// let sum = Rc::clone(&total);
    /// let adder = Subscriber::new(move |n: &i32| sum.set(sum.get() + n));
    /// adder.call(&2);
    /// adder.call(&3);
    /// assert_eq!(total.get(), 5);
    /// ```
    pub fn call(&self, event: &E) {
        todo!()
    }
}

impl<E> Drop for Subscriber<E> {
    /// The last strong handle is gone: fire every active subscription's death callback, once,
    /// in subscription order (CPython: `PyObject_ClearWeakRefs` from the deallocator).
    fn drop(&mut self) {
        // TODO: fire the death callback of every link that still upgrades, in order, once.
        todo!()
    }
}

impl<E> Observable<E> {
    /// An observable with no subscriptions.
    ///
    /// ```
    /// use weak_observers::Observable;
    ///
    /// let clicks: Observable<(i32, i32)> = Observable::new();
    /// assert_eq!(clicks.notify("click", &(3, 4)), 0);
    /// ```
    pub fn new() -> Self {
        todo!()
    }

    /// Subscribes `subscriber` to `event`, holding it weakly. `on_death` runs once, when the
    /// last strong handle to the subscriber goes, unless this subscription was cancelled
    /// first (by [`unsubscribe`](Self::unsubscribe) or by dropping the observable).
    ///
    /// Subscribing the same subscriber twice makes two subscriptions: it is called twice per
    /// notify, and both death callbacks fire. `on_death` must not capture a strong handle to
    /// the subscriber, or the subscriber can never die (`weakref.finalize` has the same rule).
    ///
    /// ```
    /// use std::cell::Cell;
    /// use std::rc::Rc;
    /// use weak_observers::{Observable, Subscriber};
    ///
    /// let prices: Observable<u32> = Observable::new();
    /// let died = Rc::new(Cell::new(false));
    /// let flag = Rc::clone(&died);
    /// // A subscriber made on the fly: its only strong handle is a temporary.
    /// prices.subscribe("price", &Subscriber::new(|_| {}), move || flag.set(true));
    /// assert!(died.get(), "dead at the end of the statement");
    /// ```
    pub fn subscribe(
        &self,
        event: &str,
        subscriber: &Rc<Subscriber<E>>,
        on_death: impl Fn() + 'static,
    ) -> Subscription {
        // TODO: a new Link, registered in the subscriber's `deaths` and in a new Entry here.
        todo!()
    }

    /// Ends a subscription: its subscriber is not called again (not even later in a notify
    /// that is running now) and its death callback will not fire. Returns whether the
    /// subscription was still there; `false` if it was already gone (unsubscribed, or its
    /// subscriber died and was removed). What the subscription held is released, on both
    /// sides: a live subscriber subscribed and unsubscribed in a loop does not grow.
    ///
    /// ```
    /// use weak_observers::{Observable, Subscriber};
    ///
    /// let prices = Observable::new();
    /// let display = Subscriber::new(|_: &u32| panic!("unsubscribed"));
    /// let subscription = prices.subscribe("price", &display, || panic!("cancelled"));
    /// assert!(prices.unsubscribe(&subscription));
    /// assert!(!prices.unsubscribe(&subscription));
    /// prices.notify("price", &1);
    /// drop(display);
    /// ```
    pub fn unsubscribe(&self, subscription: &Subscription) -> bool {
        todo!()
    }

    /// Calls every live subscriber of `event` with `payload`, in subscription order, and
    /// returns how many were called. Dead subscribers are skipped and their entries removed
    /// before it returns.
    ///
    /// Callbacks may subscribe, unsubscribe and notify: the call works on a snapshot of the
    /// event's list taken at the start, so a subscriber added during the notify is first called
    /// by the next one, and one unsubscribed during the notify is not called after that.
    ///
    /// ```
    /// use std::cell::RefCell;
    /// use std::rc::Rc;
    /// use weak_observers::{Observable, Subscriber};
    ///
    /// let order = Rc::new(RefCell::new(Vec::new()));
    /// let prices = Observable::new();
    /// let subscribers: Vec<_> = ["a", "b", "c"]
    ///     .into_iter()
    ///     .map(|name| {
    ///         let order = Rc::clone(&order);
    ///         let subscriber = Subscriber::new(move |_: &u32| order.borrow_mut().push(name));
    ///         prices.subscribe("price", &subscriber, || {});
    ///         subscriber
    ///     })
    ///     .collect();
    /// assert_eq!(prices.notify("price", &7), 3);
    /// assert_eq!(*order.borrow(), ["a", "b", "c"]);
    /// # drop(subscribers);
    /// ```
    pub fn notify(&self, event: &str, payload: &E) -> usize {
        // TODO: snapshot the event's entries, release the borrow, then call them one by one.
        todo!()
    }

    /// Removes the entries of dead subscribers from every event now, rather than at each
    /// event's next notify, and returns how many it removed.
    ///
    /// ```
    /// use weak_observers::{Observable, Subscriber};
    ///
    /// let prices: Observable<u32> = Observable::new();
    /// let display = Subscriber::new(|_| {});
    /// prices.subscribe("open", &display, || {});
    /// prices.subscribe("close", &display, || {});
    /// drop(display);
    /// assert_eq!(prices.subscription_count("open"), 1, "dead, but not removed yet");
    /// assert_eq!(prices.prune(), 2);
    /// assert_eq!(prices.subscription_count("open") + prices.subscription_count("close"), 0);
    /// ```
    pub fn prune(&self) -> usize {
        todo!()
    }

    /// How many subscriptions `event` holds: live ones, plus dead ones not removed yet.
    ///
    /// ```
    /// use weak_observers::{Observable, Subscriber};
    ///
    /// let prices: Observable<u32> = Observable::new();
    /// let display = Subscriber::new(|_| {});
    /// let subscription = prices.subscribe("price", &display, || {});
    /// assert_eq!(prices.subscription_count("price"), 1);
    /// prices.unsubscribe(&subscription);
    /// assert_eq!(prices.subscription_count("price"), 0);
    /// ```
    pub fn subscription_count(&self, event: &str) -> usize {
        todo!()
    }
}

impl<E> Default for Observable<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E> fmt::Debug for Subscriber<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Subscriber").finish_non_exhaustive()
    }
}

impl<E> fmt::Debug for Observable<E> {
    /// Shows each event with how many subscriptions it holds.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.events.try_borrow() {
            Ok(events) => f
                .debug_map()
                .entries(events.iter().map(|(event, entries)| (event, entries.len())))
                .finish(),
            Err(_) => f.write_str("Observable { <being changed> }"),
        }
    }
}
