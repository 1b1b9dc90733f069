//! One module per subcommand. Each has an `Args` (clap) and `run(Args) -> anyhow::Result<Outcome>`.

pub mod agent;
pub mod demo;
pub mod escape;
pub mod layers;
pub mod lint;
pub mod profile;
pub mod record;
pub mod trace;
