//! What maintainers run, apart from what learners run: each tool keeps its own report.
//!
//! [`stubs`] makes `exercises/` (and the quiz's generated files) from `solutions/`; [`wrong`]
//! writes the known-wrong solutions out as trees to grade and reports which tests catch them;
//! [`mutants`] measures the hidden tests with cargo-mutants and keeps `MUTANTS.md`; [`outputs`]
//! runs the book's Python snippets and the quiz programs against the outputs kept beside them;
//! [`claims`] holds the book's claims records (`book/claims/`) to the pages;
//! [`margin`] warns about a reference solution's test that takes more than a fifth of its limit.

pub(crate) mod claims;
pub(crate) mod margin;
pub(crate) mod mutants;
pub(crate) mod outputs;
pub(crate) mod stubs;
pub(crate) mod wrong;
