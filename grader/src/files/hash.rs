//! Fingerprints of what the grader reads, and stamps of what it runs: stable across runs and
//! Rust versions (unlike `DefaultHasher`), for names and records kept on disk.

use std::fs;
use std::path::Path;
use std::time::UNIX_EPOCH;

use anyhow::{Context, Result};

/// A running 64-bit FNV-1a hash.
///
/// ```ignore
/// let key = Fingerprint::new().bytes(b"key").file("src/lib.rs", b"fn f() {}").hex();
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fingerprint(u64);

impl Fingerprint {
    /// The hash of nothing.
    pub(crate) fn new() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }

    /// Continues over `bytes`, as they are.
    #[must_use]
    pub(crate) fn bytes(mut self, bytes: &[u8]) -> Self {
        for byte in bytes {
            self.0 ^= u64::from(*byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        self
    }

    /// Continues over a file known as `name`: its name, a zero byte, its length and its bytes,
    /// so that no two different sets of files run together into the same input.
    #[must_use]
    pub(crate) fn file(self, name: &str, contents: &[u8]) -> Self {
        self.bytes(name.as_bytes())
            .bytes(&[0])
            .bytes(&(contents.len() as u64).to_le_bytes())
            .bytes(contents)
    }

    /// [`Fingerprint::file`] over the file at `path`, known as `name`.
    pub(crate) fn read(self, name: &Path, path: &Path) -> Result<Self> {
        let contents = fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        Ok(self.file(&name.to_string_lossy(), &contents))
    }

    /// The hash so far.
    pub(crate) fn value(self) -> u64 {
        self.0
    }

    /// The hash so far in 16 hexadecimal digits.
    pub(crate) fn hex(self) -> String {
        format!("{:016x}", self.0)
    }
}

/// `len:mtime` of a file (nanoseconds since the epoch), or `None` when it cannot be read: a
/// rebuilt executable has another stamp.
pub(crate) fn file_stamp(path: &Path) -> Option<String> {
    let metadata = fs::metadata(path).ok()?;
    let modified = metadata.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    Some(format!("{}:{}", metadata.len(), modified.as_nanos()))
}

/// The running grader's executable, stamped: another build of the grader may judge
/// differently, so what it kept is not reused. An executable that cannot be found gets a stamp
/// no other process has.
pub(crate) fn grader_stamp() -> String {
    std::env::current_exe()
        .ok()
        .as_deref()
        .and_then(file_stamp)
        .unwrap_or_else(|| format!("unknown, process {}", std::process::id()))
}

/// A short, stable, file-name-safe key for a graded tree: its folder name and a hash of its path.
pub(crate) fn tree_key(tree: &Path) -> String {
    let hash = Fingerprint::new()
        .bytes(tree.as_os_str().as_encoded_bytes())
        .value();
    let name: String = tree
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .take(32)
        .collect();
    format!("{name}-{:08x}", hash as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_fnv1a() {
        // The published FNV-1a test vectors.
        assert_eq!(Fingerprint::new().value(), 0xcbf2_9ce4_8422_2325);
        assert_eq!(
            Fingerprint::new().bytes(b"a").value(),
            0xaf63_dc4c_8601_ec8c
        );
        assert_eq!(
            Fingerprint::new().bytes(b"foobar").value(),
            0x8594_4171_f739_67e8
        );
    }

    #[test]
    fn files_are_framed() {
        let ab = Fingerprint::new().file("a", b"b");
        assert_ne!(ab, Fingerprint::new().file("ab", b""));
        assert_eq!(
            ab,
            Fingerprint::new()
                .bytes(b"a\0")
                .bytes(&1u64.to_le_bytes())
                .bytes(b"b")
        );
    }

    #[test]
    fn tree_keys_are_stable_and_distinct() {
        let a = tree_key(Path::new("/w/exercises"));
        assert_eq!(a, tree_key(Path::new("/w/exercises")));
        assert!(a.starts_with("exercises-"));
        assert_ne!(a, tree_key(Path::new("/other/exercises")));
    }
}
