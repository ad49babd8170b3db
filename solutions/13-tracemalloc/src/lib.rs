//! Exercise 13: a tracking global allocator with the API of Python's `tracemalloc`.
//!
//! [`Tracker`] is a [`GlobalAlloc`] that forwards every request to [`System`] and, on a thread
//! that called [`start`], counts each live block: its size (as asked of the allocator, as
//! `tracemalloc` counts) under the [`scope`] label it was allocated in, and after
//! [`start_with_call_sites`] where it was allocated. On top of it, the module API of
//! `tracemalloc`: [`start`], [`stop`], [`is_tracing`], [`get_traced_memory`], [`reset_peak`],
//! [`clear_traces`], [`take_snapshot`], and a [`Snapshot`] with [`Snapshot::statistics`],
//! [`Snapshot::compare_to`] and [`Snapshot::filter_traces`]. Book: `book/src/13-tracemalloc.md`.
//!
//! Two rules make it usable from tests:
//!
//! - **Per thread.** Everything is thread-local: a thread traces only what it allocates itself,
//!   so another thread (libtest's main thread, a logger) never moves this thread's figures.
//! - **Never through itself.** While the tracker works (it allocates for its own tables, its
//!   snapshots, its statistics) a thread-local flag is up, and every allocation made meanwhile
//!   goes straight to [`System`] untraced: no recursion, and the tracker's own memory is never
//!   in the figures.
//!
//! A program (or test binary) installs it once:
//!
//! ```
//! use tracemalloc_solution as tm;
//!
//! #[global_allocator]
//! static ALLOCATOR: tm::Tracker = tm::Tracker;
//!
//! tm::start();
//! let buffer: Vec<u8> = Vec::with_capacity(1000);
//! assert_eq!(tm::get_traced_memory(), (1000, 1000));
//! drop(buffer);
//! assert_eq!(tm::get_traced_memory(), (0, 1000));
//! tm::stop();
//! ```

#![warn(clippy::undocumented_unsafe_blocks, missing_docs)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::backtrace::Backtrace;
// solution:begin remove
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::mem::ManuallyDrop;
use std::ptr;
use std::sync::atomic::{AtomicU64, Ordering};
// solution:end
use std::fmt;
use std::sync::Arc;

/// The label of a block allocated outside every [`scope`].
pub const UNSCOPED: &str = "<unscoped>";

/// The global allocator: [`System`], plus a record of every block this thread allocates while
/// it traces.
///
/// ```
/// #[global_allocator]
/// static ALLOCATOR: tracemalloc_solution::Tracker = tracemalloc_solution::Tracker;
/// # fn main() {}
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Tracker;

/// Live blocks of one kind in a [`Snapshot`]: `count` blocks of `size` bytes in all, allocated
/// under one scope (and, with a call site, one block where it was allocated).
#[derive(Debug, Clone)]
struct Trace {
    /// Bytes asked of the allocator, all blocks together.
    size: usize,
    /// How many blocks.
    count: usize,
    /// The innermost [`scope`] open when they were allocated ([`UNSCOPED`] outside every one).
    scope: &'static str,
    /// Where the block was allocated, unresolved (only after [`start_with_call_sites`]).
    site: Option<Arc<Backtrace>>,
}

// solution:begin remove
// How the tracker stays cheap: a few machine instructions per block and no table of blocks.
//
// In front of every block it hands out, traced or not, the tracker keeps a 16-byte `Header`
// saying which tracing session counted the block (0: none) and under which scope. Counting
// then needs no lookup: `alloc` adds the size to this thread's counters (total and per
// scope) and writes the header; `dealloc` reads it, and subtracts the size only when the
// block was counted by this thread's current session. A block counted by another thread, or
// before `stop`/`clear_traces` (each of which ends the session), is left alone. Snapshots
// copy the per-scope counters. Only with call sites, where capturing a backtrace costs
// microseconds anyway, does each block get its own entry, in a table keyed by a number the
// header carries.

/// What the tracker writes in the 16 bytes in front of every block it hands out.
#[derive(Debug, Clone, Copy)]
#[repr(C)]
struct Header {
    /// The tracing session that counted the block; 0 when none did.
    session: u64,
    /// The block's scope (its index in the thread's scope table), or [`SITED`] plus its
    /// number in the thread's table of blocks with a call site.
    tag: u64,
}

/// The bit of [`Header::tag`] that marks a block with a call site.
const SITED: u64 = 1 << 63;

const UNTRACED: Header = Header { session: 0, tag: 0 };

/// Tracing sessions of all threads, numbered from 1, so a header names exactly one.
static SESSIONS: AtomicU64 = AtomicU64::new(1);

/// Blocks bigger than this are refused (no machine has that much memory), so adding the room
/// in front can never overflow a `Layout`.
const LARGEST: usize = isize::MAX as usize / 4;

/// The room in front of a block of `layout` (a multiple of its alignment, so the block stays
/// aligned, and at least a header), and the layout asked of `System` for both together. `None`
/// for a block or an alignment above [`LARGEST`].
#[inline]
fn with_room(layout: Layout) -> Option<(usize, Layout)> {
    // Alignments are powers of two: the larger of the two is a multiple of both.
    let room = layout.align().max(size_of::<Header>());
    if layout.size() > LARGEST || room > LARGEST {
        return None;
    }
    let align = layout.align().max(align_of::<Header>());
    // SAFETY: `align` is a power of two (the larger of two), and `size + room` rounded up to
    // `align` is at most `3 * LARGEST`, below `isize::MAX`.
    let outer = unsafe { Layout::from_size_align_unchecked(layout.size() + room, align) };
    Some((room, outer))
}

/// The header of a block the tracker handed out.
///
/// # Safety
/// `block` was returned by [`Tracker`] and is live.
unsafe fn header_of(block: *mut u8) -> *mut Header {
    // SAFETY: the tracker handed `block` out `room` bytes into a `System` block, `room` being
    // at least `size_of::<Header>()`, so the header lies inside that block (caller's promise).
    unsafe { block.sub(size_of::<Header>()).cast::<Header>() }
}

/// Turns a `System` block (`base`, null on failure) into the block handed out, counting it
/// under `header`.
///
/// # Safety
/// `base` is null or a block of `System` with `room + size` bytes, aligned to at least
/// `align_of::<Header>()`, with `room` a multiple of `size_of::<Header>()`.
unsafe fn hand_out(base: *mut u8, room: usize, header: impl FnOnce() -> Header) -> *mut u8 {
    if base.is_null() {
        return base;
    }
    // SAFETY: `room` bytes in, inside the block of `room + size` bytes.
    let block = unsafe { base.add(room) };
    // SAFETY: the header lies in the `room` bytes in front of `block` (`room` ≥ 16), at
    // `base + room - 16`, aligned to 8 since `base` is and `room` is a multiple of 16.
    unsafe { header_of(block).write(header()) };
    block
}

/// Labels and counters of the blocks (without a call site) traced under one scope.
struct ScopeCounts {
    label: &'static str,
    size: usize,
    count: usize,
}

/// Everything one thread's tracker knows.
struct State {
    /// This thread's tracing session; 0 when not tracing. Every `start` after a `stop`, and
    /// every `clear_traces`, begins a new one.
    session: Cell<u64>,
    call_sites: Cell<bool>,
    /// Up while the tracker works on this thread: allocations made then are not traced.
    busy: Cell<bool>,
    current: Cell<usize>,
    peak: Cell<usize>,
    /// The innermost open [`scope`], as an index in `scopes`.
    scope: Cell<u64>,
    /// Per scope label ever used on this thread (index 0: [`UNSCOPED`]), the counters of
    /// the session's blocks without a call site.
    scopes: ManuallyDrop<RefCell<Vec<ScopeCounts>>>,
    /// The session's blocks with a call site, by their number.
    sited: ManuallyDrop<RefCell<BTreeMap<u64, Trace>>>,
    next_sited: Cell<u64>,
}

// `State` has no destructor (its two tables are `ManuallyDrop`), so reaching it is one
// address computation: a thread-local with a destructor checks on every access whether it is
// registered yet, and that check was a fifth of the tracker's cost. `Cleanup` frees the
// tables when the thread ends; it is registered the first time they are used.

thread_local! {
    static STATE: State = const {
        State {
            session: Cell::new(0),
            call_sites: Cell::new(false),
            busy: Cell::new(false),
            current: Cell::new(0),
            peak: Cell::new(0),
            scope: Cell::new(0),
            scopes: ManuallyDrop::new(RefCell::new(Vec::new())),
            sited: ManuallyDrop::new(RefCell::new(BTreeMap::new())),
            next_sited: Cell::new(0),
        }
    };
    static CLEANUP: Cleanup = const { Cleanup };
}

/// Frees this thread's tables when the thread ends.
struct Cleanup;

impl Drop for Cleanup {
    fn drop(&mut self) {
        let _ = STATE.try_with(|state| {
            let _busy = Busy::raise(state);
            drop(std::mem::take(&mut *state.scopes.borrow_mut()));
            drop(std::mem::take(&mut *state.sited.borrow_mut()));
        });
    }
}

impl State {
    /// The header of a new block of `size` bytes: counted when this thread traces.
    #[inline]
    fn count(&self, size: usize) -> Header {
        let session = self.session.get();
        if session == 0 || self.busy.get() {
            return UNTRACED;
        }
        // Not while panicking: the panic hook holds the backtrace lock while it prints, and
        // `force_capture` would wait for that lock for ever.
        if self.call_sites.get() && !std::thread::panicking() {
            return self.count_with_site(size);
        }
        let scope = self.scope.get();
        let Ok(mut scopes) = self.scopes.try_borrow_mut() else {
            return UNTRACED;
        };
        let Some(counts) = scopes.get_mut(scope as usize) else {
            return UNTRACED;
        };
        counts.size += size;
        counts.count += 1;
        self.grow(size);
        Header {
            session,
            tag: scope,
        }
    }

    /// [`State::count`] for a block that keeps its call site.
    #[cold]
    fn count_with_site(&self, size: usize) -> Header {
        let Some(_busy) = Busy::raise(self) else {
            return UNTRACED;
        };
        let site = Some(Arc::new(Backtrace::force_capture()));
        let scope = match self.scopes.try_borrow() {
            Ok(scopes) => scopes.get(self.scope.get() as usize).map(|s| s.label),
            Err(_) => None,
        };
        let Ok(mut sited) = self.sited.try_borrow_mut() else {
            return UNTRACED;
        };
        let number = self.next_sited.get();
        self.next_sited.set(number + 1);
        let scope = scope.unwrap_or(UNSCOPED);
        sited.insert(
            number,
            Trace {
                size,
                count: 1,
                scope,
                site,
            },
        );
        self.grow(size);
        Header {
            session: self.session.get(),
            tag: SITED | number,
        }
    }

    fn grow(&self, size: usize) {
        let current = self.current.get() + size;
        self.current.set(current);
        if current > self.peak.get() {
            self.peak.set(current);
        }
    }

    /// Forgets a block of `size` bytes with `header`, if this thread's session counted it.
    #[inline]
    fn forget(&self, size: usize, header: Header) {
        if header.session == 0 || header.session != self.session.get() {
            return;
        }
        if header.tag & SITED != 0 {
            return self.forget_sited(size, header.tag & !SITED);
        }
        let Ok(mut scopes) = self.scopes.try_borrow_mut() else {
            return;
        };
        let Some(counts) = scopes.get_mut(header.tag as usize) else {
            return;
        };
        counts.size -= size;
        counts.count -= 1;
        self.current.set(self.current.get() - size);
    }

    /// [`State::forget`] for a block with a call site: its entry goes.
    #[cold]
    fn forget_sited(&self, size: usize, number: u64) {
        let Some(_busy) = Busy::raise(self) else {
            return;
        };
        let Ok(mut sited) = self.sited.try_borrow_mut() else {
            return;
        };
        if sited.remove(&number).is_some() {
            self.current.set(self.current.get() - size);
        }
    }

    fn start(&self, call_sites: bool) {
        if self.session.get() == 0 {
            self.session.set(SESSIONS.fetch_add(1, Ordering::Relaxed));
            self.scope_index(UNSCOPED);
        }
        if call_sites {
            self.call_sites.set(true);
        }
    }

    /// The index of `label` in the scope table, added when new (index 0 is [`UNSCOPED`]).
    /// Call with the busy flag up: the table may grow.
    fn scope_index(&self, label: &'static str) -> u64 {
        let mut scopes = self.scopes.borrow_mut();
        if scopes.is_empty() {
            // The first use of the tables on this thread: free them when it ends.
            let _ = CLEANUP.try_with(|_| ());
            scopes.push(ScopeCounts {
                label: UNSCOPED,
                size: 0,
                count: 0,
            });
        }
        let index = match scopes.iter().position(|s| s.label == label) {
            Some(index) => index,
            None => {
                scopes.push(ScopeCounts {
                    label,
                    size: 0,
                    count: 0,
                });
                scopes.len() - 1
            }
        };
        index as u64
    }

    /// Forgets every block, and ends the session: blocks it counted are not subtracted when
    /// they are freed. Still tracing: a new session begins.
    fn clear(&self) {
        for counts in self.scopes.borrow_mut().iter_mut() {
            counts.size = 0;
            counts.count = 0;
        }
        self.sited.borrow_mut().clear();
        self.current.set(0);
        self.peak.set(0);
        if self.session.get() != 0 {
            self.session.set(SESSIONS.fetch_add(1, Ordering::Relaxed));
        }
    }

    /// The session's live blocks: one [`Trace`] per scope with live blocks, and one per block
    /// with a call site.
    fn traces(&self) -> Vec<Trace> {
        let mut traces: Vec<Trace> = self
            .scopes
            .borrow()
            .iter()
            .filter(|counts| counts.count > 0)
            .map(|counts| Trace {
                size: counts.size,
                count: counts.count,
                scope: counts.label,
                site: None,
            })
            .collect();
        traces.extend(self.sited.borrow().values().cloned());
        traces
    }
}

/// Proof that this thread's tracker is busy; lowers the flag when dropped (also on a panic).
struct Busy;

impl Busy {
    /// Raises `state`'s flag (this thread's), or `None` when it is already up (the tracker is
    /// allocating for itself).
    fn raise(state: &State) -> Option<Busy> {
        // `then`, not `then_some(Busy)`: that would build a guard even when the flag was
        // already up, and dropping it would lower the flag under the outer user's feet.
        (!state.busy.replace(true)).then(|| Busy)
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        let _ = STATE.try_with(|state| state.busy.set(false));
    }
}

/// Runs `work` on this thread's state with the busy flag up; `None` when the tracker is
/// already busy on this thread or the thread is ending.
fn with_state<R>(work: impl FnOnce(&State) -> R) -> Option<R> {
    STATE
        .try_with(|state| Busy::raise(state).map(|_busy| work(state)))
        .ok()
        .flatten()
}

/// Runs `work` with this thread's busy flag up, so what it allocates is not traced.
fn untraced<R>(work: impl FnOnce() -> R) -> R {
    let _busy = STATE.try_with(Busy::raise);
    work()
}
// solution:end

// SAFETY: every method hands the caller's request to `System`, which upholds `GlobalAlloc`'s
// contract, and gives back what `System` returned; the bookkeeping never touches the blocks.
// solution:begin remove
// (Here each block gets a header in front; the comments in each method say why that keeps
// the contract.)
// solution:end
//~ //
//~ // The forwarding is given (a test binary whose allocator panics cannot even list its tests);
//~ // the tracking around it is yours.
unsafe impl GlobalAlloc for Tracker {
    // `#[inline]`: the tracker lives in another crate than the program's `#[global_allocator]`,
    // and without it each request pays one more call (a third of an untraced request's cost).
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // solution:begin remove
        let Some((room, outer)) = with_room(layout) else {
            return ptr::null_mut();
        };
        // SAFETY: `outer` is bigger than `layout`, so not zero-sized.
        let base = unsafe { System.alloc(outer) };
        // SAFETY: `base` is null or a block of `outer`: `room + size` bytes, aligned to at
        // least 8, `room` a multiple of 16 (see `with_room`).
        unsafe { hand_out(base, room, || count(layout.size())) }
        // solution:end
        //~ // SAFETY: our caller guarantees `layout` has a non-zero size, as `System.alloc` needs.
        //~ let ptr = unsafe { System.alloc(layout) };
        //~ // TODO: trace the block (on this thread, while tracing, never through yourself).
        //~ ptr
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // solution:begin remove
        let Some((room, outer)) = with_room(layout) else {
            return ptr::null_mut();
        };
        // SAFETY: `outer` is bigger than `layout`, so not zero-sized.
        let base = unsafe { System.alloc_zeroed(outer) };
        // SAFETY: as in `alloc`; the header overwrites only the room, the block stays zeroed.
        unsafe { hand_out(base, room, || count(layout.size())) }
        // solution:end
        //~ // SAFETY: our caller guarantees `layout` has a non-zero size, as `System.alloc_zeroed`
        //~ // needs.
        //~ let ptr = unsafe { System.alloc_zeroed(layout) };
        //~ // TODO: trace the block.
        //~ ptr
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // solution:begin remove
        // `alloc` succeeded with this very layout, so `with_room` does again.
        let Some((room, outer)) = with_room(layout) else {
            return;
        };
        // SAFETY: our caller guarantees `ptr` is a live block of ours.
        let header = unsafe { header_of(ptr).read() };
        // Forget the block first: once `System` has it back, another thread may get it.
        let _ = STATE.try_with(|state| state.forget(layout.size(), header));
        // SAFETY: `ptr` was handed out `room` bytes into a `System` block of `outer` (the same
        // computation as in `alloc`), which is not used again (our caller's promise).
        unsafe { System.dealloc(ptr.sub(room), outer) }
        // solution:end
        //~ // TODO: forget the block's trace (before `System` can hand the address out again).
        //~ // SAFETY: our caller guarantees `ptr` was allocated by this allocator (so by `System`,
        //~ // which did all our allocating) with this `layout`, and is not used again.
        //~ unsafe { System.dealloc(ptr, layout) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // solution:begin remove
        let Some((room, outer)) = with_room(layout) else {
            return ptr::null_mut();
        };
        if new_size > LARGEST {
            return ptr::null_mut();
        }
        let new_outer_size = new_size + room;
        // SAFETY: our caller guarantees `ptr` is a live block of ours.
        let header = unsafe { header_of(ptr).read() };
        // SAFETY: `ptr` was handed out `room` bytes into a `System` block of `outer`;
        // `new_outer_size` is non-zero and, rounded up to the alignment, fits a `Layout`
        // (both terms are at most `LARGEST`).
        let base = unsafe { System.realloc(ptr.sub(room), outer, new_outer_size) };
        // SAFETY: `base` is null (the old block stays, still counted) or a block of
        // `new_outer_size = room + new_size` bytes with `outer`'s alignment.
        unsafe {
            hand_out(base, room, || {
                // As CPython's tracemalloc does: the old block's trace goes, then the new
                // block is traced with its whole new size, under the scope open now.
                STATE
                    .try_with(|state| {
                        state.forget(layout.size(), header);
                        state.count(new_size)
                    })
                    .unwrap_or(UNTRACED)
            })
        }
        // solution:end
        //~ // SAFETY: our caller guarantees `ptr` is a live block of ours (so of `System`'s) with
        //~ // this `layout`, and that `new_size` is non-zero and does not overflow when rounded up
        //~ // to `layout.align()`.
        //~ let new_ptr = unsafe { System.realloc(ptr, layout, new_size) };
        //~ // TODO: on success, the old block's trace goes and the new block is traced.
        //~ new_ptr
    }
}

// solution:begin remove
/// The header of a new block of `size` bytes, counted when this thread traces.
#[inline]
fn count(size: usize) -> Header {
    STATE
        .try_with(|state| state.count(size))
        .unwrap_or(UNTRACED)
}
// solution:end

/// Starts tracing this thread's allocations (without call sites). Already tracing: nothing
/// changes, as `tracemalloc.start()` twice.
///
/// ```
/// # #[global_allocator] static A: tracemalloc_solution::Tracker = tracemalloc_solution::Tracker;
/// tracemalloc_solution::start();
/// assert!(tracemalloc_solution::is_tracing());
/// tracemalloc_solution::stop();
/// ```
pub fn start() {
    // solution:begin stage=1
    with_state(|state| state.start(false));
    // solution:end
}

/// Starts tracing, and from now on also captures where each block is allocated (a
/// [`Backtrace`], resolved only when [`Snapshot::statistics`] asks for [`Key::CallSite`]).
/// Costly: microseconds per allocation. Blocks allocated before keep no call site.
///
/// ```
/// # #[global_allocator] static A: tracemalloc_solution::Tracker = tracemalloc_solution::Tracker;
/// use tracemalloc_solution::{self as tm, Key};
///
/// #[inline(never)]
/// fn make_buffer() -> Vec<u8> {
///     Vec::with_capacity(64)
/// }
///
/// tm::start_with_call_sites();
/// let buffer = make_buffer();
/// let stats = tm::take_snapshot().unwrap().statistics(Key::CallSite);
/// assert!(stats[0].key.contains("make_buffer"), "{}", stats[0].key);
/// tm::stop();
/// # drop(buffer);
/// ```
pub fn start_with_call_sites() {
    // solution:begin stage=3
    with_state(|state| state.start(true));
    // solution:end
}

/// Stops tracing this thread and forgets every trace: current and peak go back to 0, as
/// `tracemalloc.stop()` does.
///
/// ```
/// # #[global_allocator] static A: tracemalloc_solution::Tracker = tracemalloc_solution::Tracker;
/// use tracemalloc_solution as tm;
///
/// tm::start();
/// let kept = Box::new([0u8; 100]);
/// tm::stop();
/// assert!(!tm::is_tracing());
/// assert_eq!(tm::get_traced_memory(), (0, 0));
/// # drop(kept);
/// ```
pub fn stop() {
    // solution:begin stage=1
    with_state(|state| {
        state.session.set(0);
        state.call_sites.set(false);
        state.clear();
    });
    // solution:end
}

/// Whether this thread is tracing.
///
/// ```
/// # #[global_allocator] static A: tracemalloc_solution::Tracker = tracemalloc_solution::Tracker;
/// assert!(!tracemalloc_solution::is_tracing());
/// ```
pub fn is_tracing() -> bool {
    // solution:begin stage=1
    with_state(|state| state.session.get() != 0).unwrap_or(false)
    // solution:end
}

/// `(current, peak)`: the bytes of this thread's traced blocks that are live now, and the most
/// that were live at once since tracing started (or since [`reset_peak`] or
/// [`clear_traces`]). `(0, 0)` when not tracing.
///
/// ```
/// # #[global_allocator] static A: tracemalloc_solution::Tracker = tracemalloc_solution::Tracker;
/// use tracemalloc_solution as tm;
///
/// tm::start();
/// let a = Box::new(1u64);
/// let b = Box::new([0u32; 4]);
/// drop(a);
/// assert_eq!(tm::get_traced_memory(), (16, 24));
/// tm::stop();
/// # drop(b);
/// ```
pub fn get_traced_memory() -> (usize, usize) {
    // solution:begin stage=1
    with_state(|state| (state.current.get(), state.peak.get())).unwrap_or((0, 0))
    // solution:end
}

/// Sets the peak to the current size, so the next [`get_traced_memory`] reports the peak of
/// what follows (`tracemalloc.reset_peak()`, Python 3.9+). Does nothing when not tracing.
///
/// ```
/// # #[global_allocator] static A: tracemalloc_solution::Tracker = tracemalloc_solution::Tracker;
/// use tracemalloc_solution as tm;
///
/// tm::start();
/// drop(Vec::<u8>::with_capacity(4096));
/// let kept = Box::new(7u8);
/// tm::reset_peak();
/// assert_eq!(tm::get_traced_memory(), (1, 1));
/// tm::stop();
/// # drop(kept);
/// ```
pub fn reset_peak() {
    // solution:begin stage=1
    with_state(|state| {
        if state.session.get() != 0 {
            state.peak.set(state.current.get());
        }
    });
    // solution:end
}

/// Forgets every trace, and current and peak go to 0, but tracing goes on
/// (`tracemalloc.clear_traces()`). A block allocated before is not counted when it is freed.
///
/// ```
/// # #[global_allocator] static A: tracemalloc_solution::Tracker = tracemalloc_solution::Tracker;
/// use tracemalloc_solution as tm;
///
/// tm::start();
/// let old = Box::new([0u8; 10]);
/// tm::clear_traces();
/// drop(old);
/// assert_eq!(tm::get_traced_memory(), (0, 0));
/// tm::stop();
/// ```
pub fn clear_traces() {
    // solution:begin stage=1
    with_state(|state| {
        if state.session.get() != 0 {
            state.clear();
        }
    });
    // solution:end
}

/// Runs `work` with `label` as the current scope: blocks it allocates (on this thread) are
/// traced under `label`. Scopes nest (the innermost label wins) and the previous label comes
/// back when `work` returns or panics.
///
/// ```
/// # #[global_allocator] static A: tracemalloc_solution::Tracker = tracemalloc_solution::Tracker;
/// use tracemalloc_solution::{self as tm, Key};
///
/// tm::start();
/// let parsed = tm::scope("parse", || vec![0u8; 300]);
/// let stats = tm::take_snapshot().unwrap().statistics(Key::Scope);
/// assert_eq!((stats[0].key.as_str(), stats[0].size, stats[0].count), ("parse", 300, 1));
/// tm::stop();
/// # drop(parsed);
/// ```
pub fn scope<R>(label: &'static str, work: impl FnOnce() -> R) -> R {
    // solution:begin stage=2
    /// Puts the outer label back when dropped, also during a panic.
    struct Restore(u64);
    impl Drop for Restore {
        fn drop(&mut self) {
            let _ = STATE.try_with(|state| state.scope.set(self.0));
        }
    }
    let index = with_state(|state| state.scope_index(label)).unwrap_or(0);
    let _restore = Restore(STATE.with(|state| state.scope.replace(index)));
    work()
    // solution:end
}

/// What [`take_snapshot`] answers when this thread is not tracing: Python's `RuntimeError`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotTracing;

impl fmt::Display for NotTracing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the tracemalloc module must be tracing memory allocations to take a snapshot")
    }
}

impl std::error::Error for NotTracing {}

/// A copy of this thread's traces at one moment (`tracemalloc.take_snapshot()`), or
/// [`NotTracing`].
///
/// ```
/// # #[global_allocator] static A: tracemalloc_solution::Tracker = tracemalloc_solution::Tracker;
/// use tracemalloc_solution::{self as tm, NotTracing};
///
/// assert_eq!(tm::take_snapshot().err(), Some(NotTracing));
/// tm::start();
/// let block = Box::new(5u32);
/// assert_eq!(tm::take_snapshot().unwrap().len(), 1);
/// tm::stop();
/// # drop(block);
/// ```
pub fn take_snapshot() -> Result<Snapshot, NotTracing> {
    // solution:begin stage=2
    with_state(|state| {
        if state.session.get() != 0 {
            Ok(Snapshot {
                traces: state.traces(),
            })
        } else {
            Err(NotTracing)
        }
    })
    .unwrap_or(Err(NotTracing))
    // solution:end
}

/// How [`Snapshot::statistics`] groups traces: Python's `key_type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// By the [`scope`] label ([`UNSCOPED`] outside every scope).
    Scope,
    /// By call site: `"function at file:line:column"` of the first frame outside the tracker
    /// and the standard library (`'lineno'` in Python). Only blocks allocated after
    /// [`start_with_call_sites`] have one; the others are grouped under `"<unknown>"`.
    CallSite,
}

/// One group of a [`Snapshot::statistics`]: Python's `Statistic`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statistic {
    /// The scope label or the call site.
    pub key: String,
    /// Total bytes of the group's blocks.
    pub size: usize,
    /// Number of blocks.
    pub count: usize,
}

/// One group of a [`Snapshot::compare_to`]: Python's `StatisticDiff`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatisticDiff {
    /// The scope label or the call site.
    pub key: String,
    /// Bytes in the new snapshot.
    pub size: usize,
    /// New minus old bytes.
    pub size_diff: isize,
    /// Blocks in the new snapshot.
    pub count: usize,
    /// New minus old blocks.
    pub count_diff: isize,
}

/// Keeps or drops traces in [`Snapshot::filter_traces`] by their scope label: Python's
/// `tracemalloc.Filter(inclusive, filename_pattern)`, with a label instead of a file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Filter {
    /// `true`: keep only matching traces (when several inclusive filters are given, a trace
    /// matching any one of them); `false`: drop matching traces.
    pub inclusive: bool,
    /// The scope label to match ([`UNSCOPED`] matches blocks outside every scope).
    pub scope: &'static str,
}

impl Filter {
    /// Keep only traces of this scope (or of another inclusive filter's).
    pub fn include(scope: &'static str) -> Self {
        Filter {
            inclusive: true,
            scope,
        }
    }

    /// Drop the traces of this scope.
    pub fn exclude(scope: &'static str) -> Self {
        Filter {
            inclusive: false,
            scope,
        }
    }
}

/// The traces of one thread at one moment. Made by [`take_snapshot`]; its own memory is the
/// tracker's and is never traced.
#[derive(Debug, Clone)]
pub struct Snapshot {
    traces: Vec<Trace>,
}

impl Snapshot {
    /// The number of traced blocks.
    pub fn len(&self) -> usize {
        // solution:begin stage=2
        self.traces.iter().map(|trace| trace.count).sum()
        // solution:end
    }

    /// Whether no block was traced.
    pub fn is_empty(&self) -> bool {
        // solution:begin stage=2
        self.len() == 0
        // solution:end
    }

    /// The traces grouped by `key`, biggest first, as Python sorts them: by size, then count,
    /// then key, all descending.
    ///
    /// ```
    /// # #[global_allocator] static A: tracemalloc_solution::Tracker = tracemalloc_solution::Tracker;
    /// use tracemalloc_solution::{self as tm, Key, Statistic};
    ///
    /// tm::start();
    /// let small = tm::scope("small", || Box::new([0u8; 10]));
    /// let big = tm::scope("big", || (Box::new([0u8; 20]), Box::new([0u8; 30])));
    /// let stats = tm::take_snapshot().unwrap().statistics(Key::Scope);
    /// assert_eq!(stats, [
    ///     Statistic { key: "big".into(), size: 50, count: 2 },
    ///     Statistic { key: "small".into(), size: 10, count: 1 },
    /// ]);
    /// tm::stop();
    /// # drop((small, big));
    /// ```
    pub fn statistics(&self, key: Key) -> Vec<Statistic> {
        // solution:begin stage=2
        untraced(|| {
            let mut groups: HashMap<String, (usize, usize)> = HashMap::new();
            for trace in &self.traces {
                let group = groups.entry(trace_key(trace, key)).or_default();
                group.0 += trace.size;
                group.1 += trace.count;
            }
            let mut stats: Vec<Statistic> = groups
                .into_iter()
                .map(|(key, (size, count))| Statistic { key, size, count })
                .collect();
            stats.sort_by(|a, b| (b.size, b.count, &b.key).cmp(&(a.size, a.count, &a.key)));
            stats
        })
        // solution:end
    }

    /// What changed since `old`, grouped by `key`: one entry per key of either snapshot, sorted
    /// as Python's `Snapshot.compare_to` sorts, descending by the absolute size difference,
    /// then the size, then the absolute count difference, then the count, then the key.
    ///
    /// ```
    /// # #[global_allocator] static A: tracemalloc_solution::Tracker = tracemalloc_solution::Tracker;
    /// use tracemalloc_solution::{self as tm, Key};
    ///
    /// tm::start();
    /// let before = tm::take_snapshot().unwrap();
    /// let grown = tm::scope("load", || vec![1u8; 100]);
    /// let diff = tm::take_snapshot().unwrap().compare_to(&before, Key::Scope);
    /// assert_eq!((diff[0].key.as_str(), diff[0].size_diff, diff[0].count_diff), ("load", 100, 1));
    /// tm::stop();
    /// # drop(grown);
    /// ```
    pub fn compare_to(&self, old: &Snapshot, key: Key) -> Vec<StatisticDiff> {
        // solution:begin stage=2
        untraced(|| {
            let mut old_groups: HashMap<String, Statistic> = old
                .statistics(key)
                .into_iter()
                .map(|stat| (stat.key.clone(), stat))
                .collect();
            let signed = |n: usize| n as isize;
            let mut diffs: Vec<StatisticDiff> = self
                .statistics(key)
                .into_iter()
                .map(|new| {
                    let (old_size, old_count) = old_groups
                        .remove(&new.key)
                        .map_or((0, 0), |old| (old.size, old.count));
                    StatisticDiff {
                        size_diff: signed(new.size) - signed(old_size),
                        count_diff: signed(new.count) - signed(old_count),
                        key: new.key,
                        size: new.size,
                        count: new.count,
                    }
                })
                .collect();
            diffs.extend(old_groups.into_values().map(|old| StatisticDiff {
                key: old.key,
                size: 0,
                size_diff: -signed(old.size),
                count: 0,
                count_diff: -signed(old.count),
            }));
            let sort_key = |d: &StatisticDiff| {
                (
                    d.size_diff.unsigned_abs(),
                    d.size,
                    d.count_diff.unsigned_abs(),
                    d.count,
                    d.key.clone(),
                )
            };
            diffs.sort_by_key(|d| std::cmp::Reverse(sort_key(d)));
            diffs
        })
        // solution:end
    }

    /// A snapshot of the traces that pass `filters`, as Python's `Snapshot.filter_traces`: a
    /// trace is kept when it matches at least one inclusive filter (or there is none) and no
    /// exclusive filter. No filters: a copy.
    ///
    /// ```
    /// # #[global_allocator] static A: tracemalloc_solution::Tracker = tracemalloc_solution::Tracker;
    /// use tracemalloc_solution::{self as tm, Filter};
    ///
    /// tm::start();
    /// let a = tm::scope("a", || Box::new(1u8));
    /// let b = tm::scope("b", || Box::new(2u8));
    /// let snapshot = tm::take_snapshot().unwrap();
    /// assert_eq!(snapshot.filter_traces(&[Filter::exclude("a")]).len(), 1);
    /// tm::stop();
    /// # drop((a, b));
    /// ```
    pub fn filter_traces(&self, filters: &[Filter]) -> Snapshot {
        // solution:begin stage=2
        untraced(|| {
            let label = |trace: &Trace| trace.scope;
            let mut includes = filters.iter().filter(|f| f.inclusive).peekable();
            let has_includes = includes.peek().is_some();
            let traces = self
                .traces
                .iter()
                .filter(|trace| {
                    let included = !has_includes
                        || filters
                            .iter()
                            .any(|f| f.inclusive && f.scope == label(trace));
                    let excluded = filters
                        .iter()
                        .any(|f| !f.inclusive && f.scope == label(trace));
                    included && !excluded
                })
                .cloned()
                .collect();
            Snapshot { traces }
        })
        // solution:end
    }
}

// solution:begin remove
fn trace_key(trace: &Trace, key: Key) -> String {
    match key {
        Key::Scope => trace.scope.to_owned(),
        Key::CallSite => trace
            .site
            .as_deref()
            .map_or_else(|| "<unknown>".to_owned(), call_site),
    }
}

/// The first frame of `backtrace` outside the standard library and this file, as
/// `"function at file:line:column"`.
/// Resolving symbols happens here, the first time the backtrace is printed.
fn call_site(backtrace: &Backtrace) -> String {
    let text = backtrace.to_string();
    // One symbol per line, `   4: name` (or, for a function inlined into the frame above,
    // just `name`), each followed by its `at file:line:column` line when debug info has it.
    let mut symbols: Vec<(&str, Option<&str>)> = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let line = line.trim_start();
        if line.starts_with("at ") {
            continue;
        }
        let function = match line.split_once(": ") {
            Some((number, name)) if number.parse::<usize>().is_ok() => name,
            _ => line,
        };
        let location = lines
            .peek()
            .and_then(|next| next.trim_start().strip_prefix("at "));
        symbols.push((function, location));
    }
    // The standard library's frames have their source under `/rustc/<commit>/`; a trait
    // method of a std type reads `<u8 as alloc::…>::…`, which only the location tells. The
    // tracker's own frames are told by their crate path or by their file: with only line
    // tables (optimised test builds) their names carry no crate path, and a frame inlined
    // into the program's allocator shim may have a name but no location.
    let own_file = file!();
    let skipped = |function: &str, location: Option<&str>| {
        let name = function.trim_start_matches('<');
        let path = location.map(|at| {
            let at = at.trim_start_matches("./");
            at.split(':').next().unwrap_or(at)
        });
        [
            "std::",
            "core::",
            "alloc::",
            "__rust",
            concat!(module_path!(), "::"),
        ]
        .iter()
        .any(|prefix| name.starts_with(prefix))
            || location.is_some_and(|at| at.starts_with("/rustc/"))
            || path.is_some_and(|path| path.ends_with(own_file) || own_file.ends_with(path))
    };
    symbols
        .iter()
        .find(|(function, location)| !skipped(function, *location))
        .map_or_else(
            || "<unknown>".to_owned(),
            |(function, location)| match location {
                Some(location) => format!("{function} at {location}"),
                None => (*function).to_owned(),
            },
        )
}
// solution:end
