//! Hidden tests for 06-weak-observers: the learner's crate is `weak_observers`.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use grader_support::{CountingAlloc, Drops, prove};
use weak_observers::{Observable, Subscriber, Subscription};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc::new();

/// A shared list the callbacks write to, so a test can see who ran and in which order.
type Log = Rc<RefCell<Vec<String>>>;

fn new_log() -> Log {
    Rc::new(RefCell::new(Vec::new()))
}

/// A subscriber that appends `name` to `log` when called.
fn recorder(log: &Log, name: &str) -> Rc<Subscriber<u32>> {
    let log = Rc::clone(log);
    let name = name.to_owned();
    Subscriber::new(move |payload: &u32| log.borrow_mut().push(format!("{name}:{payload}")))
}

/// A death callback that appends `name` to `log`.
fn on_death(log: &Log, name: &str) -> impl Fn() + 'static {
    let log = Rc::clone(log);
    let name = name.to_owned();
    move || log.borrow_mut().push(format!("{name} died"))
}

fn entries(log: &Log) -> Vec<String> {
    log.borrow().clone()
}

#[test]
fn notifies_live_subscribers_in_subscription_order() {
    prove(|| {
        let log = new_log();
        let prices = Observable::new();
        let names = ["a", "b", "c", "d", "e", "f", "g", "h"];
        let mut keep = Vec::new();
        for name in names {
            let subscriber = recorder(&log, name);
            prices.subscribe("price", &subscriber, || {});
            // Another event in between must not disturb the order of "price".
            prices.subscribe("volume", &subscriber, || {});
            keep.push(subscriber);
        }
        assert_eq!(
            prices.notify("price", &1),
            8,
            "notify returns how many it called"
        );
        let expected: Vec<String> = names.iter().map(|name| format!("{name}:1")).collect();
        assert_eq!(
            entries(&log),
            expected,
            "called in the order they subscribed"
        );
        log.borrow_mut().clear();
        prices.notify("price", &2);
        let expected: Vec<String> = names.iter().map(|name| format!("{name}:2")).collect();
        assert_eq!(entries(&log), expected, "the same order on every notify");
        assert_eq!(
            prices.notify("no such event", &3),
            0,
            "an event nobody subscribed to calls nobody"
        );
    });
}

thread_local! {
    static FN_ITEM_CALLS: Cell<u32> = const { Cell::new(0) };
}

fn count_in_fn_item(payload: &u32) {
    FN_ITEM_CALLS.with(|calls| calls.set(calls.get() + payload));
}

struct Display {
    shown: RefCell<Vec<u32>>,
}

impl Display {
    fn on_price(&self, price: &u32) {
        self.shown.borrow_mut().push(*price);
    }
}

#[test]
fn any_callable_subscribes() {
    prove(|| {
        let prices = Observable::new();
        // A closure capturing state.
        let total = Rc::new(Cell::new(0));
        let sum = Rc::clone(&total);
        let closure = Subscriber::new(move |price: &u32| sum.set(sum.get() + price));
        // A fn item: what the seed's WeakMethod rejects with a TypeError.
        let function = Subscriber::new(count_in_fn_item);
        // A method, bound by a closure (Python's bound method `display.on_price`).
        let display = Rc::new(Display {
            shown: RefCell::new(Vec::new()),
        });
        let bound = Rc::clone(&display);
        let method = Subscriber::new(move |price: &u32| bound.on_price(price));
        prices.subscribe("price", &closure, || {});
        prices.subscribe("price", &function, || {});
        prices.subscribe("price", &method, || {});
        assert_eq!(
            prices.notify("price", &7),
            3,
            "all three kinds of callable are called"
        );
        assert_eq!(total.get(), 7, "the closure saw the payload");
        assert_eq!(
            FN_ITEM_CALLS.with(Cell::get),
            7,
            "the fn item saw the payload"
        );
        assert_eq!(*display.shown.borrow(), [7], "the method saw the payload");
    });
}

#[test]
fn the_observable_holds_subscribers_weakly() {
    prove(|| {
        let drops = Drops::new();
        let prices: Observable<u32> = Observable::new();
        let token = drops.token();
        let display = Subscriber::new(move |_: &u32| {
            let _ = &token;
        });
        prices.subscribe("price", &display, || {});
        prices.subscribe("volume", &display, || {});
        assert_eq!(
            Rc::strong_count(&display),
            1,
            "subscribing adds no strong handle: the owner's is the only one"
        );
        drop(display);
        assert_eq!(
            drops.count(),
            1,
            "dropping the owner's handle drops the subscriber and what it captured, at once"
        );
        assert_eq!(
            prices.notify("price", &1),
            0,
            "a dead subscriber is not called"
        );
    });
}

#[test]
fn death_callback_fires_when_the_last_strong_handle_goes() {
    prove(|| {
        let log = new_log();
        let prices: Observable<u32> = Observable::new();
        let display = Subscriber::new(|_| {});
        let second_owner = Rc::clone(&display);
        prices.subscribe("price", &display, on_death(&log, "display"));
        drop(display);
        assert_eq!(
            entries(&log),
            Vec::<String>::new(),
            "another strong handle remains: not dead yet"
        );
        drop(second_owner);
        assert_eq!(
            entries(&log),
            ["display died"],
            "the death callback runs when the last strong handle is dropped, before any notify"
        );
    });
}

#[test]
fn death_callback_fires_exactly_once() {
    prove(|| {
        let fired = Rc::new(Cell::new(0));
        let prices: Observable<u32> = Observable::new();
        let display = Subscriber::new(|_| {});
        let count = Rc::clone(&fired);
        prices.subscribe("price", &display, move || count.set(count.get() + 1));
        drop(display);
        assert_eq!(fired.get(), 1, "fired once when the subscriber died");
        prices.notify("price", &1);
        assert_eq!(fired.get(), 1, "not again when notify finds the dead entry");
        prices.notify("price", &2);
        prices.prune();
        assert_eq!(
            fired.get(),
            1,
            "not again when the entry is removed or pruned"
        );
        drop(prices);
        assert_eq!(fired.get(), 1, "not again when the observable is dropped");
    });
}

#[test]
fn notify_skips_and_removes_dead_subscribers() {
    prove(|| {
        let log = new_log();
        let prices = Observable::new();
        let first = recorder(&log, "first");
        let middle = recorder(&log, "middle");
        let last = recorder(&log, "last");
        for subscriber in [&first, &middle, &last] {
            prices.subscribe("price", subscriber, || {});
        }
        drop(middle);
        assert_eq!(prices.notify("price", &5), 2, "two live subscribers called");
        assert_eq!(
            entries(&log),
            ["first:5", "last:5"],
            "the live ones, still in order"
        );
        assert_eq!(
            prices.subscription_count("price"),
            2,
            "the dead entry is removed by the notify that found it"
        );
    });
}

#[test]
fn a_dead_subscriber_leaves_nothing_allocated_after_notify() {
    prove(|| {
        let prices: Observable<u32> = Observable::new();
        let subscribe_then_die = || {
            let state = vec![0u8; 1024];
            let subscriber = Subscriber::new(move |_: &u32| {
                let _ = &state;
            });
            prices.subscribe("price", &subscriber, || {});
            drop(subscriber);
            prices.notify("price", &1);
        };
        // Once to let the observable's own tables reach their size, then measured.
        subscribe_then_die();
        let ((), usage) = ALLOC.measure(subscribe_then_die);
        assert_eq!(
            usage.leaked_bytes, 0,
            "bytes still allocated after the subscriber died and notify ran: its entry (and the Weak keeping its block) must be removed"
        );
    });
}

#[test]
fn prune_removes_dead_entries_of_every_event() {
    prove(|| {
        let prices: Observable<u32> = Observable::new();
        let alive = Subscriber::new(|_| {});
        let doomed = Subscriber::new(|_| {});
        for event in ["open", "close", "tick"] {
            prices.subscribe(event, &alive, || {});
            prices.subscribe(event, &doomed, || {});
        }
        drop(doomed);
        assert_eq!(
            prices.prune(),
            3,
            "prune returns how many dead entries it removed"
        );
        for event in ["open", "close", "tick"] {
            assert_eq!(
                prices.subscription_count(event),
                1,
                "only the live subscriber is left on {event:?}"
            );
        }
        assert_eq!(prices.prune(), 0, "nothing left to remove");
        assert_eq!(
            prices.notify("tick", &1),
            1,
            "the live subscriber is still called"
        );
    });
}

#[test]
fn a_subscriber_made_on_the_fly_dies_at_once() {
    prove(|| {
        let log = new_log();
        let prices = Observable::new();
        prices.subscribe(
            "price",
            &recorder(&log, "temporary"),
            on_death(&log, "temporary"),
        );
        assert_eq!(
            entries(&log),
            ["temporary died"],
            "nobody kept the subscriber: it dies at the end of the subscribe statement"
        );
        assert_eq!(prices.notify("price", &1), 0, "and is never called");
    });
}

#[test]
fn unsubscribe_stops_calls_and_cancels_the_death_callback() {
    prove(|| {
        let log = new_log();
        let prices = Observable::new();
        let display = recorder(&log, "display");
        let other = recorder(&log, "other");
        let subscription = prices.subscribe("price", &display, on_death(&log, "display"));
        prices.subscribe("price", &other, || {});
        assert!(
            prices.unsubscribe(&subscription),
            "the first unsubscribe finds the subscription"
        );
        assert!(
            !prices.unsubscribe(&subscription),
            "a second unsubscribe finds nothing"
        );
        assert_eq!(prices.subscription_count("price"), 1, "the entry is gone");
        prices.notify("price", &1);
        drop(display);
        assert_eq!(
            entries(&log),
            ["other:1"],
            "no call and no death callback after unsubscribing"
        );
    });
}

#[test]
fn dropping_the_observable_cancels_death_callbacks() {
    prove(|| {
        let log = new_log();
        let prices: Observable<u32> = Observable::new();
        let display = Subscriber::new(|_| {});
        prices.subscribe("price", &display, on_death(&log, "display"));
        drop(prices);
        drop(display);
        assert_eq!(
            entries(&log),
            Vec::<String>::new(),
            "the subscription went with its observable, like a dropped weakref's callback"
        );
    });
}

#[test]
fn each_subscription_has_its_own_death_callback() {
    prove(|| {
        let log = new_log();
        let prices: Observable<u32> = Observable::new();
        let clock: Observable<u32> = Observable::new();
        let display = Subscriber::new(|_| {});
        prices.subscribe("open", &display, on_death(&log, "open"));
        prices.subscribe("close", &display, on_death(&log, "close"));
        clock.subscribe("tick", &display, on_death(&log, "tick"));
        prices.subscribe("open", &display, on_death(&log, "open again"));
        assert_eq!(
            prices.notify("open", &1),
            2,
            "subscribed twice to one event: called twice"
        );
        drop(display);
        assert_eq!(
            entries(&log),
            ["open died", "close died", "tick died", "open again died"],
            "every subscription's death callback, once each, in subscription order"
        );
    });
}

#[test]
fn a_callback_may_subscribe_during_notify() {
    prove(|| {
        let log = new_log();
        let prices = Rc::new(Observable::new());
        let keep: Rc<RefCell<Vec<Rc<Subscriber<u32>>>>> = Rc::new(RefCell::new(Vec::new()));
        let adder = {
            let (log, prices, keep) = (Rc::clone(&log), Rc::downgrade(&prices), Rc::clone(&keep));
            Subscriber::new(move |payload: &u32| {
                log.borrow_mut().push(format!("adder:{payload}"));
                let newcomer = recorder(&log, &format!("newcomer{payload}"));
                prices
                    .upgrade()
                    .unwrap()
                    .subscribe("price", &newcomer, || {});
                keep.borrow_mut().push(newcomer);
            })
        };
        prices.subscribe("price", &adder, || {});
        assert_eq!(
            prices.notify("price", &1),
            1,
            "a subscriber added during a notify waits for the next one"
        );
        assert_eq!(entries(&log), ["adder:1"]);
        log.borrow_mut().clear();
        assert_eq!(prices.notify("price", &2), 2);
        assert_eq!(
            entries(&log),
            ["adder:2", "newcomer1:2"],
            "the next notify calls it, after the older subscribers"
        );
    });
}

#[test]
fn a_callback_may_unsubscribe_itself_and_others_during_notify() {
    prove(|| {
        let log = new_log();
        let prices = Rc::new(Observable::new());
        let receipts: Rc<RefCell<Vec<Subscription>>> = Rc::new(RefCell::new(Vec::new()));
        let quitter = {
            let (log, prices, receipts) = (
                Rc::clone(&log),
                Rc::downgrade(&prices),
                Rc::clone(&receipts),
            );
            Subscriber::new(move |payload: &u32| {
                log.borrow_mut().push(format!("quitter:{payload}"));
                let prices = prices.upgrade().unwrap();
                for receipt in receipts.borrow().iter() {
                    prices.unsubscribe(receipt);
                }
            })
        };
        let stayer = recorder(&log, "stayer");
        let removed = recorder(&log, "removed");
        let own = prices.subscribe("price", &quitter, || {});
        prices.subscribe("price", &stayer, || {});
        let later = prices.subscribe("price", &removed, on_death(&log, "removed"));
        receipts.borrow_mut().extend([own, later]);
        assert_eq!(
            prices.notify("price", &1),
            2,
            "the quitter and the stayer; the removed one was unsubscribed before its turn"
        );
        assert_eq!(entries(&log), ["quitter:1", "stayer:1"]);
        log.borrow_mut().clear();
        prices.notify("price", &2);
        drop(removed);
        assert_eq!(
            entries(&log),
            ["stayer:2"],
            "unsubscribed during a notify: never called again, no death callback"
        );
    });
}

#[test]
fn a_callback_may_notify_during_notify() {
    prove(|| {
        let log = new_log();
        let prices = Rc::new(Observable::new());
        let relay = {
            let (log, prices) = (Rc::clone(&log), Rc::downgrade(&prices));
            Subscriber::new(move |payload: &u32| {
                log.borrow_mut().push(format!("relay:{payload}"));
                if *payload < 2 {
                    let prices = prices.upgrade().unwrap();
                    prices.notify("volume", &(payload + 10));
                    prices.notify("price", &(payload + 1));
                }
            })
        };
        let volume = recorder(&log, "volume");
        prices.subscribe("price", &relay, || {});
        prices.subscribe("volume", &volume, || {});
        prices.notify("price", &1);
        assert_eq!(
            entries(&log),
            ["relay:1", "volume:11", "relay:2"],
            "nested notifies run inside the outer one"
        );
    });
}

#[test]
fn a_subscriber_dying_during_notify_fires_its_death_callback_then() {
    prove(|| {
        let log = new_log();
        let prices = Rc::new(Observable::new());
        let keep: Rc<RefCell<Vec<Rc<Subscriber<u32>>>>> = Rc::new(RefCell::new(Vec::new()));
        // The only strong handle to `leaver` sits in `slot`; its own callback empties the slot.
        let slot: Rc<RefCell<Option<Rc<Subscriber<u32>>>>> = Rc::new(RefCell::new(None));
        let leaver = {
            let (log, slot) = (Rc::clone(&log), Rc::clone(&slot));
            Subscriber::new(move |payload: &u32| {
                log.borrow_mut().push(format!("leaver:{payload}"));
                slot.borrow_mut().take();
            })
        };
        let after = recorder(&log, "after");
        // The death callback itself subscribes a replacement.
        let replace = {
            let (log, prices, keep) = (Rc::clone(&log), Rc::downgrade(&prices), Rc::clone(&keep));
            move || {
                log.borrow_mut().push("leaver died".to_owned());
                let replacement = recorder(&log, "replacement");
                prices
                    .upgrade()
                    .unwrap()
                    .subscribe("price", &replacement, || {});
                keep.borrow_mut().push(replacement);
            }
        };
        prices.subscribe("price", &leaver, replace);
        prices.subscribe("price", &after, || {});
        *slot.borrow_mut() = Some(leaver);
        assert_eq!(prices.notify("price", &1), 2);
        assert_eq!(
            entries(&log),
            ["leaver:1", "leaver died", "after:1"],
            "the subscriber dies when notify lets go of it, right after its call: the death callback runs then"
        );
        log.borrow_mut().clear();
        prices.notify("price", &2);
        assert_eq!(
            entries(&log),
            ["after:2", "replacement:2"],
            "the dead one is gone, the replacement called"
        );
        assert_eq!(
            prices.subscription_count("price"),
            2,
            "and its entry removed"
        );
    });
}

#[test]
fn a_subscriber_that_dies_during_notify_is_removed_by_that_notify() {
    prove(|| {
        let log = new_log();
        let prices = Observable::new();
        // `victim`'s only strong handle sits in `slot`; `killer`'s callback empties the slot.
        let slot: Rc<RefCell<Option<Rc<Subscriber<u32>>>>> = Rc::new(RefCell::new(None));
        let killer = {
            let (log, slot) = (Rc::clone(&log), Rc::clone(&slot));
            Subscriber::new(move |payload: &u32| {
                log.borrow_mut().push(format!("killer:{payload}"));
                slot.borrow_mut().take();
            })
        };
        let victim = recorder(&log, "victim");
        let bystander = recorder(&log, "bystander");
        prices.subscribe("price", &killer, || {});
        prices.subscribe("price", &victim, || {});
        prices.subscribe("price", &bystander, || {});
        *slot.borrow_mut() = Some(victim);
        assert_eq!(
            prices.notify("price", &1),
            2,
            "the victim dies before its turn: only killer and bystander are called"
        );
        assert_eq!(entries(&log), ["killer:1", "bystander:1"]);
        assert_eq!(
            prices.subscription_count("price"),
            2,
            "the entry of a subscriber that died during this notify is removed by this notify, not the next"
        );
    });
}

#[test]
fn subscribing_and_unsubscribing_in_a_loop_does_not_grow() {
    prove(|| {
        let prices = Observable::new();
        let display = Subscriber::new(|_: &u32| {});
        let cycle = || {
            let subscription = prices.subscribe("price", &display, || {});
            assert!(prices.unsubscribe(&subscription));
        };
        cycle();
        let blocks = ALLOC.live_blocks();
        for _ in 0..10_000 {
            cycle();
        }
        assert!(
            ALLOC.live_blocks() - blocks <= 2,
            "10,000 subscribe/unsubscribe rounds left {} more blocks allocated: cancelled subscriptions must not pile up in the subscriber",
            ALLOC.live_blocks() - blocks
        );
        assert_eq!(prices.subscription_count("price"), 0);
    });
}
