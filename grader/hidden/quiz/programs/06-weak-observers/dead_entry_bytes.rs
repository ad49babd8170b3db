// The exercise's types (chapter 06), with a counting allocator: what does a dead entry keep?
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static LAST: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Relaxed);
        LAST.store(layout.size(), Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

struct Subscriber<E> {
    deaths: RefCell<Vec<Weak<Link>>>,
    callback: Box<dyn Fn(&E)>,
}

struct Link {
    on_death: RefCell<Option<Box<dyn Fn()>>>,
    subscribed: Cell<bool>,
}

impl<E> Drop for Subscriber<E> {
    fn drop(&mut self) {
        for link in self.deaths.borrow_mut().drain(..) {
            if let Some(link) = link.upgrade() {
                let on_death = link.on_death.borrow_mut().take();
                if let Some(on_death) = on_death {
                    on_death();
                }
            }
        }
    }
}

fn main() {
    println!("one subscription, its subscriber dies (64-bit target):"); // allocates stdout's buffer
    let before = LIVE.load(Relaxed);
    let state = vec![0u8; 1024]; // captured by the callback
    let subscriber: Rc<Subscriber<u32>> = Rc::new(Subscriber {
        deaths: RefCell::new(Vec::new()),
        callback: Box::new(move |price| println!("{} bytes of state see {price}", state.len())),
    });
    println!("Rc<Subscriber<u32>> block: {} bytes", LAST.load(Relaxed));
    let link = Rc::new(Link {
        on_death: RefCell::new(Some(Box::new(|| println!("on_death runs")))),
        subscribed: Cell::new(true),
    });
    println!("Rc<Link> block: {} bytes", LAST.load(Relaxed));
    subscriber.deaths.borrow_mut().push(Rc::downgrade(&link));
    (subscriber.callback)(&100);
    // What the observable's entry holds for this subscription:
    let entry = (Rc::downgrade(&subscriber), link);
    drop(subscriber);
    println!("upgrade after death is_some: {}", entry.0.upgrade().is_some());
    println!("subscribed: {}", entry.1.subscribed.get());
    println!("bytes still allocated: {}", LIVE.load(Relaxed) - before);
    drop(entry);
    println!("after removing the entry: {}", LIVE.load(Relaxed) - before);
}
