use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
        PEAK.fetch_max(now, Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn main() {
    let start = LIVE.load(Relaxed);
    PEAK.store(start, Relaxed);
    let v: Vec<u64> = Vec::with_capacity(10);
    let b = Box::new([0u8; 100]);
    let held = LIVE.load(Relaxed) - start;
    drop(v);
    drop(b);
    let (after, peak) = (LIVE.load(Relaxed) - start, PEAK.load(Relaxed) - start);
    println!("held {held}, after drops {after}, peak {peak}");
}
