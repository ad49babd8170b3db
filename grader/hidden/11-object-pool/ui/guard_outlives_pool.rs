// A guard borrows its pool: it must not live on after the pool's scope ends, or it would give
// its object back to a pool that no longer exists.
use object_pool::Pool;

fn main() {
    let guard;
    {
        let pool = Pool::new(Vec::<u8>::new, Vec::clear, 4);
        guard = pool.acquire();
    }
    println!("{}", guard.len());
}
