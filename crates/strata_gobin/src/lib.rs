//! Go executable introspection for strata's eBPF probes: everything strata needs to know about a Go
//! binary before it places a uprobe in it, read from the file alone (no DWARF required).
//!
//! - ELF: architecture (x86-64 only), `PT_LOAD` segments (virtual address → file offset, which is
//!   what a uprobe is attached at; this covers position-independent binaries too);
//! - `.gopclntab` ([`pclntab`]): function names and ranges, present even in stripped binaries;
//! - `.go.buildinfo` ([`buildinfo`]): Go version, main module, dependencies;
//! - struct offsets ([`offsets`]): `runtime.g.goid` from DWARF when present, else from a per-version
//!   table checked against DWARF by the tests (g itself is in R14 in Go's amd64 register ABI);
//! - probe sites ([`disasm`]): the emulated entry instruction and every `RET`.
//!
//! This is its own crate (not part of `strata_ebpf`) so that it can be fuzzed and reused (profile
//! symbolisation) without the BPF loader, and so that its decoders carry the strict no-panic lints.
//!
//! ```no_run
//! let bin = strata_gobin::GoBinary::open("/usr/local/bin/server".as_ref())?;
//! let f = bin.function("net/http.serverHandler.ServeHTTP")?;
//! let sites = bin.probe_sites(f)?;
//! println!("{} entry +{:#x}, {} RETs", bin.build_info().go_version, sites.entry.offset, sites.rets.len());
//! # Ok::<(), strata_gobin::Error>(())
//! ```
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing))]
#![deny(missing_docs)]

pub mod buildinfo;
pub mod disasm;
mod dwarf;
mod error;
pub mod offsets;
pub mod pclntab;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use object::{Object, ObjectSection, ObjectSegment, ObjectSymbol};

pub use buildinfo::{BuildInfo, Module};
pub use disasm::{ProbeSites, Site, SiteCost};
pub use error::{Error, Result};
pub use offsets::{OffsetSource, Offsets};
pub use pclntab::Function;

/// A loaded segment: virtual address range and where its bytes are in the file.
#[derive(Debug, Clone, Copy)]
struct Segment {
    vaddr: u64,
    vsize: u64,
    file_off: u64,
    file_size: u64,
}

/// A parsed Go executable.
pub struct GoBinary {
    path: PathBuf,
    data: Vec<u8>,
    segments: Vec<Segment>,
    functions: Vec<Function>,
    /// Name → index of the function; `None` when pclntab holds the name twice (an ABI wrapper and
    /// its target share a name), so a probe would be a guess.
    by_name: HashMap<String, Option<usize>>,
    build_info: BuildInfo,
    version: (u32, u32, u32),
    offsets: Offsets,
    pie: bool,
    has_symtab: bool,
    wait_reasons: Vec<String>,
    rodata: Option<(u64, u64)>,
}

impl GoBinary {
    /// Read and parse `path`. Refuses (with a clear [`Error`]) anything strata cannot probe safely:
    /// not ELF, not x86-64, not Go, Go older than [`offsets::MIN_GO`], malformed Go sections.
    pub fn open(path: &Path) -> Result<Self> {
        let data = std::fs::read(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
        Self::parse(path, data)
    }

    /// Parse an in-memory executable; `path` is used in messages only.
    pub fn parse(path: &Path, data: Vec<u8>) -> Result<Self> {
        let path = path.to_path_buf();
        let parsed = Parsed::new(&path, &data)?;
        let Parsed { segments, functions, build_info, version, offsets, pie, has_symtab, rodata } = parsed;
        let wait_reasons = read_wait_reasons(&data, &segments);
        let mut by_name: HashMap<String, Option<usize>> = HashMap::with_capacity(functions.len());
        for (i, f) in functions.iter().enumerate() {
            by_name.entry(f.name.clone()).and_modify(|slot| *slot = None).or_insert(Some(i));
        }
        Ok(GoBinary {
            path,
            data,
            segments,
            functions,
            by_name,
            build_info,
            version,
            offsets,
            pie,
            has_symtab,
            wait_reasons,
            rodata,
        })
    }

    /// Link-time address range `[start, end)` of `.rodata`, where the Go linker puts string
    /// literals (`go:string.*`): read-only for the life of the process, so a string pointing into it
    /// can be read from the file instead of from the process.
    pub fn rodata(&self) -> Option<(u64, u64)> {
        self.rodata
    }

    /// `len` bytes at link-time address `vaddr` of `.rodata`, from the file; `None` outside it.
    pub fn read_rodata(&self, vaddr: u64, len: u64) -> Option<&[u8]> {
        let (start, end) = self.rodata?;
        if vaddr < start || vaddr.checked_add(len)? > end {
            return None;
        }
        read_at(&self.data, &self.segments, vaddr, len)
    }

    /// The file this was read from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Decoded `.go.buildinfo`.
    pub fn build_info(&self) -> &BuildInfo {
        &self.build_info
    }

    /// `(major, minor, patch)` of the Go toolchain that built the binary.
    pub fn go_version(&self) -> (u32, u32, u32) {
        self.version
    }

    /// Struct offsets the probes need, and where they came from.
    pub fn offsets(&self) -> &Offsets {
        &self.offsets
    }

    /// Whether the binary is position-independent (`ET_DYN`).
    pub fn is_pie(&self) -> bool {
        self.pie
    }

    /// Whether an ELF `.symtab` is present (false for `-ldflags=-s` or `strip`); functions come from
    /// `.gopclntab` either way.
    pub fn has_symtab(&self) -> bool {
        self.has_symtab
    }

    /// `runtime.waitReasonStrings` (index = `waitReason` value), read from the binary's data when the
    /// symbol table is present; empty for stripped binaries.
    pub fn wait_reasons(&self) -> &[String] {
        &self.wait_reasons
    }

    /// Segment that maps a file offset, as `(vaddr, file_off)`, to convert process addresses.
    pub fn vaddr_of_file_offset(&self, off: u64) -> Option<u64> {
        self.segments
            .iter()
            .find(|s| off >= s.file_off && off - s.file_off < s.file_size)
            .map(|s| off - s.file_off + s.vaddr)
    }

    /// All functions, sorted by entry address.
    pub fn functions(&self) -> &[Function] {
        &self.functions
    }

    /// The function named `name`. Names that `.gopclntab` holds twice (assembly functions and their
    /// ABI wrappers) are refused as not found rather than guessed.
    pub fn function(&self, name: &str) -> Result<&Function> {
        self.by_name
            .get(name)
            .and_then(|i| i.and_then(|i| self.functions.get(i)))
            .ok_or_else(|| Error::NoSuchFunction { path: self.path.clone(), name: name.to_string() })
    }

    /// Whether `.gopclntab` holds `name` more than once.
    pub fn is_ambiguous(&self, name: &str) -> bool {
        matches!(self.by_name.get(name), Some(None))
    }

    /// The function containing virtual address `pc`.
    pub fn function_at(&self, pc: u64) -> Option<&Function> {
        let i = self.functions.partition_point(|f| f.entry <= pc);
        let f = self.functions.get(i.checked_sub(1)?)?;
        (pc < f.end).then_some(f)
    }

    /// File offset of virtual address `vaddr` (what a uprobe is attached at).
    pub fn file_offset(&self, vaddr: u64) -> Option<u64> {
        self.segments
            .iter()
            .find(|s| vaddr >= s.vaddr && vaddr - s.vaddr < s.vsize.min(s.file_size))
            .map(|s| vaddr - s.vaddr + s.file_off)
    }

    /// The machine code of `f`.
    pub fn code(&self, f: &Function) -> Result<&[u8]> {
        let bad = |msg: &str| Error::Disassembly {
            path: self.path.clone(),
            function: f.name.clone(),
            offset: 0,
            msg: msg.to_string(),
        };
        let start = self.file_offset(f.entry).ok_or_else(|| bad("entry is not in a loaded segment"))?;
        let len = f.end.checked_sub(f.entry).ok_or_else(|| bad("end before entry"))?;
        let (start, len) = (usize::try_from(start).unwrap_or(usize::MAX), usize::try_from(len).unwrap_or(usize::MAX));
        self.data.get(start..start.saturating_add(len)).ok_or_else(|| bad("code runs past the end of the file"))
    }

    /// Entry and RET probe sites of `f`.
    pub fn probe_sites(&self, f: &Function) -> Result<ProbeSites> {
        disasm::probe_sites(self.code(f)?, f.entry).map_err(|e| Error::Disassembly {
            path: self.path.clone(),
            function: f.name.clone(),
            offset: e.offset,
            msg: e.msg,
        })
    }
}

fn read_at<'a>(data: &'a [u8], segments: &[Segment], vaddr: u64, len: u64) -> Option<&'a [u8]> {
    let seg = segments.iter().find(|s| vaddr >= s.vaddr && vaddr - s.vaddr < s.file_size)?;
    let start = usize::try_from(vaddr - seg.vaddr + seg.file_off).ok()?;
    data.get(start..start.checked_add(usize::try_from(len).ok()?)?)
}

/// Decode `runtime.waitReasonStrings`, an array of Go strings (`{ptr, len}` pairs).
fn read_wait_reasons(data: &[u8], segments: &[Segment]) -> Vec<String> {
    let Ok(file) = object::File::parse(data) else { return Vec::new() };
    let Some(sym) = file.symbols().find(|s| s.name() == Ok("runtime.waitReasonStrings")) else {
        return Vec::new();
    };
    let n = (sym.size() / 16).min(256);
    let Some(table) = read_at(data, segments, sym.address(), n * 16) else { return Vec::new() };
    table
        .chunks_exact(16)
        .map(|c| {
            let word = |i: usize| c.get(i..i + 8).and_then(|b| <[u8; 8]>::try_from(b).ok()).map(u64::from_le_bytes);
            match (word(0), word(8)) {
                (Some(ptr), Some(len)) if len <= 256 => read_at(data, segments, ptr, len)
                    .map(|b| String::from_utf8_lossy(b).into_owned())
                    .unwrap_or_default(),
                _ => String::new(),
            }
        })
        .collect()
}

impl std::fmt::Debug for GoBinary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GoBinary")
            .field("path", &self.path)
            .field("go_version", &self.build_info.go_version)
            .field("functions", &self.functions.len())
            .field("pie", &self.pie)
            .field("offsets", &self.offsets)
            .finish_non_exhaustive()
    }
}

struct Parsed {
    segments: Vec<Segment>,
    functions: Vec<Function>,
    build_info: BuildInfo,
    version: (u32, u32, u32),
    offsets: Offsets,
    pie: bool,
    has_symtab: bool,
    rodata: Option<(u64, u64)>,
}

impl Parsed {
    fn new(path: &Path, data: &[u8]) -> Result<Self> {
        let not_elf = |detail: String| Error::NotElf { path: path.to_path_buf(), detail };
        let file = object::File::parse(data).map_err(|e| not_elf(e.to_string()))?;
        if file.format() != object::BinaryFormat::Elf {
            return Err(not_elf(format!("{:?} file", file.format())));
        }
        if file.architecture() != object::Architecture::X86_64 {
            return Err(Error::UnsupportedArch {
                path: path.to_path_buf(),
                arch: format!("{:?}", file.architecture()),
            });
        }
        let malformed = |section: &'static str, offset: u64, msg: String| Error::Malformed {
            path: path.to_path_buf(),
            section,
            offset,
            msg,
        };
        let section_data = |name: &'static str| -> Result<Vec<u8>> {
            let s = file.section_by_name(name).ok_or(Error::NotGo { path: path.to_path_buf(), section: name })?;
            s.uncompressed_data().map(|c| c.into_owned()).map_err(|e| malformed(name, 0, e.to_string()))
        };
        let buildinfo_bytes = section_data(".go.buildinfo")?;
        let build_info = buildinfo::parse(&buildinfo_bytes).map_err(|e| malformed(".go.buildinfo", e.offset, e.msg))?;
        let version = buildinfo::parse_go_version(&build_info.go_version).ok_or_else(|| Error::UnsupportedGo {
            path: path.to_path_buf(),
            version: build_info.go_version.clone(),
            why: "not a release version string".into(),
        })?;
        let text_addr = file.section_by_name(".text").map(|s| s.address()).unwrap_or(0);
        let pcln_bytes = section_data(".gopclntab")?;
        let pcln = pclntab::parse(&pcln_bytes, text_addr).map_err(|e| malformed(".gopclntab", e.offset, e.msg))?;
        let segments = file
            .segments()
            .map(|s| {
                let (file_off, file_size) = s.file_range();
                Segment { vaddr: s.address(), vsize: s.size(), file_off, file_size }
            })
            .collect();
        let pie = matches!(file.kind(), object::ObjectKind::Dynamic);
        let has_symtab = file.section_by_name(".symtab").is_some();
        let offsets = offsets::resolve(&file, version).map_err(|why| Error::UnsupportedGo {
            path: path.to_path_buf(),
            version: build_info.go_version.clone(),
            why,
        })?;
        let rodata = file
            .section_by_name(".rodata")
            .filter(|s| s.size() > 0)
            .and_then(|s| Some((s.address(), s.address().checked_add(s.size())?)));
        Ok(Parsed { segments, functions: pcln.functions, build_info, version, offsets, pie, has_symtab, rodata })
    }
}
