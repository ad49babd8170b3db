use std::alloc::{GlobalAlloc, Layout, System};
use std::rc::Rc;
use std::sync::atomic::{AtomicIsize, Ordering::SeqCst};

struct Counting;
static LIVE_BLOCKS: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE_BLOCKS.fetch_add(1, SeqCst);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE_BLOCKS.fetch_sub(1, SeqCst);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

fn live() -> isize {
    LIVE_BLOCKS.load(SeqCst)
}

fn main() {
    // Measure first, print afterwards: printing allocates stdout's buffer.
    let start = live();
    let obj = Rc::new(42_u64);
    let after_new = live() - start;
    let alias = Rc::clone(&obj);
    let vec = vec![Rc::clone(&obj)]; // the Vec's buffer is one more block
    let after_clones = live() - start;
    let strong = Rc::strong_count(&obj);
    let weak = Rc::weak_count(&obj);
    drop((alias, vec));
    drop(obj);
    let at_end = live() - start;

    println!("blocks after Rc::new: {after_new}");
    println!("blocks after two clones, one in a Vec: {after_clones}");
    println!("strong_count {strong}, weak_count {weak}");
    println!("blocks after every handle is gone: {at_end}");
    println!("size_of Rc<u8>: {}, Option<Rc<u8>>: {}", size_of::<Rc<u8>>(), size_of::<Option<Rc<u8>>>());
}
