// Guard::release consumes the guard: the object may already be someone else's, so using the
// guard after the release must not compile.
use object_pool::{Guard, Pool};

fn main() {
    let pool = Pool::new(Vec::<u8>::new, Vec::clear, 4);
    let guard = pool.acquire();
    Guard::release(guard);
    println!("{}", guard.len());
}
