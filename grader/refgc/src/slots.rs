//! The free object slots, handed out lowest first: a long run's live objects stay packed at the
//! low end of the object table (as CPython's allocator prefers its fullest arenas), so the walks
//! of a collection touch fewer cache lines than if freed slots were reused in any order.
//!
//! A bitmap with a summary level (one bit per word of the bitmap that has a free slot), so
//! finding the lowest free slot costs a few word scans, not a heap operation.

/// A set of free slot numbers.
#[derive(Debug, Clone, Default)]
pub(crate) struct FreeSlots {
    /// Bit `i % 64` of word `i / 64` is set when slot `i` is free.
    words: Vec<u64>,
    /// Bit `w % 64` of summary word `w / 64` is set when `words[w]` is not zero.
    summary: Vec<u64>,
    /// No summary word before this one is non-zero.
    lowest: usize,
}

impl FreeSlots {
    /// Marks `slot` free.
    pub(crate) fn insert(&mut self, slot: u32) {
        let (word, bit) = (slot as usize / 64, slot % 64);
        if self.words.len() <= word {
            self.words.resize(word + 1, 0);
            self.summary.resize(word / 64 + 1, 0);
        }
        self.words[word] |= 1 << bit;
        self.summary[word / 64] |= 1 << (word % 64);
        self.lowest = self.lowest.min(word / 64);
    }

    /// Takes the lowest free slot, if any.
    pub(crate) fn pop_lowest(&mut self) -> Option<u32> {
        while self.lowest < self.summary.len() && self.summary[self.lowest] == 0 {
            self.lowest += 1;
        }
        let summary = *self.summary.get(self.lowest)?;
        let word = self.lowest * 64 + summary.trailing_zeros() as usize;
        let bit = self.words[word].trailing_zeros();
        self.words[word] &= !(1 << bit);
        if self.words[word] == 0 {
            self.summary[self.lowest] &= !(1 << (word % 64));
        }
        Some((word * 64) as u32 + bit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hands_out_the_lowest_free_slot_first() {
        let mut free = FreeSlots::default();
        assert_eq!(free.pop_lowest(), None);
        for slot in [9000, 5, 64, 4096, 63] {
            free.insert(slot);
        }
        assert_eq!(free.pop_lowest(), Some(5));
        assert_eq!(free.pop_lowest(), Some(63));
        free.insert(1);
        assert_eq!(free.pop_lowest(), Some(1));
        assert_eq!(free.pop_lowest(), Some(64));
        assert_eq!(free.pop_lowest(), Some(4096));
        assert_eq!(free.pop_lowest(), Some(9000));
        assert_eq!(free.pop_lowest(), None);
    }
}
