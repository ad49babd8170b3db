//! Hidden tests for 01-refcount: the learner's crate is `refcount`.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use grader_support::{Drops, prove};
use refcount::{
    EventLog, Loud, RefCountDemo, Step, count_handles, count_same_object, into_owned,
    predict_fields_drop_order, predict_locals_drop_order, predict_vec_drop_order,
    reference_counting_basics,
};

#[test]
fn demo_records_creation_then_deletion_once() {
    prove(|| {
        let log = EventLog::default();
        let demo = RefCountDemo::new(-5, &log);
        assert_eq!(demo.value(), -5, "value() returns what new() got");
        assert_eq!(log.events(), ["created -5"], "new() records exactly one event");
        drop(demo);
        assert_eq!(
            log.events(),
            ["created -5", "deleting -5"],
            "dropping records `deleting VALUE` once"
        );
    });
}

#[test]
fn demo_behind_rc_is_deleted_by_the_last_handle() {
    prove(|| {
        let log = EventLog::default();
        let first = Rc::new(RefCountDemo::new(9, &log));
        let second = Rc::clone(&first);
        drop(first);
        assert_eq!(log.events(), ["created 9"], "one handle is left: no deletion yet");
        drop(second);
        assert_eq!(log.events(), ["created 9", "deleting 9"]);
    });
}

#[test]
fn basics_counts_follow_the_seed() {
    prove(|| {
        let log = EventLog::default();
        let counts = reference_counting_basics(&log);
        assert_eq!(counts, [1, 2, 3, 2, 1], "strong counts after each step");
        assert_eq!(
            log.events(),
            ["created 42", "deleting 42"],
            "the demo is created once and deleted before the function returns"
        );
    });
}

/// What `count_handles` must measure: 1 for `obj`, plus the aliases and the container's handles.
fn expected_counts(steps: &[Step]) -> Vec<usize> {
    let (mut aliases, mut container) = (0usize, 0usize);
    let mut counts = vec![1];
    for step in steps {
        match step {
            Step::Alias => aliases += 1,
            Step::DropAlias => aliases = aliases.saturating_sub(1),
            Step::Push => container += 1,
            Step::Pop => container = container.saturating_sub(1),
        }
        counts.push(1 + aliases + container);
    }
    counts
}

#[test]
fn count_handles_measures_any_program() {
    prove(|| {
        use Step::*;
        let programs: [&[Step]; 5] = [
            &[],
            &[Push, Push, Push, Alias, Pop, Pop],
            &[Alias, Alias, Alias, DropAlias, Push, DropAlias, Pop, DropAlias],
            &[Push, Alias, Push, Alias, Pop, DropAlias, Pop, DropAlias],
            &[Alias, Push, DropAlias, Pop, Alias, Push, DropAlias, Pop, Push],
        ];
        for (value, steps) in programs.into_iter().enumerate() {
            let log = EventLog::default();
            let value = value as i64 * 11 - 3;
            assert_eq!(
                count_handles(value, steps, &log),
                expected_counts(steps),
                "strong counts for the program {steps:?}"
            );
            assert_eq!(
                log.events(),
                [format!("created {value}"), format!("deleting {value}")],
                "the demo is created once and deleted before count_handles returns"
            );
        }
    });
}

#[test]
fn count_handles_follows_random_programs() {
    prove(|| {
        // A fixed sequence of programs, the same on every machine.
        let mut rng = grader_support::refgc::SplitMix64::new(0x5EED_0001);
        for program in 0..200 {
            let len = rng.below(40);
            let steps: Vec<Step> = (0..len)
                .map(|_| match rng.below(4) {
                    0 => Step::Alias,
                    1 => Step::DropAlias,
                    2 => Step::Push,
                    _ => Step::Pop,
                })
                .collect();
            let log = EventLog::default();
            assert_eq!(
                count_handles(program, &steps, &log),
                expected_counts(&steps),
                "strong counts for the program {steps:?}"
            );
            assert_eq!(log.events().len(), 2, "created once, deleted once: {steps:?}");
        }
    });
}

#[test]
fn count_handles_ignores_steps_with_nothing_to_drop() {
    prove(|| {
        use Step::*;
        let log = EventLog::default();
        let steps = [DropAlias, Pop, Alias, DropAlias, DropAlias, Push, Pop, Pop];
        assert_eq!(
            count_handles(5, &steps, &log),
            [1, 1, 1, 2, 1, 1, 2, 1, 1],
            "`del alias` without an alias and `pop()` of an empty container change nothing"
        );
        assert_eq!(log.events(), ["created 5", "deleting 5"]);
    });
}

#[test]
fn loud_records_its_own_drop() {
    prove(|| {
        let log = EventLog::default();
        let a = Loud::new("a", &log);
        let b = Loud::new("b", &log);
        assert!(log.events().is_empty(), "nothing is dropped yet");
        drop(b);
        drop(a);
        assert_eq!(log.events(), ["drop b", "drop a"]);
    });
}

/// Checks a predicted drop order against the one the language really used. A wrong prediction is
/// told the first position where it goes wrong and what it put there, never the real order: that
/// is what the learner is asked to work out (the book's chapter gives the rules).
#[track_caller]
fn check_prediction(predicted: &[&str], real: &[&str], what: &str) {
    let positions = real.len().max(predicted.len());
    let Some(at) = (0..positions).find(|&i| predicted.get(i) != real.get(i)) else {
        return;
    };
    let gave = match predicted.get(at) {
        Some(name) if real.contains(name) => format!("you predicted {name:?} there"),
        Some(name) => format!("you predicted {name:?} there, which is not one of the names"),
        None => "your prediction has nothing there".to_string(),
    };
    let before = if at == 0 {
        ""
    } else {
        " (the positions before it are right)"
    };
    panic!(
        "{what}: position {} of {} in your predicted drop order is wrong: {gave}{before}",
        at + 1,
        real.len()
    );
}

/// Records the order in which the language really drops things, to check predictions against.
struct Witness(&'static str, Rc<RefCell<Vec<&'static str>>>);

impl Drop for Witness {
    fn drop(&mut self) {
        self.1.borrow_mut().push(self.0);
    }
}

#[test]
fn locals_drop_order_is_predicted() {
    prove(|| {
        let predicted = predict_locals_drop_order();
        let order = Rc::new(RefCell::new(Vec::new()));
        {
            let _a = Witness("a", Rc::clone(&order));
            let _b = Witness("b", Rc::clone(&order));
            let _c = Witness("c", Rc::clone(&order));
        }
        check_prediction(&predicted, &order.borrow(), "locals");
    });
}

#[test]
fn vec_drop_order_is_predicted() {
    prove(|| {
        let predicted = predict_vec_drop_order();
        let order = Rc::new(RefCell::new(Vec::new()));
        drop(vec![
            Witness("first", Rc::clone(&order)),
            Witness("second", Rc::clone(&order)),
        ]);
        check_prediction(&predicted, &order.borrow(), "Vec elements");
    });
}

#[test]
fn fields_drop_order_is_predicted() {
    prove(|| {
        struct Pair {
            _x: Witness,
            _y: Witness,
        }
        let predicted = predict_fields_drop_order();
        let order = Rc::new(RefCell::new(Vec::new()));
        drop(Pair {
            _x: Witness("x", Rc::clone(&order)),
            _y: Witness("y", Rc::clone(&order)),
        });
        check_prediction(&predicted, &order.borrow(), "struct fields");
    });
}

/// Counts its clones, so a test can tell a move from a copy.
struct CloneCounter {
    clones: Rc<Cell<usize>>,
    _token: grader_support::DropToken,
}

impl Clone for CloneCounter {
    fn clone(&self) -> Self {
        self.clones.set(self.clones.get() + 1);
        Self {
            clones: Rc::clone(&self.clones),
            _token: Drops::new().token(),
        }
    }
}

#[test]
fn into_owned_moves_a_unique_value_without_cloning() {
    prove(|| {
        let drops = Drops::new();
        let clones = Rc::new(Cell::new(0));
        let rc = Rc::new(CloneCounter {
            clones: Rc::clone(&clones),
            _token: drops.token(),
        });
        let owned = into_owned(rc);
        assert_eq!(clones.get(), 0, "a unique Rc is unwrapped, not cloned");
        assert_eq!(drops.count(), 0, "the value moved out alive");
        drop(owned);
        assert_eq!(drops.count(), 1, "and is dropped once, by its new owner");
    });
}

#[test]
fn into_owned_clones_a_shared_value_and_releases_the_handle() {
    prove(|| {
        let clones = Rc::new(Cell::new(0));
        let rc = Rc::new(CloneCounter {
            clones: Rc::clone(&clones),
            _token: Drops::new().token(),
        });
        let other = Rc::clone(&rc);
        let _owned = into_owned(rc);
        assert_eq!(clones.get(), 1, "a shared value is cloned once");
        assert_eq!(
            Rc::strong_count(&other),
            1,
            "the handle passed in is released"
        );
    });
}

#[test]
fn same_object_means_same_allocation_not_equal_values() {
    prove(|| {
        let a = Rc::new(String::from("same"));
        let b = Rc::new(String::from("same"));
        let handles = [Rc::clone(&a), Rc::clone(&b), Rc::clone(&a), Rc::clone(&a)];
        assert_eq!(count_same_object(&handles, &a), 3);
        assert_eq!(count_same_object(&handles, &b), 1);
        assert_eq!(count_same_object(&[], &a), 0);
    });
}
