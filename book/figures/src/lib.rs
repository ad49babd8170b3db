//! The programs behind the book's Rust figures. Each test in `tests/` measures what a page of
//! the book states — the bytes an instance of chapter 09's layouts holds, the resident memory
//! of chapter 10's boxed integers — and fails when the page's number stops being true. The
//! claims records (`book/claims/`) name the test as the figure's evidence.
//!
//! Run them with `cargo test -p book-figures`.
