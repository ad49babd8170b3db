//! `book/src/10-sequences.md`, "The Rust counterpart": on glibc a `Box<i32>` takes a 32-byte
//! chunk (an 8-byte header and the 24-byte minimum payload), so a million of them with the
//! vector's 8-byte pointers add about 40 bytes per item to the process's resident set, where a
//! `Vec<i32>` adds 4. Resident memory is counted in 4 KiB pages and can move by a few of them,
//! so the check allows 1 byte per item either way. The only test of its binary, so nothing else
//! allocates meanwhile.

#![cfg(all(target_os = "linux", target_env = "gnu"))]

fn rss_kib() -> usize {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[test]
fn a_boxed_int_costs_40_bytes_of_resident_memory_and_a_packed_one_4() {
    let n = 1_000_000;
    let before = rss_kib();
    let list: Vec<Box<i32>> = (0..n).map(Box::new).collect();
    let after_list = rss_kib();
    let array: Vec<i32> = (0..n).collect();
    let after_array = rss_kib();
    let list_bytes = (after_list - before) * 1024 / n as usize;
    let array_bytes = (after_array - after_list) * 1024 / n as usize;
    assert!(
        (39..=41).contains(&list_bytes),
        "{list_bytes} bytes per boxed item"
    );
    assert!(
        (3..=5).contains(&array_bytes),
        "{array_bytes} bytes per packed item"
    );
    std::hint::black_box((list, array));
}
