//! Prints the event counts per type of a trace, comparable with
//! `go tool trace -d=2 FILE | awk '{print $1}' | sort | uniq -c` (Go 1.26+: `-d=wire`).
//! Usage: cargo run --release -p strata_gotrace --example wirecount -- FILE

fn main() -> anyhow::Result<()> {
    let path = std::env::args().nth(1).ok_or_else(|| anyhow::anyhow!("usage: wirecount FILE"))?;
    let counts = strata_gotrace::wirecount::count(std::fs::File::open(&path)?)?;
    for (name, n) in &counts.by_name {
        println!("{name} {n}");
    }
    if let Some(t) = counts.truncation {
        eprintln!("truncated: {} ({} bytes dropped from byte {})", t.reason, t.dropped_bytes, t.offset);
    }
    Ok(())
}
