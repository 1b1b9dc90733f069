//! strata_gobin against real Go binaries: the test service (testdata/ebpf/svc) built with Go 1.22,
//! 1.23, 1.26 and 1.27 by testdata/ebpf/build.sh, default and stripped, plus PIE and arm64 builds.
//! Oracles: the ELF symbol table, `go version -m`, `go tool objdump` and the binaries' own DWARF.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use object::{Object, ObjectSymbol};
use strata_gobin::{Error, GoBinary, OffsetSource, SiteCost, offsets};

const VERSIONS: [&str; 4] = ["122", "123", "126", "127"];

fn bins() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("gobin-svc");
        let st = Command::new("bash").arg(root.join("testdata/ebpf/build.sh")).arg(&out).status().unwrap();
        assert!(st.success(), "testdata/ebpf/build.sh failed (Go toolchains: scripts/setup.d/10-go-toolchains.sh)");
        out
    })
}

fn go_version_m(bin: &Path) -> String {
    let out = Command::new("go").args(["version", "-m"]).arg(bin).output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn buildinfo_matches_go_version_m() {
    for v in VERSIONS {
        for suffix in ["", "-stripped"] {
            let p = bins().join(format!("svc-go{v}{suffix}"));
            let b = GoBinary::open(&p).unwrap();
            let oracle = go_version_m(&p);
            let first = oracle.lines().next().unwrap();
            assert!(first.ends_with(&format!(": {}", b.build_info().go_version)), "{first} vs {:?}", b.build_info());
            assert_eq!(b.go_version().1.to_string(), v[1..].to_string());
            let m = b.build_info().main_module.as_ref().unwrap();
            assert!(oracle.contains(&format!("mod\t{}\t{}", m.path, m.version)), "{oracle}");
            assert_eq!(b.build_info().main_path.as_deref(), Some("example.com/stratasvc"));
        }
    }
}

#[test]
fn pclntab_functions_match_the_elf_symbol_table() {
    for v in VERSIONS {
        let p = bins().join(format!("svc-go{v}"));
        let data = std::fs::read(&p).unwrap();
        let elf = object::File::parse(&*data).unwrap();
        let b = GoBinary::open(&p).unwrap();
        assert!(b.has_symtab());
        let mut checked = 0;
        for sym in elf.symbols().filter(|s| s.kind() == object::SymbolKind::Text) {
            let name = sym.name().unwrap();
            if b.is_ambiguous(name.trim_end_matches(".abi0")) {
                continue;
            }
            if let Ok(f) = b.function(name) {
                assert_eq!(f.entry, sym.address(), "{name} in go1.{v}");
                checked += 1;
            }
        }
        assert!(checked > 1000, "only {checked} functions matched in go1.{v}");
        // The stripped build has no symtab but the same function names.
        let s = GoBinary::open(&bins().join(format!("svc-go{v}-stripped"))).unwrap();
        assert!(!s.has_symtab());
        assert_eq!(s.functions().len(), b.functions().len());
        for name in ["net/http.serverHandler.ServeHTTP", "runtime.gopark", "example.com/stratasvc/service.Deep"] {
            s.function(name).unwrap();
        }
    }
}

#[test]
fn dwarf_offsets_agree_with_the_table() {
    for v in VERSIONS {
        let b = GoBinary::open(&bins().join(format!("svc-go{v}"))).unwrap();
        let dwarf = *b.offsets();
        assert_eq!(dwarf.source, OffsetSource::Dwarf);
        let minor: u32 = v[1..].parse().unwrap();
        let table = offsets::table(minor).unwrap();
        assert_eq!(
            (dwarf.g_goid, dwarf.request_pattern, dwarf.request_url, dwarf.url_path),
            (table.g_goid, table.request_pattern, table.request_url, table.url_path),
            "go1.{v}"
        );
        // The fields the one-trap request path reads (finishRequest's receiver → request, body).
        assert_eq!(
            (
                dwarf.request_content_length,
                dwarf.response_req,
                dwarf.response_req_body,
                dwarf.body_src,
                dwarf.h2_server_request_url
            ),
            (
                table.request_content_length,
                table.response_req,
                table.response_req_body,
                table.body_src,
                table.h2_server_request_url
            ),
            "go1.{v}"
        );
        // runtime.waitReasonStrings read from the binary's data (symbol table needed).
        let reasons = b.wait_reasons();
        for r in ["chan receive", "select", "sleep", "IO wait"] {
            assert!(reasons.iter().any(|x| x == r), "go1.{v}: {r} missing from {reasons:?}");
        }
        // String literals (the ServeMux patterns the handlers register) live in .rodata, which
        // read_rodata serves from the file: the literal "/hijack" at its link-time address.
        let data = std::fs::read(bins().join(format!("svc-go{v}"))).unwrap();
        let elf = object::File::parse(&*data).unwrap();
        let (lo, hi) = b.rodata().unwrap();
        let ro = elf.section_by_name(".rodata").unwrap();
        let (ro_off, _) = object::ObjectSection::file_range(&ro).unwrap();
        let at = data[ro_off as usize..].windows(7).position(|w| w == b"/hijack").unwrap() as u64;
        assert_eq!(b.read_rodata(lo + at, 7), Some(&b"/hijack"[..]), "go1.{v}");
        assert_eq!(b.read_rodata(hi - 1, 2), None);
        assert_eq!(b.read_rodata(lo - 1, 1), None);
        let s = GoBinary::open(&bins().join(format!("svc-go{v}-stripped"))).unwrap();
        assert!(s.wait_reasons().is_empty());
        assert_eq!(s.offsets().source, OffsetSource::Table);
        assert_eq!(s.offsets().g_goid, dwarf.g_goid);
    }
}

/// `go tool objdump -s 'FUNC$'`: the RET addresses and the first PUSHQ BP.
fn objdump_sites(bin: &Path, func: &str) -> (Option<u64>, Vec<u64>) {
    let out = Command::new("go")
        .args(["tool", "objdump", "-s", &format!("^{}$", regex_quote(func))])
        .arg(bin)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let mut push = None;
    let mut rets = Vec::new();
    for line in text.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').map(str::trim).filter(|c| !c.is_empty()).collect();
        if cols.len() < 4 {
            continue;
        }
        let addr = u64::from_str_radix(cols[1].trim_start_matches("0x"), 16).unwrap();
        let asm = cols[3];
        if asm == "RET" {
            rets.push(addr);
        }
        if asm == "PUSHQ BP" && push.is_none() {
            push = Some(addr);
        }
    }
    (push, rets)
}

fn regex_quote(s: &str) -> String {
    s.chars().flat_map(|c| if "().*[]$^+?{}|\\".contains(c) { vec!['\\', c] } else { vec![c] }).collect()
}

#[test]
fn probe_sites_match_go_tool_objdump() {
    let funcs = [
        "net/http.serverHandler.ServeHTTP",
        "runtime.gopark",
        "example.com/stratasvc/service.Deep",
        "example.com/stratasvc/handler.Slow",
        "example.com/stratasvc/repository.Get",
        "fmt.Errorf",
    ];
    for v in VERSIONS {
        let p = bins().join(format!("svc-go{v}"));
        let b = GoBinary::open(&p).unwrap();
        // `go tool objdump` needs the symbol table, so the stripped build is compared with the default
        // build (same code; the linker flags only drop .symtab and DWARF).
        let s = GoBinary::open(&bins().join(format!("svc-go{v}-stripped"))).unwrap();
        for name in funcs {
            let f = b.function(name).unwrap();
            let sites = b.probe_sites(f).unwrap();
            let (push, rets) = objdump_sites(&p, name);
            assert!(!rets.is_empty(), "objdump found no RET in {name}");
            let ours: Vec<u64> = sites.rets.iter().map(|s| f.entry + s.offset).collect();
            assert_eq!(ours, rets, "{name} go1.{v}");
            assert_eq!(Some(f.entry + sites.entry.offset), push, "{name} go1.{v}");
            assert_eq!(sites.entry.cost, SiteCost::Emulated);
            assert_eq!(sites.tail_jumps, 0, "{name}");
            assert_eq!(sites.self_calls, usize::from(name.ends_with("service.Deep")), "{name}");
            let sf = s.function(name).unwrap();
            assert_eq!(s.probe_sites(sf).unwrap(), sites, "{name} stripped go1.{v}");
        }
    }
}

#[test]
fn pie_binary_maps_addresses_to_file_offsets() {
    let p = bins().join("svc-go126-pie");
    let b = GoBinary::open(&p).unwrap();
    assert!(b.is_pie());
    let f = b.function("net/http.serverHandler.ServeHTTP").unwrap();
    let sites = b.probe_sites(f).unwrap();
    assert_eq!(sites.entry.cost, SiteCost::Emulated);
    let (push, rets) = objdump_sites(&p, "net/http.serverHandler.ServeHTTP");
    assert_eq!(Some(f.entry + sites.entry.offset), push);
    assert_eq!(sites.rets.len(), rets.len());
}

#[test]
fn refusals_are_clear() {
    let arm = GoBinary::open(&bins().join("svc-go126-arm64")).unwrap_err();
    assert!(matches!(arm, Error::UnsupportedArch { .. }), "{arm}");
    assert!(arm.to_string().contains("x86-64"), "{arm}");
    let not_go = GoBinary::open(Path::new("/bin/true")).unwrap_err();
    assert!(matches!(not_go, Error::NotGo { .. }), "{not_go}");
    assert!(not_go.to_string().contains("not a Go binary"));
    let not_elf = GoBinary::open(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml").as_path()).unwrap_err();
    assert!(matches!(not_elf, Error::NotElf { .. }), "{not_elf}");
    let missing = GoBinary::open(Path::new("/nonexistent/strata")).unwrap_err();
    assert!(matches!(missing, Error::Io { .. }));
    // A Go version outside the table, without DWARF: patch the stripped go1.22 build's version string.
    let mut data = std::fs::read(bins().join("svc-go122-stripped")).unwrap();
    let magic = data.windows(14).position(|w| w == b"\xff Go buildinf:").unwrap();
    let at = magic + data[magic..].windows(7).position(|w| w == b"go1.22.").unwrap();
    data[at + 5] = b'1'; // go1.21.x
    let old = GoBinary::parse(Path::new("old"), data).unwrap_err();
    assert!(matches!(old, Error::UnsupportedGo { .. }), "{old}");
    assert!(old.to_string().contains("1.22+"), "{old}");
}
