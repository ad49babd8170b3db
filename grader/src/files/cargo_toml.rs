//! The grader's one reader of a crate's `Cargo.toml`: the fields it needs, typed, with errors
//! that name the file.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// The file name of a crate's manifest.
pub(crate) const CARGO_TOML: &str = "Cargo.toml";

/// A crate's `Cargo.toml`, read and parsed.
#[derive(Debug)]
pub(crate) struct CargoToml {
    /// Where it was read from, for messages.
    path: PathBuf,
    table: toml::Table,
}

impl CargoToml {
    /// Reads `crate_dir/Cargo.toml`.
    pub(crate) fn read(crate_dir: &Path) -> Result<Self> {
        let path = crate_dir.join(CARGO_TOML);
        let text =
            fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let table = toml::from_str(&text)
            .with_context(|| format!("{} is not valid TOML", path.display()))?;
        Ok(Self { path, table })
    }

    /// Where it was read from.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// The `[package]` table, if there is one.
    fn package(&self) -> Option<&toml::Table> {
        self.table.get("package").and_then(toml::Value::as_table)
    }

    /// `[package] name`; an error naming the file when it is missing.
    pub(crate) fn package_name(&self) -> Result<&str> {
        self.package()
            .and_then(|package| package.get("name"))
            .and_then(toml::Value::as_str)
            .with_context(|| format!("{}: [package] has no name", self.path.display()))
    }

    /// `[package] edition`, or cargo's default (2015) when it is not given as a string.
    pub(crate) fn edition(&self) -> &str {
        self.package()
            .and_then(|package| package.get("edition"))
            .and_then(toml::Value::as_str)
            .unwrap_or("2015")
    }

    /// The whole document, for a caller that writes a changed copy of it.
    pub(crate) fn into_table(self) -> toml::Table {
        self.table
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str) -> Result<CargoToml> {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(CARGO_TOML), text).unwrap();
        CargoToml::read(dir.path())
    }

    #[test]
    fn fields_are_read_with_cargos_defaults() {
        let manifest = read_text("[package]\nname = \"my-rc\"\nedition = \"2024\"\n").unwrap();
        assert_eq!(manifest.package_name().unwrap(), "my-rc");
        assert_eq!(manifest.edition(), "2024");
        let inherited = read_text("[package]\nname = \"x\"\nedition.workspace = true\n").unwrap();
        assert_eq!(inherited.edition(), "2015");
    }

    #[test]
    fn errors_name_the_file() {
        let nameless = read_text("[package]\n").unwrap();
        let error = format!("{:#}", nameless.package_name().unwrap_err());
        assert!(
            error.contains("Cargo.toml: [package] has no name"),
            "{error}"
        );
        let error = format!("{:#}", read_text("[package").unwrap_err());
        assert!(error.contains("Cargo.toml is not valid TOML"), "{error}");
        let missing = tempfile::tempdir().unwrap();
        let error = format!("{:#}", CargoToml::read(missing.path()).unwrap_err());
        assert!(error.contains("cannot read"), "{error}");
    }
}
