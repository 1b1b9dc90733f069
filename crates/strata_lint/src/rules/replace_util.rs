//! Shared by the MOD rules: where a `replace` points, resolved the way the go command compares them.

use std::path::{Component, Path, PathBuf};

use strata_layers::gomod::{Replace, is_local_path};
use strata_layers::workspace::Workspace;

/// A replacement target: a directory (made absolute against the file that declares it, as the go
/// command does before comparing) or a module version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A local directory.
    Dir(PathBuf),
    /// Another module at a version.
    Module(String, Option<String>),
}

impl Target {
    /// How to show it in a message.
    pub fn show(&self, ws_root: &Path) -> String {
        match self {
            Target::Dir(d) => match d.strip_prefix(ws_root) {
                Ok(r) => format!("./{}", r.display()),
                Err(_) => d.display().to_string(),
            },
            Target::Module(p, Some(v)) => format!("{p} {v}"),
            Target::Module(p, None) => p.clone(),
        }
    }
}

/// Resolve a replace's target; `base` is the directory of the go.mod / go.work declaring it.
pub fn target(r: &Replace, base: &Path) -> Target {
    if is_local_path(&r.new.path) {
        let p = base.join(&r.new.path);
        Target::Dir(std::fs::canonicalize(&p).unwrap_or_else(|_| normalize(&p)))
    } else {
        Target::Module(r.new.path.clone(), r.new.version.clone())
    }
}

fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The `use` line of the workspace module with this path, as `go.work:L:C`.
pub fn use_position(ws: &Workspace, module_path: &str) -> Option<String> {
    let gw = ws.gowork.as_ref()?;
    let m = ws.modules.iter().find(|m| m.path == module_path)?;
    let u = gw.uses.iter().find(|u| {
        let d = ws.root.join(&u.path);
        std::fs::canonicalize(&d).unwrap_or(d) == m.dir
    })?;
    Some(format!("go.work:{}:{}: use {}", u.pos.line, u.pos.col, u.path))
}

/// The versions of `path` that workspace modules require.
pub fn required_versions<'a>(ws: &'a Workspace, path: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    ws.modules
        .iter()
        .flat_map(move |m| m.gomod.require.iter().filter(move |r| r.path == path).map(|r| r.version.as_str()))
}
