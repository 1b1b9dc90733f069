use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use strata_layers::Pos;

/// 1-based line and byte column of a range's start and end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LineCol {
    /// 1-based start line.
    pub line: u32,
    /// 1-based start column, in bytes (as the Go toolchain counts).
    pub column: u32,
    /// 1-based end line.
    pub end_line: u32,
    /// 1-based end column (exclusive), in bytes.
    pub end_column: u32,
}

/// A file's bytes and the offsets where its lines start.
#[derive(Debug)]
pub struct SourceFile {
    /// The contents (empty when the file could not be read).
    pub text: Vec<u8>,
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// Index a file's contents.
    pub fn new(text: Vec<u8>) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.iter().enumerate().filter(|(_, b)| **b == b'\n').map(|(i, _)| i + 1));
        SourceFile { text, line_starts }
    }

    /// Byte offset of a 1-based line:column, clamped to the file.
    pub fn offset(&self, pos: Pos) -> usize {
        let line = (pos.line.max(1) - 1) as usize;
        let start = self.line_starts.get(line).copied().unwrap_or(self.text.len());
        (start + (pos.col.max(1) - 1) as usize).min(self.text.len())
    }

    /// 1-based line and byte column of an offset.
    pub fn position(&self, off: usize) -> (u32, u32) {
        let off = off.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= off).max(1);
        let start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        (u32::try_from(line).unwrap_or(u32::MAX), u32::try_from(off - start + 1).unwrap_or(u32::MAX))
    }

    /// The text of a 1-based line without its line ending ("" past the end).
    pub fn line(&self, line: u32) -> &[u8] {
        let i = (line.max(1) - 1) as usize;
        let Some(&start) = self.line_starts.get(i) else { return b"" };
        let end = self.line_starts.get(i + 1).map_or(self.text.len(), |&e| e.saturating_sub(1));
        let s = self.text.get(start..end.max(start)).unwrap_or(b"");
        s.strip_suffix(b"\r").unwrap_or(s)
    }

    /// The end of the token starting at `off`: a quoted string through its closing quote, otherwise
    /// up to the next whitespace. Used to give diagnostics a range from a start position.
    pub fn token_end(&self, off: usize) -> usize {
        let t = &self.text;
        match t.get(off) {
            Some(&q @ (b'"' | b'`')) => {
                let mut i = off + 1;
                while let Some(&b) = t.get(i) {
                    if b == b'\\' && q == b'"' {
                        i += 2;
                        continue;
                    }
                    if b == q || b == b'\n' {
                        return (i + 1).min(t.len());
                    }
                    i += 1;
                }
                t.len()
            }
            _ => {
                let mut i = off;
                while t.get(i).is_some_and(|b| !b.is_ascii_whitespace()) {
                    i += 1;
                }
                i.max((off + 1).min(t.len()))
            }
        }
    }
}

/// Lazily read file contents, shared by the rules (suppression comments, ranges) and the renderers
/// (line/column, source excerpts). A file that cannot be read is treated as empty.
#[derive(Debug, Default)]
pub struct SourceCache {
    files: Mutex<HashMap<PathBuf, Arc<SourceFile>>>,
}

impl SourceCache {
    /// An empty cache.
    pub fn new() -> Self {
        SourceCache::default()
    }

    /// The file's contents (read on first use).
    pub fn get(&self, path: &Path) -> Arc<SourceFile> {
        let mut map = match self.files.lock() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        };
        map.entry(path.to_path_buf())
            .or_insert_with(|| Arc::new(SourceFile::new(std::fs::read(path).unwrap_or_default())))
            .clone()
    }

    /// Insert contents for a path (tests, in-memory inputs).
    pub fn insert(&self, path: &Path, text: Vec<u8>) {
        let mut map = match self.files.lock() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        };
        map.insert(path.to_path_buf(), Arc::new(SourceFile::new(text)));
    }

    /// Byte range of the token at a 1-based position (a string literal, a word).
    pub fn token_range(&self, path: &Path, pos: Pos) -> Range<usize> {
        let f = self.get(path);
        let start = f.offset(pos);
        start..f.token_end(start)
    }

    /// Line and column of a byte range.
    pub fn line_col(&self, path: &Path, range: &Range<usize>) -> LineCol {
        let f = self.get(path);
        let (line, column) = f.position(range.start);
        let (end_line, end_column) = f.position(range.end.max(range.start));
        LineCol { line, column, end_line, end_column }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_and_positions_round_trip() {
        let f = SourceFile::new(b"package x\r\n\nimport \"a/b\" // c\n".to_vec());
        let off = f.offset(Pos { line: 3, col: 8 });
        assert_eq!(f.text[off], b'"');
        assert_eq!(f.position(off), (3, 8));
        assert_eq!(f.token_end(off) - off, 5);
        assert_eq!(f.line(1), b"package x");
        assert_eq!(f.line(2), b"");
        assert_eq!(f.line(9), b"");
        assert_eq!(f.offset(Pos { line: 99, col: 1 }), f.text.len());
        assert_eq!(f.position(10_000), (4, 1));
    }

    #[test]
    fn unterminated_string_token_ends_at_line_end() {
        let f = SourceFile::new(b"\"abc\ndef".to_vec());
        assert_eq!(f.token_end(0), 5);
        let f = SourceFile::new(b"".to_vec());
        assert_eq!(f.token_end(0), 0);
    }
}
