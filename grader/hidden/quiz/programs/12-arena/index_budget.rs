// Chapter 12's three indexes of 100,000 positions of 1,000 items, weighed by a counting
// allocator: the bytes and heap blocks each index holds, and the allocations made building it.
use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::HashMap;
use std::sync::atomic::{AtomicIsize, Ordering::Relaxed};

struct Counting;
static BYTES: AtomicIsize = AtomicIsize::new(0);
static BLOCKS: AtomicIsize = AtomicIsize::new(0);
static ALLOCATIONS: AtomicIsize = AtomicIsize::new(0); // alloc and realloc calls

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        BYTES.fetch_add(layout.size() as isize, Relaxed);
        BLOCKS.fetch_add(1, Relaxed);
        ALLOCATIONS.fetch_add(1, Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        BYTES.fetch_sub(layout.size() as isize, Relaxed);
        BLOCKS.fetch_sub(1, Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        BYTES.fetch_add(new_size as isize - layout.size() as isize, Relaxed);
        ALLOCATIONS.fetch_add(1, Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

fn weigh<T>(name: &str, build: impl FnOnce() -> T) -> T {
    let (bytes, blocks, allocations) =
        (BYTES.load(Relaxed), BLOCKS.load(Relaxed), ALLOCATIONS.load(Relaxed));
    let index = build();
    println!(
        "{name}: {} bytes held in {} blocks, {} allocations",
        BYTES.load(Relaxed) - bytes,
        BLOCKS.load(Relaxed) - blocks,
        ALLOCATIONS.load(Relaxed) - allocations
    );
    index
}

/// The packed index, built as the solution's `PositionIndex::new` builds it: count, then place.
fn packed(data: &[u32]) -> (Vec<u32>, HashMap<u32, (u32, u32)>) {
    let mut ranges: HashMap<u32, (u32, u32)> = HashMap::new();
    for item in data {
        match ranges.get_mut(item) {
            Some(range) => range.1 += 1,
            None => {
                ranges.insert(*item, (0, 1));
            }
        }
    }
    let mut next = 0;
    for range in ranges.values_mut() {
        let count = range.1;
        *range = (next, next);
        next += count;
    }
    let mut positions = vec![0; data.len()];
    for (position, item) in (0..data.len() as u32).zip(data) {
        let range = ranges.get_mut(item).unwrap();
        positions[range.1 as usize] = position;
        range.1 += 1;
    }
    (positions, ranges)
}

fn main() {
    let data: Vec<u32> = (0..100_000).map(|i| (i % 1_000) * 7 + 1).collect();
    let a = weigh("HashMap<u32, Vec<usize>>", || {
        let mut index: HashMap<u32, Vec<usize>> = HashMap::new();
        for (position, &item) in data.iter().enumerate() {
            index.entry(item).or_default().push(position);
        }
        index
    });
    let b = weigh("HashMap<u32, Vec<u32>>", || {
        let mut index: HashMap<u32, Vec<u32>> = HashMap::new();
        for (position, &item) in data.iter().enumerate() {
            index.entry(item).or_default().push(position as u32);
        }
        index
    });
    let c = weigh("packed", || packed(&data));
    assert_eq!(a[&8].len() + b[&8].len(), 200);
    assert_eq!(&c.0[c.1[&8].0 as usize..c.1[&8].1 as usize], b[&8].as_slice());
}
