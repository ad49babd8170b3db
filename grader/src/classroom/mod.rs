//! What a teacher runs for a class: [`batch`] grades one folder per student into a gradebook
//! (CSV, JSON) above the pipeline, [`gradescope_bundle`] writes the zip Gradescope's autograder
//! runs.

pub(crate) mod batch;
pub(crate) mod gradescope_bundle;
