//! Visible tests: `cargo test -p slots`. The grader's hidden tests check more: every error
//! message, insertion order through deletes and fallbacks, random programs against Python's
//! dict semantics, and the heap bytes per instance of each layout (counted, not guessed).

use slots_solution::{
    AttributeError, Attributes, DictClass, DictObject, SharedClass, SharedObject, SlotClass,
    SlotObject, Value,
};

#[test]
fn a_dict_object_takes_any_name() {
    let point = DictClass::new("Point");
    let mut p = DictObject::new(&point);
    p.set("x", Value::Int(1)).unwrap();
    p.set("anything", Value::Bool(true)).unwrap();
    assert_eq!(p.get("anything"), Ok(Value::Bool(true)));
    assert_eq!(
        p.get("w").unwrap_err().to_string(),
        "'Point' object has no attribute 'w'"
    );
}

#[test]
fn a_slot_object_refuses_a_new_name() {
    let point = SlotClass::new("SlotPoint", &["x", "y", "z"]);
    let mut p = SlotObject::new(&point);
    p.set("x", Value::Int(1)).unwrap();
    assert_eq!(p.get("x"), Ok(Value::Int(1)));
    assert_eq!(
        p.set("w", Value::Int(4)),
        Err(AttributeError::NoDict {
            class: "SlotPoint".into(),
            name: "w".into()
        })
    );
}

#[test]
fn shared_keys_belong_to_the_class() {
    let point = SharedClass::new("Point");
    let mut a = SharedObject::new(&point);
    let mut b = SharedObject::new(&point);
    a.set("x", Value::Int(1)).unwrap();
    b.set("x", Value::Int(2)).unwrap();
    assert_eq!(point.key_count(), 1);
    assert_eq!(
        (a.get("x"), b.get("x")),
        (Ok(Value::Int(1)), Ok(Value::Int(2)))
    );
    assert!(!a.has_own_dict());
}
