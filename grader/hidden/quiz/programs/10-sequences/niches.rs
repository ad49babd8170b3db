use std::mem::size_of;
use std::num::NonZeroU32;
use std::rc::Rc;

#[allow(dead_code)]
struct Padded(u8, u32, u8);

fn main() {
    println!("Box<i32>          {}", size_of::<Box<i32>>());
    println!("Option<Box<i32>>  {}", size_of::<Option<Box<i32>>>());
    println!("Option<u32>       {}", size_of::<Option<u32>>());
    println!("Option<NonZeroU32> {}", size_of::<Option<NonZeroU32>>());
    println!("Option<Rc<u8>>    {}", size_of::<Option<Rc<u8>>>());
    println!("Vec<i32>          {}", size_of::<Vec<i32>>());
    println!("Option<Vec<i32>>  {}", size_of::<Option<Vec<i32>>>());
    println!("&[u8]             {}", size_of::<&[u8]>());
    println!("Padded(u8,u32,u8) {}", size_of::<Padded>());
    println!("(u8, u64)         {}", size_of::<(u8, u64)>());
}
