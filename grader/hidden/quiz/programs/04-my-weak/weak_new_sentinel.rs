use std::mem::size_of;
use std::rc::Weak;

fn main() {
    let nowhere: Weak<u64> = Weak::new();
    println!("address is usize::MAX: {}", nowhere.as_ptr() as usize == usize::MAX);
    println!("upgrade is_some: {}", nowhere.upgrade().is_some());
    println!("size_of Weak<u64>: {}", size_of::<Weak<u64>>());
    println!("size_of Option<Weak<u64>>: {}", size_of::<Option<Weak<u64>>>());
}
