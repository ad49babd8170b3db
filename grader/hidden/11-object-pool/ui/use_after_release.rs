// Guard::release consumes the guard: the seed's double release (`pool.release(a)` twice, and
// two users share one object) and any use after the release must not compile.
use object_pool::{Guard, Pool};

fn main() {
    let pool = Pool::new(Vec::<u8>::new, Vec::clear, 4);
    let guard = pool.acquire();
    Guard::release(guard);
    println!("{}", guard.len());
    Guard::release(guard);
}
