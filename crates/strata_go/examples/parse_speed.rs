//! Single-thread parse speed over a tree, the Rust half of `scripts/bench-go-parser.sh` (the Go half
//! is `bench-go/main.go`, which does the same with go/parser). Reads every non-testdata `.go` file
//! into memory, parses the whole set `--runs N` times (default 5) and prints the best pass as
//! `strata_go files=… bytes=… best_s=… mb_per_s=… cpu_s=… cpu_mb_per_s=…`: wall time, and the CPU time
//! of the parsing thread (`/proc/thread-self/schedstat`), which stays meaningful on a busy machine.
mod common {
    pub mod speed;
}

fn main() -> anyhow::Result<()> {
    common::speed::run("system")
}
