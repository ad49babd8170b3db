//! Hidden tests for 09-slots: the learner's crate is `slots`.
//!
//! Stage 1 checks the per-instance dict, stage 2 the slotted layout, stage 3 the key-sharing
//! dict. The memory tests count heap bytes per instance with the counting allocator, over 1,000
//! and 100,000 instances, against the budgets the chapter derives from the layouts. The random
//! tests replay one program with `GRADER_SEED=N cargo grade check 09-slots`.

use std::mem::size_of;
use std::rc::Rc;

use grader_support::refgc::SplitMix64;
use grader_support::replay::seeds;
use grader_support::{CountingAlloc, prove};
use slots::{
    AttributeError, Attributes, Dict, DictClass, DictObject, SHARED_KEYS_MAX_SIZE, SharedClass,
    SharedObject, SlotClass, SlotObject, Value,
};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc::new();

const XYZ: [&str; 3] = ["x", "y", "z"];
const SIX: [&str; 6] = ["a", "b", "c", "d", "e", "f"];
const COUNTS: [usize; 2] = [1_000, 100_000];

fn missing(class: &str, name: &str) -> AttributeError {
    AttributeError::Missing {
        class: class.into(),
        name: name.into(),
    }
}

fn no_dict(class: &str, name: &str) -> AttributeError {
    AttributeError::NoDict {
        class: class.into(),
        name: name.into(),
    }
}

/// `items()` as `(name, value)` pairs of plain strings and integers, for readable diffs.
fn shown(object: &impl Attributes) -> Vec<(String, Value)> {
    object
        .items()
        .into_iter()
        .map(|(name, value)| (name.to_string(), value))
        .collect()
}

fn pairs(expected: &[(&str, i64)]) -> Vec<(String, Value)> {
    expected
        .iter()
        .map(|&(name, value)| (name.to_owned(), Value::Int(value)))
        .collect()
}

/// Sets `names` to 1, 2, 3, … in order.
fn fill(object: &mut impl Attributes, names: &[&str]) {
    for (value, name) in (1..).zip(names) {
        object
            .set(name, Value::Int(value))
            .unwrap_or_else(|error| panic!("setting {name} failed: {error}"));
    }
}

/// Heap bytes per instance (the vector of instances included, so an instance's own size
/// counts), for `count` instances made by `make`.
fn bytes_per_instance<T>(count: usize, mut make: impl FnMut() -> T) -> usize {
    let (objects, usage) = ALLOC.measure(|| {
        let mut objects = Vec::with_capacity(count);
        for _ in 0..count {
            objects.push(make());
        }
        objects
    });
    drop(objects);
    usize::try_from(usage.leaked_bytes).expect("live bytes grew") / count
}

/// A class of each layout that has settled on `names` (one instance set them all), as CPython
/// measures a class after its first instances.
fn settled_dict_class(names: &[&str]) -> Rc<DictClass> {
    let class = DictClass::new("Point");
    fill(&mut DictObject::new(&class), names);
    class
}

fn settled_shared_class(names: &[&str]) -> Rc<SharedClass> {
    let class = SharedClass::new("Point");
    fill(&mut SharedObject::new(&class), names);
    class
}

fn dict_bytes(count: usize, names: &[&str]) -> usize {
    let class = settled_dict_class(names);
    bytes_per_instance(count, || {
        let mut object = DictObject::new(&class);
        fill(&mut object, names);
        object
    })
}

fn slotted_bytes(count: usize, names: &[&str]) -> usize {
    let class = SlotClass::new("SlotPoint", names);
    bytes_per_instance(count, || {
        let mut object = SlotObject::new(&class);
        fill(&mut object, names);
        object
    })
}

fn shared_bytes(count: usize, names: &[&str]) -> usize {
    let class = settled_shared_class(names);
    bytes_per_instance(count, || {
        let mut object = SharedObject::new(&class);
        fill(&mut object, names);
        object
    })
}

/// The chapter's budget for a slotted instance: the class pointer, the boxed slice (pointer
/// and length) and one value per slot.
fn slotted_budget(slots: usize) -> usize {
    size_of::<Rc<()>>() + size_of::<Box<[Value]>>() + slots * size_of::<Value>()
}

/// Python's dict semantics in ten lines: the model the random tests compare with.
#[derive(Default)]
struct Model {
    entries: Vec<(String, Value)>,
}

impl Model {
    fn get(&self, name: &str) -> Option<Value> {
        self.entries.iter().find(|(n, _)| n == name).map(|(_, v)| *v)
    }
    fn set(&mut self, name: &str, value: Value) {
        match self.entries.iter_mut().find(|(n, _)| n == name) {
            Some(entry) => entry.1 = value,
            None => self.entries.push((name.to_owned(), value)),
        }
    }
    fn delete(&mut self, name: &str) -> bool {
        let before = self.entries.len();
        self.entries.retain(|(n, _)| n != name);
        self.entries.len() < before
    }
}

const NAMES: [&str; 8] = ["x", "y", "z", "w", "v", "u", "t", "s"];

/// Runs a random program of `steps` operations on `object` and on the model, comparing every
/// answer and the items after every step. `ask_dict` is called for the "`__dict__`" operation.
fn replay_against_model<O: Attributes>(
    seed: u64,
    steps: usize,
    class: &str,
    object: &mut O,
    mut ask_dict: impl FnMut(&mut O) -> Vec<(String, Value)>,
) {
    let mut rng = SplitMix64::new(seed);
    let mut model = Model::default();
    let mut log: Vec<String> = Vec::new();
    let replay = format!(
        "seed {seed}: replay with GRADER_SEED={seed} cargo grade check 09-slots (operations so far below)"
    );
    let names = 3 + rng.below(NAMES.len() - 2);
    for _ in 0..steps {
        let name = NAMES[rng.below(names)];
        match rng.below(10) {
            0..=3 => {
                let value = Value::Int(rng.below(100) as i64);
                log.push(format!("obj.{name} = {value:?}"));
                model.set(name, value);
                assert_eq!(
                    object.set(name, value),
                    Ok(()),
                    "{replay}\n{}\nsetting an attribute never fails here",
                    log.join("\n")
                );
            }
            4..=6 => {
                log.push(format!("obj.{name}"));
                let expected = model.get(name).ok_or_else(|| missing(class, name));
                assert_eq!(
                    object.get(name),
                    expected,
                    "{replay}\n{}\nthe value read back",
                    log.join("\n")
                );
            }
            7 | 8 => {
                log.push(format!("del obj.{name}"));
                let expected = if model.delete(name) {
                    Ok(())
                } else {
                    Err(missing(class, name))
                };
                assert_eq!(
                    object.delete(name),
                    expected,
                    "{replay}\n{}\nwhat del says",
                    log.join("\n")
                );
            }
            _ => {
                log.push("obj.__dict__".to_owned());
                assert_eq!(
                    ask_dict(object),
                    model.entries,
                    "{replay}\n{}\nthe __dict__, in insertion order",
                    log.join("\n")
                );
            }
        }
        assert_eq!(
            shown(object),
            model.entries,
            "{replay}\n{}\nthe items after the last step, in insertion order",
            log.join("\n")
        );
    }
}

fn dict_items(dict: &Dict) -> Vec<(String, Value)> {
    dict.items()
        .iter()
        .map(|(name, value)| (name.to_string(), *value))
        .collect()
}

// ---------------------------------------------------------------- stage 1: the instance dict

#[test]
fn stage1_dict_object_gets_sets_and_deletes() {
    prove(|| {
        let class = DictClass::new("Point");
        let mut p = DictObject::new(&class);
        fill(&mut p, &XYZ);
        assert_eq!(p.get("y"), Ok(Value::Int(2)), "p.y after p.y = 2");
        p.set("y", Value::Float(2.5)).unwrap();
        assert_eq!(p.get("y"), Ok(Value::Float(2.5)), "p.y after p.y = 2.5");
        assert_eq!(p.delete("y"), Ok(()), "del p.y of a set attribute");
        assert_eq!(p.get("y"), Err(missing("Point", "y")), "p.y after del p.y");
        assert_eq!(p.dict().len(), 2, "len(p.__dict__) after deleting one of three");
        p.set("w", Value::Bool(true)).unwrap();
        assert_eq!(p.get("w"), Ok(Value::Bool(true)), "a dict object takes any new name");
        assert_eq!(p.get("x"), Ok(Value::Int(1)), "p.x is untouched");
    });
}

#[test]
fn stage1_dict_object_errors_say_what_python_says() {
    prove(|| {
        let class = DictClass::new("Vector3");
        let mut v = DictObject::new(&class);
        v.set("x", Value::Int(1)).unwrap();
        let error = v.get("w").unwrap_err();
        assert_eq!(error, missing("Vector3", "w"), "getattr of an unknown name");
        assert_eq!(
            error.to_string(),
            "'Vector3' object has no attribute 'w'",
            "CPython 3.11's message"
        );
        assert_eq!(
            v.delete("w"),
            Err(missing("Vector3", "w")),
            "del of an unknown name"
        );
        v.delete("x").unwrap();
        assert_eq!(
            v.delete("x"),
            Err(missing("Vector3", "x")),
            "del of an attribute already deleted"
        );
    });
}

#[test]
fn stage1_dict_keeps_insertion_order() {
    prove(|| {
        let mut dict = Dict::new();
        assert!(dict.is_empty(), "a new dict is empty");
        for (value, name) in (1..).zip(["c", "a", "d", "b"]) {
            assert_eq!(dict.insert(name.into(), Value::Int(value)), None, "insert of a new name");
        }
        assert_eq!(
            dict.insert("a".into(), Value::Int(20)),
            Some(Value::Int(2)),
            "insert of a present name returns the old value"
        );
        assert_eq!(dict.remove("d"), Some(Value::Int(3)), "remove returns the value");
        assert_eq!(dict.remove("d"), None, "remove of a name no longer there");
        assert_eq!(dict.get("b"), Some(Value::Int(4)), "entries after a removal are found");
        dict.insert("d".into(), Value::Int(30));
        assert_eq!(dict.len(), 4, "four names");
        assert_eq!(
            dict_items(&dict),
            pairs(&[("c", 1), ("a", 20), ("b", 4), ("d", 30)]),
            "an overwrite keeps its place; a re-insert after remove goes to the end"
        );
        assert_eq!(dict.remove("c"), Some(Value::Int(1)), "remove the first");
        assert_eq!(
            (dict.get("a"), dict.get("b"), dict.get("d"), dict.get("c")),
            (Some(Value::Int(20)), Some(Value::Int(4)), Some(Value::Int(30)), None),
            "every name still finds its own value after the first entry went"
        );
    });
}

#[test]
fn stage1_dict_objects_share_the_name_strings() {
    prove(|| {
        let class = DictClass::new("Point");
        let mut a = DictObject::new(&class);
        let mut b = DictObject::new(&class);
        fill(&mut a, &XYZ);
        fill(&mut b, &XYZ);
        let (a_items, b_items) = (a.items(), b.items());
        assert!(
            a_items
                .iter()
                .zip(&b_items)
                .all(|((a_name, _), (b_name, _))| Rc::ptr_eq(a_name, b_name)),
            "two instances hold the same name strings (from DictClass::intern), not copies"
        );
        let ((), usage) = ALLOC.measure(|| drop(DictObject::new(&class)));
        assert_eq!(usage.allocations, 0, "a new instance with no attribute allocates nothing");
    });
}

#[test]
fn stage1_random_programs_match_python_dict_semantics() {
    prove(|| {
        for seed in seeds(200) {
            let class = DictClass::new("Point");
            let mut object = DictObject::new(&class);
            replay_against_model(seed, 200, "Point", &mut object, |object| {
                dict_items(object.dict())
            });
        }
    });
}

// ---------------------------------------------------------------- stage 2: __slots__

#[test]
fn stage2_slot_class_lays_out_offsets_once() {
    prove(|| {
        let class = SlotClass::new("Pixel", &["r", "g", "b", "g", "a"]);
        assert_eq!(class.slot_count(), 4, "a name given twice gets one slot");
        let offsets: Vec<_> = ["r", "g", "b", "a", "w"].iter().map(|n| class.offset(n)).collect();
        assert_eq!(
            offsets,
            [Some(0), Some(1), Some(2), Some(3), None],
            "offsets in declaration order; none for a name that is not a slot"
        );
        let empty = SlotClass::new("Empty", &[]);
        assert_eq!(empty.slot_count(), 0, "__slots__ = ()");
        let mut nothing = SlotObject::new(&empty);
        assert_eq!(nothing.set("x", Value::None), Err(no_dict("Empty", "x")), "no slot at all");
    });
}

#[test]
fn stage2_slot_object_gets_sets_and_deletes() {
    prove(|| {
        let class = SlotClass::new("SlotPoint", &XYZ);
        let mut p = SlotObject::new(&class);
        fill(&mut p, &["z", "x"]);
        assert_eq!(p.get("z"), Ok(Value::Int(1)), "p.z after p.z = 1");
        assert_eq!(p.get("x"), Ok(Value::Int(2)), "p.x after p.x = 2");
        p.set("x", Value::Float(-0.5)).unwrap();
        assert_eq!(p.get("x"), Ok(Value::Float(-0.5)), "p.x after p.x = -0.5");
        assert_eq!(
            shown(&p),
            vec![("x".to_owned(), Value::Float(-0.5)), ("z".to_owned(), Value::Int(1))],
            "items in slot order (x before z), the unset slot y left out"
        );
        assert_eq!(p.delete("x"), Ok(()), "del p.x of a set slot");
        assert_eq!(p.get("x"), Err(missing("SlotPoint", "x")), "p.x after del p.x");
        p.set("y", Value::None).unwrap();
        assert_eq!(p.get("y"), Ok(Value::None), "a slot can hold None, which is not 'unset'");
        let q = SlotObject::new(&class);
        assert_eq!(q.get("y"), Err(missing("SlotPoint", "y")), "another instance's slots are its own");
    });
}

#[test]
fn stage2_slot_object_refuses_new_names() {
    prove(|| {
        let class = SlotClass::new("Vector3", &XYZ);
        let mut v = SlotObject::new(&class);
        fill(&mut v, &XYZ);
        let error = v.set("w", Value::Int(4)).unwrap_err();
        assert_eq!(error, no_dict("Vector3", "w"), "setattr of a name that is not a slot");
        assert_eq!(
            error.to_string(),
            "'Vector3' object has no attribute 'w'",
            "CPython 3.11's message for a new name on a slotted object"
        );
        assert_eq!(v.get("w"), Err(missing("Vector3", "w")), "the refused name was not stored");
        assert_eq!(v.delete("w"), Err(no_dict("Vector3", "w")), "del of a name that is not a slot");
        assert_eq!(shown(&v), pairs(&[("x", 1), ("y", 2), ("z", 3)]), "the slots are untouched");
    });
}

#[test]
fn stage2_deleting_an_empty_slot_says_its_name() {
    prove(|| {
        let class = SlotClass::new("SlotPoint", &XYZ);
        let mut p = SlotObject::new(&class);
        let error = p.delete("y").unwrap_err();
        assert_eq!(
            error,
            AttributeError::EmptySlot { name: "y".into() },
            "del of a slot never set"
        );
        assert_eq!(error.to_string(), "y", "CPython 3.11 says only the slot's name");
        p.set("y", Value::Int(2)).unwrap();
        p.delete("y").unwrap();
        assert_eq!(
            p.delete("y"),
            Err(AttributeError::EmptySlot { name: "y".into() }),
            "del of a slot already deleted"
        );
        assert_eq!(
            p.get("y").unwrap_err().to_string(),
            "'SlotPoint' object has no attribute 'y'",
            "reading an empty slot"
        );
    });
}

#[test]
fn stage2_slotted_instances_hold_only_their_values() {
    prove(|| {
        for names in [&XYZ[..], &SIX[..]] {
            for count in COUNTS {
                let slotted = slotted_bytes(count, names);
                let budget = slotted_budget(names.len());
                assert!(
                    slotted <= budget,
                    "a slotted instance with {} slots takes {slotted} bytes (over {count} \
                     instances); the layout needs {budget}: a class pointer, a boxed slice and \
                     one 16-byte value per slot",
                    names.len()
                );
            }
        }
    });
}

#[test]
fn stage2_slotted_uses_at_most_half_of_the_dict() {
    prove(|| {
        for names in [&XYZ[..], &SIX[..]] {
            for count in COUNTS {
                let slotted = slotted_bytes(count, names);
                let dict = dict_bytes(count, names);
                assert!(
                    2 * slotted <= dict,
                    "{} attributes over {count} instances: slotted {slotted} bytes, dict {dict}: \
                     slotted must use at most half",
                    names.len()
                );
            }
        }
    });
}

// ---------------------------------------------------------------- stage 3: shared keys

#[test]
fn stage3_shared_object_gets_sets_and_deletes() {
    prove(|| {
        let class = SharedClass::new("Point");
        let mut p = SharedObject::new(&class);
        fill(&mut p, &XYZ);
        assert_eq!(p.get("y"), Ok(Value::Int(2)), "p.y after p.y = 2");
        p.set("y", Value::Float(0.25)).unwrap();
        assert_eq!(p.get("y"), Ok(Value::Float(0.25)), "p.y after p.y = 0.25");
        assert_eq!(p.delete("y"), Ok(()), "del p.y");
        assert_eq!(p.get("y"), Err(missing("Point", "y")), "p.y after del p.y");
        assert_eq!(p.delete("y"), Err(missing("Point", "y")), "del p.y twice");
        assert_eq!(
            p.get("w").unwrap_err().to_string(),
            "'Point' object has no attribute 'w'",
            "getattr of a name never set"
        );
        let q = SharedObject::new(&class);
        assert_eq!(q.get("x"), Err(missing("Point", "x")), "a shared key is not a value of every instance");
        assert!(!p.has_own_dict(), "no fallback so far");
    });
}

#[test]
fn stage3_the_class_owns_the_keys() {
    prove(|| {
        let class = SharedClass::new("Point");
        let mut a = SharedObject::new(&class);
        let mut b = SharedObject::new(&class);
        fill(&mut a, &["y", "x"]);
        fill(&mut b, &["x", "z", "y"]);
        let keys: Vec<String> = class.shared_keys().iter().map(|k| k.to_string()).collect();
        assert_eq!(keys, ["y", "x", "z"], "each name once, in the order the class first saw it");
        assert_eq!(class.find_key("z"), Some(2), "find_key gives the key's index");
        assert_eq!(class.find_key("w"), None, "find_key of a name never used");
        assert_eq!(
            shown(&b),
            pairs(&[("x", 1), ("z", 2), ("y", 3)]),
            "an instance lists its own insertion order, not the keys' order"
        );
        let shared = class.shared_keys();
        assert!(
            b.items().iter().all(|(name, _)| shared.iter().any(|key| Rc::ptr_eq(key, name))),
            "instances hand out the class's key strings, not copies"
        );
        assert!(!a.has_own_dict() && !b.has_own_dict(), "nobody fell back");
    });
}

#[test]
fn stage3_delete_then_set_moves_to_the_end_without_a_dict() {
    prove(|| {
        let class = SharedClass::new("Point");
        let mut a = SharedObject::new(&class);
        fill(&mut a, &XYZ);
        a.delete("x").unwrap();
        a.set("x", Value::Int(10)).unwrap();
        assert_eq!(
            shown(&a),
            pairs(&[("y", 2), ("z", 3), ("x", 10)]),
            "del a.x; a.x = 10 puts x last, as vars(a) shows on CPython 3.11"
        );
        assert!(!a.has_own_dict(), "and the instance keeps its shared values");
        a.set("y", Value::Int(20)).unwrap();
        assert_eq!(
            shown(&a),
            pairs(&[("y", 20), ("z", 3), ("x", 10)]),
            "an overwrite keeps its place"
        );
    });
}

#[test]
fn stage3_keys_limit_defaults_to_cpython() {
    prove(|| {
        assert_eq!(SHARED_KEYS_MAX_SIZE, 30, "CPython 3.11's SHARED_KEYS_MAX_SIZE");
        let class = SharedClass::new("Wide");
        let mut object = SharedObject::new(&class);
        let names: Vec<String> = (0..=SHARED_KEYS_MAX_SIZE).map(|i| format!("a{i}")).collect();
        for name in &names[..SHARED_KEYS_MAX_SIZE] {
            object.set(name, Value::Int(0)).unwrap();
        }
        assert!(!object.has_own_dict(), "30 names fit in the shared keys");
        assert_eq!(class.key_count(), 30, "30 shared keys");
        object.set(&names[30], Value::Int(0)).unwrap();
        assert!(object.has_own_dict(), "the 31st name does not: the instance falls back");
        assert_eq!(class.key_count(), 30, "and the keys do not grow past the limit");
    });
}

#[test]
fn stage3_a_new_name_with_full_keys_falls_back_keeping_everything() {
    prove(|| {
        let class = SharedClass::with_key_limit("Point", 3);
        let mut settled = SharedObject::new(&class);
        fill(&mut settled, &XYZ);
        let mut a = SharedObject::new(&class);
        fill(&mut a, &["z", "x", "y"]);
        a.delete("x").unwrap();
        a.set("x", Value::Int(9)).unwrap();
        a.set("w", Value::Int(4)).unwrap();
        assert!(a.has_own_dict(), "a name the full keys cannot take: a dict of its own");
        assert_eq!(
            shown(&a),
            pairs(&[("z", 1), ("y", 3), ("x", 9), ("w", 4)]),
            "every attribute, in the instance's own order, the new one last"
        );
        assert_eq!(a.get("w"), Ok(Value::Int(4)), "a.w from the own dict");
        assert_eq!(a.delete("z"), Ok(()), "del a.z from the own dict");
        assert_eq!(a.get("z"), Err(missing("Point", "z")), "a.z after del");
        assert_eq!(a.delete("z"), Err(missing("Point", "z")), "del a.z twice");
        let keys: Vec<String> = class.shared_keys().iter().map(|k| k.to_string()).collect();
        assert_eq!(keys, ["x", "y", "z"], "the diverging name stays out of the shared keys");
        assert!(!settled.has_own_dict(), "other instances keep their shared values");
        assert_eq!(shown(&settled), pairs(&[("x", 1), ("y", 2), ("z", 3)]), "and their attributes");
        let mut fresh = SharedObject::new(&class);
        fresh.set("x", Value::Int(1)).unwrap();
        assert!(!fresh.has_own_dict(), "a shared name needs no dict");
        fresh.set("w", Value::Int(4)).unwrap();
        assert!(fresh.has_own_dict(), "w is not a shared key: this instance falls back too");
        assert_eq!(shown(&fresh), pairs(&[("x", 1), ("w", 4)]), "with both attributes");
    });
}

#[test]
fn stage3_asking_for_the_dict_falls_back_with_the_same_attributes() {
    prove(|| {
        let class = SharedClass::new("Point");
        let mut a = SharedObject::new(&class);
        fill(&mut a, &["y", "z", "x"]);
        a.delete("z").unwrap();
        a.set("z", Value::Int(30)).unwrap();
        let dict = dict_items(a.dict());
        assert_eq!(
            dict,
            pairs(&[("y", 1), ("x", 3), ("z", 30)]),
            "a.__dict__ holds every attribute in the instance's order"
        );
        assert!(a.has_own_dict(), "after __dict__ was asked for, the instance has one");
        assert_eq!(dict_items(a.dict()), dict, "asking again gives the same dict");
        a.set("q", Value::Int(5)).unwrap();
        assert_eq!(a.get("q"), Ok(Value::Int(5)), "new names go to the own dict");
        assert_eq!(
            class.shared_keys().len(),
            3,
            "an instance with its own dict adds nothing to the shared keys"
        );
        let empty = &mut SharedObject::new(&class);
        assert!(empty.dict().is_empty(), "the __dict__ of an instance with no attributes");
    });
}

#[test]
fn stage3_random_programs_match_python_dict_semantics() {
    prove(|| {
        for seed in seeds(300) {
            let mut rng = SplitMix64::new(seed ^ 0x5eed);
            let limit = 1 + rng.below(6);
            let class = SharedClass::with_key_limit("Point", limit);
            // A few instances first, so the keys are partly settled.
            for _ in 0..rng.below(3) {
                let mut other = SharedObject::new(&class);
                let name = NAMES[rng.below(NAMES.len())];
                other.set(name, Value::None).unwrap();
            }
            let mut object = SharedObject::new(&class);
            replay_against_model(seed, 150, "Point", &mut object, |object| {
                dict_items(object.dict())
            });
        }
    });
}

#[test]
fn stage3_shared_keys_stay_close_to_slotted() {
    prove(|| {
        for names in [&XYZ[..], &SIX[..]] {
            for count in COUNTS {
                let shared = shared_bytes(count, names);
                let slotted = slotted_bytes(count, names);
                let dict = dict_bytes(count, names);
                assert!(
                    shared <= slotted + 48,
                    "{} attributes over {count} instances: shared keys {shared} bytes, slotted \
                     {slotted}: the values are the same; only a vector header, a capacity word \
                     and the order bytes may come on top (48 bytes). Are the keys copied into \
                     every instance?",
                    names.len()
                );
                assert!(
                    2 * shared <= dict,
                    "{} attributes over {count} instances: shared keys {shared} bytes, dict \
                     {dict}: at most half",
                    names.len()
                );
            }
        }
    });
}

#[test]
fn stage3_a_fallen_back_instance_costs_a_dict_not_more() {
    prove(|| {
        let four = ["x", "y", "z", "w"];
        for count in COUNTS {
            let class = SharedClass::with_key_limit("Point", 3);
            fill(&mut SharedObject::new(&class), &XYZ);
            let fallen = bytes_per_instance(count, || {
                let mut object = SharedObject::new(&class);
                fill(&mut object, &four);
                object
            });
            let dict = dict_bytes(count, &four);
            assert!(
                fallen <= dict + 48,
                "over {count} instances that fell back, {fallen} bytes each; the dict layout \
                 takes {dict}, and a fallen-back instance may add only its emptied inline part \
                 and the box (48 bytes): are the shared values kept beside the dict?"
            );
            let asked = bytes_per_instance(count, || {
                let mut object = SharedObject::new(&class);
                fill(&mut object, &XYZ);
                object.dict();
                object
            });
            let dict3 = dict_bytes(count, &XYZ);
            assert!(
                asked <= dict3 + 48,
                "over {count} instances whose __dict__ was asked for, {asked} bytes each; the \
                 dict layout takes {dict3}"
            );
        }
    });
}

#[test]
fn nothing_leaks() {
    prove(|| {
        let ((), usage) = ALLOC.measure(|| {
            let dict_class = DictClass::new("Point");
            let slot_class = SlotClass::new("SlotPoint", &XYZ);
            let shared_class = SharedClass::with_key_limit("Point", 2);
            for round in 0..50 {
                let mut d = DictObject::new(&dict_class);
                let mut s = SlotObject::new(&slot_class);
                let mut h = SharedObject::new(&shared_class);
                fill(&mut d, &XYZ);
                fill(&mut s, &XYZ);
                fill(&mut h, &XYZ);
                d.delete("y").unwrap();
                s.delete("y").unwrap();
                h.delete("y").unwrap();
                if round % 2 == 0 {
                    h.dict();
                }
            }
        });
        assert_eq!(usage.leaked_blocks, 0, "blocks still allocated after classes and instances are gone");
        assert_eq!(usage.leaked_bytes, 0, "bytes still allocated after classes and instances are gone");
    });
}
