use std::rc::{Rc, Weak};

struct Value(i32);

impl Drop for Value {
    fn drop(&mut self) {
        println!("drop Value({})", self.0);
    }
}

fn main() {
    let strong = Rc::new(Value(7));
    let weak = Rc::downgrade(&strong);
    let weak2 = weak.clone();
    println!("strong {}, weak {}", Rc::strong_count(&strong), Rc::weak_count(&strong));
    let again = weak.upgrade().unwrap();
    println!("after upgrade: strong {}", Rc::strong_count(&again));
    drop(strong);
    println!("one strong dropped: upgrade is_some {}", weak.upgrade().is_some());
    drop(again);
    println!("upgrade is_some {}", weak.upgrade().is_some());
    println!("weak.strong_count {}, weak.weak_count {}", weak.strong_count(), weak2.weak_count());
    println!("Weak::new upgrades {}", Weak::<Value>::new().upgrade().is_some());
}
