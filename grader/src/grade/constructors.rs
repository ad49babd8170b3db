//! No code before `main` or after it (issue 25, point 2): the graded crate's object code is read
//! for constructor and destructor entries, between the build and the first run of anything.
//!
//! A learner's crate is an rlib: an `ar` archive of ELF objects (one per codegen unit) and its
//! metadata. [`find`] reads every ELF member's section headers and reports each section the
//! program loader or libc runs on its own — `.init_array*`, `.preinit_array*`, `.fini_array*`,
//! `.ctors*`, `.dtors*`, `.init`, `.fini`, or any section typed as one of the arrays — that is not
//! empty. A solution written in plain Rust has none (the rlibs of every reference solution,
//! measured: std's own constructors live in std's objects, not the learner's), so any entry is
//! code the learner placed to run outside the tests.
//!
//! Only what the check needs is parsed (the archive's headers, ELF64 little-endian section
//! headers), with bounds checked at every read; anything else that claims to be ELF, or an
//! archive that does not parse, is reported as unreadable, so it cannot hide a constructor.
//! The `object` crate would read the same; it is not in the lock file, and these hundred lines
//! cost no download and no build time.

use std::path::Path;

use anyhow::{Context, Result, bail};

/// ELF section types that the loader runs (`SHT_INIT_ARRAY`, `SHT_FINI_ARRAY`,
/// `SHT_PREINIT_ARRAY`).
const ARRAY_TYPES: [u32; 3] = [14, 15, 16];

/// Section names (and prefixes, for `.init_array.00100` and kin) that run code before `main`
/// or after it.
const PREFIXES: [&str; 5] = [
    ".init_array",
    ".preinit_array",
    ".fini_array",
    ".ctors",
    ".dtors",
];

/// Section names that run code only under their exact name.
const EXACT: [&str; 2] = [".init", ".fini"];

/// One constructor or destructor entry found in the object code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    /// The archive member (object file) that holds it.
    pub(crate) member: String,
    /// The section's name, such as `.init_array`.
    pub(crate) section: String,
    /// The section's size in bytes (8 per entry on x86-64).
    pub(crate) size: u64,
}

/// Every constructor or destructor entry in the rlib at `path`.
pub(crate) fn find(path: &Path) -> Result<Vec<Entry>> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    in_archive(&bytes).with_context(|| format!("cannot read the object code of {}", path.display()))
}

/// The entries of every ELF member of an `ar` archive.
fn in_archive(bytes: &[u8]) -> Result<Vec<Entry>> {
    const MAGIC: &[u8] = b"!<arch>\n";
    if !bytes.starts_with(MAGIC) {
        bail!("not an ar archive");
    }
    let mut entries = Vec::new();
    let mut at = MAGIC.len();
    while at < bytes.len() {
        let header = bytes
            .get(at..at + 60)
            .context("an archive member's header is cut off")?;
        if &header[58..60] != b"`\n" {
            bail!("an archive member's header is malformed");
        }
        let name = String::from_utf8_lossy(&header[..16])
            .trim_end()
            .to_string();
        let size: usize = std::str::from_utf8(&header[48..58])
            .ok()
            .and_then(|size| size.trim().parse().ok())
            .context("an archive member's size is not a number")?;
        let start = at + 60;
        let data = bytes
            .get(start..start.checked_add(size).context("member too large")?)
            .context("an archive member is cut off")?;
        if data.starts_with(b"\x7fELF") {
            entries.extend(
                in_elf(data)
                    .with_context(|| format!("archive member {name}"))?
                    .into_iter()
                    .map(|(section, size)| Entry {
                        member: name.clone(),
                        section,
                        size,
                    }),
            );
        }
        // Members start at even offsets.
        at = start + size + (size % 2);
    }
    Ok(entries)
}

/// The non-empty constructor and destructor sections of one ELF object: (name, size).
fn in_elf(data: &[u8]) -> Result<Vec<(String, u64)>> {
    // ELFCLASS64, ELFDATA2LSB: what rustc emits on the platforms the grader runs on.
    if data.get(4) != Some(&2) || data.get(5) != Some(&1) {
        bail!("not a 64-bit little-endian ELF object");
    }
    let section_table = u64_at(data, 0x28)?;
    let entry_size = usize::from(u16_at(data, 0x3A)?);
    let count = usize::from(u16_at(data, 0x3C)?);
    let names_index = usize::from(u16_at(data, 0x3E)?);
    if entry_size < 0x40 {
        bail!("ELF section headers are too small");
    }
    let header = |index: usize| -> Result<&[u8]> {
        let start = usize::try_from(section_table)?
            .checked_add(index.checked_mul(entry_size).context("overflow")?)
            .context("overflow")?;
        data.get(start..start + 0x40)
            .context("an ELF section header is cut off")
    };
    let names = header(names_index)?;
    let names_offset = usize::try_from(u64_at(names, 0x18)?)?;
    let names_size = usize::try_from(u64_at(names, 0x20)?)?;
    let names = data
        .get(names_offset..names_offset.checked_add(names_size).context("overflow")?)
        .context("the ELF section names are cut off")?;
    let mut found = Vec::new();
    for index in 0..count {
        let section = header(index)?;
        let name_at = usize::try_from(u32_at(section, 0)?)?;
        let name = names
            .get(name_at..)
            .and_then(|rest| rest.split(|byte| *byte == 0).next())
            .context("an ELF section name is out of bounds")?;
        let name = String::from_utf8_lossy(name).into_owned();
        let kind = u32_at(section, 4)?;
        let size = u64_at(section, 0x20)?;
        let runs = ARRAY_TYPES.contains(&kind)
            || PREFIXES.iter().any(|prefix| name.starts_with(prefix))
            || EXACT.contains(&name.as_str());
        // `.rela.init_array` holds relocations for an entry, not an entry: the entry itself is
        // reported through its own section.
        if runs && size > 0 {
            found.push((name, size));
        }
    }
    Ok(found)
}

fn u16_at(data: &[u8], at: usize) -> Result<u16> {
    let bytes = data.get(at..at + 2).context("ELF data cut off")?;
    Ok(u16::from_le_bytes([bytes[0], bytes[1]]))
}

fn u32_at(data: &[u8], at: usize) -> Result<u32> {
    let bytes: [u8; 4] = data
        .get(at..at + 4)
        .context("ELF data cut off")?
        .try_into()?;
    Ok(u32::from_le_bytes(bytes))
}

fn u64_at(data: &[u8], at: usize) -> Result<u64> {
    let bytes: [u8; 8] = data
        .get(at..at + 8)
        .context("ELF data cut off")?
        .try_into()?;
    Ok(u64::from_le_bytes(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Compiles `source` into an rlib with this machine's rustc and returns its entries.
    fn entries_of(source: &str) -> Vec<Entry> {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("probe.rs");
        std::fs::write(&file, source).unwrap();
        let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
        let status = std::process::Command::new(rustc)
            .args([
                "--edition",
                "2024",
                "--crate-type",
                "lib",
                "--crate-name",
                "probe",
            ])
            .arg("--out-dir")
            .arg(dir.path())
            .arg(&file)
            .status()
            .unwrap();
        assert!(status.success());
        find(&dir.path().join("libprobe.rlib")).unwrap()
    }

    #[test]
    fn plain_std_code_has_no_entry_and_a_constructor_has_one() {
        let plain = "pub fn f() -> Vec<String> { std::env::args().collect() }\n\
                     pub static S: std::sync::Mutex<u8> = std::sync::Mutex::new(0);\n";
        assert_eq!(entries_of(plain), Vec::new());
        let constructor = "#[unsafe(link_section = \".init_array\")]\n#[used]\n\
                           static INIT: extern \"C\" fn() = init;\nextern \"C\" fn init() {}\n";
        let found = entries_of(constructor);
        assert!(
            found
                .iter()
                .any(|entry| entry.section == ".init_array" && entry.size == 8),
            "{found:?}"
        );
        let destructor = "std::arch::global_asm!(\".section .fini_array.00010,\\\"aw\\\"\", \
                          \".quad 0\", \".text\");\n";
        let found = entries_of(destructor);
        assert!(
            found
                .iter()
                .any(|entry| entry.section == ".fini_array.00010"),
            "{found:?}"
        );
    }

    #[test]
    fn what_is_not_an_archive_or_is_cut_off_is_an_error() {
        assert!(in_archive(b"hello").is_err());
        let mut archive = b"!<arch>\n".to_vec();
        archive.extend_from_slice(format!("{:<16}{:<32}{:<10}`\n", "x.o/", "", 100).as_bytes());
        archive.extend_from_slice(b"\x7fELF");
        assert!(in_archive(&archive).is_err());
    }
}
