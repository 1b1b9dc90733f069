//! Print what strata_gobin reads from a Go binary: `cargo run -p strata_gobin --example gobin_dump -- BIN [FUNC...]`.
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: gobin_dump BIN [FUNC...]")?;
    let bin = strata_gobin::GoBinary::open(path.as_ref())?;
    println!(
        "go {:?} pie={} symtab={} functions={}",
        bin.build_info().go_version,
        bin.is_pie(),
        bin.has_symtab(),
        bin.functions().len()
    );
    println!("offsets {:?}", bin.offsets());
    println!("wait reasons {:?}", bin.wait_reasons());
    for name in args {
        let f = bin.function(&name)?;
        println!(
            "{name} {:#x}..{:#x} file+{:#x} {:?}",
            f.entry,
            f.end,
            bin.file_offset(f.entry).unwrap_or(0),
            bin.probe_sites(f)?
        );
    }
    Ok(())
}
