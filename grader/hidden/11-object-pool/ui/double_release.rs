// The seed's double release: `pool.release(a)` twice puts one object in the pool twice, and two
// later acquires hand it to two users. Releasing one guard twice must not compile.
use object_pool::{Guard, Pool};

fn main() {
    let pool = Pool::new(Vec::<u8>::new, Vec::clear, 4);
    let guard = pool.acquire();
    Guard::release(guard);
    Guard::release(guard);
}
