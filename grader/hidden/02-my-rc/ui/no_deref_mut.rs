// Shared handles give shared access only: writing through a MyRc must not compile (use
// MyRc::get_mut, or a Cell/RefCell inside).
use my_rc::MyRc;

fn main() {
    let mut rc = MyRc::new(5);
    *rc = 6;
    println!("{rc}");
}
