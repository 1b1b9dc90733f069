//! Terminal helpers shared by the subcommands: colour decisions and broken-pipe detection.

use std::io::IsTerminal;

/// True when stdout is a terminal and `NO_COLOR` is unset: the only case where we colour.
pub fn colour_stdout() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal()
}

/// Wrap `s` in an ANSI SGR code when `on`.
pub fn paint(on: bool, sgr: &str, s: &str) -> String {
    if on { format!("\x1b[{sgr}m{s}\x1b[0m") } else { s.to_string() }
}

/// True when the error chain ends in an `EPIPE` (e.g. `strata … | head`): exit quietly with 0.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .is_some_and(|j| j.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
    })
}
