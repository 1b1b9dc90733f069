//! Struct offsets the probes read: from DWARF when present, else a per-version table.
//!
//! The table rows were read from the DWARF of the test service built with each listed Go version;
//! `tests/real_binaries.rs` rebuilds it with every installed toolchain and fails if the table and
//! DWARF disagree. A version outside the table, in a binary without DWARF, is refused.

use object::Object;

/// The oldest Go strata probes (register ABI, 1.18+ pclntab and buildinfo; offsets verified).
pub const MIN_GO: (u32, u32) = (1, 22);

/// Where the offsets came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OffsetSource {
    /// The binary's own DWARF.
    Dwarf,
    /// strata's per-version table.
    Table,
}

/// Struct offsets used by the BPF programs (amd64).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Offsets {
    /// `runtime.g.goid` (g is in R14).
    pub g_goid: u64,
    /// `net/http.Request.Pattern` (Go 1.23+), if the field exists.
    pub request_pattern: Option<u64>,
    /// `net/http.Request.URL`.
    pub request_url: u64,
    /// `net/url.URL.Path`.
    pub url_path: u64,
    /// Where they came from.
    pub source: OffsetSource,
}

/// `(minor, g.goid, Request.Pattern, Request.URL, URL.Path)` for Go 1.minor on amd64.
/// Only versions whose DWARF was checked are listed (1.24 and 1.25 were not available here).
const TABLE: &[(u32, u64, Option<u64>, u64, u64)] = &[
    (22, 152, None, 16, 56),
    (23, 160, Some(232), 16, 56),
    (26, 152, Some(232), 16, 56),
    (27, 152, Some(232), 16, 56),
];

/// The table row for Go 1.`minor`, if strata has one.
pub fn table(minor: u32) -> Option<Offsets> {
    TABLE.iter().find(|r| r.0 == minor).map(|&(_, g_goid, request_pattern, request_url, url_path)| Offsets {
        g_goid,
        request_pattern,
        request_url,
        url_path,
        source: OffsetSource::Table,
    })
}

/// Offsets from DWARF, if the binary has it (and it names `runtime.g.goid`).
pub fn from_dwarf(file: &object::File<'_>) -> Option<Offsets> {
    let q =
        [("runtime.g", "goid"), ("net/http.Request", "Pattern"), ("net/http.Request", "URL"), ("net/url.URL", "Path")];
    let r = crate::dwarf::member_offsets(file, &q)?;
    let get = |i: usize| r.get(i).copied().flatten();
    Some(Offsets {
        g_goid: get(0)?,
        request_pattern: get(1),
        request_url: get(2).unwrap_or(16),
        url_path: get(3).unwrap_or(56),
        source: OffsetSource::Dwarf,
    })
}

pub(crate) fn resolve(file: &object::File<'_>, version: (u32, u32, u32)) -> Result<Offsets, String> {
    let (major, minor, _) = version;
    if major != 1 || minor < MIN_GO.1 {
        return Err(format!("strata probes Go 1.{}+ binaries", MIN_GO.1));
    }
    if file.section_by_name(".debug_info").is_some()
        && let Some(o) = from_dwarf(file)
    {
        return Ok(o);
    }
    table(minor).ok_or_else(|| {
        format!(
            "the binary has no DWARF and strata's offset table covers Go {}; rebuild without -w to use DWARF",
            TABLE.iter().map(|r| format!("1.{}", r.0)).collect::<Vec<_>>().join(", ")
        )
    })
}
