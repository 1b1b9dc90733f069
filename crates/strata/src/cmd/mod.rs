//! One module per subcommand. Each has an `Args` (clap) and `run(Args) -> anyhow::Result<Outcome>`.

pub mod agent;
pub mod demo;
pub mod layers;
pub mod record;
