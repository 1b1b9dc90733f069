//! `.go.buildinfo` reader: Go version, main module and dependencies (Go 1.18+ inline format).
//!
//! Layout (`debug/buildinfo` in the Go tree): 14-byte magic `"\xff Go buildinf:"`, pointer size,
//! flags; with `flags & 2` (Go 1.18+) the version and the module info follow at byte 32 as two
//! uvarint-length-prefixed strings. The module info is wrapped in 16-byte sentinels and holds
//! tab-separated lines `path`, `mod`, `dep`, `=>` (replacement) and `build`.

/// A module line (`mod` or `dep`) of the build info.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Module {
    /// Module path.
    pub path: String,
    /// Version, e.g. `v1.2.3` or `(devel)`.
    pub version: String,
}

/// Decoded `.go.buildinfo`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BuildInfo {
    /// Toolchain version string, e.g. `go1.23.5`.
    pub go_version: String,
    /// Main package path (`path` line), e.g. `example.com/svc/cmd/server`.
    pub main_path: Option<String>,
    /// Main module (`mod` line).
    pub main_module: Option<Module>,
    /// Dependencies (`dep` lines).
    pub deps: Vec<Module>,
    /// `build` settings as `key=value`.
    pub settings: Vec<String>,
}

/// Where a `.go.buildinfo` decode failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildInfoError {
    /// Byte offset inside the section.
    pub offset: u64,
    /// What is wrong.
    pub msg: String,
}

const MAGIC: &[u8; 14] = b"\xff Go buildinf:";

fn err<T>(offset: usize, msg: impl Into<String>) -> Result<T, BuildInfoError> {
    Err(BuildInfoError { offset: offset as u64, msg: msg.into() })
}

fn uvarint(data: &[u8], at: usize) -> Result<(u64, usize), BuildInfoError> {
    let mut v = 0u64;
    for i in 0..10 {
        let Some(&b) = data.get(at + i) else { return err(at + i, "truncated varint") };
        v |= u64::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            return Ok((v, at + i + 1));
        }
    }
    err(at, "varint longer than 10 bytes")
}

fn string_at(data: &[u8], at: usize) -> Result<(&[u8], usize), BuildInfoError> {
    let (len, start) = uvarint(data, at)?;
    let Ok(len) = usize::try_from(len) else { return err(at, "string length overflows") };
    match data.get(start..start.saturating_add(len)) {
        Some(s) if start.checked_add(len).is_some() => Ok((s, start + len)),
        _ => err(at, format!("string of {len} bytes runs past the section end")),
    }
}

/// Decode the `.go.buildinfo` section contents.
pub fn parse(data: &[u8]) -> Result<BuildInfo, BuildInfoError> {
    if data.get(..14) != Some(MAGIC.as_slice()) {
        return err(0, "missing \"\\xff Go buildinf:\" magic");
    }
    let Some(&flags) = data.get(15) else { return err(15, "truncated header") };
    if flags & 2 == 0 {
        return err(15, "pointer-format build info (Go 1.17 or older): strata needs Go 1.18 or newer");
    }
    let (version, next) = string_at(data, 32)?;
    let (modinfo, _) = string_at(data, next)?;
    let Ok(go_version) = std::str::from_utf8(version) else { return err(32, "version is not UTF-8") };
    // Strip the 16-byte sentinels around the module info when present.
    let modinfo = if modinfo.len() >= 33 && modinfo.get(modinfo.len() - 17) == Some(&b'\n') {
        modinfo.get(16..modinfo.len() - 16).unwrap_or_default()
    } else {
        modinfo
    };
    let modinfo = String::from_utf8_lossy(modinfo);
    let mut info = BuildInfo {
        go_version: go_version.to_string(),
        main_path: None,
        main_module: None,
        deps: Vec::new(),
        settings: Vec::new(),
    };
    for line in modinfo.lines() {
        let mut f = line.split('\t');
        let module = |f: &mut std::str::Split<'_, char>| Module {
            path: f.next().unwrap_or_default().to_string(),
            version: f.next().unwrap_or_default().to_string(),
        };
        match f.next() {
            Some("path") => info.main_path = f.next().map(str::to_string),
            Some("mod") => info.main_module = Some(module(&mut f)),
            Some("dep") => info.deps.push(module(&mut f)),
            Some("build") => info.settings.push(f.collect::<Vec<_>>().join("\t")),
            _ => {}
        }
    }
    Ok(info)
}

/// `(major, minor, patch)` of a release version string such as `go1.23.5` or `go1.22rc1`
/// (`None` for `devel` builds and anything else).
pub fn parse_go_version(v: &str) -> Option<(u32, u32, u32)> {
    let rest = v.strip_prefix("go")?;
    let end = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
    let mut it = rest.get(..end)?.split('.');
    let major = it.next()?.parse().ok()?;
    let minor = it.next()?.parse().ok()?;
    let patch = it.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    Some((major, minor, patch))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(version: &str, modinfo: &str) -> Vec<u8> {
        let mut d = MAGIC.to_vec();
        d.extend_from_slice(&[8, 2]);
        d.resize(32, 0);
        for s in [version.as_bytes(), modinfo.as_bytes()] {
            d.push(s.len() as u8);
            d.extend_from_slice(s);
        }
        d
    }

    #[test]
    fn decodes_inline_format_with_sentinels() {
        let sentinel = "0123456789abcdef";
        let body = "path\texample.com/x\nmod\texample.com/x\t(devel)\t\ndep\tgolang.org/x/net\tv0.1.0\th1:abc\n";
        let info = parse(&section("go1.23.5", &format!("{sentinel}{body}{sentinel}"))).unwrap();
        assert_eq!(info.go_version, "go1.23.5");
        assert_eq!(info.main_path.as_deref(), Some("example.com/x"));
        assert_eq!(info.main_module.unwrap().path, "example.com/x");
        assert_eq!(info.deps, vec![Module { path: "golang.org/x/net".into(), version: "v0.1.0".into() }]);
    }

    #[test]
    fn truncations_error() {
        let d = section("go1.22.1", "path\tx\n");
        for n in 0..d.len() {
            assert!(parse(&d[..n]).is_err());
        }
    }

    #[test]
    fn versions() {
        assert_eq!(parse_go_version("go1.23.5"), Some((1, 23, 5)));
        assert_eq!(parse_go_version("go1.22rc1"), Some((1, 22, 0)));
        assert_eq!(parse_go_version("go1.27.3 X:boringcrypto"), Some((1, 27, 3)));
        assert_eq!(parse_go_version("devel +abc"), None);
    }
}
