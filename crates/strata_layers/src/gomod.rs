//! Hand-written `go.mod` and `go.work` parsers that keep positions.
//!
//! The lexer follows `golang.org/x/mod/modfile`: line-oriented tokens (bare words, `"…"` and
//! `` `…` `` strings, `//` comments, `(` `)` blocks, `[` `]` `,` for retract ranges, and `=>`).
//! A block's verb is the single token before `(`. Comments are kept where they mean something:
//! `// indirect` on a require, `// Deprecated:` on the module line, a retract's rationale.

use std::path::{Path, PathBuf};

use crate::error::{Error, Pos, Result};

/// A module path with an optional version, as in `replace` and `exclude`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ModVersion {
    /// Module path, or a file path for a local replacement.
    pub path: String,
    /// Version, if given.
    pub version: Option<String>,
}

/// `require path version [// indirect]`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Require {
    /// Module path.
    pub path: String,
    /// Version.
    pub version: String,
    /// Marked `// indirect`.
    pub indirect: bool,
    /// Position of the path token.
    pub pos: Pos,
}

/// `replace old [v] => new [v]`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Replace {
    /// What is replaced.
    pub old: ModVersion,
    /// The replacement.
    pub new: ModVersion,
    /// Position of the old path token.
    pub pos: Pos,
}

impl Replace {
    /// True when the replacement is a directory (`./x`, `../x`, `/x`), not a module.
    pub fn is_local(&self) -> bool {
        is_local_path(&self.new.path)
    }
}

/// `godebug key=value`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Godebug {
    /// Setting name.
    pub key: String,
    /// Setting value.
    pub value: String,
    /// Position.
    pub pos: Pos,
}

/// `retract v` or `retract [lo, hi]`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Retract {
    /// Low end (equal to `high` for a single version).
    pub low: String,
    /// High end.
    pub high: String,
    /// The comment above or beside it, if any.
    pub rationale: Option<String>,
    /// Position.
    pub pos: Pos,
}

/// A path-valued directive (`tool`, `ignore`, `use`, `exclude` keeps a version too).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PathAt {
    /// The path.
    pub path: String,
    /// Position.
    pub pos: Pos,
}

/// A value with a position (`go`, `toolchain`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ValueAt {
    /// The value.
    pub value: String,
    /// Position.
    pub pos: Pos,
}

/// A parsed `go.mod`.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct GoMod {
    /// The file it came from.
    pub file: PathBuf,
    /// `module` path.
    pub module: Option<PathAt>,
    /// `// Deprecated:` message on the module line.
    pub deprecated: Option<String>,
    /// `go` version.
    pub go: Option<ValueAt>,
    /// `toolchain`.
    pub toolchain: Option<ValueAt>,
    /// `godebug` settings.
    pub godebug: Vec<Godebug>,
    /// `require`s.
    pub require: Vec<Require>,
    /// `replace`s.
    pub replace: Vec<Replace>,
    /// `exclude`s.
    pub exclude: Vec<(ModVersion, Pos)>,
    /// `retract`s.
    pub retract: Vec<Retract>,
    /// `tool` (Go 1.24).
    pub tool: Vec<PathAt>,
    /// `ignore` (Go 1.25).
    pub ignore: Vec<PathAt>,
}

impl GoMod {
    /// The module path, or `""` when the file has no module line.
    pub fn module_path(&self) -> &str {
        self.module.as_ref().map_or("", |m| m.path.as_str())
    }
}

/// A parsed `go.work`.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct GoWork {
    /// The file it came from.
    pub file: PathBuf,
    /// `go` version.
    pub go: Option<ValueAt>,
    /// `toolchain`.
    pub toolchain: Option<ValueAt>,
    /// `godebug` settings.
    pub godebug: Vec<Godebug>,
    /// `use` directories, as written (relative to the go.work directory unless absolute).
    pub uses: Vec<PathAt>,
    /// `replace`s.
    pub replace: Vec<Replace>,
}

/// Read and parse a go.mod file.
pub fn read_gomod(path: &Path) -> Result<GoMod> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    parse_gomod(path, &bytes)
}

/// Read and parse a go.work file.
pub fn read_gowork(path: &Path) -> Result<GoWork> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    parse_gowork(path, &bytes)
}

/// Parse go.mod text; `file` is used in errors only.
pub fn parse_gomod(file: &Path, src: &[u8]) -> Result<GoMod> {
    let mut m = GoMod { file: file.to_path_buf(), ..GoMod::default() };
    for line in lines(file, src)? {
        let Line { verb, args, comment, prev_comment, pos } = line;
        let p = Parser { file, pos: &pos, verb: &verb };
        match verb.as_str() {
            "module" => {
                if m.module.is_some() {
                    return Err(p.err("repeated module statement"));
                }
                let [a] = p.exactly::<1>(&args, "usage: module module/path")?;
                m.module = Some(PathAt { path: a.text.clone(), pos: a.pos });
                m.deprecated = deprecation(comment.as_deref());
            }
            "go" => {
                if m.go.is_some() {
                    return Err(p.err("repeated go statement"));
                }
                let [a] = p.exactly::<1>(&args, "usage: go 1.23")?;
                check_go_version(file, a)?;
                m.go = Some(ValueAt { value: a.text.clone(), pos: a.pos });
            }
            "toolchain" => {
                if m.toolchain.is_some() {
                    return Err(p.err("repeated toolchain statement"));
                }
                let [a] = p.exactly::<1>(&args, "usage: toolchain go1.23.1")?;
                check_toolchain(file, a)?;
                m.toolchain = Some(ValueAt { value: a.text.clone(), pos: a.pos });
            }
            "godebug" => m.godebug.push(p.godebug(&args)?),
            "require" => {
                let [path, ver] = p.exactly::<2>(&args, "usage: require module/path v1.2.3")?;
                check_version(file, ver)?;
                let indirect = comment.as_deref().is_some_and(is_indirect);
                m.require.push(Require { path: path.text.clone(), version: ver.text.clone(), indirect, pos: path.pos });
            }
            "replace" => m.replace.push(p.replace(&args)?),
            "exclude" => {
                let [path, ver] = p.exactly::<2>(&args, "usage: exclude module/path v1.2.3")?;
                check_version(file, ver)?;
                m.exclude.push((ModVersion { path: path.text.clone(), version: Some(ver.text.clone()) }, path.pos));
            }
            "retract" => {
                let mut r = p.retract(&args)?;
                r.rationale = comment.or(prev_comment);
                m.retract.push(r);
            }
            "tool" => {
                let [a] = p.exactly::<1>(&args, "usage: tool module/path/cmd")?;
                m.tool.push(PathAt { path: a.text.clone(), pos: a.pos });
            }
            "ignore" => {
                let [a] = p.exactly::<1>(&args, "usage: ignore ./dir")?;
                m.ignore.push(PathAt { path: a.text.clone(), pos: a.pos });
            }
            other => return Err(p.err(format!("unknown directive: {other}"))),
        }
    }
    Ok(m)
}

/// Parse go.work text; `file` is used in errors only.
pub fn parse_gowork(file: &Path, src: &[u8]) -> Result<GoWork> {
    let mut w = GoWork { file: file.to_path_buf(), ..GoWork::default() };
    for line in lines(file, src)? {
        let Line { verb, args, pos, .. } = line;
        let p = Parser { file, pos: &pos, verb: &verb };
        match verb.as_str() {
            "go" => {
                if w.go.is_some() {
                    return Err(p.err("repeated go statement"));
                }
                let [a] = p.exactly::<1>(&args, "usage: go 1.23")?;
                check_go_version(file, a)?;
                w.go = Some(ValueAt { value: a.text.clone(), pos: a.pos });
            }
            "toolchain" => {
                if w.toolchain.is_some() {
                    return Err(p.err("repeated toolchain statement"));
                }
                let [a] = p.exactly::<1>(&args, "usage: toolchain go1.23.1")?;
                check_toolchain(file, a)?;
                w.toolchain = Some(ValueAt { value: a.text.clone(), pos: a.pos });
            }
            "godebug" => w.godebug.push(p.godebug(&args)?),
            "use" => {
                let [a] = p.exactly::<1>(&args, "usage: use ./dir")?;
                w.uses.push(PathAt { path: a.text.clone(), pos: a.pos });
            }
            "replace" => w.replace.push(p.replace(&args)?),
            other => {
                return Err(
                    p.err(format!("unknown directive: {other} (go.work allows go, toolchain, godebug, use, replace)"))
                );
            }
        }
    }
    Ok(w)
}

/// True for a file-system replacement target (`./x`, `../x`, `/x`, `.`, `..`, or a Windows path).
pub fn is_local_path(p: &str) -> bool {
    p == "."
        || p == ".."
        || p.starts_with("./")
        || p.starts_with("../")
        || p.starts_with('/')
        || p.starts_with(".\\")
        || p.starts_with("..\\")
        || (p.len() > 2 && p.as_bytes().get(1) == Some(&b':'))
}

fn is_indirect(c: &str) -> bool {
    let c = c.trim();
    c == "indirect" || c.starts_with("indirect;")
}

fn deprecation(c: Option<&str>) -> Option<String> {
    let c = c?.trim();
    c.strip_prefix("Deprecated:").map(|s| s.trim().to_string())
}

// ---------------------------------------------------------------------------------------------
// Lexer

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Word,
    Str,
    LParen,
    RParen,
    LBrack,
    RBrack,
    Comma,
    Arrow,
    Comment,
    Newline,
}

#[derive(Debug, Clone)]
struct Tok {
    kind: Kind,
    text: String,
    pos: Pos,
}

fn lex(file: &Path, src: &[u8]) -> Result<Vec<Tok>> {
    let mut toks = Vec::new();
    let (mut i, mut line, mut line_start) = (0usize, 1u32, 0usize);
    let pos_at = |i: usize, line: u32, ls: usize| Pos { line, col: (i - ls + 1) as u32 };
    while let Some(&c) = src.get(i) {
        let pos = pos_at(i, line, line_start);
        match c {
            b'\n' => {
                toks.push(Tok { kind: Kind::Newline, text: String::new(), pos });
                i += 1;
                line += 1;
                line_start = i;
            }
            b' ' | b'\t' | b'\r' => i += 1,
            b'/' if src.get(i + 1) == Some(&b'/') => {
                let end = src.iter().skip(i).position(|&b| b == b'\n').map_or(src.len(), |n| i + n);
                let text = utf8(file, pos, src.get(i + 2..end).unwrap_or(b""))?;
                toks.push(Tok { kind: Kind::Comment, text: text.trim().to_string(), pos });
                i = end;
            }
            b'(' | b')' | b'[' | b']' | b',' => {
                let kind = match c {
                    b'(' => Kind::LParen,
                    b')' => Kind::RParen,
                    b'[' => Kind::LBrack,
                    b']' => Kind::RBrack,
                    _ => Kind::Comma,
                };
                toks.push(Tok { kind, text: (c as char).to_string(), pos });
                i += 1;
            }
            b'=' if src.get(i + 1) == Some(&b'>') => {
                toks.push(Tok { kind: Kind::Arrow, text: "=>".into(), pos });
                i += 2;
            }
            b'"' => {
                let mut j = i + 1;
                let mut out = Vec::new();
                loop {
                    match src.get(j) {
                        None | Some(b'\n') => {
                            return Err(Error::syntax(file, pos, "unterminated quoted string"));
                        }
                        Some(b'"') => break,
                        Some(b'\\') => {
                            let e = src.get(j + 1).copied();
                            let ch = match e {
                                Some(b'n') => b'\n',
                                Some(b't') => b'\t',
                                Some(b'\\') => b'\\',
                                Some(b'"') => b'"',
                                _ => {
                                    return Err(Error::syntax(
                                        file,
                                        pos_at(j, line, line_start),
                                        "unsupported escape in quoted string",
                                    ));
                                }
                            };
                            out.push(ch);
                            j += 2;
                        }
                        Some(&b) => {
                            out.push(b);
                            j += 1;
                        }
                    }
                }
                let text = utf8(file, pos, &out)?;
                toks.push(Tok { kind: Kind::Str, text: text.to_string(), pos });
                i = j + 1;
            }
            b'`' => {
                let Some(n) = src.iter().skip(i + 1).position(|&b| b == b'`') else {
                    return Err(Error::syntax(file, pos, "unterminated raw string"));
                };
                let body = src.get(i + 1..i + 1 + n).unwrap_or(b"");
                if body.contains(&b'\n') {
                    return Err(Error::syntax(file, pos, "raw string may not span lines in go.mod"));
                }
                toks.push(Tok { kind: Kind::Str, text: utf8(file, pos, body)?.to_string(), pos });
                i += n + 2;
            }
            _ => {
                let mut j = i;
                while let Some(&b) = src.get(j) {
                    if b.is_ascii_whitespace() || matches!(b, b'(' | b')' | b'[' | b']' | b',' | b'"' | b'`') {
                        break;
                    }
                    if b == b'/' && src.get(j + 1) == Some(&b'/') {
                        break;
                    }
                    if b == b'=' && src.get(j + 1) == Some(&b'>') {
                        break;
                    }
                    j += 1;
                }
                toks.push(Tok {
                    kind: Kind::Word,
                    text: utf8(file, pos, src.get(i..j).unwrap_or(b""))?.to_string(),
                    pos,
                });
                i = j;
            }
        }
    }
    toks.push(Tok { kind: Kind::Newline, text: String::new(), pos: pos_at(i, line, line_start) });
    Ok(toks)
}

fn utf8<'a>(file: &Path, pos: Pos, b: &'a [u8]) -> Result<&'a str> {
    std::str::from_utf8(b).map_err(|_| Error::syntax(file, pos, "invalid UTF-8"))
}

/// One logical directive: `verb args… [// comment]`, with block verbs distributed to each line.
#[derive(Debug)]
struct Line {
    verb: String,
    args: Vec<Tok>,
    comment: Option<String>,
    prev_comment: Option<String>,
    pos: Pos,
}

fn lines(file: &Path, src: &[u8]) -> Result<Vec<Line>> {
    let toks = lex(file, src)?;
    let mut out = Vec::new();
    // Split into physical lines of tokens.
    let mut phys: Vec<Vec<Tok>> = vec![Vec::new()];
    for t in toks {
        if t.kind == Kind::Newline {
            phys.push(Vec::new());
        } else if let Some(last) = phys.last_mut() {
            last.push(t);
        }
    }
    let mut block: Option<(String, Pos)> = None;
    let mut prev_comment: Option<String> = None;
    for mut toks in phys {
        let comment = match toks.last() {
            Some(t) if t.kind == Kind::Comment => toks.pop().map(|t| t.text),
            _ => None,
        };
        if toks.is_empty() {
            prev_comment = comment;
            continue;
        }
        if let Some(t) = toks.iter().find(|t| t.kind == Kind::Comment) {
            return Err(Error::syntax(file, t.pos, "internal: comment in the middle of a line"));
        }
        let Some(first) = toks.first() else { continue };
        if let Some((verb, _)) = &block {
            if first.kind == Kind::RParen {
                if toks.len() != 1 {
                    return Err(Error::syntax(file, first.pos, "unexpected tokens after ')'"));
                }
                block = None;
                prev_comment = None;
                continue;
            }
            if first.kind == Kind::LParen {
                return Err(Error::syntax(file, first.pos, "nested '(' blocks are not allowed"));
            }
            out.push(Line {
                verb: verb.clone(),
                pos: first.pos,
                args: toks,
                comment,
                prev_comment: prev_comment.take(),
            });
            continue;
        }
        if first.kind != Kind::Word {
            return Err(Error::syntax(
                file,
                first.pos,
                format!("unexpected {:?} at the start of a line; expected a directive", first.text),
            ));
        }
        let verb = first.text.clone();
        let vpos = first.pos;
        let rest: Vec<Tok> = toks.into_iter().skip(1).collect();
        if rest.first().map(|t| &t.kind) == Some(&Kind::LParen) {
            if rest.len() != 1 {
                let at = rest.get(1).map_or(vpos, |t| t.pos);
                return Err(Error::syntax(file, at, "a block's '(' must end its line"));
            }
            if !matches!(
                verb.as_str(),
                "module" | "godebug" | "require" | "exclude" | "replace" | "retract" | "tool" | "ignore" | "use"
            ) {
                return Err(Error::syntax(file, vpos, format!("{verb} does not take a ( block")));
            }
            block = Some((verb, vpos));
            prev_comment = None;
            continue;
        }
        out.push(Line { verb, pos: vpos, args: rest, comment, prev_comment: prev_comment.take() });
    }
    if let Some((verb, pos)) = block {
        return Err(Error::syntax(file, pos, format!("{verb} ( block is never closed: add ')'")));
    }
    Ok(out)
}

struct Parser<'a> {
    file: &'a Path,
    pos: &'a Pos,
    verb: &'a str,
}

impl Parser<'_> {
    fn err(&self, msg: impl Into<String>) -> Error {
        Error::syntax(self.file, *self.pos, msg)
    }

    fn exactly<'t, const N: usize>(&self, args: &'t [Tok], usage: &str) -> Result<[&'t Tok; N]> {
        if args.len() != N {
            let at = args.get(N).map_or(*self.pos, |t| t.pos);
            return Err(Error::syntax(self.file, at, format!("{}: wrong number of arguments; {usage}", self.verb)));
        }
        let mut out: Vec<&Tok> = Vec::with_capacity(N);
        for a in args {
            if !matches!(a.kind, Kind::Word | Kind::Str) {
                return Err(Error::syntax(
                    self.file,
                    a.pos,
                    format!("{}: unexpected {:?}; {usage}", self.verb, a.text),
                ));
            }
            out.push(a);
        }
        out.try_into().map_err(|_| self.err("internal: arity"))
    }

    fn godebug(&self, args: &[Tok]) -> Result<Godebug> {
        let [a] = self.exactly::<1>(args, "usage: godebug key=value")?;
        match a.text.split_once('=') {
            Some((k, v)) if !k.is_empty() && !v.is_empty() && !v.contains('=') => {
                Ok(Godebug { key: k.to_string(), value: v.to_string(), pos: a.pos })
            }
            _ => Err(Error::syntax(self.file, a.pos, "usage: godebug key=value")),
        }
    }

    fn replace(&self, args: &[Tok]) -> Result<Replace> {
        const USAGE: &str =
            "usage: replace module/path [v1.2.3] => other/module v1.4 | replace module/path [v1.2.3] => ../local/dir";
        let Some(arrow) = args.iter().position(|t| t.kind == Kind::Arrow) else {
            return Err(self.err(format!("replace: missing =>; {USAGE}")));
        };
        let (lhs, rest) = args.split_at(arrow);
        let arrow_pos = rest.first().map_or(*self.pos, |t| t.pos);
        let rhs = rest.get(1..).unwrap_or(&[]);
        let words = |ts: &[Tok]| -> Result<Vec<(String, Pos)>> {
            ts.iter()
                .map(|t| match t.kind {
                    Kind::Word | Kind::Str => Ok((t.text.clone(), t.pos)),
                    _ => Err(Error::syntax(self.file, t.pos, format!("replace: unexpected {:?}; {USAGE}", t.text))),
                })
                .collect()
        };
        let (l, r) = (words(lhs)?, words(rhs)?);
        let Some((old_path, old_pos)) = l.first().filter(|_| l.len() <= 2) else {
            return Err(self.err(format!("replace: wrong number of arguments before =>; {USAGE}")));
        };
        let Some((new_path, new_pos)) = r.first().filter(|_| r.len() <= 2) else {
            let at = r.get(2).map_or(arrow_pos, |t| t.1);
            return Err(Error::syntax(self.file, at, format!("replace: wrong number of arguments after =>; {USAGE}")));
        };
        let new_local = is_local_path(new_path);
        if let (true, Some((_, vpos))) = (new_local, r.get(1)) {
            return Err(Error::syntax(
                self.file,
                *vpos,
                "replace: a local directory replacement must not have a version",
            ));
        }
        if !new_local && r.len() == 1 {
            return Err(Error::syntax(
                self.file,
                *new_pos,
                format!("replace: {new_path:?} is not a local path (start it with ./ or ../) and has no version"),
            ));
        }
        for (v, p) in l.get(1).into_iter().chain(r.get(1)) {
            check_version_str(self.file, v, *p)?;
        }
        Ok(Replace {
            old: ModVersion { path: old_path.clone(), version: l.get(1).map(|v| v.0.clone()) },
            new: ModVersion { path: new_path.clone(), version: r.get(1).map(|v| v.0.clone()) },
            pos: *old_pos,
        })
    }

    fn retract(&self, args: &[Tok]) -> Result<Retract> {
        const USAGE: &str = "usage: retract v1.2.3 | retract [v1.2.0, v1.2.9]";
        match args {
            [v] if matches!(v.kind, Kind::Word | Kind::Str) => {
                check_version(self.file, v)?;
                Ok(Retract { low: v.text.clone(), high: v.text.clone(), rationale: None, pos: v.pos })
            }
            [lb, lo, c, hi, rb] if lb.kind == Kind::LBrack && c.kind == Kind::Comma && rb.kind == Kind::RBrack => {
                check_version(self.file, lo)?;
                check_version(self.file, hi)?;
                Ok(Retract { low: lo.text.clone(), high: hi.text.clone(), rationale: None, pos: lb.pos })
            }
            _ => Err(self.err(format!("retract: malformed; {USAGE}"))),
        }
    }
}

fn check_go_version(file: &Path, t: &Tok) -> Result<()> {
    if is_go_version(&t.text) {
        Ok(())
    } else {
        Err(Error::syntax(file, t.pos, format!("invalid go version {:?}: must match format 1.23.0", t.text)))
    }
}

/// `^[1-9][0-9]*\.(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))?([a-z]+[0-9]+)?$` without a regex engine.
fn is_go_version(v: &str) -> bool {
    let (nums, pre) = match v.find(|c: char| c.is_ascii_lowercase()) {
        Some(i) => (&v[..i], Some(&v[i..])),
        None => (v, None),
    };
    if let Some(pre) = pre {
        let letters = pre.trim_end_matches(|c: char| c.is_ascii_digit());
        if letters.len() == pre.len() || !letters.chars().all(|c| c.is_ascii_lowercase()) {
            return false;
        }
    }
    let parts: Vec<&str> = nums.split('.').collect();
    if !(2..=3).contains(&parts.len()) {
        return false;
    }
    parts.iter().enumerate().all(|(i, p)| {
        let digits = !p.is_empty() && p.chars().all(|c| c.is_ascii_digit());
        let leading_zero = p.len() > 1 && p.starts_with('0');
        let zero_major = i == 0 && *p == "0";
        digits && !leading_zero && !zero_major
    })
}

fn check_toolchain(file: &Path, t: &Tok) -> Result<()> {
    let ok = t.text == "default"
        || t.text.strip_prefix("go").is_some_and(|v| {
            let core = v.split_once('-').map_or(v, |(a, _)| a);
            is_go_version(core)
        });
    if ok {
        Ok(())
    } else {
        Err(Error::syntax(file, t.pos, format!("invalid toolchain {:?}: must be goX.Y.Z or default", t.text)))
    }
}

fn check_version(file: &Path, t: &Tok) -> Result<()> {
    check_version_str(file, &t.text, t.pos)
}

fn check_version_str(file: &Path, v: &str, pos: Pos) -> Result<()> {
    let ok = v.strip_prefix('v').is_some_and(|rest| rest.chars().next().is_some_and(|c| c.is_ascii_digit()))
        && !v.contains(char::is_whitespace);
    if ok { Ok(()) } else { Err(Error::syntax(file, pos, format!("invalid version {v:?}: versions look like v1.2.3"))) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gm(s: &str) -> Result<GoMod> {
        parse_gomod(Path::new("go.mod"), s.as_bytes())
    }
    fn gw(s: &str) -> Result<GoWork> {
        parse_gowork(Path::new("go.work"), s.as_bytes())
    }
    fn err(r: Result<impl std::fmt::Debug>) -> String {
        r.unwrap_err().to_string()
    }

    #[test]
    fn every_gomod_directive() {
        let m = gm(r#"// Deprecated comment above is not a deprecation
module example.com/shop // Deprecated: use example.com/shop/v2

go 1.26.0
toolchain go1.26.8

godebug (
	default=go1.21
	panicnil=1
)
godebug asynctimerchan=0

require github.com/jackc/pgx/v5 v5.7.2
require (
	github.com/redis/go-redis/v9 v9.7.0
	golang.org/x/text v0.21.0 // indirect
	"github.com/quoted/path" v1.0.0 // indirect; comment
)

replace example.com/old v1.0.0 => example.com/new v1.1.0
replace (
	example.com/local => ../local
	example.com/abs => /abs/dir
)

exclude example.com/bad v1.2.3
exclude (
	example.com/bad v1.2.4
)

// Published by mistake.
retract v1.0.1
retract [v1.0.0, v1.0.5] // broken build

tool golang.org/x/tools/cmd/stringer
tool (
	example.com/gen
)
ignore ./node_modules
ignore (
	static
)
"#)
        .unwrap();
        assert_eq!(m.module_path(), "example.com/shop");
        assert_eq!(m.module.as_ref().unwrap().pos, Pos { line: 2, col: 8 });
        assert_eq!(m.deprecated.as_deref(), Some("use example.com/shop/v2"));
        assert_eq!(m.go.as_ref().unwrap().value, "1.26.0");
        assert_eq!(m.toolchain.as_ref().unwrap().value, "go1.26.8");
        assert_eq!(m.godebug.len(), 3);
        assert_eq!((m.godebug[1].key.as_str(), m.godebug[1].value.as_str()), ("panicnil", "1"));
        assert_eq!(m.require.len(), 4);
        assert!(!m.require[0].indirect && !m.require[1].indirect);
        assert!(m.require[2].indirect && m.require[3].indirect);
        assert_eq!(m.require[3].path, "github.com/quoted/path");
        assert_eq!(m.require[2].pos, Pos { line: 16, col: 2 });
        assert_eq!(m.replace.len(), 3);
        assert_eq!(m.replace[0].old.version.as_deref(), Some("v1.0.0"));
        assert!(!m.replace[0].is_local());
        assert!(m.replace[1].is_local() && m.replace[2].is_local());
        assert_eq!(m.replace[1].new.path, "../local");
        assert_eq!(m.exclude.len(), 2);
        assert_eq!(m.retract.len(), 2);
        assert_eq!(m.retract[0].rationale.as_deref(), Some("Published by mistake."));
        assert_eq!((m.retract[1].low.as_str(), m.retract[1].high.as_str()), ("v1.0.0", "v1.0.5"));
        assert_eq!(m.retract[1].rationale.as_deref(), Some("broken build"));
        assert_eq!(m.tool.len(), 2);
        assert_eq!(m.ignore.iter().map(|i| i.path.as_str()).collect::<Vec<_>>(), ["./node_modules", "static"]);
    }

    #[test]
    fn every_gowork_directive() {
        let w = gw("go 1.26\ntoolchain go1.27.3\ngodebug http2client=0\nuse ./a\nuse (\n\t./b\n\t\"./c d\"\n)\nreplace example.com/b => ./b2\nreplace (\n\texample.com/x v1.0.0 => example.com/y v1.0.1\n)\n").unwrap();
        assert_eq!(w.go.unwrap().value, "1.26");
        assert_eq!(w.toolchain.unwrap().value, "go1.27.3");
        assert_eq!(w.godebug.len(), 1);
        assert_eq!(w.uses.iter().map(|u| u.path.as_str()).collect::<Vec<_>>(), ["./a", "./b", "./c d"]);
        assert_eq!(w.uses[1].pos, Pos { line: 6, col: 2 });
        assert_eq!(w.replace.len(), 2);
    }

    #[test]
    fn crlf_and_no_trailing_newline() {
        let m = gm("module a.b/c\r\n\r\ngo 1.22\r\nrequire x.y/z v1.0.0").unwrap();
        assert_eq!(m.module_path(), "a.b/c");
        assert_eq!(m.require.len(), 1);
    }

    #[test]
    fn gomod_errors_name_file_line_col() {
        assert_eq!(err(gm("module a\nmodule b\n")), "go.mod:2:1: repeated module statement");
        assert_eq!(err(gm("module a\nfrobnicate x\n")), "go.mod:2:1: unknown directive: frobnicate");
        assert_eq!(err(gm("go 1.2x\n")), "go.mod:1:4: invalid go version \"1.2x\": must match format 1.23.0");
        assert!(err(gm("go 01.2\n")).contains("invalid go version"));
        assert!(err(gm("go 1\n")).contains("invalid go version"));
        assert!(gm("go 1.21rc1\n").is_ok());
        assert!(err(gm("go 1.22\ngo 1.23\n")).contains("repeated go statement"));
        assert!(err(gm("toolchain 1.2\n")).contains("invalid toolchain"));
        assert!(gm("toolchain default\n").is_ok());
        assert!(gm("toolchain go1.21.0-custom\n").is_ok());
        assert!(err(gm("toolchain go1.21.0\ntoolchain go1.22.0\n")).contains("repeated toolchain"));
        assert!(err(gm("godebug x\n")).contains("usage: godebug key=value"));
        assert_eq!(
            err(gm("require a.b/c\n")),
            "go.mod:1:1: require: wrong number of arguments; usage: require module/path v1.2.3"
        );
        assert_eq!(err(gm("require a.b/c 1.0\n")), "go.mod:1:15: invalid version \"1.0\": versions look like v1.2.3");
        assert_eq!(err(gm("require (\n a.b/c v1.0.0\n")), "go.mod:1:1: require ( block is never closed: add ')'");
        assert!(err(gm("require (\n (\n)\n")).contains("nested"));
        assert!(err(gm("require ( x\n)\n")).contains("must end its line"));
        assert!(err(gm("go (\n)\n")).contains("does not take a ( block"));
        assert!(err(gm(") x\n")).contains("unexpected \")\""));
        assert!(err(gm("replace a => \n")).contains("wrong number of arguments after =>"));
        assert!(err(gm("replace a b\n")).contains("missing =>"));
        assert!(err(gm("replace a => b\n")).contains("is not a local path"));
        assert!(err(gm("replace a => ./b v1.0.0\n")).contains("must not have a version"));
        assert!(err(gm("replace a b c => ./b\n")).contains("before =>"));
        assert!(err(gm("replace a x => ./b\n")).contains("invalid version"));
        assert!(err(gm("exclude a\n")).contains("exclude: wrong number"));
        assert!(err(gm("retract [v1, v2\n")).contains("retract: malformed"));
        assert!(err(gm("retract x\n")).contains("invalid version"));
        assert!(err(gm("tool\n")).contains("tool: wrong number"));
        assert!(err(gm("ignore a b\n")).contains("ignore: wrong number"));
        assert_eq!(err(gm("module \"a\n")), "go.mod:1:8: unterminated quoted string");
        assert!(err(gm("module `a\n")).contains("unterminated raw string"));
        assert!(err(gm("module \"a\\q\"\n")).contains("unsupported escape"));
        assert!(err(parse_gomod(Path::new("go.mod"), b"module \xff\n")).contains("invalid UTF-8"));
        assert!(err(gm("module a b\n")).contains("module: wrong number"));
        assert!(err(gm("require [ a\n")).contains("unexpected \"[\""));
    }

    #[test]
    fn gowork_errors() {
        assert!(err(gw("require a v1.0.0\n")).contains("unknown directive: require"));
        assert!(err(gw("use\n")).contains("use: wrong number"));
        assert!(err(gw("use (\n./a\n")).contains("never closed"));
        assert!(err(gw("go 1.22\ngo 1.22\n")).contains("repeated go"));
        assert!(err(gw("replace a => b\n")).contains("not a local path"));
        assert!(err(gw("toolchain x\n")).contains("invalid toolchain"));
        assert!(err(gw("toolchain go1.22.0\ntoolchain go1.22.0\n")).contains("repeated toolchain"));
        assert!(err(gw("go x\n")).contains("invalid go version"));
        assert!(err(gw("godebug =1\n")).contains("godebug key=value"));
    }

    #[test]
    fn local_paths() {
        for p in [".", "..", "./a", "../a", "/a", "C:\\x", ".\\a"] {
            assert!(is_local_path(p), "{p}");
        }
        for p in ["a", "example.com/x", "a/./b"] {
            assert!(!is_local_path(p), "{p}");
        }
    }
}
