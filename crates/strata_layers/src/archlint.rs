//! `.go-arch-lint.yml` (version 3) → [`LayerMap`].
//!
//! Read: `version` (3; 2 is refused with a message), `workdir`, `components.<name>.in` (a glob or a
//! list of globs relative to `workdir`, which may be `.`; `*` = one directory level, `**` = any number,
//! zero included, as go-arch-lint matches it), `commonComponents`
//! (every component may depend on them), and `deps.<name>.mayDependOn`. Components become layers
//! in file order. Vendor rules (`vendors`, `canUse`, `depOnAnyVendor`) are not layer edges and are
//! ignored: strata always lets layers use other modules.

use std::path::Path;

use yaml_rust2::{Yaml, YamlLoader};

use crate::error::{Error, Pos, Result};
use crate::layer::{LayerMap, LayerSource};

/// Read a .go-arch-lint.yml for the given application modules.
pub fn read(file: &Path, app_modules: &[String]) -> Result<LayerMap> {
    let text = std::fs::read_to_string(file).map_err(|e| Error::io(file, e))?;
    parse(file, &text, app_modules)
}

/// Parse .go-arch-lint.yml text.
pub fn parse(file: &Path, text: &str, app_modules: &[String]) -> Result<LayerMap> {
    let at0 = Pos { line: 1, col: 1 };
    let docs = YamlLoader::load_from_str(text).map_err(|e| {
        let m = e.marker();
        Error::syntax(file, Pos { line: m.line() as u32, col: m.col() as u32 + 1 }, e.info().to_string())
    })?;
    let Some(doc) = docs.first() else {
        return Err(Error::syntax(file, at0, "empty file: expected `version: 3` and `components:`"));
    };
    match doc["version"].as_i64() {
        Some(3) => {}
        Some(v) => {
            return Err(Error::syntax(
                file,
                at0,
                format!("version {v} is not supported: strata reads go-arch-lint version 3 files"),
            ));
        }
        None => return Err(Error::syntax(file, at0, "missing `version: 3`")),
    }
    // `workdir: .` (or `./x`) is relative to the project root, as go-arch-lint reads it.
    let workdir = clean_glob(doc["workdir"].as_str().unwrap_or(""));
    let Some(components) = doc["components"].as_hash() else {
        return Err(Error::syntax(file, at0, "missing `components:` map"));
    };
    let mut layers = Vec::new();
    for (k, v) in components {
        let name = k.as_str().ok_or_else(|| Error::syntax(file, at0, "component names must be strings"))?;
        let ins: Vec<String> = match &v["in"] {
            Yaml::String(s) => vec![s.clone()],
            Yaml::Array(a) => a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect(),
            _ => {
                return Err(Error::syntax(
                    file,
                    at0,
                    format!("component {name}: `in` must be a glob or a list of globs"),
                ));
            }
        };
        let mut pats = Vec::new();
        for p in &ins {
            let p = clean_glob(p);
            let p = if workdir.is_empty() { p } else { format!("{workdir}/{p}") };
            // go-arch-lint's `**` also matches zero directories: `services/**` includes `services`.
            if let Some(dir) = p.strip_suffix("/**") {
                pats.push(dir.to_string());
            }
            if p.contains("/**/") {
                pats.push(p.replacen("/**/", "/", 1));
            }
            pats.push(p);
        }
        layers.push((name.to_string(), pats));
    }
    let mut map = LayerMap::from_globs(LayerSource::GoArchLint(file.to_path_buf()), &layers, app_modules)
        .map_err(|(_, msg)| Error::syntax(file, at0, msg))?;
    let common: Vec<String> = doc["commonComponents"]
        .as_vec()
        .map(|v| v.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
        .unwrap_or_default();
    for (name, _) in &layers {
        let Some(from) = map.id(name) else { continue };
        let mut targets: Vec<String> = common.clone();
        if let Some(list) = doc["deps"][name.as_str()]["mayDependOn"].as_vec() {
            targets.extend(list.iter().filter_map(|x| x.as_str().map(str::to_string)));
        }
        let mut ids = Vec::new();
        for t in &targets {
            let id = map.id(t).ok_or_else(|| {
                Error::syntax(file, at0, format!("deps.{name}.mayDependOn names {t:?}, which is not a component"))
            })?;
            ids.push(id);
        }
        map.set_allowed(from, ids);
    }
    Ok(map)
}

/// A glob or directory without leading `./` and surrounding `/`; `.` is the empty path.
fn clean_glob(p: &str) -> String {
    let mut p = p.trim_matches('/');
    while let Some(rest) = p.strip_prefix("./") {
        p = rest.trim_start_matches('/');
    }
    if p == "." { String::new() } else { p.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YML: &str = "
version: 3
workdir: internal
allow:
  depOnAnyVendor: true
components:
  handler:    { in: handlers/* }
  service:    { in: [services/**, services] }
  repository: { in: domain/*/repository }
  model:      { in: models }
commonComponents: [ model ]
deps:
  handler:    { mayDependOn: [ service ] }
  service:
    mayDependOn:
      - repository
";

    #[test]
    fn components_and_deps() {
        let m = parse(Path::new(".go-arch-lint.yml"), YML, &["example.com/s".into()]).unwrap();
        let id = |n: &str| m.id(n).unwrap();
        let l = |p: &str| m.name(m.layer_of_package(p)).to_string();
        assert_eq!(l("example.com/s/internal/handlers/orders"), "handler");
        assert_eq!(l("example.com/s/internal/handlers"), "unknown");
        assert_eq!(l("example.com/s/internal/services"), "service");
        assert_eq!(l("example.com/s/internal/services/a/b"), "service");
        assert_eq!(l("example.com/s/internal/domain/orders/repository"), "repository");
        assert_eq!(l("example.com/s/internal/models"), "model");
        assert!(m.allows(id("handler"), id("service")));
        assert!(m.allows(id("handler"), id("model")));
        assert!(!m.allows(id("handler"), id("repository")));
        assert!(m.allows(id("service"), id("repository")));
        assert!(m.allows(id("repository"), id("model")));
        assert!(!m.allows(id("model"), id("handler")));
    }

    /// As go-arch-lint v1.13.0 reads them (checked on a small module): `workdir: .` is the root
    /// and `b/**` matches `b` itself.
    #[test]
    fn workdir_dot_and_double_star_matching_zero_directories() {
        let yml = "version: 3\nworkdir: .\ncomponents:\n  b: { in: ./b/** }\n  m: { in: x/**/m }\n";
        let m = parse(Path::new(".go-arch-lint.yml"), yml, &["example.com/s".into()]).unwrap();
        let l = |p: &str| m.name(m.layer_of_package(p)).to_string();
        assert_eq!(l("example.com/s/b"), "b");
        assert_eq!(l("example.com/s/b/c/d"), "b");
        assert_eq!(l("example.com/s/x/m"), "m");
        assert_eq!(l("example.com/s/x/y/m"), "m");
        assert_eq!(l("example.com/s/bb"), "unknown");
        assert_eq!(clean_glob("./"), "");
        assert_eq!(clean_glob("/internal/"), "internal");
    }

    #[test]
    fn errors() {
        let e = |s: &str| parse(Path::new("a.yml"), s, &[]).unwrap_err().to_string();
        assert!(e("version: 2\ncomponents: {}\n").contains("version 2 is not supported"));
        assert!(e("components: {}\n").contains("missing `version: 3`"));
        assert!(e("version: 3\n").contains("missing `components:`"));
        assert!(e("").contains("empty file"));
        assert!(e("version: 3\ncomponents:\n  a: { in: 3 }\n").contains("`in` must be"));
        assert!(
            e("version: 3\ncomponents:\n  a: { in: x }\ndeps:\n  a: { mayDependOn: [zz] }\n")
                .contains("not a component")
        );
        let bad = e("version: 3\ncomponents: [\n");
        assert!(bad.starts_with("a.yml:"), "{bad}");
    }
}
