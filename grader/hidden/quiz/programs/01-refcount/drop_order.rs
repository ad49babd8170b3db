struct Loud(&'static str);

impl Drop for Loud {
    fn drop(&mut self) {
        println!("drop {}", self.0);
    }
}

#[allow(dead_code)]
struct Pair {
    first: Loud,
    second: Loud,
}

fn main() {
    let _a = Loud("local a");
    let _b = Loud("local b");
    let _v = vec![Loud("vec[0]"), Loud("vec[1]")];
    let _p = Pair { first: Loud("field first"), second: Loud("field second") };
    println!("end of main");
}
