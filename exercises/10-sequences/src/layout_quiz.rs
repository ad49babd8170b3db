//! The layout quiz: predict `size_of` and `align_of` for twenty types, then let the grader
//! measure them.
//!
//! Each function below returns your prediction for one type, as a [`Prediction`]. Write what you
//! expect *before* measuring; the hidden tests compute `std::mem::size_of` and `align_of` of the
//! same types on the grading machine (x86_64 Linux: 8-byte pointers) and tell, for every wrong
//! answer, which of the two numbers is off (too small or too large) and which rule to think
//! about, never the real number. The types the quiz asks about are defined here, so you can read
//! their fields; the book's chapter explains the rules (padding, field order, `#[repr(C)]`,
//! niches, fat pointers).
//!
//! After grading, measure any type yourself:
//!
//! ```
//! use sequences::layout_quiz::Prediction;
//!
//! let measured = Prediction { size: size_of::<(u8, u16)>(), align: align_of::<(u8, u16)>() };
//! assert_eq!(measured, Prediction { size: 4, align: 2 }); // the u16, the u8, one byte of padding
//! ```

#![allow(dead_code, reason = "the quiz types are only looked at, never built")]

/// A prediction of a type's layout: `size_of` and `align_of`, in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prediction {
    /// What `std::mem::size_of::<T>()` returns.
    pub size: usize,
    /// What `std::mem::align_of::<T>()` returns.
    pub align: usize,
}

/// `u8`, `u32`, `u8`, in Rust's default layout (the compiler may reorder fields).
pub struct Reordered {
    a: u8,
    b: u32,
    c: u8,
}

/// `u8`, `u32`, `u8`, in C's layout: in the order written, each field at its alignment.
#[repr(C)]
pub struct InOrder {
    a: u8,
    b: u32,
    c: u8,
}

/// A C header: `u8`, `u64`, `u16`, in the order written.
#[repr(C)]
pub struct Header {
    tag: u8,
    length: u64,
    flags: u16,
}

/// The same fields as [`Header`], in Rust's default layout.
pub struct Packed3 {
    tag: u8,
    length: u64,
    flags: u16,
}

/// Four directions, no data.
pub enum Direction {
    /// Up.
    North,
    /// Right.
    East,
    /// Down.
    South,
    /// Left.
    West,
}

/// An integer or a flag.
pub enum Value {
    /// A 64-bit integer.
    Int(i64),
    /// A boolean.
    Flag(bool),
}

/// A trait, for the trait object of [`box_dyn_shape`].
pub trait Shape {
    /// The area.
    fn area(&self) -> f64;
}

/// `u128`, a 128-bit integer.
pub fn u128_layout() -> Prediction {
    todo!()
}

/// `char`, one Unicode scalar value.
pub fn char_layout() -> Prediction {
    todo!()
}

/// `Box<i32>`: one item of a [`List`](crate::List), pointing to its own block.
pub fn box_i32() -> Prediction {
    todo!()
}

/// [`Reordered`]: `u8`, `u32`, `u8` in Rust's default layout.
pub fn rust_u8_u32_u8() -> Prediction {
    todo!()
}

/// [`InOrder`]: the same three fields with `#[repr(C)]`.
pub fn repr_c_u8_u32_u8() -> Prediction {
    todo!()
}

/// [`Header`]: `u8`, `u64`, `u16` with `#[repr(C)]`.
pub fn repr_c_u8_u64_u16() -> Prediction {
    todo!()
}

/// [`Packed3`]: `u8`, `u64`, `u16` in Rust's default layout.
pub fn rust_u8_u64_u16() -> Prediction {
    todo!()
}

/// `Option<u32>`.
pub fn option_u32() -> Prediction {
    todo!()
}

/// `Option<NonZeroU32>`.
pub fn option_nonzero_u32() -> Prediction {
    todo!()
}

/// `Option<char>`.
pub fn option_char() -> Prediction {
    todo!()
}

/// `Option<Box<u64>>`.
pub fn option_box_u64() -> Prediction {
    todo!()
}

/// [`Direction`]: an enum of four variants without data.
pub fn direction() -> Prediction {
    todo!()
}

/// [`Value`]: `Int(i64)` or `Flag(bool)`.
pub fn value_enum() -> Prediction {
    todo!()
}

/// `Option<Option<bool>>`.
pub fn option_option_bool() -> Prediction {
    todo!()
}

/// `Vec<i32>` (the vector, not its buffer).
pub fn vec_i32() -> Prediction {
    todo!()
}

/// `String`.
pub fn string() -> Prediction {
    todo!()
}

/// `Option<Vec<i32>>`.
pub fn option_vec_i32() -> Prediction {
    todo!()
}

/// `Rc<u64>` (the handle, not the block it points to).
pub fn rc_u64() -> Prediction {
    todo!()
}

/// `&[i32]`, a shared slice.
pub fn slice_ref_i32() -> Prediction {
    todo!()
}

/// `Box<dyn Shape>`, a boxed trait object ([`Shape`]).
pub fn box_dyn_shape() -> Prediction {
    todo!()
}
