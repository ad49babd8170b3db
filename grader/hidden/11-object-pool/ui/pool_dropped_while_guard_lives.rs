// Dropping the pool while one of its guards is still in use must not compile: the pool (and
// the idle list the guard gives its object back to) would be gone.
use object_pool::Pool;

fn main() {
    let pool = Pool::new(Vec::<u8>::new, Vec::clear, 4);
    let mut guard = pool.acquire();
    drop(pool);
    guard.push(1);
}
