use std::rc::Rc;

fn main() {
    let mut a = Rc::new(String::from("hello"));
    let b = Rc::clone(&a);
    println!("strong: {}", Rc::strong_count(&a));
    println!("get_mut while shared: {:?}", Rc::get_mut(&mut a).is_some());
    let a = match Rc::try_unwrap(a) {
        Ok(s) => { println!("unwrapped {s}"); return; }
        Err(back) => back,
    };
    println!("try_unwrap refused; strong still {}", Rc::strong_count(&a));
    drop(b);
    let mut a = a;
    Rc::get_mut(&mut a).unwrap().push_str(", world");
    println!("{:?}", Rc::try_unwrap(a));
}
