//! Exercise 15: the seed's `TTLCache`, done right.
//!
//! A [`TtlCache`] holds at most `max_size` entries, each with its own time to live. When a new
//! key arrives and the cache is full, the expired entries go first; if none had expired, the
//! oldest entry goes (the one inserted or updated longest ago). Every operation is O(log n):
//! two ordered indexes beside the hash map replace the seed's scans of every entry. Time comes
//! from a [`Clock`], so tests drive a [`ManualClock`] and never sleep.

mod cache;
mod clock;

pub use cache::TtlCache;
pub use clock::{Clock, ManualClock, MonotonicClock};
