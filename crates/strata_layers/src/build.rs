//! Build constraints: which files the go command would compile for a target.
//!
//! Implements go/build's rules for a `GOOS`/`GOARCH` pair (default linux/amd64): file-name
//! suffixes (`_linux.go`, `_amd64.go`, `_linux_amd64.go`, also before `_test`), `//go:build`
//! expressions (`&&`, `||`, `!`, parentheses) and, for files without one, legacy `// +build`
//! lines. Satisfied tags: the GOOS and GOARCH, `unix` on Unix systems, `gc`, `cgo` (unless
//! disabled), every `go1.N` release tag up to [`BuildContext::go_minor`], and any extra tags.

/// Known GOOS values (go/build's `knownOS`).
pub const KNOWN_OS: &[&str] = &[
    "aix",
    "android",
    "darwin",
    "dragonfly",
    "freebsd",
    "hurd",
    "illumos",
    "ios",
    "js",
    "linux",
    "nacl",
    "netbsd",
    "openbsd",
    "plan9",
    "solaris",
    "wasip1",
    "windows",
    "zos",
];

/// Known GOARCH values (go/build's `knownArch`).
pub const KNOWN_ARCH: &[&str] = &[
    "386",
    "amd64",
    "amd64p32",
    "arm",
    "armbe",
    "arm64",
    "arm64be",
    "loong64",
    "mips",
    "mipsle",
    "mips64",
    "mips64le",
    "mips64p32",
    "mips64p32le",
    "ppc",
    "ppc64",
    "ppc64le",
    "riscv",
    "riscv64",
    "s390",
    "s390x",
    "sparc",
    "sparc64",
    "wasm",
];

const UNIX_OS: &[&str] = &[
    "aix",
    "android",
    "darwin",
    "dragonfly",
    "freebsd",
    "hurd",
    "illumos",
    "ios",
    "linux",
    "netbsd",
    "openbsd",
    "solaris",
];

/// The target a package is loaded for.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct BuildContext {
    /// Target OS. Default: `linux`.
    pub goos: String,
    /// Target architecture. Default: `amd64`.
    pub goarch: String,
    /// Whether cgo is enabled (the `cgo` tag). Default: true.
    pub cgo: bool,
    /// Newest `go1.N` release tag that is satisfied. Default: 27 (go1.1 … go1.27).
    pub go_minor: u32,
    /// Extra `-tags`. Default: none.
    pub tags: Vec<String>,
    /// Tool tags: `goexperiment.*` and `GOAMD64` level tags. Default: Go 1.26's on amd64
    /// (`goexperiment.regabiwrappers`, `regabiargs`, `dwarf5`, `greenteagc`,
    /// `randomizedheapbase64`, and `amd64.v1`), as `go list -f '{{context.ToolTags}}'` prints them.
    pub tool_tags: Vec<String>,
}

impl Default for BuildContext {
    fn default() -> Self {
        let tool_tags = [
            "goexperiment.regabiwrappers",
            "goexperiment.regabiargs",
            "goexperiment.dwarf5",
            "goexperiment.greenteagc",
            "goexperiment.randomizedheapbase64",
            "amd64.v1",
        ];
        BuildContext {
            goos: "linux".into(),
            goarch: "amd64".into(),
            cgo: true,
            go_minor: 27,
            tags: Vec::new(),
            tool_tags: tool_tags.iter().map(|t| t.to_string()).collect(),
        }
    }
}

impl BuildContext {
    /// Whether `tag` is satisfied.
    pub fn has_tag(&self, tag: &str) -> bool {
        if tag == self.goos || tag == self.goarch || self.tags.iter().chain(&self.tool_tags).any(|t| t == tag) {
            return true;
        }
        match tag {
            "unix" => UNIX_OS.contains(&self.goos.as_str()),
            "gc" => true,
            "cgo" => self.cgo,
            // GOOS=android also matches linux files, illumos matches solaris, ios matches darwin.
            "linux" => self.goos == "android",
            "solaris" => self.goos == "illumos",
            "darwin" => self.goos == "ios",
            _ => tag
                .strip_prefix("go1.")
                .and_then(|m| m.parse::<u32>().ok())
                .is_some_and(|m| m >= 1 && m <= self.go_minor),
        }
    }

    /// Whether a file name's `_GOOS` / `_GOARCH` suffixes allow it.
    pub fn matches_file_name(&self, name: &str) -> bool {
        let stem = name.strip_suffix(".go").unwrap_or(name);
        let stem = stem.strip_suffix("_test").unwrap_or(stem);
        let parts: Vec<&str> = stem.split('_').collect();
        // The first element is never a constraint ("linux.go" is an ordinary file).
        let (l, p) = match parts.as_slice() {
            [_, .., p, l] => (*l, Some(*p)),
            [_, l] => (*l, None),
            _ => return true,
        };
        if let Some(p) = p
            && KNOWN_OS.contains(&p)
            && KNOWN_ARCH.contains(&l)
        {
            return self.has_tag(p) && self.has_tag(l);
        }
        if KNOWN_OS.contains(&l) || KNOWN_ARCH.contains(&l) {
            return self.has_tag(l);
        }
        true
    }

    /// Evaluate a `//go:build` expression (the text after `//go:build`). A malformed expression
    /// excludes the file, as the go command does after reporting it.
    pub fn eval_go_build(&self, expr: &str) -> Result<bool, String> {
        let toks = tokenize(expr)?;
        let mut p = ExprParser { toks: &toks, i: 0, ctx: self, depth: 0 };
        let v = p.or()?;
        if p.i != toks.len() {
            return Err(format!("unexpected token in //go:build expression: {expr:?}"));
        }
        Ok(v)
    }

    /// Evaluate legacy `// +build` lines: each line is an OR of space-separated terms, each term an
    /// AND of comma-separated (optionally `!`-negated) tags; the lines are ANDed.
    pub fn eval_plus_build(&self, lines: &[&str]) -> bool {
        lines.iter().all(|line| {
            line.split_whitespace().any(|term| {
                term.split(',').all(|t| match t.strip_prefix('!') {
                    Some(t) => !t.is_empty() && !self.has_tag(t),
                    None => !t.is_empty() && self.has_tag(t),
                })
            })
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
enum T {
    And,
    Or,
    Not,
    L,
    R,
    Tag(String),
}

fn tokenize(s: &str) -> Result<Vec<T>, String> {
    let mut out = Vec::new();
    let mut it = s.char_indices().peekable();
    while let Some((_, c)) = it.next() {
        match c {
            ' ' | '\t' | '\r' => {}
            '(' => out.push(T::L),
            ')' => out.push(T::R),
            '!' => out.push(T::Not),
            '&' if it.peek().map(|x| x.1) == Some('&') => {
                it.next();
                out.push(T::And);
            }
            '|' if it.peek().map(|x| x.1) == Some('|') => {
                it.next();
                out.push(T::Or);
            }
            c if c.is_alphanumeric() || c == '_' || c == '.' => {
                let mut tag = c.to_string();
                while let Some(&(_, d)) = it.peek() {
                    if d.is_alphanumeric() || d == '_' || d == '.' {
                        tag.push(d);
                        it.next();
                    } else {
                        break;
                    }
                }
                out.push(T::Tag(tag));
            }
            other => return Err(format!("unexpected {other:?} in //go:build expression")),
        }
    }
    if out.is_empty() {
        return Err("empty //go:build expression".into());
    }
    Ok(out)
}

struct ExprParser<'a> {
    toks: &'a [T],
    i: usize,
    ctx: &'a BuildContext,
    depth: u32,
}

impl ExprParser<'_> {
    fn or(&mut self) -> Result<bool, String> {
        let mut v = self.and()?;
        while self.toks.get(self.i) == Some(&T::Or) {
            self.i += 1;
            let r = self.and()?;
            v = v || r;
        }
        Ok(v)
    }
    fn and(&mut self) -> Result<bool, String> {
        let mut v = self.not()?;
        while self.toks.get(self.i) == Some(&T::And) {
            self.i += 1;
            let r = self.not()?;
            v = v && r;
        }
        Ok(v)
    }
    fn not(&mut self) -> Result<bool, String> {
        self.depth += 1;
        if self.depth > 100 {
            return Err("//go:build expression nested too deeply".into());
        }
        let r = match self.toks.get(self.i) {
            Some(T::Not) => {
                self.i += 1;
                self.not().map(|v| !v)
            }
            Some(T::L) => {
                self.i += 1;
                let v = self.or()?;
                if self.toks.get(self.i) != Some(&T::R) {
                    return Err("missing ) in //go:build expression".into());
                }
                self.i += 1;
                Ok(v)
            }
            Some(T::Tag(t)) => {
                self.i += 1;
                Ok(self.ctx.has_tag(t))
            }
            _ => Err("expected a tag in //go:build expression".into()),
        };
        self.depth -= 1;
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names() {
        let c = BuildContext::default();
        for ok in [
            "a.go",
            "linux.go",
            "x_linux.go",
            "x_amd64.go",
            "x_linux_amd64.go",
            "x_linux_test.go",
            "x_unix.go",
            "x_foo.go",
            "a_b_c.go",
        ] {
            assert!(c.matches_file_name(ok), "{ok}");
        }
        for no in
            ["x_windows.go", "x_arm64.go", "x_linux_arm64.go", "x_darwin_amd64.go", "x_windows_test.go", "x_android.go"]
        {
            assert!(!c.matches_file_name(no), "{no}");
        }
    }

    #[test]
    fn expressions() {
        let c = BuildContext::default();
        let e = |s: &str| c.eval_go_build(s).unwrap();
        assert!(e("linux"));
        assert!(e("unix && amd64"));
        assert!(!e("ignore"));
        assert!(e("!windows"));
        assert!(e("(linux || darwin) && !arm64"));
        assert!(!e("linux && (arm64 || 386)"));
        assert!(e("go1.22"));
        assert!(!e("go1.99"));
        assert!(e("cgo"));
        assert!(!e("purego"));
        assert!(e("gc && !purego"));
        assert!(c.eval_go_build("linux &&").is_err());
        assert!(c.eval_go_build("(linux").is_err());
        assert!(c.eval_go_build("linux || $").is_err());
        assert!(c.eval_go_build("").is_err());
        assert!(c.eval_go_build(&"(".repeat(500)).is_err());
    }

    #[test]
    fn plus_build() {
        let c = BuildContext::default();
        assert!(c.eval_plus_build(&["linux darwin"]));
        assert!(c.eval_plus_build(&["linux,amd64"]));
        assert!(!c.eval_plus_build(&["linux,!amd64"]));
        assert!(!c.eval_plus_build(&["linux", "ignore"]));
        assert!(c.eval_plus_build(&[]));
    }

    #[test]
    fn other_targets() {
        let mut c = BuildContext { goos: "android".into(), goarch: "arm64".into(), ..BuildContext::default() };
        assert!(c.matches_file_name("x_linux.go"));
        assert!(c.matches_file_name("x_android_arm64.go"));
        assert!(!c.matches_file_name("x_amd64.go"));
        c.goos = "windows".into();
        assert!(!c.has_tag("unix"));
        c.tags.push("integration".into());
        assert!(c.eval_go_build("integration").unwrap());
    }
}
