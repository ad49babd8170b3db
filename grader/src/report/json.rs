//! The machine-readable report: one JSON document, the [`Report`] as serialized.

use std::io::Write;

use anyhow::{Context, Result};

use crate::score::Report;

/// Writes `report` as one pretty-printed JSON document and a newline.
pub(crate) fn write(report: &Report, out: &mut impl Write) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, report).context("cannot write the JSON report")?;
    writeln!(out).context("cannot write the JSON report")?;
    Ok(())
}
