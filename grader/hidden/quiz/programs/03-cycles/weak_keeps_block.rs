use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::RefCell;
use std::rc::{Rc, Weak};
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

struct Node {
    next: Option<Rc<RefCell<Node>>>,
}

fn live() -> isize {
    LIVE_BLOCKS.load(SeqCst)
}

fn main() {
    // Measure first, print afterwards: printing allocates stdout's buffer.
    let start = live();
    let value = Rc::new(String::new()); // an empty String allocates nothing
    let probe: Weak<String> = Rc::downgrade(&value);
    drop(value);
    let value_gone = probe.upgrade().is_none();
    let with_probe = live() - start;
    drop(probe);
    let without_probe = live() - start;

    let start = live();
    let node = Rc::new(RefCell::new(Node { next: None }));
    node.borrow_mut().next = Some(Rc::clone(&node)); // a node that owns itself
    let probe = Rc::downgrade(&node);
    drop(node);
    let node_alive = probe.upgrade().is_some();
    drop(probe);
    let self_link = live() - start;

    println!("value dropped: {value_gone}; blocks left with the probe held: {with_probe}");
    println!("blocks left after dropping the probe: {without_probe}");
    println!("self-linked node still alive: {node_alive}; blocks left: {self_link}");
}
