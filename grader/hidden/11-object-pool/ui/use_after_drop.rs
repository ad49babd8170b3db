// Dropping a guard gives its object back; the object may already be someone else's. Using the
// guard after that must not compile.
use object_pool::Pool;

fn main() {
    let pool = Pool::new(Vec::<u8>::new, Vec::clear, 4);
    let mut guard = pool.acquire();
    drop(guard);
    let other = pool.acquire(); // the same buffer, handed out again
    guard.push(1);
    println!("{}", other.len());
}
