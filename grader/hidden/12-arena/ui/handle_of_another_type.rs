// A handle carries its arena's value type: a Handle<&str> names a value of an Arena<&str>, and
// an Arena<u32> must refuse it at compile time, not answer with whatever its slot holds.
use arena::Arena;

fn main() {
    let mut names: Arena<&str> = Arena::new();
    let mut ages: Arena<u32> = Arena::new();
    let alice = names.insert("alice");
    ages.insert(36);
    println!("{:?}", ages.get(alice));
}
