//! The leak hunt: a small event-processing service (given code, with three leaks).
//!
//! Users log in and out; while logged in they open requests, subscribe to notices, and anyone
//! can broadcast a notice to the subscribers; quotes read a price table per region and hour,
//! computed once and cached. [`Service::handle`] takes one [`Event`] and returns the line the
//! service prints for it; [`run`] feeds it a fixed [`Workload`].
//!
//! The service gives the right answers, but its memory grows with every event it handles. Find
//! out why with [`memory_profile`](crate::memory_profile), and fix it without changing a single
//! line of what it prints.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;
// solution:begin remove
use std::rc::Weak;
// solution:end

/// Prices per table: one per user slot (`user % PRICES`).
pub const PRICES: usize = 64;

/// What happens, to whom, and in which hour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Event {
    /// The hour the event belongs to. Events arrive in order, except that one may come up to
    /// an hour late; a quote more than an hour behind the latest hour seen is refused.
    pub hour: u32,
    /// Who acts.
    pub user: u32,
    /// What they do.
    pub kind: Kind,
}

/// The kinds of events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Opens a session for the user.
    Login,
    /// Opens a request, numbered `request`, in the user's session.
    Open {
        /// The request's number.
        request: u32,
    },
    /// Subscribes the user's session to notices.
    Subscribe,
    /// Sends notice number `notice` to every subscribed session.
    Broadcast {
        /// The notice's number.
        notice: u32,
    },
    /// The user's price in `region` for the event's hour.
    Quote {
        /// The region, any number.
        region: u8,
    },
    /// Ends the user's session: the service reports what it did and forgets it.
    Logout,
}

/// The notices a subscribed session has received.
type Inbox = RefCell<Vec<String>>;

/// One user's session.
struct Session {
    user: u32,
    requests: RefCell<Vec<Rc<Request>>>,
    inbox: Rc<Inbox>,
    subscribed: Cell<bool>,
}

/// A request; it knows the session it belongs to.
struct Request {
    id: u32,
    // solution:begin remove
    session: Weak<Session>,
    // solution:end
    //~ session: Rc<Session>,
    payload: String,
}

impl Request {
    /// A new request of `session`, kept in the session's list.
    fn open(session: &Rc<Session>, id: u32) -> Rc<Request> {
        let request = Rc::new(Request {
            id,
            // solution:begin remove
            session: Rc::downgrade(session),
            // solution:end
            //~ session: Rc::clone(session),
            payload: format!("request {id} of u{}", session.user),
        });
        session.requests.borrow_mut().push(Rc::clone(&request));
        request
    }

    /// The user whose session holds this request.
    fn owner(&self) -> u32 {
        // solution:begin remove
        self.session
            .upgrade()
            .expect("a request lives only as long as its session holds it")
            .user
        // solution:end
        //~ self.session.user
    }
}

/// The event service. Build one with [`Service::new`], feed it with [`Service::handle`].
///
/// ```
/// use memory_profile_solution::service::{Event, Kind, Service};
///
/// let mut service = Service::new();
/// let mut say = |user, kind| service.handle(Event { hour: 0, user, kind });
/// assert_eq!(say(1, Kind::Login), "u1 logged in");
/// assert_eq!(say(1, Kind::Open { request: 7 }), "r7 opened by u1 (1 open): request 7 of u1");
/// assert_eq!(say(1, Kind::Subscribe), "u1 subscribed");
/// assert_eq!(say(2, Kind::Broadcast { notice: 3 }), "notice 3 sent");
/// assert_eq!(say(1, Kind::Logout), "u1 logged out: 1 requests, 1 notices");
/// ```
#[derive(Default)]
pub struct Service {
    /// Open sessions, by user.
    sessions: HashMap<u32, Rc<Session>>,
    /// The inboxes of subscribed sessions: where a broadcast goes.
    subscribers: Vec<Rc<Inbox>>,
    /// Price tables by (region, hour).
    tables: HashMap<(u8, u32), Vec<u32>>,
    /// The latest hour seen.
    clock: u32,
}

impl fmt::Debug for Service {
    /// The sizes of the service's collections.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Service")
            .field("sessions", &self.sessions.len())
            .field("subscribers", &self.subscribers.len())
            .field("tables", &self.tables.len())
            .field("clock", &self.clock)
            .finish()
    }
}

/// The price table of `region` for `hour`: deterministic, and costly enough to cache.
fn price_table(region: u8, hour: u32) -> Vec<u32> {
    let mut state = u64::from(region) << 32 | u64::from(hour);
    (0..PRICES)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            100 + (state >> 33) as u32 % 900
        })
        .collect()
}

impl Service {
    /// A service with no sessions, no subscribers and no cached tables.
    ///
    /// ```
    /// use memory_profile_solution::service::Service;
    ///
    /// let service = Service::new();
    /// assert_eq!(format!("{service:?}"), "Service { sessions: 0, subscribers: 0, tables: 0, clock: 0 }");
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Handles one event and returns the line the service prints for it.
    ///
    /// ```
    /// use memory_profile_solution::service::{Event, Kind, Service};
    ///
    /// let mut service = Service::new();
    /// let quote = |hour| Event { hour, user: 5, kind: Kind::Quote { region: 2 } };
    /// assert_eq!(service.handle(quote(3)), "u5 quote r2 h3: 448 (table computed)");
    /// assert_eq!(service.handle(quote(3)), "u5 quote r2 h3: 448 (table cached)");
    /// assert_eq!(service.handle(quote(1)), "u5 quote r2 h1: stale, refused");
    /// ```
    pub fn handle(&mut self, event: Event) -> String {
        let Event { hour, user, kind } = event;
        if hour > self.clock {
            self.clock = hour;
            // solution:begin remove
            // A table older than the previous hour can never be read again: quotes that old
            // are refused. The previous hour's tables stay: a late quote may still read them.
            let clock = self.clock;
            self.tables
                .retain(|&(_, table_hour), _| table_hour + 1 >= clock);
            // solution:end
        }
        match kind {
            Kind::Login => {
                if self.sessions.contains_key(&user) {
                    return format!("u{user} already logged in");
                }
                let session = Rc::new(Session {
                    user,
                    requests: RefCell::new(Vec::new()),
                    inbox: Rc::new(RefCell::new(Vec::new())),
                    subscribed: Cell::new(false),
                });
                self.sessions.insert(user, session);
                format!("u{user} logged in")
            }
            Kind::Open { request } => {
                let Some(session) = self.sessions.get(&user) else {
                    return format!("u{user} has no session");
                };
                let request = Request::open(session, request);
                let open = session.requests.borrow().len();
                format!(
                    "r{} opened by u{} ({open} open): {}",
                    request.id,
                    request.owner(),
                    request.payload
                )
            }
            Kind::Subscribe => {
                let Some(session) = self.sessions.get(&user) else {
                    return format!("u{user} has no session");
                };
                if session.subscribed.replace(true) {
                    return format!("u{user} already subscribed");
                }
                self.subscribers.push(Rc::clone(&session.inbox));
                format!("u{user} subscribed")
            }
            Kind::Broadcast { notice } => {
                for inbox in &self.subscribers {
                    inbox
                        .borrow_mut()
                        .push(format!("notice {notice} from u{user}"));
                }
                format!("notice {notice} sent")
            }
            Kind::Quote { region } => {
                if hour + 1 < self.clock {
                    return format!("u{user} quote r{region} h{hour}: stale, refused");
                }
                let (table, how) = match self.tables.get(&(region, hour)) {
                    Some(table) => (table, "cached"),
                    None => {
                        let table = self
                            .tables
                            .entry((region, hour))
                            .or_insert_with(|| price_table(region, hour));
                        (&*table, "computed")
                    }
                };
                let price = table[user as usize % PRICES];
                format!("u{user} quote r{region} h{hour}: {price} (table {how})")
            }
            Kind::Logout => {
                let Some(session) = self.sessions.remove(&user) else {
                    return format!("u{user} has no session");
                };
                // solution:begin remove
                // The registry lets go of the inbox of a session that ends.
                if session.subscribed.get() {
                    self.subscribers
                        .retain(|inbox| !Rc::ptr_eq(inbox, &session.inbox));
                }
                // solution:end
                let requests = session.requests.borrow().len();
                let notices = session.inbox.borrow().len();
                format!("u{user} logged out: {requests} requests, {notices} notices")
            }
        }
    }
}

/// A deterministic stream of events for 16 users in 4 regions, 100 events an hour, one event
/// in eight an hour late.
///
/// ```
/// use memory_profile_solution::service::Workload;
///
/// let events: Vec<_> = Workload::new(1).take(1000).collect();
/// assert_eq!(events.len(), 1000);
/// assert!(events.iter().all(|event| event.user < 16));
/// assert!(matches!(events[999].hour, 8 | 9)); // hour 9, or 8 when late
/// ```
#[derive(Debug, Clone)]
pub struct Workload {
    state: u64,
    next: u32,
}

impl Workload {
    /// The workload of this seed.
    pub fn new(seed: u64) -> Self {
        Self {
            state: seed,
            next: 0,
        }
    }

    /// SplitMix64.
    fn random(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

impl Iterator for Workload {
    type Item = Event;

    fn next(&mut self) -> Option<Event> {
        let number = self.next;
        self.next = self.next.wrapping_add(1);
        let mut hour = number / 100;
        if hour > 0 && self.random().is_multiple_of(8) {
            hour -= 1;
        }
        let user = (self.random() % 16) as u32;
        let kind = match self.random() % 100 {
            0..12 => Kind::Login,
            12..20 => Kind::Logout,
            20..45 => Kind::Open { request: number },
            45..55 => Kind::Subscribe,
            55..65 => Kind::Broadcast { notice: number },
            _ => Kind::Quote {
                region: (self.random() % 4) as u8,
            },
        };
        Some(Event { hour, user, kind })
    }
}

/// The seed of [`run`]'s workload.
pub const SEED: u64 = 2024;

/// Runs a fresh service on the first `iterations` events of `Workload::new(SEED)` and returns
/// what it printed, one line per event.
///
/// ```
/// use memory_profile_solution::service::run;
///
/// let lines = run(3);
/// assert_eq!(lines.len(), 3);
/// ```
pub fn run(iterations: usize) -> Vec<String> {
    let mut service = Service::new();
    Workload::new(SEED)
        .take(iterations)
        .map(|event| service.handle(event))
        .collect()
}
