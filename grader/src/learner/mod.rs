//! What a learner meets besides graded exercises: the [`quiz`] (items, the answers file, and how
//! each answer is judged) and the timed mock [`interview`] (what it draws, and its report).

pub(crate) mod interview;
pub(crate) mod quiz;
