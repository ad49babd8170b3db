use std::cell::RefCell;
use std::ops::{Deref, DerefMut};

struct Pool { idle: RefCell<Vec<Vec<u8>>>, created: RefCell<u32> }
struct Guard<'p> { pool: &'p Pool, obj: Option<Vec<u8>> }

impl Pool {
    fn acquire(&self) -> Guard<'_> {
        let reused = self.idle.borrow_mut().pop();
        let obj = reused.map(|mut v| { v.clear(); v }).unwrap_or_else(|| {
            *self.created.borrow_mut() += 1;
            Vec::with_capacity(64)
        });
        Guard { pool: self, obj: Some(obj) }
    }
}
impl Drop for Guard<'_> {
    fn drop(&mut self) {
        if let Some(obj) = self.obj.take() { self.pool.idle.borrow_mut().push(obj); }
    }
}
impl Deref for Guard<'_> { type Target = Vec<u8>; fn deref(&self) -> &Vec<u8> { self.obj.as_ref().unwrap() } }
impl DerefMut for Guard<'_> { fn deref_mut(&mut self) -> &mut Vec<u8> { self.obj.as_mut().unwrap() } }

fn main() {
    let pool = Pool { idle: RefCell::new(Vec::new()), created: RefCell::new(0) };
    { let mut g = pool.acquire(); g.extend_from_slice(b"secret"); }
    let g1 = pool.acquire();
    let g2 = pool.acquire();
    println!("g1 len {}, g2 len {}", g1.len(), g2.len());
    drop(g1);
    drop(g2);
    for _ in 0..1000 { let mut g = pool.acquire(); g.push(1); }
    println!("created {}, idle {}", pool.created.borrow(), pool.idle.borrow().len());
}
