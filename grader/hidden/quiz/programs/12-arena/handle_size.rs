use std::marker::PhantomData;
use std::mem::size_of;
use std::num::NonZeroU32;

#[allow(dead_code)]
struct Handle<T> { index: u32, generation: NonZeroU32, _t: PhantomData<fn() -> T> }

#[allow(dead_code)]
struct PlainHandle { index: u32, generation: u32 }

#[allow(dead_code)]
struct Node { value: i32, link: Option<Handle<Node>> }

fn main() {
    println!("Handle<Node>               {}", size_of::<Handle<Node>>());
    println!("Option<Handle<Node>>       {}", size_of::<Option<Handle<Node>>>());
    println!("PlainHandle                {}", size_of::<PlainHandle>());
    println!("Option<PlainHandle>        {}", size_of::<Option<PlainHandle>>());
    println!("Node                       {}", size_of::<Node>());
}
