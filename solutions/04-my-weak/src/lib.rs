//! Exercise 04: `MyWeak<T>`, weak references for your own `MyRc<T>`, built from scratch.
//!
//! One heap block, an `RcBox`, holds two counts and the value. A [`MyRc`] keeps the value
//! alive; a [`MyWeak`] keeps only the block alive, so it can always ask "is the value still
//! there?" and, if so, [`upgrade`](MyWeak::upgrade) into a `MyRc`. The value is dropped when the
//! last `MyRc` goes; the block is freed when the last handle of either kind goes. This is
//! Rust's `Rc`/`Weak` scheme; CPython's `weakref.ref` does the opposite bookkeeping (it clears
//! every weak reference when the object dies). Book: `book/src/04-my-weak.md`.
//!
//! # Safety contract
//!
//! Every `unsafe` block below relies on these invariants, by number:
//!
//! 1. `ptr` points to an `RcBox<T>` allocated by `Box`, and the block stays allocated for as
//!    long as any `MyRc` or `MyWeak` to it exists: it is freed only by whoever takes `weak`
//!    from 1 to 0.
//! 2. `strong` equals the number of `MyRc` handles to the block. `clone` and a successful
//!    `upgrade` add one; `drop` and a successful `try_unwrap` take one away.
//! 3. `weak` equals the number of `MyWeak` handles to the block, plus one while `strong > 0`:
//!    the strong handles together hold one weak count, given up by the one that takes `strong`
//!    to 0. So `weak` reaches 0 only after `strong` has, and only once.
//! 4. The value is alive while `strong > 0`. Whoever takes `strong` from 1 to 0 drops it (or
//!    moves it out) exactly once, and nobody reads it afterwards: `upgrade` refuses at
//!    `strong == 0`, and a `MyWeak` never touches the value.
//! 5. Neither handle is `Send` or `Sync` (their `NonNull` fields see to that), so the `Cell`
//!    counts are only ever touched by one thread.
//! 6. When `strong == 1` and no `MyWeak` exists, the `MyRc` in hand is the only way to reach
//!    the value, so it may lend `&mut T` or move the value out. (A `MyWeak` could `upgrade`
//!    into a second way, so it counts.)
//! 7. A reference to the whole block (`MyRc::inner`) is made only while the value is alive.
//!    Code that may run when the value is gone or being dropped (every `MyWeak` method, the
//!    end of `MyRc::drop`) reaches the counts through the raw pointer, field by field.

#![deny(unsafe_op_in_unsafe_fn)]

use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;
use std::mem::ManuallyDrop;
use std::ops::Deref;
use std::ptr::NonNull;

/// The one heap block behind all handles to a value: the counts, then the value.
struct RcBox<T> {
    // solution:begin remove
    strong: Cell<usize>,
    weak: Cell<usize>,
    // ManuallyDrop: the value is dropped when `strong` reaches 0, long before `Box` frees the
    // block (at `weak == 0`). Dropping the `Box<RcBox<T>>` then frees memory and nothing else.
    value: ManuallyDrop<T>,
    // solution:end
    //~ // TODO: your layout (see "The layout" in the book). Replace this placeholder with the
    //~ // two counts and the value, stored so that it can be dropped before the block is freed.
    //~ placeholder: PhantomData<T>,
}

/// A reference-counted pointer to a `T` on the heap, for one thread; it can hand out
/// [`MyWeak`] handles that do not keep the value alive.
///
/// ```
/// use my_weak_solution::MyRc;
///
/// let a = MyRc::new(String::from("shared"));
/// let b = a.clone();
/// assert_eq!(MyRc::strong_count(&a), 2);
/// assert_eq!(*b, "shared");
/// ```
pub struct MyRc<T> {
    ptr: NonNull<RcBox<T>>,
    // Records that a MyRc<T> owns a T (dropping it may drop a T); see chapter 02.
    _owns: PhantomData<RcBox<T>>,
}

/// A weak handle to a value owned by [`MyRc`]s (Python: `weakref.ref`): it keeps the heap
/// block alive but not the value, and gives access only through [`upgrade`](MyWeak::upgrade).
///
/// ```
/// use my_weak_solution::MyRc;
///
/// let strong = MyRc::new(42);
/// let weak = MyRc::downgrade(&strong);
/// assert_eq!(weak.upgrade().as_deref(), Some(&42));
/// drop(strong);
/// assert!(weak.upgrade().is_none());
/// ```
pub struct MyWeak<T> {
    // None for `MyWeak::new()`: a handle to nothing, which allocates nothing.
    ptr: Option<NonNull<RcBox<T>>>,
}

impl<T> MyRc<T> {
    /// Moves `value` into a new heap block, with one strong handle and no weak ones.
    ///
    /// ```
    /// use my_weak_solution::MyRc;
    ///
    /// let rc = MyRc::new(5);
    /// assert_eq!(*rc, 5);
    /// assert_eq!((MyRc::strong_count(&rc), MyRc::weak_count(&rc)), (1, 0));
    /// ```
    pub fn new(value: T) -> Self {
        // solution:begin
        let boxed = Box::new(RcBox {
            strong: Cell::new(1),
            // (3): no MyWeak yet, plus the one the strong handles hold together.
            weak: Cell::new(1),
            value: ManuallyDrop::new(value),
        });
        Self {
            ptr: NonNull::from(Box::leak(boxed)),
            _owns: PhantomData,
        }
        // solution:end
    }

    /// The shared block, for use while the value is alive. Given: it shows the shape of every
    /// `unsafe` block you will write.
    fn inner(&self) -> &RcBox<T> {
        // SAFETY: (1) the block is allocated while `self` exists; (4, 7) `self` is a strong
        // handle, so the value is alive; shared references are all anyone holds, except
        // under (6).
        unsafe { self.ptr.as_ref() }
    }

    /// How many `MyRc` handles point at this value (Python: `sys.getrefcount(x) - 1`).
    ///
    /// ```
    /// use my_weak_solution::MyRc;
    ///
    /// let a = MyRc::new(());
    /// let b = a.clone();
    /// assert_eq!(MyRc::strong_count(&a), 2);
    /// drop(b);
    /// assert_eq!(MyRc::strong_count(&a), 1);
    /// ```
    pub fn strong_count(this: &Self) -> usize {
        // solution:begin
        this.inner().strong.get()
        // solution:end
    }

    /// How many `MyWeak` handles point at this value (Python: `weakref.getweakrefcount(x)`).
    ///
    /// ```
    /// use my_weak_solution::MyRc;
    ///
    /// let rc = MyRc::new("x");
    /// let weak = MyRc::downgrade(&rc);
    /// let other = weak.clone();
    /// assert_eq!(MyRc::weak_count(&rc), 2);
    /// drop((weak, other));
    /// assert_eq!(MyRc::weak_count(&rc), 0);
    /// ```
    pub fn weak_count(this: &Self) -> usize {
        // solution:begin
        // (3): while this strong handle exists, one of the weak counts is the strong handles'.
        this.inner().weak.get() - 1
        // solution:end
    }

    /// A new weak handle to this value (Python: `weakref.ref(x)`). The strong count does not
    /// change; nothing is allocated.
    ///
    /// ```
    /// use my_weak_solution::MyRc;
    ///
    /// let rc = MyRc::new(7);
    /// let weak = MyRc::downgrade(&rc);
    /// assert_eq!((MyRc::strong_count(&rc), MyRc::weak_count(&rc)), (1, 1));
    /// assert_eq!(weak.upgrade().map(|value| *value), Some(7));
    /// ```
    pub fn downgrade(this: &Self) -> MyWeak<T> {
        // solution:begin
        let weak = &this.inner().weak;
        weak.set(weak.get() + 1);
        MyWeak {
            ptr: Some(this.ptr),
        }
        // solution:end
    }

    /// Whether two handles point at the same allocation (Python's `is`), not equal values.
    /// Given: it is chapter 02's, unchanged.
    ///
    /// ```
    /// use my_weak_solution::MyRc;
    ///
    /// let a = MyRc::new(1);
    /// assert!(MyRc::ptr_eq(&a, &a.clone()));
    /// assert!(!MyRc::ptr_eq(&a, &MyRc::new(1)));
    /// ```
    pub fn ptr_eq(this: &Self, other: &Self) -> bool {
        this.ptr == other.ptr
    }

    /// A mutable reference to the value if this is the only handle of either kind, `None`
    /// otherwise: a weak handle could be upgraded into a second way to the value.
    ///
    /// ```
    /// use my_weak_solution::MyRc;
    ///
    /// let mut a = MyRc::new(1);
    /// *MyRc::get_mut(&mut a).unwrap() += 1;
    /// let weak = MyRc::downgrade(&a);
    /// assert!(MyRc::get_mut(&mut a).is_none());
    /// drop(weak);
    /// assert_eq!(MyRc::get_mut(&mut a).copied(), Some(2));
    /// ```
    pub fn get_mut(this: &mut Self) -> Option<&mut T> {
        // solution:begin
        let inner = this.inner();
        if inner.strong.get() != 1 || inner.weak.get() != 1 {
            return None;
        }
        // SAFETY: (1, 4) the block and the value are alive; (3, 6) one strong handle and no
        // weak one, and `this` is borrowed mutably for as long as the returned reference
        // lives, so nothing else can reach the value meanwhile.
        Some(unsafe { &mut this.ptr.as_mut().value })
        // solution:end
    }

    /// Moves the value out if this is the only strong handle; gives the handle back unchanged
    /// otherwise. Weak handles may remain: they keep the (now empty) block alive and can no
    /// longer upgrade.
    ///
    /// ```
    /// use my_weak_solution::MyRc;
    ///
    /// let a = MyRc::new(String::from("mine"));
    /// let weak = MyRc::downgrade(&a);
    /// let a = match MyRc::try_unwrap(a) {
    ///     Ok(value) => value,
    ///     Err(_) => unreachable!("the only strong handle"),
    /// };
    /// assert_eq!(a, "mine");
    /// assert!(weak.upgrade().is_none());
    /// ```
    pub fn try_unwrap(this: Self) -> Result<T, Self> {
        // solution:begin
        if MyRc::strong_count(&this) != 1 {
            return Err(this);
        }
        // Our Drop must not run: it would drop the value we are moving out.
        let this = ManuallyDrop::new(this);
        this.inner().strong.set(0);
        // SAFETY: (1) the block is allocated; (2, 4) `strong` went from 1 to 0 here, so this
        // is the one place that takes the value, and nobody reads it afterwards. The raw
        // place `(*ptr).value` makes no reference to the whole block (7).
        let value = unsafe { ManuallyDrop::take(&mut (*this.ptr.as_ptr()).value) };
        // SAFETY: (3) the strong handles' weak count is ours to give up: `strong` is 0.
        unsafe { release_weak(this.ptr) };
        Ok(value)
        // solution:end
    }
}

// solution:begin remove
/// Gives up one weak count of the block at `ptr`; the one that takes it to 0 frees the block.
///
/// # Safety
///
/// `ptr` is a block of invariant (1), and the caller owns one of its weak counts (3) and does
/// not use `ptr` afterwards.
unsafe fn release_weak<T>(ptr: NonNull<RcBox<T>>) {
    // SAFETY: (1) the caller still owns a weak count, so the block is allocated; (7) a
    // reference to the count alone, since the value may be gone or being dropped.
    let weak = unsafe { &(*ptr.as_ptr()).weak };
    weak.set(weak.get() - 1);
    if weak.get() == 0 {
        // SAFETY: (1) the block came from `Box::leak`; (3) no handle of either kind is left,
        // so nobody can reach it. The value is gone already (4) and `ManuallyDrop` keeps
        // `Box` from dropping it again: this frees the memory only.
        drop(unsafe { Box::from_raw(ptr.as_ptr()) });
    }
}
// solution:end

impl<T> Clone for MyRc<T> {
    /// Another handle to the same value: the strong count goes up by one (`Py_INCREF`).
    fn clone(&self) -> Self {
        // solution:begin
        let strong = &self.inner().strong;
        strong.set(strong.get() + 1);
        Self {
            ptr: self.ptr,
            _owns: PhantomData,
        }
        // solution:end
    }
}

impl<T> Drop for MyRc<T> {
    /// The strong count goes down by one. The handle that takes it to zero drops the value,
    /// then gives up the strong handles' weak count; the block is freed only if no `MyWeak`
    /// is left.
    fn drop(&mut self) {
        // solution:begin
        let strong = &self.inner().strong;
        strong.set(strong.get() - 1);
        if strong.get() > 0 {
            return;
        }
        // `strong` is 0 before the value's destructor runs, so a MyWeak upgraded from inside
        // it gets None instead of a second owner of a value being dropped.
        // SAFETY: (1) the block is allocated; (2, 4) this handle took `strong` to 0, so the
        // value is alive and this is the one place that drops it; (7) through the raw place,
        // with no reference to the whole block.
        unsafe { ManuallyDrop::drop(&mut (*self.ptr.as_ptr()).value) };
        // SAFETY: (3) `strong` is 0, so the strong handles' weak count is ours to give up,
        // and `self.ptr` is not used again.
        unsafe { release_weak(self.ptr) };
        // solution:end
    }
}

impl<T> Deref for MyRc<T> {
    type Target = T;

    /// Shared access to the value: `*rc`, and method calls through the handle.
    fn deref(&self) -> &T {
        // solution:begin
        &self.inner().value
        // solution:end
    }
}

impl<T: fmt::Debug> fmt::Debug for MyRc<T> {
    /// Formats as the value does.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl<T: fmt::Display> fmt::Display for MyRc<T> {
    /// Formats as the value does.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&**self, f)
    }
}

impl<T> MyWeak<T> {
    /// A weak handle to nothing: it never upgrades, and making it allocates nothing.
    ///
    /// ```
    /// use my_weak_solution::MyWeak;
    ///
    /// let empty: MyWeak<String> = MyWeak::new();
    /// assert!(empty.upgrade().is_none());
    /// assert_eq!((empty.strong_count(), empty.weak_count()), (0, 0));
    /// ```
    pub fn new() -> Self {
        // solution:begin
        Self { ptr: None }
        // solution:end
    }

    // solution:begin remove
    /// The block's two counts, `(strong, weak)`, or `None` for a handle made by `new`.
    fn counts(&self) -> Option<(&Cell<usize>, &Cell<usize>)> {
        let ptr = self.ptr?;
        // SAFETY: (1) this handle's weak count keeps the block allocated while `self` lives;
        // (7) references to the counts alone, never to the value, which may be gone.
        Some(unsafe { (&(*ptr.as_ptr()).strong, &(*ptr.as_ptr()).weak) })
    }
    // solution:end

    /// A strong handle to the value if it is still alive, `None` once the last `MyRc` is gone
    /// (Python: calling the `weakref.ref`, which returns the object or `None`).
    ///
    /// ```
    /// use my_weak_solution::MyRc;
    ///
    /// let rc = MyRc::new(String::from("alive"));
    /// let weak = MyRc::downgrade(&rc);
    /// let again = weak.upgrade().unwrap();
    /// assert!(MyRc::ptr_eq(&rc, &again));
    /// assert_eq!(MyRc::strong_count(&rc), 2);
    /// drop((rc, again));
    /// assert!(weak.upgrade().is_none());
    /// ```
    pub fn upgrade(&self) -> Option<MyRc<T>> {
        // solution:begin
        let (strong, _) = self.counts()?;
        if strong.get() == 0 {
            // (4) the value is gone: a strong handle now would reach dropped memory.
            return None;
        }
        strong.set(strong.get() + 1);
        Some(MyRc {
            ptr: self.ptr?,
            _owns: PhantomData,
        })
        // solution:end
    }

    /// How many `MyRc` handles keep the value alive: 0 once it is gone, and for `new()`.
    ///
    /// ```
    /// use my_weak_solution::MyRc;
    ///
    /// let rc = MyRc::new(1);
    /// let weak = MyRc::downgrade(&rc);
    /// assert_eq!(weak.strong_count(), 1);
    /// drop(rc);
    /// assert_eq!(weak.strong_count(), 0);
    /// ```
    pub fn strong_count(&self) -> usize {
        // solution:begin
        self.counts().map_or(0, |(strong, _)| strong.get())
        // solution:end
    }

    /// How many `MyWeak` handles point at this block, this one included; 0 for `new()`.
    /// Unlike `std::rc::Weak::weak_count`, which says 0 once the value is gone, this keeps
    /// counting the handles that keep the empty block allocated.
    ///
    /// ```
    /// use my_weak_solution::MyRc;
    ///
    /// let rc = MyRc::new(1);
    /// let weak = MyRc::downgrade(&rc);
    /// let other = weak.clone();
    /// assert_eq!(weak.weak_count(), 2);
    /// drop(rc);
    /// assert_eq!(other.weak_count(), 2);
    /// ```
    pub fn weak_count(&self) -> usize {
        // solution:begin
        let Some((strong, weak)) = self.counts() else {
            return 0;
        };
        // (3): while strong handles exist, one of the weak counts is theirs.
        weak.get() - usize::from(strong.get() > 0)
        // solution:end
    }
}

impl<T> Clone for MyWeak<T> {
    /// Another weak handle to the same block: the weak count goes up by one.
    fn clone(&self) -> Self {
        // solution:begin
        if let Some((_, weak)) = self.counts() {
            weak.set(weak.get() + 1);
        }
        Self { ptr: self.ptr }
        // solution:end
    }
}

impl<T> Drop for MyWeak<T> {
    /// The weak count goes down by one; the last handle of either kind frees the block.
    fn drop(&mut self) {
        // solution:begin
        if let Some(ptr) = self.ptr {
            // SAFETY: (1, 3) this handle owns one weak count of the block and is going away.
            unsafe { release_weak(ptr) };
        }
        // solution:end
    }
}

impl<T> Default for MyWeak<T> {
    /// Same as [`MyWeak::new`]: a weak handle to nothing.
    fn default() -> Self {
        Self::new()
    }
}

impl<T> fmt::Debug for MyWeak<T> {
    /// Prints `(MyWeak)`: the value may be gone, and looking would need an `upgrade`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(MyWeak)")
    }
}
