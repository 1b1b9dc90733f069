//! Module discovery: walk up from a directory to `go.work` or `go.mod`.
//!
//! Like the go command: a `go.work` at or above the directory wins (unless `GOWORK=off`; `GOWORK`
//! may also name the file), and then every `use`d directory is a module of the workspace;
//! otherwise the nearest `go.mod` at or above the directory is the single main module.

use std::path::{Path, PathBuf};

use crate::error::{Error, Pos, Result};
use crate::gomod::{GoMod, GoWork, read_gomod, read_gowork};

/// One module of the application.
#[derive(Debug, Clone)]
pub struct Module {
    /// Module path from its go.mod.
    pub path: String,
    /// Directory holding the go.mod.
    pub dir: PathBuf,
    /// The parsed go.mod.
    pub gomod: GoMod,
}

/// The application: a single module or a go.work workspace.
#[derive(Debug)]
pub struct Workspace {
    /// Directory of the go.work, or of the single go.mod.
    pub root: PathBuf,
    /// The parsed go.work, in workspace mode.
    pub gowork: Option<GoWork>,
    /// The modules (one outside workspace mode). Modules that could not be read are in `problems`.
    pub modules: Vec<Module>,
    /// Non-fatal problems: a `use` of a missing directory, a member's unparseable go.mod, …
    pub problems: Vec<Error>,
}

impl Workspace {
    /// Module paths, for [`crate::LayerMap::with_app_modules`].
    pub fn module_paths(&self) -> Vec<String> {
        self.modules.iter().map(|m| m.path.clone()).collect()
    }
}

/// Find the module or workspace that `dir` belongs to.
pub fn discover(dir: &Path) -> Result<Workspace> {
    let start = std::fs::canonicalize(dir).map_err(|e| Error::io(dir, e))?;
    let meta = std::fs::metadata(&start).map_err(|e| Error::io(dir, e))?;
    if !meta.is_dir() {
        return Err(Error::io(dir, std::io::Error::new(std::io::ErrorKind::NotADirectory, "not a directory")));
    }
    let gowork_env = std::env::var_os("GOWORK");
    let gowork = match gowork_env.as_deref().map(|s| s.to_string_lossy().into_owned()) {
        Some(s) if s == "off" => None,
        Some(s) if !s.is_empty() => Some(PathBuf::from(s)),
        _ => find_up(&start, "go.work"),
    };
    if let Some(gw) = gowork {
        return from_gowork(&gw);
    }
    match find_up(&start, "go.mod") {
        Some(gm) => {
            let gomod = read_gomod(&gm)?;
            let root = gm.parent().map(Path::to_path_buf).unwrap_or_default();
            let path = module_path(&gomod)?;
            Ok(Workspace {
                root: root.clone(),
                gowork: None,
                modules: vec![Module { path, dir: root, gomod }],
                problems: vec![],
            })
        }
        None => Err(Error::NoModule { dir: dir.to_path_buf() }),
    }
}

fn module_path(gomod: &GoMod) -> Result<String> {
    match &gomod.module {
        Some(m) if !m.path.is_empty() => Ok(m.path.clone()),
        _ => Err(Error::syntax(
            &gomod.file,
            Pos { line: 1, col: 1 },
            "no module directive: add `module your/module/path`",
        )),
    }
}

/// Read a workspace from its go.work file.
pub fn from_gowork(file: &Path) -> Result<Workspace> {
    let gowork = read_gowork(file)?;
    let root = file.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut modules: Vec<Module> = Vec::new();
    let mut problems = Vec::new();
    for u in &gowork.uses {
        let dir = root.join(&u.path);
        let gm = dir.join("go.mod");
        if !dir.is_dir() {
            problems.push(Error::syntax(
                file,
                u.pos,
                format!("use {}: directory does not exist (remove the use line or create the module)", u.path),
            ));
            continue;
        }
        match read_gomod(&gm).and_then(|g| module_path(&g).map(|p| (g, p))) {
            Ok((gomod, path)) => {
                let dir = std::fs::canonicalize(&dir).unwrap_or(dir);
                if modules.iter().any(|m| m.dir == dir) {
                    problems.push(Error::syntax(file, u.pos, format!("use {}: directory listed twice", u.path)));
                    continue;
                }
                if let Some(other) = modules.iter().find(|m| m.path == path) {
                    problems.push(Error::syntax(
                        file,
                        u.pos,
                        format!(
                            "use {}: module {path} appears twice in the workspace (also at {})",
                            u.path,
                            other.dir.display()
                        ),
                    ));
                    continue;
                }
                modules.push(Module { path, dir, gomod });
            }
            Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
                problems.push(Error::syntax(file, u.pos, format!("use {}: no go.mod in that directory", u.path)));
            }
            Err(e) => problems.push(e),
        }
    }
    Ok(Workspace { root, gowork: Some(gowork), modules, problems })
}

fn find_up(start: &Path, name: &str) -> Option<PathBuf> {
    let mut d = Some(start);
    while let Some(dir) = d {
        let p = dir.join(name);
        if p.is_file() {
            return Some(p);
        }
        d = dir.parent();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn single_module_found_from_subdir() {
        let t = tempfile::tempdir().unwrap();
        fs::write(t.path().join("go.mod"), "module example.com/a\n\ngo 1.26\n").unwrap();
        fs::create_dir_all(t.path().join("x/y")).unwrap();
        let w = discover(&t.path().join("x/y")).unwrap();
        assert!(w.gowork.is_none());
        assert_eq!(w.module_paths(), ["example.com/a"]);
        assert_eq!(w.root, fs::canonicalize(t.path()).unwrap());
    }

    #[test]
    fn workspace_members_and_problems() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path();
        fs::write(p.join("go.work"), "go 1.26\n\nuse (\n\t./a\n\t./b\n\t./missing\n\t./nomod\n\t./a\n)\n").unwrap();
        for (d, m) in [("a", "example.com/a"), ("b", "example.com/b")] {
            fs::create_dir_all(p.join(d)).unwrap();
            fs::write(p.join(d).join("go.mod"), format!("module {m}\n")).unwrap();
        }
        fs::create_dir_all(p.join("nomod")).unwrap();
        let w = discover(&p.join("b")).unwrap();
        assert!(w.gowork.is_some());
        assert_eq!(w.module_paths(), ["example.com/a", "example.com/b"]);
        let probs: Vec<String> = w.problems.iter().map(|e| e.to_string()).collect();
        assert_eq!(probs.len(), 3, "{probs:?}");
        assert!(probs[0].ends_with(
            "go.work:6:2: use ./missing: directory does not exist (remove the use line or create the module)"
        ));
        assert!(probs[1].contains("go.work:7:2: use ./nomod: no go.mod"));
        assert!(probs[2].contains("go.work:8:2: use ./a: directory listed twice"));
    }

    #[test]
    fn no_module() {
        let t = tempfile::tempdir().unwrap();
        let e = discover(t.path()).unwrap_err();
        assert!(matches!(e, Error::NoModule { .. }));
        assert!(e.to_string().contains("no go.mod or go.work"));
        let e = discover(&t.path().join("nope")).unwrap_err();
        assert!(matches!(e, Error::Io { .. }));
    }

    #[test]
    fn bad_gomod_is_an_error_with_position() {
        let t = tempfile::tempdir().unwrap();
        fs::write(t.path().join("go.mod"), "module a\nrequire x\n").unwrap();
        let e = discover(t.path()).unwrap_err().to_string();
        assert!(
            e.ends_with("go.mod:2:1: require: wrong number of arguments; usage: require module/path v1.2.3"),
            "{e}"
        );
        fs::write(t.path().join("go.mod"), "go 1.22\n").unwrap();
        assert!(discover(t.path()).unwrap_err().to_string().contains("no module directive"));
    }
}
