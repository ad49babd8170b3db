//! Exercise 02: `MyRc<T>`, a single-threaded reference-counted pointer built from scratch.
//!
//! One heap block, an [`RcBox`], holds the strong count and the value; every `MyRc` handle is a
//! pointer to it. This is CPython's object model in miniature: `ob_refcnt` next to the object's
//! data, `Py_INCREF` in `clone`, `Py_DECREF` in `drop`, and the value freed by whoever brings
//! the count to zero. Book: `book/src/02-my-rc.md`.
//!
//! # Safety contract
//!
//! Every `unsafe` block below relies on these invariants, by number:
//!
//! 1. `ptr` points to a live `RcBox<T>` allocated by `Box` for as long as any `MyRc` to it
//!    exists: the box is freed only by the handle that brings `strong` from 1 to 0.
//! 2. `strong` equals the number of `MyRc` handles to the box. `clone` adds one, `drop` and
//!    `try_unwrap` (on success) take one away; nothing else changes it.
//! 3. `MyRc` is neither `Send` nor `Sync` (its `NonNull` field sees to that), so the `Cell`
//!    count is only ever touched by one thread.
//! 4. When `strong == 1`, the handle in hand is the only way to reach the value, so it may
//!    hand out `&mut T` (for as long as it is borrowed mutably) or move the value out.

#![deny(unsafe_op_in_unsafe_fn)]

use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;
use std::ops::Deref;
use std::ptr::NonNull;

/// The one heap block behind all handles to a value: the count, then the value.
struct RcBox<T> {
    strong: Cell<usize>,
    value: T,
}

/// A reference-counted pointer to a `T` on the heap, for one thread.
///
/// ```
/// use my_rc_solution::MyRc;
///
/// let a = MyRc::new(String::from("shared"));
/// let b = a.clone();
/// assert_eq!(MyRc::strong_count(&a), 2);
/// assert_eq!(*b, "shared");
/// ```
pub struct MyRc<T> {
    ptr: NonNull<RcBox<T>>,
    // Records that a MyRc<T> owns an RcBox<T> (dropping it may drop a T); see the book.
    _owns: PhantomData<RcBox<T>>,
}

impl<T> MyRc<T> {
    /// Moves `value` into a new heap block with a count of one.
    ///
    /// ```
    /// use my_rc_solution::MyRc;
    ///
    /// let rc = MyRc::new(5);
    /// assert_eq!(*rc, 5);
    /// assert_eq!(MyRc::strong_count(&rc), 1);
    /// ```
    pub fn new(value: T) -> Self {
        // solution:begin
        let boxed = Box::new(RcBox {
            strong: Cell::new(1),
            value,
        });
        Self {
            ptr: NonNull::from(Box::leak(boxed)),
            _owns: PhantomData,
        }
        // solution:end
    }

    /// The shared block. Given: it shows the shape of every `unsafe` block you will write.
    fn inner(&self) -> &RcBox<T> {
        // SAFETY: (1) the box is alive while `self` exists, and shared references to it are
        // all anyone holds, except under (4).
        unsafe { self.ptr.as_ref() }
    }

    /// How many `MyRc` handles point at this value (Python: `sys.getrefcount(x) - 1`).
    /// Written `MyRc::strong_count(&rc)`, like `Rc`'s, so it cannot clash with `T`'s methods.
    ///
    /// ```
    /// use my_rc_solution::MyRc;
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

    /// Whether two handles point at the same allocation (Python's `is`), not equal values.
    ///
    /// ```
    /// use my_rc_solution::MyRc;
    ///
    /// let a = MyRc::new(1);
    /// assert!(MyRc::ptr_eq(&a, &a.clone()));
    /// assert!(!MyRc::ptr_eq(&a, &MyRc::new(1)));
    /// ```
    pub fn ptr_eq(this: &Self, other: &Self) -> bool {
        // solution:begin
        this.ptr == other.ptr
        // solution:end
    }

    /// A mutable reference to the value if this is the only handle, `None` otherwise.
    ///
    /// ```
    /// use my_rc_solution::MyRc;
    ///
    /// let mut a = MyRc::new(1);
    /// *MyRc::get_mut(&mut a).unwrap() += 1;
    /// let b = a.clone();
    /// assert!(MyRc::get_mut(&mut a).is_none());
    /// assert_eq!(*b, 2);
    /// ```
    pub fn get_mut(this: &mut Self) -> Option<&mut T> {
        // solution:begin
        if MyRc::strong_count(this) != 1 {
            return None;
        }
        // SAFETY: (1) the box is alive; (4) the count is one and `this` is borrowed mutably
        // for as long as the returned reference lives, so nothing else can reach the value.
        Some(unsafe { &mut this.ptr.as_mut().value })
        // solution:end
    }

    /// Moves the value out if this is the only handle (freeing the block without dropping the
    /// value); gives the handle back unchanged otherwise.
    ///
    /// ```
    /// use my_rc_solution::MyRc;
    ///
    /// let a = MyRc::new(String::from("mine"));
    /// let b = a.clone();
    /// let a = MyRc::try_unwrap(a).unwrap_err();
    /// drop(b);
    /// assert_eq!(MyRc::try_unwrap(a).unwrap(), "mine");
    /// ```
    pub fn try_unwrap(this: Self) -> Result<T, Self> {
        // solution:begin
        if MyRc::strong_count(&this) != 1 {
            return Err(this);
        }
        // Our Drop must not run: this handle's count is being given up by freeing the block.
        let this = std::mem::ManuallyDrop::new(this);
        // SAFETY: (1) the block came from `Box::leak` and is alive; (2, 4) this is the last
        // handle and it is never used again (ManuallyDrop), so the box is ours to free.
        let boxed = unsafe { Box::from_raw(this.ptr.as_ptr()) };
        Ok(boxed.value)
        // solution:end
    }
}

impl<T> Clone for MyRc<T> {
    /// Another handle to the same value: the count goes up by one (Python's `Py_INCREF`).
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
    /// The count goes down by one (Python's `Py_DECREF`); the handle that takes it to zero
    /// drops the value and frees the block.
    fn drop(&mut self) {
        // solution:begin
        let strong = &self.inner().strong;
        let remaining = strong.get() - 1;
        strong.set(remaining);
        if remaining == 0 {
            // SAFETY: (1) the block came from `Box::leak`; (2) the count was one, so this was
            // the last handle and nobody can reach the block after it.
            drop(unsafe { Box::from_raw(self.ptr.as_ptr()) });
        }
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
