use std::cell::RefCell;
use std::rc::{Rc, Weak};

struct Node {
    value: i32,
    next: Option<Rc<RefCell<Node>>>,
}

impl Drop for Node {
    fn drop(&mut self) {
        println!("drop node {}", self.value);
    }
}

fn main() {
    let a = Rc::new(RefCell::new(Node { value: 1, next: None }));
    let b = Rc::new(RefCell::new(Node { value: 2, next: Some(Rc::clone(&a)) }));
    a.borrow_mut().next = Some(Rc::clone(&b));
    let probe: Weak<RefCell<Node>> = Rc::downgrade(&a);
    println!("counts: a {}, b {}", Rc::strong_count(&a), Rc::strong_count(&b));
    drop(a);
    drop(b);
    println!("after both drops: probe strong {}", probe.strong_count());
    let node = probe.upgrade().unwrap();
    node.borrow_mut().next = None; // break the cycle
    drop(node);
    println!("end of main: probe upgrades {}", probe.upgrade().is_some());
}
