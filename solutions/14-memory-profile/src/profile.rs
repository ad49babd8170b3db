//! `memory_profile`: the seed's decorator as a wrapper that nests.

use std::fmt;
use std::time::Duration;

// solution:begin remove
use std::time::Instant;

use crate::tracker::{current, peak, raise_peak, reset_peak};
// solution:end

/// What one run of a closure cost: the seed's "Execution time", "Current memory" and "Peak
/// memory", for that closure alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Profile {
    /// Wall-clock time the closure took.
    pub elapsed: Duration,
    /// Bytes the closure left live when it returned (its result included): live bytes at the
    /// end minus live bytes at the start. Negative when it freed more than it allocated.
    pub current: isize,
    /// The most bytes above the start that were live at once while the closure ran (0 when it
    /// never went above the start).
    pub peak: isize,
}

impl fmt::Display for Profile {
    /// The seed's three lines (in bytes: a closure's figures are often below 0.01 MB).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Execution time: {:.4}s", self.elapsed.as_secs_f64())?;
        writeln!(f, "Current memory: {} bytes", self.current)?;
        write!(f, "Peak memory: {} bytes", self.peak)
    }
}

/// Runs `f` on this thread and returns its result with its [`Profile`].
///
/// The peak is `f`'s own: the wrapper resets the tracker's peak before `f` runs, and when `f`
/// ends (returning or panicking) it raises the peak back to what it was, so a caller reading
/// [`peak`](crate::peak) afterwards, or an outer `memory_profile`, still sees its own high point
/// and `f`'s. The wrapper allocates nothing itself.
///
/// ```
/// use memory_profile_solution::{Tracking, memory_profile};
/// # #[global_allocator]
/// # static ALLOC: Tracking = Tracking::system();
///
/// let (sum, profile) = memory_profile(|| {
///     let squares: Vec<u64> = (0..1000).map(|i| i * i).collect();
///     squares.iter().sum::<u64>()
/// });
/// assert_eq!(sum, 332_833_500);
/// assert_eq!(profile.current, 0); // the Vec is gone
/// assert_eq!(profile.peak, 8000); // 1000 u64 at once
///
/// // Nested: the outer profile still sees the inner one's high point.
/// let (_, outer) = memory_profile(|| {
///     let (kept, inner) = memory_profile(|| vec![0u8; 500]);
///     assert_eq!((inner.current, inner.peak), (500, 500));
///     drop(kept);
/// });
/// assert_eq!((outer.current, outer.peak), (0, 500));
/// ```
pub fn memory_profile<R>(f: impl FnOnce() -> R) -> (R, Profile) {
    // solution:begin
    /// Puts the caller's high point back when `f` ends, on a panic too.
    struct Restore {
        outer_peak: isize,
    }
    impl Drop for Restore {
        fn drop(&mut self) {
            raise_peak(self.outer_peak);
        }
    }

    let restore = Restore { outer_peak: peak() };
    reset_peak();
    let start = current();
    let started = Instant::now();
    let result = f();
    let elapsed = started.elapsed();
    let profile = Profile {
        elapsed,
        current: current() - start,
        peak: peak() - start,
    };
    drop(restore);
    (result, profile)
    // solution:end
}
