// A weak handle does not keep the value alive, so it must not hand out a reference to it:
// `*weak` must not compile (MyWeak has no Deref). Ask with `weak.upgrade()`, which returns
// None once the value is gone.
use my_weak::MyRc;

fn main() {
    let rc = MyRc::new(5);
    let weak = MyRc::downgrade(&rc);
    let value: i32 = *weak;
    println!("{value}");
}
