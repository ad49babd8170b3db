//! Where the cache reads the time: a trait, the real monotonic clock, and a clock the tests
//! move by hand.

use std::cell::Cell;
use std::rc::Rc;
use std::time::{Duration, Instant};

/// A source of monotonic time: how long since the clock's own origin.
///
/// The value never goes down (a wall clock such as Python's `time.time()` can: NTP steps it).
/// [`TtlCache`](crate::TtlCache) reads it once per operation.
///
/// ```
/// use std::time::Duration;
/// use ttl_cache::{Clock, ManualClock};
///
/// let clock = ManualClock::new();
/// assert_eq!(clock.now(), Duration::ZERO);
/// ```
pub trait Clock {
    /// The time elapsed since this clock's origin.
    fn now(&self) -> Duration;
}

/// The real clock: [`Instant`], monotonic, measured from the moment the clock was made.
///
/// ```
/// use ttl_cache::{Clock, MonotonicClock};
///
/// let clock = MonotonicClock::new();
/// let a = clock.now();
/// assert!(clock.now() >= a);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct MonotonicClock {
    origin: Instant,
}

impl MonotonicClock {
    /// A clock whose origin is now.
    pub fn new() -> Self {
        Self {
            origin: Instant::now(),
        }
    }
}

impl Default for MonotonicClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for MonotonicClock {
    fn now(&self) -> Duration {
        self.origin.elapsed()
    }
}

/// A clock that moves only when told: clones share one time, so a test keeps a clone and
/// advances the cache's clock without sleeping.
///
/// ```
/// use std::time::Duration;
/// use ttl_cache::{Clock, ManualClock};
///
/// let clock = ManualClock::new();
/// let same = clock.clone();
/// same.advance(Duration::from_secs(5));
/// assert_eq!(clock.now(), Duration::from_secs(5));
/// ```
#[derive(Debug, Clone, Default)]
pub struct ManualClock {
    now: Rc<Cell<Duration>>,
}

impl ManualClock {
    /// A clock at time zero.
    pub fn new() -> Self {
        Self::default()
    }

    /// Moves the time forward by `by` (every clone sees it).
    pub fn advance(&self, by: Duration) {
        self.now.set(self.now.get() + by);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Duration {
        self.now.get()
    }
}
