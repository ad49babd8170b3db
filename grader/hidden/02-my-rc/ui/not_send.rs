// MyRc's count is a plain Cell: two threads changing it at once would corrupt it. So the type
// must not be Send, and this program must not compile.
use my_rc::MyRc;

fn main() {
    let rc = MyRc::new(5);
    let other = rc.clone();
    std::thread::spawn(move || drop(other));
    drop(rc);
}
