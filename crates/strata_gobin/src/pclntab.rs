//! `.gopclntab` reader: function names and address ranges, for stripped binaries too.
//!
//! Layout (Go 1.18+; the `runtime.pcHeader` struct in `runtime/symtab.go`): magic `0xfffffff0`
//! (go1.18–1.19) or `0xfffffff1` (go1.20+), two zero bytes, `minLC`, `ptrSize`, then `ptrSize`-wide
//! `nfunc, nfiles, textStart, funcnameOffset, cuOffset, filetabOffset, pctabOffset, pclnOffset`. The
//! function table at `pclnOffset` holds `nfunc + 1` pairs of `u32` (entry offset from `textStart`,
//! offset of the `_func` record from the table); the last entry is the end of the text. A `_func`
//! begins with `entryOff u32, nameOff i32` (into the name table at `funcnameOffset`).

/// A Go function from `.gopclntab`: its name and virtual address range `[entry, end)`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Function {
    /// Symbol name, e.g. `net/http.serverHandler.ServeHTTP`.
    pub name: String,
    /// Virtual address of the first instruction.
    pub entry: u64,
    /// Virtual address one past the function (the next function's entry; may include padding).
    pub end: u64,
}

/// The decoded function table.
#[derive(Debug, Clone)]
pub struct PcLnTab {
    /// `go1.18-1.19` (`0xfffffff0`) or `go1.20+` (`0xfffffff1`).
    pub magic: u32,
    /// `textStart` as stored in the header (0 in some PIE binaries, where it is relocated at load).
    pub text_start: u64,
    /// Functions sorted by entry address.
    pub functions: Vec<Function>,
}

/// Where a `.gopclntab` decode failed: byte offset in the section and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PcLnError {
    /// Byte offset inside the section.
    pub offset: u64,
    /// What is wrong.
    pub msg: String,
}

fn err<T>(offset: usize, msg: impl Into<String>) -> Result<T, PcLnError> {
    Err(PcLnError { offset: offset as u64, msg: msg.into() })
}

fn read_u32(data: &[u8], at: usize) -> Result<u32, PcLnError> {
    match data.get(at..at.saturating_add(4)).and_then(|b| <[u8; 4]>::try_from(b).ok()) {
        Some(b) => Ok(u32::from_le_bytes(b)),
        None => err(at, "truncated (reading 4 bytes)"),
    }
}

fn read_word(data: &[u8], at: usize, ptr: usize) -> Result<u64, PcLnError> {
    match ptr {
        8 => match data.get(at..at.saturating_add(8)).and_then(|b| <[u8; 8]>::try_from(b).ok()) {
            Some(b) => Ok(u64::from_le_bytes(b)),
            None => err(at, "truncated (reading 8 bytes)"),
        },
        _ => read_u32(data, at).map(u64::from),
    }
}

fn to_usize(v: u64, at: usize, what: &str) -> Result<usize, PcLnError> {
    usize::try_from(v).or_else(|_| err(at, format!("{what} {v:#x} does not fit in memory")))
}

/// Decode a `.gopclntab` section. `text_start_fallback` is used when the header's `textStart` is 0
/// (position-independent binaries store it as a dynamic relocation); pass the `.text` address.
pub fn parse(data: &[u8], text_start_fallback: u64) -> Result<PcLnTab, PcLnError> {
    let magic = read_u32(data, 0)?;
    match magic {
        0xffff_fff0 | 0xffff_fff1 => {}
        0xffff_fffa => return err(0, "pclntab of Go 1.16/1.17: strata needs Go 1.18 or newer"),
        0xffff_fffb => return err(0, "pclntab of Go 1.2–1.15: strata needs Go 1.18 or newer"),
        m => return err(0, format!("unknown pclntab magic {m:#010x}")),
    }
    let (pad1, pad2, min_lc, ptr) = match data.get(4..8) {
        Some(&[a, b, c, d]) => (a, b, c, d),
        _ => return err(4, "truncated header"),
    };
    if pad1 != 0 || pad2 != 0 {
        return err(4, "non-zero header padding");
    }
    if !matches!(min_lc, 1 | 2 | 4) {
        return err(6, format!("bad instruction size quantum {min_lc}"));
    }
    let ptr = match ptr {
        4 | 8 => usize::from(ptr),
        p => return err(7, format!("bad pointer size {p}")),
    };
    let word = |i: usize| read_word(data, 8 + i * ptr, ptr);
    let nfunc = to_usize(word(0)?, 8, "nfunc")?;
    let mut text_start = word(2)?;
    let header_text_start = text_start;
    if text_start == 0 {
        text_start = text_start_fallback;
    }
    let funcname_off = to_usize(word(3)?, 8 + 3 * ptr, "funcnameOffset")?;
    let functab_off = to_usize(word(7)?, 8 + 7 * ptr, "pclnOffset")?;
    // Each function needs at least 8 bytes of functab plus an 8-byte _func prefix: bound the allocation.
    if nfunc > data.len() / 16 {
        return err(8, format!("nfunc {nfunc} is larger than the section allows"));
    }
    let mut functions = Vec::with_capacity(nfunc);
    let mut prev_entry = 0u64;
    for i in 0..nfunc {
        let at = functab_off.saturating_add(i.saturating_mul(8));
        let entry_off = read_u32(data, at)?;
        let func_off = to_usize(u64::from(read_u32(data, at.saturating_add(4))?), at + 4, "funcoff")?;
        let next_entry_off = read_u32(data, at.saturating_add(8))?;
        let func_at = functab_off.saturating_add(func_off);
        let func_entry_off = read_u32(data, func_at)?;
        if func_entry_off != entry_off {
            return err(func_at, format!("_func entryOff {func_entry_off:#x} differs from functab {entry_off:#x}"));
        }
        let name_off = read_u32(data, func_at.saturating_add(4))?;
        let name_at = funcname_off.saturating_add(name_off as usize);
        let name = read_cstr(data, name_at)?;
        let entry = text_start.saturating_add(u64::from(entry_off));
        let end = text_start.saturating_add(u64::from(next_entry_off));
        if end < entry || entry < prev_entry {
            return err(at, format!("function table not sorted at {name}"));
        }
        prev_entry = entry;
        functions.push(Function { name, entry, end });
    }
    Ok(PcLnTab { magic, text_start: header_text_start, functions })
}

fn read_cstr(data: &[u8], at: usize) -> Result<String, PcLnError> {
    let Some(rest) = data.get(at..) else {
        return err(at, "name offset outside the section");
    };
    let Some(len) = rest.iter().take(4096).position(|&b| b == 0) else {
        return err(at, "unterminated function name");
    };
    match rest.get(..len).map(std::str::from_utf8) {
        Some(Ok(s)) => Ok(s.to_string()),
        _ => err(at, "function name is not UTF-8"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A hand-made two-function table in the documented layout.
    fn synthetic() -> Vec<u8> {
        let mut d = Vec::new();
        d.extend_from_slice(&0xffff_fff1u32.to_le_bytes());
        d.extend_from_slice(&[0, 0, 1, 8]);
        let hdr = 8 + 8 * 8;
        let names = b"main.a\0main.b\0";
        let funcname_off = hdr as u64;
        let functab_off = (hdr + names.len()) as u64;
        for w in [2u64, 0, 0x401000, funcname_off, 0, 0, 0, functab_off] {
            d.extend_from_slice(&w.to_le_bytes());
        }
        d.extend_from_slice(names);
        // functab: (0x0, f0) (0x20, f1) end 0x50 ; _func records after it
        let f0 = 3 * 8 - 4 + 4; // after 2 pairs + end word (20 bytes) → 24 for alignment
        let f1 = f0 + 8;
        for (e, f) in [(0u32, f0 as u32), (0x20, f1 as u32)] {
            d.extend_from_slice(&e.to_le_bytes());
            d.extend_from_slice(&f.to_le_bytes());
        }
        d.extend_from_slice(&0x50u32.to_le_bytes());
        d.extend_from_slice(&[0; 4]);
        for (e, n) in [(0u32, 0u32), (0x20, 7)] {
            d.extend_from_slice(&e.to_le_bytes());
            d.extend_from_slice(&n.to_le_bytes());
        }
        d
    }

    #[test]
    fn decodes_synthetic_table() {
        let t = parse(&synthetic(), 0).unwrap();
        assert_eq!(t.functions.len(), 2);
        assert_eq!(t.functions[0], Function { name: "main.a".into(), entry: 0x401000, end: 0x401020 });
        assert_eq!(t.functions[1], Function { name: "main.b".into(), entry: 0x401020, end: 0x401050 });
    }

    #[test]
    fn every_truncation_is_an_error_not_a_panic() {
        let d = synthetic();
        for n in 0..d.len() {
            assert!(parse(&d[..n], 0).is_err(), "prefix {n} parsed");
        }
    }

    #[test]
    fn old_magic_is_refused_with_the_version() {
        let mut d = synthetic();
        d[..4].copy_from_slice(&0xffff_fffau32.to_le_bytes());
        assert!(parse(&d, 0).unwrap_err().msg.contains("1.16"));
    }
}
