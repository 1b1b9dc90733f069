//! Package discovery without a type checker.
//!
//! Walks each module directory like the go command does: `testdata`, `vendor` (unless asked),
//! hidden (`.x`) and `_x` directories are skipped, nested modules (a directory with its own
//! `go.mod`) belong to that module and are skipped, and symlinked directories are not followed (so
//! symlink loops cannot trap the walk). Each `.go` file's package clause and imports are read with a
//! small lexer; `_test.go` files are kept apart. Build constraints are not evaluated here.
//! A file that cannot be read or scanned is reported in [`Discovery::problems`]; the rest is mapped.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::build::BuildContext;
use crate::error::{Error, Pos, Result};
use crate::workspace::Workspace;

/// Options for [`discover_packages`].
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Options {
    /// Also walk `vendor/` directories. Default: false.
    pub include_vendor: bool,
    /// Worker threads for reading files; 0 = available parallelism. Default: 0.
    pub threads: usize,
    /// The target whose build constraints select files. Default: linux/amd64, cgo on.
    pub build: BuildContext,
    /// Keep the contents of the non-test files that build for the target ([`GoFile::text`]), so
    /// that a parser can use the bytes read here instead of reading each file again. Default: false.
    pub keep_text: bool,
}

/// An import in a Go file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    /// The import path.
    pub path: String,
    /// Position of the path string.
    pub pos: Pos,
}

/// What the small lexer reads from one Go file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileHeader {
    /// The package name.
    pub package: String,
    /// The `//go:build` expression before the package clause, if any.
    pub go_build: Option<String>,
    /// Legacy `// +build` lines before the package clause (without the prefix).
    pub plus_build: Vec<String>,
    /// Imports in source order.
    pub imports: Vec<Import>,
    /// Number of lines.
    pub lines: u32,
}

/// A Go file of a package.
#[derive(Debug, Clone)]
pub struct GoFile {
    /// Path on disk.
    pub path: PathBuf,
    /// Its header.
    pub header: FileHeader,
    /// Its contents, when [`Options::keep_text`] is set, it is not a `_test.go` file and it is
    /// valid UTF-8.
    pub text: Option<std::sync::Arc<String>>,
}

/// A Go package (one directory of a module).
#[derive(Debug, Clone)]
pub struct Package {
    /// Import path.
    pub path: String,
    /// Module path it belongs to.
    pub module: String,
    /// Directory.
    pub dir: PathBuf,
    /// Package name (from the non-test files; `_test` names of external tests are not it).
    pub name: String,
    /// Non-test files.
    pub files: Vec<GoFile>,
    /// `_test.go` files.
    pub test_files: Vec<GoFile>,
}

impl Package {
    /// Distinct imports of the non-test files, sorted.
    pub fn imports(&self) -> Vec<&str> {
        let mut v: Vec<&str> =
            self.files.iter().flat_map(|f| f.header.imports.iter().map(|i| i.path.as_str())).collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// Lines of the non-test files.
    pub fn lines(&self) -> u64 {
        self.files.iter().map(|f| u64::from(f.header.lines)).sum()
    }
}

/// Packages of a workspace, plus what could not be read.
#[derive(Debug, Default)]
pub struct Discovery {
    /// Packages with at least one non-test or test file, sorted by import path.
    pub packages: Vec<Package>,
    /// Files and directories that could not be read or scanned.
    pub problems: Vec<Error>,
    /// .go files left out by build constraints (file-name suffixes or `//go:build`).
    pub excluded_files: usize,
}

/// Find every package of every module in the workspace.
pub fn discover_packages(ws: &Workspace, opts: &Options) -> Discovery {
    discover_packages_with(ws, opts, |_: &KeptFile<'_>| ()).0
}

/// A non-test file that builds for the target, with its contents, as [`discover_packages_with`]
/// hands it to its callback.
#[derive(Debug)]
#[non_exhaustive]
pub struct KeptFile<'a> {
    /// Path on disk.
    pub path: &'a Path,
    /// Import path of its package.
    pub import_path: &'a str,
    /// Its header (package clause, imports).
    pub header: &'a FileHeader,
    /// Its contents (valid UTF-8).
    pub text: &'a std::sync::Arc<String>,
}

/// [`discover_packages`], calling `on_file` on the worker that read it for every non-test file that
/// builds for the target and whose text is kept ([`Options::keep_text`], valid UTF-8): a parser can
/// parse each file while the others are still being read, with no pause between discovery and
/// parsing. The results come back per package, in the order of [`Package::files`] (`None` for a
/// file `on_file` was not called on).
pub fn discover_packages_with<R: Send>(
    ws: &Workspace,
    opts: &Options,
    on_file: impl Fn(&KeptFile<'_>) -> R + Sync,
) -> (Discovery, Vec<Vec<Option<R>>>) {
    let threads =
        if opts.threads == 0 { std::thread::available_parallelism().map_or(1, |n| n.get()) } else { opts.threads };
    // The standard library's module `std` is the one whose import paths carry no module prefix.
    let import_path = |mi: usize, rel: &str| -> Option<String> {
        let m = ws.modules.get(mi)?;
        Some(match (m.path.as_str(), rel.is_empty()) {
            (_, true) => m.path.clone(),
            ("std", false) => rel.to_string(),
            (_, false) => format!("{}/{}", m.path, rel),
        })
    };
    // The calling thread walks the tree and publishes each directory's files as it reads them; the
    // other workers read and scan (and hand to `on_file`) the files published so far, and the walker
    // joins them when the walk is done. Files keep the walk's order.
    let mut problems = Vec::new();
    let (files, results) = walk_and_map(ws, opts, threads.max(1), &mut problems, |(mi, path, rel)| {
        let (res, text) = scan_one(path, opts.keep_text);
        // Build constraints are evaluated here, on the worker, so that `on_file` sees only the
        // files that build.
        let inc = res.as_ref().ok().map(|h| included(&opts.build, path, h));
        let extra = match (&res, &inc, &text) {
            (Ok(header), Some(Ok(true)), Some(text)) => import_path(*mi, rel)
                .map(|import_path| on_file(&KeptFile { path, import_path: &import_path, header, text })),
            _ => None,
        };
        (res, inc, text, extra)
    });
    // (module index, directory) → the package with `on_file`'s results for its files.
    type ByDir<R> = BTreeMap<(usize, String), (Package, Vec<Option<R>>)>;
    let mut by_dir: ByDir<R> = BTreeMap::new();
    let mut excluded_files = 0;
    for ((mi, path, rel), (res, inc, text, extra)) in files.into_iter().zip(results) {
        let header = match res {
            Ok(h) => h,
            Err(e) => {
                problems.push(e);
                continue;
            }
        };
        match inc {
            Some(Ok(true)) => {}
            Some(Ok(false)) | None => {
                excluded_files += 1;
                continue;
            }
            Some(Err(e)) => {
                excluded_files += 1;
                problems.push(e);
                continue;
            }
        }
        let Some(m) = ws.modules.get(mi) else { continue };
        let Some(import_path) = import_path(mi, &rel) else { continue };
        let (pkg, extras) = by_dir.entry((mi, rel.clone())).or_insert_with(|| {
            (
                Package {
                    path: import_path,
                    module: m.path.clone(),
                    dir: path.parent().map(Path::to_path_buf).unwrap_or_default(),
                    name: String::new(),
                    files: Vec::new(),
                    test_files: Vec::new(),
                },
                Vec::new(),
            )
        });
        let is_test = path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with("_test.go"));
        if is_test {
            pkg.test_files.push(GoFile { path, header, text: None });
        } else {
            if pkg.name.is_empty() {
                pkg.name = header.package.clone();
            } else if pkg.name != header.package && header.package != "documentation" {
                problems.push(Error::syntax(
                    &path,
                    Pos { line: 1, col: 1 },
                    format!(
                        "package {} conflicts with package {} of the other files in this directory",
                        header.package, pkg.name
                    ),
                ));
            }
            pkg.files.push(GoFile { path, header, text });
            extras.push(extra);
        }
    }
    let mut packages: Vec<(Package, Vec<Option<R>>)> = by_dir.into_values().collect();
    for (p, _) in &mut packages {
        if p.name.is_empty() {
            p.name = p
                .test_files
                .first()
                .map(|f| f.header.package.trim_end_matches("_test").to_string())
                .unwrap_or_default();
        }
    }
    packages.sort_by(|a, b| a.0.path.cmp(&b.0.path));
    let (packages, extras): (Vec<Package>, Vec<Vec<Option<R>>>) = packages.into_iter().unzip();
    (Discovery { packages, problems, excluded_files }, extras)
}

/// A `.go` file found by the walk: (module index, path, directory relative to the module).
type Found = (usize, PathBuf, String);

/// Walks every module of `ws` on the calling thread and runs `f` on each file found, on `threads`
/// threads in all: the others start on a directory's files as soon as the walk has read it, and the
/// walker works through what is left once the walk is done. Returns the files in walk order and
/// `f`'s results in the same order.
fn walk_and_map<R: Send>(
    ws: &Workspace,
    opts: &Options,
    threads: usize,
    problems: &mut Vec<Error>,
    f: impl Fn(&Found) -> R + Sync,
) -> (Vec<Found>, Vec<R>) {
    use std::sync::{Condvar, Mutex, PoisonError};
    // (files published so far, walk done)
    let shared: Mutex<(Vec<Found>, bool)> = Mutex::new((Vec::new(), false));
    let more = Condvar::new();
    let next = std::sync::atomic::AtomicUsize::new(0);
    // Takes the next published file: (index, file), `None` once the walk is done and all are taken.
    let take = || -> Option<(usize, Found)> {
        let mut g = shared.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            let i = next.load(std::sync::atomic::Ordering::Relaxed);
            if let Some(item) = g.0.get(i) {
                next.store(i + 1, std::sync::atomic::Ordering::Relaxed);
                return Some((i, item.clone()));
            }
            if g.1 {
                return None;
            }
            g = more.wait(g).unwrap_or_else(PoisonError::into_inner);
        }
    };
    let work = || {
        let mut out = Vec::new();
        while let Some((i, item)) = take() {
            out.push((i, f(&item)));
        }
        out
    };
    let parts: Vec<Vec<(usize, R)>> = std::thread::scope(|s| {
        let workers: Vec<_> = (1..threads).map(|_| s.spawn(work)).collect();
        {
            let mut publish = |batch: &mut Vec<Found>| {
                if batch.is_empty() {
                    return;
                }
                let mut g = shared.lock().unwrap_or_else(PoisonError::into_inner);
                g.0.append(batch);
                drop(g);
                more.notify_all();
            };
            for (mi, m) in ws.modules.iter().enumerate() {
                walk(&m.dir, "", opts, &mut publish, problems, mi, false);
            }
            shared.lock().unwrap_or_else(PoisonError::into_inner).1 = true;
            more.notify_all();
        }
        let mut parts = vec![work()];
        parts.extend(workers.into_iter().map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e))));
        parts
    });
    let files = std::mem::take(&mut shared.into_inner().unwrap_or_else(PoisonError::into_inner).0);
    let mut all: Vec<(usize, R)> = parts.into_iter().flatten().collect();
    all.sort_unstable_by_key(|(i, _)| *i);
    (files, all.into_iter().map(|(_, r)| r).collect())
}

/// Whether the go command would compile this file for the target.
fn included(ctx: &BuildContext, path: &Path, h: &FileHeader) -> Result<bool> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if !ctx.matches_file_name(name) {
        return Ok(false);
    }
    match &h.go_build {
        Some(expr) => ctx.eval_go_build(expr).map_err(|m| Error::syntax(path, Pos { line: 1, col: 1 }, m)),
        None => {
            let lines: Vec<&str> = h.plus_build.iter().map(String::as_str).collect();
            Ok(ctx.eval_plus_build(&lines))
        }
    }
}

/// `//go:build` and `// +build` lines in the file header (before the package clause).
fn constraint_lines(src: &[u8]) -> (Option<String>, Vec<String>) {
    let (mut go_build, mut plus) = (None, Vec::new());
    let text = String::from_utf8_lossy(src.get(..src.len().min(64 * 1024)).unwrap_or(b""));
    let mut in_block = false;
    for line in text.lines() {
        let t = line.trim().trim_start_matches('\u{feff}');
        if in_block {
            if let Some(i) = t.find("*/") {
                in_block = false;
                if !t.get(i + 2..).unwrap_or("").trim().is_empty() {
                    break;
                }
            }
            continue;
        }
        if t.is_empty() {
            continue;
        }
        if let Some(rest) = t.strip_prefix("//") {
            if let Some(e) = rest.strip_prefix("go:build") {
                if go_build.is_none() && (e.is_empty() || e.starts_with([' ', '\t'])) {
                    go_build = Some(e.trim().to_string());
                }
            } else if let Some(e) = rest.trim_start().strip_prefix("+build")
                && (e.is_empty() || e.starts_with([' ', '\t']))
            {
                plus.push(e.trim().to_string());
            }
            continue;
        }
        if t.starts_with("/*") {
            in_block = !t.get(2..).unwrap_or("").contains("*/");
            continue;
        }
        break;
    }
    (go_build, plus)
}

#[allow(clippy::too_many_arguments)]
fn walk(
    dir: &Path,
    rel: &str,
    opts: &Options,
    publish: &mut dyn FnMut(&mut Vec<Found>),
    problems: &mut Vec<Error>,
    mi: usize,
    nested: bool,
) {
    // `nested`: a subdirectory, skipped when it holds a go.mod (another module). Its listing says
    // so; a stat of `go.mod` is needed only when the directory cannot be listed.
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            if !(nested && dir.join("go.mod").exists()) {
                problems.push(Error::io(dir, e));
            }
            return;
        }
    };
    let mut errs = Vec::new();
    let mut entries: Vec<_> = rd
        .filter_map(|e| match e {
            Ok(e) => Some(e),
            Err(err) => {
                errs.push(Error::io(dir, err));
                None
            }
        })
        .collect();
    // As `Path::exists`: a go.mod of any kind, a symlink only if it resolves.
    if nested
        && entries
            .iter()
            .any(|e| e.file_name() == "go.mod" && (!e.file_type().is_ok_and(|t| t.is_symlink()) || e.path().exists()))
    {
        return;
    }
    problems.append(&mut errs);
    entries.sort_by_key(|e| e.file_name());
    let mut subdirs = Vec::new();
    let mut out = Vec::new();
    for e in entries {
        let path = e.path();
        let Some(name) = e.file_name().to_str().map(str::to_string) else {
            problems.push(Error::NonUtf8Path { path });
            continue;
        };
        let ft = match e.file_type() {
            Ok(ft) => ft,
            Err(err) => {
                problems.push(Error::io(&path, err));
                continue;
            }
        };
        if ft.is_dir() {
            if name.starts_with('.')
                || name.starts_with('_')
                || name == "testdata"
                || (name == "vendor" && !opts.include_vendor)
            {
                continue;
            }
            subdirs.push((path, name)); // a nested module is skipped by `walk` itself
        } else if name.ends_with(".go") && !name.starts_with('.') && !name.starts_with('_') {
            // Regular files and symlinks to files (a symlinked directory named x.go is reported on read).
            out.push((mi, path, rel.to_string()));
        }
    }
    publish(&mut out);
    for (path, name) in subdirs {
        let r = if rel.is_empty() { name } else { format!("{rel}/{name}") };
        walk(&path, &r, opts, publish, problems, mi, true);
    }
}

/// Reads and scans one file; with `keep_text`, also returns the contents of a non-test file that
/// is valid UTF-8.
fn scan_one(path: &Path, keep_text: bool) -> (Result<FileHeader>, Option<std::sync::Arc<String>>) {
    let src = match std::fs::read(path) {
        Ok(src) => src,
        Err(e) => return (Err(Error::io(path, e)), None),
    };
    let header = scan_header(path, &src);
    let is_test = path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with("_test.go"));
    let text = if keep_text && !is_test && header.is_ok() {
        String::from_utf8(src).ok().map(std::sync::Arc::new)
    } else {
        None
    };
    (header, text)
}

/// Read one file and scan its header.
pub fn scan_file(path: &Path) -> Result<FileHeader> {
    let src = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    scan_header(path, &src)
}

/// Scan a Go file's package clause and imports; count its lines.
///
/// The lexer understands comments, interpreted and raw strings, and `import` declarations in both
/// the single and the parenthesised form, with names (`x "p"`, `. "p"`, `_ "p"`). It stops at the first
/// declaration that is not an import.
pub fn scan_header(path: &Path, src: &[u8]) -> Result<FileHeader> {
    let mut lx = Lexer { src, i: 0, line: 1, line_start: 0, path };
    let lines = count_lines(src);
    let mut t = lx.next()?;
    while t.kind == TK::Semi {
        t = lx.next()?;
    }
    if t.text != b"package" {
        return Err(Error::syntax(
            path,
            t.pos,
            if t.kind == TK::Eof {
                "empty file: expected `package name`".to_string()
            } else {
                format!("expected `package`, found {:?} (is this a Go file?)", String::from_utf8_lossy(t.text))
            },
        ));
    }
    // Build constraints can only come before the package clause: only that part is searched.
    let header_end = lx.i.saturating_sub(t.text.len());
    let name = lx.next()?;
    if name.kind != TK::Ident {
        return Err(Error::syntax(path, name.pos, "expected a package name after `package`"));
    }
    let package = String::from_utf8_lossy(name.text).into_owned();
    let mut imports = Vec::new();
    loop {
        let t = lx.next()?;
        match t.kind {
            TK::Semi => continue,
            TK::Ident if t.text == b"import" => {
                let t = lx.next()?;
                if t.kind == TK::LParen {
                    loop {
                        let t = lx.next()?;
                        match t.kind {
                            TK::RParen => break,
                            TK::Semi => continue,
                            TK::Eof => return Err(Error::syntax(path, t.pos, "unterminated import block")),
                            _ => imports.push(import_spec(&mut lx, t)?),
                        }
                    }
                } else {
                    imports.push(import_spec(&mut lx, t)?);
                }
            }
            _ => break,
        }
    }
    let (go_build, plus_build) = constraint_lines(src.get(..header_end).unwrap_or(src));
    Ok(FileHeader { package, go_build, plus_build, imports, lines })
}

fn import_spec<'a>(lx: &mut Lexer<'a>, mut t: Tok<'a>) -> Result<Import> {
    if matches!(t.kind, TK::Ident | TK::Dot) {
        t = lx.next()?; // the import name
    }
    if t.kind != TK::Str {
        return Err(Error::syntax(lx.path, t.pos, "expected an import path string"));
    }
    let path = t.str_value.unwrap_or_default();
    if path.is_empty() {
        return Err(Error::syntax(lx.path, t.pos, "empty import path"));
    }
    Ok(Import { path, pos: t.pos })
}

fn count_lines(src: &[u8]) -> u32 {
    // Counted in byte-sized sums over blocks of 255 (at most 255 newlines each): the compiler
    // vectorises this 16–32 bytes at a time; a plain count added to a usize per byte did not.
    let n: usize =
        src.chunks(255).map(|c| usize::from(c.iter().fold(0u8, |a, &b| a.wrapping_add(u8::from(b == b'\n'))))).sum();
    let extra = usize::from(!src.is_empty() && src.last() != Some(&b'\n'));
    u32::try_from(n + extra).unwrap_or(u32::MAX)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TK {
    Ident,
    Str,
    LParen,
    RParen,
    Semi,
    Dot,
    Other,
    Eof,
}

struct Tok<'a> {
    kind: TK,
    text: &'a [u8],
    pos: Pos,
    str_value: Option<String>,
}

struct Lexer<'a> {
    src: &'a [u8],
    i: usize,
    line: u32,
    line_start: usize,
    path: &'a Path,
}

impl<'a> Lexer<'a> {
    fn pos(&self, i: usize) -> Pos {
        Pos { line: self.line, col: u32::try_from(i - self.line_start + 1).unwrap_or(u32::MAX) }
    }

    fn newline(&mut self, at: usize) {
        self.line += 1;
        self.line_start = at + 1;
    }

    fn next(&mut self) -> Result<Tok<'a>> {
        let src = self.src;
        loop {
            let Some(&c) = src.get(self.i) else {
                return Ok(Tok { kind: TK::Eof, text: b"", pos: self.pos(self.i), str_value: None });
            };
            match c {
                b'\n' => {
                    self.newline(self.i);
                    self.i += 1;
                    // Newlines end statements; the header grammar only needs them as separators.
                    return Ok(Tok { kind: TK::Semi, text: b"\n", pos: self.pos(self.i), str_value: None });
                }
                b' ' | b'\t' | b'\r' => self.i += 1,
                0xEF if src.get(self.i..self.i + 3) == Some(&[0xEF, 0xBB, 0xBF][..]) && self.i == 0 => self.i += 3,
                b'/' if src.get(self.i + 1) == Some(&b'/') => {
                    while src.get(self.i).is_some_and(|&b| b != b'\n') {
                        self.i += 1;
                    }
                }
                b'/' if src.get(self.i + 1) == Some(&b'*') => {
                    let start = self.pos(self.i);
                    self.i += 2;
                    loop {
                        match src.get(self.i) {
                            None => return Err(Error::syntax(self.path, start, "comment not terminated")),
                            Some(b'*') if src.get(self.i + 1) == Some(&b'/') => {
                                self.i += 2;
                                break;
                            }
                            Some(b'\n') => {
                                self.newline(self.i);
                                self.i += 1;
                            }
                            Some(_) => self.i += 1,
                        }
                    }
                }
                b'"' => {
                    let pos = self.pos(self.i);
                    let start = self.i;
                    self.i += 1;
                    let mut val = Vec::new();
                    loop {
                        match src.get(self.i) {
                            None | Some(b'\n') => {
                                return Err(Error::syntax(self.path, pos, "string literal not terminated"));
                            }
                            Some(b'"') => {
                                self.i += 1;
                                break;
                            }
                            Some(b'\\') => {
                                if let Some(&e) = src.get(self.i + 1) {
                                    val.push(e);
                                }
                                self.i += 2;
                            }
                            Some(&b) => {
                                val.push(b);
                                self.i += 1;
                            }
                        }
                    }
                    let text = src.get(start..self.i).unwrap_or(b"");
                    return Ok(Tok {
                        kind: TK::Str,
                        text,
                        pos,
                        str_value: Some(String::from_utf8_lossy(&val).into_owned()),
                    });
                }
                b'`' => {
                    let pos = self.pos(self.i);
                    let start = self.i;
                    self.i += 1;
                    loop {
                        match src.get(self.i) {
                            None => return Err(Error::syntax(self.path, pos, "raw string literal not terminated")),
                            Some(b'`') => {
                                self.i += 1;
                                break;
                            }
                            Some(b'\n') => {
                                self.newline(self.i);
                                self.i += 1;
                            }
                            Some(_) => self.i += 1,
                        }
                    }
                    let text = src.get(start..self.i).unwrap_or(b"");
                    let val = text.get(1..text.len().saturating_sub(1)).unwrap_or(b"");
                    return Ok(Tok {
                        kind: TK::Str,
                        text,
                        pos,
                        str_value: Some(String::from_utf8_lossy(val).into_owned()),
                    });
                }
                _ => {
                    let pos = self.pos(self.i);
                    let start = self.i;
                    let kind = match c {
                        b'(' => TK::LParen,
                        b')' => TK::RParen,
                        b';' => TK::Semi,
                        b'.' => TK::Dot,
                        c if c == b'_' || c.is_ascii_alphabetic() || c >= 0x80 => {
                            while src.get(self.i).is_some_and(|&b| b == b'_' || b.is_ascii_alphanumeric() || b >= 0x80)
                            {
                                self.i += 1;
                            }
                            return Ok(Tok {
                                kind: TK::Ident,
                                text: src.get(start..self.i).unwrap_or(b""),
                                pos,
                                str_value: None,
                            });
                        }
                        _ => TK::Other,
                    };
                    self.i += 1;
                    return Ok(Tok { kind, text: src.get(start..self.i).unwrap_or(b""), pos, str_value: None });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(s: &str) -> Result<FileHeader> {
        scan_header(Path::new("x.go"), s.as_bytes())
    }

    #[test]
    fn count_lines_counts_newlines_across_blocks() {
        assert_eq!(count_lines(b""), 0);
        assert_eq!(count_lines(b"a"), 1);
        assert_eq!(count_lines(b"a\n"), 1);
        assert_eq!(count_lines(b"a\nb"), 2);
        // More than 255 newlines in one 255-byte block cannot happen; across blocks they add up.
        let all = vec![b'\n'; 1000];
        assert_eq!(count_lines(&all), 1000);
        let mixed: Vec<u8> = (0..5000).map(|i| if i % 7 == 0 { b'\n' } else { b'x' }).collect();
        let naive = mixed.iter().filter(|&&b| b == b'\n').count() + usize::from(mixed.last() != Some(&b'\n'));
        assert_eq!(count_lines(&mixed) as usize, naive);
    }

    #[test]
    fn header_forms() {
        let h = scan("// Copyright\n/* block\n comment */\n//go:build linux\n\npackage foo // trailing\n\nimport \"fmt\"\nimport (\n\t\"net/http\"\n\tx \"example.com/a/b\" // c\n\t. \"strings\"\n\t_ \"embed\"\n\t`raw/path`\n)\nimport y \"os\"; import \"io\"\n\nfunc main() { import_ := 1 }\nimport \"never\"\n").unwrap();
        assert_eq!(h.package, "foo");
        let paths: Vec<_> = h.imports.iter().map(|i| i.path.as_str()).collect();
        assert_eq!(paths, ["fmt", "net/http", "example.com/a/b", "strings", "embed", "raw/path", "os", "io"]);
        assert_eq!(h.imports[2].pos, Pos { line: 11, col: 4 });
        assert_eq!(h.lines, 19);
        assert_eq!(h.go_build.as_deref(), Some("linux"));
        // Only the text before the package clause is searched for constraints (a line with a block
        // comment and the package clause is not a comment line).
        let h = scan("/* c */ package x\n//go:build ignore\n").unwrap();
        assert_eq!(h.go_build, None);
        let h = scan("//go:build ignore\n/* c */ package x\n").unwrap();
        assert_eq!(h.go_build.as_deref(), Some("ignore"));
    }

    #[test]
    fn constraints() {
        let (g, p) = constraint_lines(b"// Copyright\n\n//go:build !windows && (amd64 || arm64)\n// +build !windows\n\n/* c */\npackage x\n//go:build ignore\n");
        assert_eq!(g.as_deref(), Some("!windows && (amd64 || arm64)"));
        assert_eq!(p, ["!windows"]);
        let (g, _) = constraint_lines(b"package x\n//go:build ignore\n");
        assert_eq!(g, None);
        let (g, _) = constraint_lines(b"/* multi\nline */\n//go:build ignore\npackage main\n");
        assert_eq!(g.as_deref(), Some("ignore"));
        let (g, _) = constraint_lines(b"//go:buildx\npackage main\n");
        assert_eq!(g, None);
    }

    #[test]
    fn build_ignore_files() {
        let inc = |src: &str| included(&BuildContext::default(), Path::new("x.go"), &scan(src).unwrap()).unwrap();
        assert!(!inc("// Copyright\n\n//go:build ignore\n\npackage main\n"));
        assert!(!inc("//go:build ignore && linux\npackage main\n"));
        assert!(inc("//go:build !ignore\npackage x\n"));
        assert!(inc("//go:build linux\npackage x\n"));
        assert!(inc("package x\n//go:build ignore\n"));
        assert!(!inc("//go:build ignored_tag\npackage x\n"));
    }

    #[test]
    fn bom_crlf_and_no_imports() {
        let h = scan("\u{feff}package main\r\n\r\nfunc main() {}").unwrap();
        assert_eq!(h.package, "main");
        assert!(h.imports.is_empty());
        assert_eq!(h.lines, 3);
    }

    #[test]
    fn bad_headers() {
        let e = |s: &str| scan(s).unwrap_err().to_string();
        assert_eq!(e(""), "x.go:1:1: empty file: expected `package name`");
        assert_eq!(e("\n\nfunc x()"), "x.go:3:1: expected `package`, found \"func\" (is this a Go file?)");
        assert_eq!(e("package \"x\""), "x.go:1:9: expected a package name after `package`");
        assert_eq!(e("package x\nimport (\n\"a\"\n"), "x.go:4:1: unterminated import block");
        assert_eq!(e("package x\nimport \"a"), "x.go:2:8: string literal not terminated");
        assert_eq!(e("/* x"), "x.go:1:1: comment not terminated");
        assert_eq!(e("package x\nimport `a"), "x.go:2:8: raw string literal not terminated");
        assert_eq!(e("package x\nimport 42"), "x.go:2:8: expected an import path string");
        assert_eq!(e("package x\nimport \"\""), "x.go:2:8: empty import path");
        assert!(e("\x7fELF\x00\x01").contains("expected `package`"));
    }
}
