//! Exercise 11: `Pool<T>`, the seed's `MemoryPool` done right.
//!
//! A pool keeps objects that were used and given back, so the next `acquire` can hand one out
//! again instead of making (and allocating) a new one. The seed's Python pool gives objects back
//! through `release(obj)`, which the caller must remember to call, and its context manager
//! releases the pool itself instead of the object. Here [`Pool::acquire`] returns a [`Guard`]:
//! the object, borrowed from the pool for as long as the guard lives. Dropping the guard gives
//! the object back, on every path out of the scope, a panic included. Book:
//! `book/src/11-object-pool.md`.
//!
//! # Invariants
//!
//! 1. The pool holds at most `max_size` idle objects. An object given back to a full pool is
//!    dropped on the spot.
//! 2. An object handed out again has been reset first, by the reset the pool was given. A new
//!    object from the factory is handed out as it is (the factory made it clean), and an object
//!    given back is kept as it is until it is reused.
//! 3. Reuse is last in, first out: `acquire` hands out the object given back most recently
//!    (its memory is the likeliest to still be in the cache).
//! 4. `stats().created` counts the factory's calls, `stats().reused` the objects handed out
//!    again; every acquire adds one to exactly one of them.
//! 5. A guard borrows its pool (`Guard<'pool, T>`), so no guard outlives the pool, and every
//!    way of ending a guard (drop, [`Guard::release`], [`Guard::into_inner`]) consumes it, so
//!    an object cannot be given back twice or used after it was given back.
//! 6. No borrow of the idle list is held while code the pool does not own runs (the factory,
//!    the reset, an object's destructor): such code may use the pool again.

#![forbid(unsafe_code)]

use std::cell::{Cell, RefCell};
use std::fmt;
use std::ops::{Deref, DerefMut};

/// What a pool has done since it was made: how many objects its factory created, and how many
/// times it handed out an object again instead.
///
/// ```
/// use object_pool::{Pool, Stats};
///
/// let pool = Pool::new(Vec::<u8>::new, Vec::clear, 4);
/// drop(pool.acquire());
/// drop(pool.acquire());
/// assert_eq!(pool.stats(), Stats { created: 1, reused: 1 });
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Objects made by the factory.
    pub created: u64,
    /// Acquires served by an object that had been given back.
    pub reused: u64,
}

/// A pool of reusable objects of type `T`: the seed's `MemoryPool(factory, max_size)`, with a
/// reset and with guards that give the objects back.
///
/// ```
/// use object_pool::Pool;
///
/// // 4 KiB buffers; a buffer comes back empty, its capacity kept.
/// let pool = Pool::new(|| Vec::<u8>::with_capacity(4096), Vec::clear, 8);
/// let first = {
///     let mut buffer = pool.acquire();
///     buffer.extend_from_slice(b"hello");
///     buffer.as_ptr()
/// }; // the guard's drop gives the buffer back
/// let again = pool.acquire();
/// assert!(again.is_empty()); // reset before reuse
/// assert_eq!(again.as_ptr(), first); // the same allocation
/// ```
pub struct Pool<T> {
    /// Idle objects, the most recently given back last (invariants 1 and 3).
    idle: RefCell<Vec<T>>,
    /// The most idle objects the pool keeps.
    max_size: usize,
    /// Makes a new object when no idle one is left (the seed's `factory`).
    create: Box<dyn Fn() -> T>,
    /// Makes a used object as good as new, before it is handed out again.
    reset: Box<dyn Fn(&mut T)>,
    /// What [`Pool::stats`] reports.
    stats: Cell<Stats>,
}

impl<T> Pool<T> {
    /// A pool that makes objects with `create`, resets a used one with `reset` before handing it
    /// out again, and keeps at most `max_size` idle objects. It starts empty: nothing is made
    /// before the first `acquire`.
    ///
    /// ```
    /// use object_pool::{Pool, Stats};
    ///
    /// let pool = Pool::new(String::new, String::clear, 2);
    /// assert_eq!(pool.idle(), 0);
    /// assert_eq!(pool.max_size(), 2);
    /// assert_eq!(pool.stats(), Stats::default());
    /// ```
    pub fn new(
        create: impl Fn() -> T + 'static,
        reset: impl Fn(&mut T) + 'static,
        max_size: usize,
    ) -> Self {
        todo!()
    }

    /// An object for the caller's use, inside a guard that gives it back when dropped: the
    /// object given back most recently, reset first, or else a new one from the factory (not
    /// reset). Counts one `reused` or one `created`.
    ///
    /// ```
    /// use object_pool::Pool;
    ///
    /// let pool = Pool::new(|| vec![0u8; 3], |buffer| buffer.fill(0), 4);
    /// let mut a = pool.acquire();
    /// a[0] = 7; // DerefMut: the guard is used as the object
    /// let b = pool.acquire(); // a is still out: b is a second, new object
    /// assert_eq!((a[0], b[0]), (7, 0));
    /// assert_eq!(pool.stats().created, 2);
    /// ```
    pub fn acquire(&self) -> Guard<'_, T> {
        todo!()
    }

    /// Objects created and objects reused so far.
    ///
    /// ```
    /// use object_pool::{Pool, Stats};
    ///
    /// let pool = Pool::new(|| 0u32, |n| *n = 0, 4);
    /// let a = pool.acquire();
    /// let b = pool.acquire();
    /// drop((a, b));
    /// let _c = pool.acquire();
    /// assert_eq!(pool.stats(), Stats { created: 2, reused: 1 });
    /// ```
    pub fn stats(&self) -> Stats {
        todo!()
    }

    /// How many idle objects the pool holds now, ready to be reused (never above `max_size`).
    ///
    /// ```
    /// use object_pool::Pool;
    ///
    /// let pool = Pool::new(|| 0u32, |n| *n = 0, 1);
    /// let a = pool.acquire();
    /// let b = pool.acquire();
    /// drop(a);
    /// drop(b); // the pool is full: b's object is dropped
    /// assert_eq!(pool.idle(), 1);
    /// ```
    pub fn idle(&self) -> usize {
        todo!()
    }

    /// The most idle objects the pool keeps.
    pub fn max_size(&self) -> usize {
        self.max_size
    }

    /// Takes an object back from a guard: keeps it if fewer than `max_size` objects are idle,
    /// drops it otherwise (after the borrow of the idle list has ended).
    fn give_back(&self, object: T) {
        todo!()
    }
}

impl<T> fmt::Debug for Pool<T> {
    /// The pool's numbers (its objects and closures are not shown).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pool")
            .field("idle", &self.idle.borrow().len())
            .field("max_size", &self.max_size)
            .field("stats", &self.stats.get())
            .finish_non_exhaustive()
    }
}

/// An object borrowed from a [`Pool`]: use it as the object (`Deref`, `DerefMut`); dropping the
/// guard gives the object back to the pool, also when a panic unwinds through its scope.
///
/// The guard borrows the pool, so the compiler rejects a guard that would outlive it, and
/// ending a guard consumes it, so an object cannot be used after it was given back, or given
/// back twice. `release` and `into_inner` are associated functions (`Guard::release(guard)`),
/// as `Box::leak` is: a method on the guard would hide the object's own method of that name.
///
/// ```
/// use object_pool::{Guard, Pool};
///
/// let pool = Pool::new(String::new, String::clear, 4);
/// let mut name = pool.acquire();
/// name.push_str("pooled");
/// assert_eq!(name.len(), 6); // String's methods, through Deref
/// Guard::release(name); // the same as drop(name)
/// assert_eq!(pool.idle(), 1);
/// ```
pub struct Guard<'pool, T> {
    /// The pool the object goes back to.
    pool: &'pool Pool<T>,
    /// The object: `Some` for the guard's whole life; taken out only as the guard ends.
    object: Option<T>,
}

impl<T> Guard<'_, T> {
    /// Gives the object back to the pool now. The same as `drop(guard)`, spelled out.
    ///
    /// ```
    /// use object_pool::{Guard, Pool};
    ///
    /// let pool = Pool::new(|| 0u64, |n| *n = 0, 4);
    /// let guard = pool.acquire();
    /// Guard::release(guard);
    /// assert_eq!(pool.idle(), 1);
    /// ```
    pub fn release(this: Self) {
        todo!()
    }

    /// Takes the object out of the pool's care for good: it is returned, and it never goes
    /// back to the pool (`stats` do not change; the pool simply does not see it again).
    ///
    /// ```
    /// use object_pool::{Guard, Pool};
    ///
    /// let pool = Pool::new(|| vec![1, 2, 3], Vec::clear, 4);
    /// let kept: Vec<i32> = Guard::into_inner(pool.acquire());
    /// assert_eq!(kept, [1, 2, 3]);
    /// assert_eq!(pool.idle(), 0);
    /// ```
    pub fn into_inner(this: Self) -> T {
        todo!()
    }
}

impl<T> Deref for Guard<'_, T> {
    type Target = T;

    /// Shared access to the object.
    fn deref(&self) -> &T {
        todo!()
    }
}

impl<T> DerefMut for Guard<'_, T> {
    /// Mutable access to the object.
    fn deref_mut(&mut self) -> &mut T {
        todo!()
    }
}

impl<T> Drop for Guard<'_, T> {
    /// Gives the object back to the pool, unless `into_inner` took it out. Runs on every way out
    /// of the guard's scope, unwinding from a panic included.
    fn drop(&mut self) {
        todo!()
    }
}

impl<T: fmt::Debug> fmt::Debug for Guard<'_, T> {
    /// Formats as the object does.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}
