//! placeholder
pub(super) fn execute(_a: Args, _c: &super::Context) -> anyhow::Result<std::process::ExitCode> { todo!() }
#[derive(Debug, clap::Args)] pub(super) struct Args {}
