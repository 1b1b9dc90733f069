//! The `strata` binary: argument parsing, one module per subcommand, exit codes.
//!
//! Library crates do the work; this crate owns stdout/stderr, colours and exit codes:
//! 0 ok, 1 findings or a failed gate, 2 usage or input error.

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cmd;
mod output;

/// mimalloc instead of the system allocator: `strata lint` builds and drops many small syntax-tree
/// nodes on both cores (numbers in docs/lint.md). Built with `no_thp`: mimalloc otherwise asks for
/// transparent huge pages on its arenas, which added ~16 MB of peak RSS to every run (docs/trace.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// strata — what a Go service's architecture costs, by layer.
#[derive(Debug, Parser)]
#[command(name = "strata", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Layer map of a Go module or go.work workspace: packages per layer and layer → layer imports.
    Layers(cmd::layers::Args),
    /// Lint Go source: layer edges, domain purity, go.mod / go.work replaces.
    Lint(cmd::lint::Args),
    /// Heap escapes from the Go compiler's escape analysis, by layer and layer boundary.
    Escape(cmd::escape::Args),
    /// Latency, blocking and GC by layer from a Go execution trace (Go 1.22+), or pprof like `go tool trace`.
    Trace(cmd::trace::Args),
    /// Where each layer spends CPU, allocates, blocks: any Go pprof profile, by layer.
    Profile(cmd::profile::Args),
    /// Run the whole pipeline on the reference artifacts bundled in the repository.
    Demo(cmd::demo::Args),
    /// Record a running Go service with eBPF: request latency, layers, GC, parks, TCP, counters.
    Record(cmd::record::Args),
    /// Long-running eBPF exporter: the record probes as Prometheus metrics on --listen.
    Agent(cmd::agent::Args),
}

/// How a command ended, mapped to the process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Ok,
    /// Exit 1: findings, or a failed gate.
    Findings,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        Command::Layers(args) => cmd::layers::run(args),
        Command::Lint(args) => cmd::lint::run(args),
        Command::Escape(args) => cmd::escape::run(args),
        Command::Trace(args) => cmd::trace::run(args),
        Command::Demo(args) => cmd::demo::run(args),
        Command::Profile(args) => cmd::profile::run(args),
        Command::Record(args) => cmd::record::run(args),
        Command::Agent(args) => cmd::agent::run(args),
    };
    match result {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Err(e) => {
            if output::is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            let mut stderr = std::io::stderr().lock();
            let _ = writeln!(stderr, "strata: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
