//! `parse_speed` with mimalloc as the global allocator (the parser allocates one box per tree node, so
//! the allocator is a large share of the time: compare both in `scripts/bench-go-parser.sh`).
mod common {
    pub mod speed;
}

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> anyhow::Result<()> {
    common::speed::run("mimalloc")
}
