//! `book/src/09-slots.md`, "The bytes per instance, derived": the heap bytes one instance of
//! each of the solution's layouts holds, measured as the hidden tests measure them — the bytes
//! asked for and still held after making 100,000 instances into a vector of that capacity,
//! divided by 100,000 (Rust's std on x86_64 Linux). The hidden tests check only budgets; these
//! exact figures hold for the reference solution.

use std::rc::Rc;

use grader_support::CountingAlloc;
use slots_solution::{Attributes, DictClass, DictObject, SharedClass, SharedObject};
use slots_solution::{SlotClass, SlotObject, Value};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc::new();

const COUNT: usize = 100_000;

fn fill(object: &mut impl Attributes, names: &[&str]) {
    for (value, name) in (1..).zip(names) {
        object.set(name, Value::Int(value)).unwrap();
    }
}

/// The bytes `make` leaves held per instance, its share of the vector included.
fn per_instance<T>(mut make: impl FnMut() -> T) -> usize {
    let (objects, usage) = ALLOC.measure(|| (0..COUNT).map(|_| make()).collect::<Vec<T>>());
    drop(objects);
    usize::try_from(usage.leaked_bytes).unwrap() / COUNT
}

fn dict(names: &[&str]) -> usize {
    let class = DictClass::new("Point");
    fill(&mut DictObject::new(&class), names); // the class settles on its names
    per_instance(|| {
        let mut object = DictObject::new(&class);
        fill(&mut object, names);
        object
    })
}

fn slotted(names: &[&str]) -> usize {
    let class = SlotClass::new("SlotPoint", names);
    per_instance(|| {
        let mut object = SlotObject::new(&class);
        fill(&mut object, names);
        object
    })
}

fn shared(class: Rc<SharedClass>, settle: &[&str], names: &[&str]) -> usize {
    fill(&mut SharedObject::new(&class), settle);
    per_instance(|| {
        let mut object = SharedObject::new(&class);
        fill(&mut object, names);
        object
    })
}

const XYZ: [&str; 3] = ["x", "y", "z"];
const SIX: [&str; 6] = ["x", "y", "z", "u", "v", "w"];

#[test]
fn three_attributes_cost_324_72_and_112_bytes() {
    assert_eq!(dict(&XYZ), 324, "DictObject");
    assert_eq!(slotted(&XYZ), 72, "SlotObject");
    assert_eq!(
        shared(SharedClass::new("Point"), &XYZ, &XYZ),
        112,
        "SharedObject"
    );
}

#[test]
fn six_attributes_cost_552_120_and_160_bytes() {
    assert_eq!(dict(&SIX), 552, "DictObject");
    assert_eq!(slotted(&SIX), 120, "SlotObject");
    assert_eq!(
        shared(SharedClass::new("Point"), &SIX, &SIX),
        160,
        "SharedObject"
    );
}

/// A class limited to 3 keys, settled on x, y, z: an instance that sets `w` falls back to a
/// dict of its own, and costs a little more than a `DictObject` of the same 4 attributes.
#[test]
fn a_fallen_back_instance_costs_472_against_a_dicts_424() {
    let four = ["x", "y", "z", "w"];
    assert_eq!(
        shared(SharedClass::with_key_limit("Point", 3), &XYZ, &four),
        472
    );
    assert_eq!(dict(&four), 424);
}
