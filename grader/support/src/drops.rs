//! Counting destructor runs: the Rust counterpart of the seed's `__del__` that prints.
//!
//! ```
//! use grader_support::Drops;
//!
//! let drops = Drops::new();
//! let token = drops.token();
//! assert_eq!(drops.count(), 0);
//! drop(token);
//! assert_eq!(drops.count(), 1);
//! ```

use std::cell::Cell;
use std::rc::Rc;

/// A shared counter of how many [`DropToken`]s made by it have been dropped.
#[derive(Debug, Clone, Default)]
pub struct Drops {
    count: Rc<Cell<usize>>,
}

/// A value whose destructor adds one to the [`Drops`] that made it.
#[derive(Debug)]
pub struct DropToken {
    count: Rc<Cell<usize>>,
}

impl Drops {
    /// A counter at zero.
    pub fn new() -> Self {
        Self::default()
    }

    /// A new token; dropping it counts one drop.
    pub fn token(&self) -> DropToken {
        DropToken {
            count: Rc::clone(&self.count),
        }
    }

    /// How many tokens have been dropped so far.
    pub fn count(&self) -> usize {
        self.count.get()
    }
}

impl Drop for DropToken {
    fn drop(&mut self) {
        self.count.set(self.count.get() + 1);
    }
}
