//! What a learner meets besides a graded report: the [`quiz`] (items, the answers file, and how
//! each answer is judged), the timed mock [`interview`] (what it draws, the terminal session,
//! its report), and [`watch`], which grades again whatever the learner saves.

pub(crate) mod interview;
pub(crate) mod last;
pub(crate) mod quiz;
pub(crate) mod watch;
