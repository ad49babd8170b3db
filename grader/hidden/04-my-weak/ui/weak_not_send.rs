// A MyWeak shares the block's plain Cell counts with the MyRc handles left on this thread:
// dropping it on another thread would change them concurrently. So MyWeak must not be Send,
// and this program must not compile.
use my_weak::MyRc;

fn main() {
    let rc = MyRc::new(5);
    let weak = MyRc::downgrade(&rc);
    std::thread::spawn(move || drop(weak));
    drop(rc);
}
