//! `strata.toml`: ordered layers with glob patterns, the edges each may import, and per-command
//! tables (`[lint]`, …) that other crates read.
//!
//! ```toml
//! # first matching layer wins; patterns are globs on package import paths (`*` = one element,
//! # `**` = any number), tried on the full path and on the path relative to the module
//! [[layer]]
//! name = "adapter"
//! packages = ["internal/handler/**", "internal/http"]
//! may_import = ["app", "domain"]     # omitted = no application layer; ["*"] = any
//!
//! [[layer]]
//! name = "app"
//! packages = ["internal/service/**"]
//! may_import = ["domain"]
//!
//! [[layer]]
//! name = "domain"
//! packages = ["internal/domain/**"]
//! ```
//!
//! Lookup order ([`load_layer_map`]): `strata.toml` at the workspace root (the go.work or go.mod
//! directory), then `.go-arch-lint.yml` there, then the built-in defaults.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::archlint;
use crate::error::{Error, Pos, Result};
use crate::layer::{LayerMap, LayerSource};
use crate::workspace::Workspace;

/// The parsed `strata.toml`.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file it came from (None for an empty default config).
    pub file: Option<PathBuf>,
    /// Layer definitions, in match order (empty = built-in defaults).
    pub layers: Vec<LayerConfig>,
    /// Every other top-level table (`[lint]`, `[profile]`, …), for the crates that own them.
    pub tables: toml::Table,
}

/// One `[[layer]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayerConfig {
    /// Layer name (not one of the bucket names).
    pub name: String,
    /// Glob patterns on import paths.
    #[serde(default)]
    pub packages: Vec<String>,
    /// Application layers this one may import; `["*"]` = any; omitted = none.
    #[serde(default)]
    pub may_import: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
struct RawLayers {
    #[serde(default)]
    layer: Vec<LayerConfig>,
}

impl Config {
    /// Parse strata.toml text; `file` names it in errors.
    pub fn parse(file: &Path, text: &str) -> Result<Config> {
        let table: toml::Table = toml::from_str(text).map_err(|e| toml_error(file, text, &e))?;
        let mut tables = table.clone();
        tables.remove("layer");
        let raw: RawLayers = toml::from_str(text).map_err(|e| toml_error(file, text, &e))?;
        Ok(Config { file: Some(file.to_path_buf()), layers: raw.layer, tables })
    }

    /// Read and parse a strata.toml.
    pub fn read(file: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(file).map_err(|e| Error::io(file, e))?;
        Config::parse(file, &text)
    }

    /// Build the layer map this config describes for the given application modules.
    pub fn layer_map(&self, app_modules: &[String]) -> Result<LayerMap> {
        let file = self.file.clone().unwrap_or_else(|| PathBuf::from("strata.toml"));
        if self.layers.is_empty() {
            return Ok(LayerMap::defaults(app_modules));
        }
        let defs: Vec<(String, Vec<String>)> =
            self.layers.iter().map(|l| (l.name.clone(), l.packages.clone())).collect();
        let mut map = LayerMap::from_globs(LayerSource::StrataToml(file.clone()), &defs, app_modules)
            .map_err(|(_, msg)| Error::syntax(&file, Pos { line: 1, col: 1 }, msg))?;
        for l in &self.layers {
            let Some(from) = map.id(&l.name) else { continue };
            match &l.may_import {
                Some(list) if list.iter().any(|x| x == "*") => map.set_allowed_any(from),
                Some(list) => {
                    let mut ids = Vec::new();
                    for t in list {
                        let id = map.id(t).ok_or_else(|| {
                            Error::syntax(
                                &file,
                                Pos { line: 1, col: 1 },
                                format!("layer {:?} may_import names {t:?}, which is not a layer", l.name),
                            )
                        })?;
                        ids.push(id);
                    }
                    map.set_allowed(from, ids);
                }
                None => map.set_allowed(from, Vec::new()),
            }
        }
        Ok(map)
    }
}

fn toml_error(file: &Path, text: &str, e: &toml::de::Error) -> Error {
    let pos = e.span().map_or(Pos { line: 1, col: 1 }, |s| pos_of(text, s.start));
    Error::syntax(file, pos, e.message().trim().to_string())
}

/// Byte offset → line:col.
pub(crate) fn pos_of(text: &str, off: usize) -> Pos {
    let before = text.get(..off.min(text.len())).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let col = before.rfind('\n').map_or(before.len(), |i| before.len() - i - 1) + 1;
    Pos { line: line as u32, col: col as u32 }
}

/// The layer map for a workspace: `strata.toml`, else `.go-arch-lint.yml`, else the defaults;
/// also returns the config (empty when there is no strata.toml) for the other commands' tables.
pub fn load_layer_map(ws: &Workspace) -> Result<(LayerMap, Config)> {
    let modules = ws.module_paths();
    let toml_path = ws.root.join("strata.toml");
    if toml_path.is_file() {
        let cfg = Config::read(&toml_path)?;
        let map = cfg.layer_map(&modules)?;
        return Ok((map, cfg));
    }
    for name in [".go-arch-lint.yml", ".go-arch-lint.yaml"] {
        let p = ws.root.join(name);
        if p.is_file() {
            return Ok((archlint::read(&p, &modules)?, Config::default()));
        }
    }
    Ok((LayerMap::defaults(&modules), Config::default()))
}

/// A layer map from an explicit file (`--layers FILE`): a strata.toml or a .go-arch-lint.yml,
/// chosen by extension.
pub fn load_layer_file(path: &Path, app_modules: &[String]) -> Result<LayerMap> {
    let is_yaml = path.extension().is_some_and(|e| e == "yml" || e == "yaml");
    if is_yaml { archlint::read(path, app_modules) } else { Config::read(path)?.layer_map(app_modules) }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOML: &str = r#"
[[layer]]
name = "web"
packages = ["internal/http/**", "internal/http"]
may_import = ["logic"]

[[layer]]
name = "logic"
packages = ["internal/logic/**", "internal/logic"]
may_import = ["*"]

[[layer]]
name = "data"
packages = ["internal/data"]

[lint]
select = ["ALL"]
"#;

    #[test]
    fn parse_and_map() {
        let cfg = Config::parse(Path::new("strata.toml"), TOML).unwrap();
        assert_eq!(cfg.layers.len(), 3);
        assert!(cfg.tables.contains_key("lint"));
        assert!(!cfg.tables.contains_key("layer"));
        let m = cfg.layer_map(&["example.com/s".into()]).unwrap();
        let id = |n: &str| m.id(n).unwrap();
        assert_eq!(m.layer_of_package("example.com/s/internal/http/v1"), id("web"));
        assert_eq!(m.layer_of_package("example.com/s/internal/logic"), id("logic"));
        assert_eq!(m.name(m.layer_of_package("example.com/s/internal/handler")), "unknown");
        assert!(m.allows(id("web"), id("logic")));
        assert!(!m.allows(id("web"), id("data")));
        assert!(m.allows(id("logic"), id("data")));
        assert!(m.allows(id("logic"), id("web")));
        assert!(!m.allows(id("data"), id("logic")));
        assert!(matches!(m.source(), LayerSource::StrataToml(_)));
    }

    #[test]
    fn errors_have_positions() {
        let e = Config::parse(Path::new("strata.toml"), "[[layer]]\nname = \"a\"\npatterns = []\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("strata.toml:3:1: unknown field `patterns`"), "{e}");
        let e = Config::parse(Path::new("strata.toml"), "x = \n").unwrap_err().to_string();
        assert!(e.starts_with("strata.toml:1:"), "{e}");
        let cfg = Config::parse(Path::new("strata.toml"), "[[layer]]\nname=\"a\"\nmay_import=[\"zz\"]\n").unwrap();
        assert!(cfg.layer_map(&[]).unwrap_err().to_string().contains("not a layer"));
        let cfg = Config::parse(Path::new("strata.toml"), "[[layer]]\nname=\"stdlib\"\n").unwrap();
        assert!(cfg.layer_map(&[]).unwrap_err().to_string().contains("reserved bucket"));
        let cfg = Config::parse(Path::new("strata.toml"), "[[layer]]\nname=\"a\"\npackages=[\"[\"]\n").unwrap();
        assert!(cfg.layer_map(&[]).unwrap_err().to_string().contains("bad glob"));
    }

    #[test]
    fn empty_config_means_defaults() {
        let cfg = Config::parse(Path::new("strata.toml"), "[lint]\nignore=[\"NET001\"]\n").unwrap();
        let m = cfg.layer_map(&[]).unwrap();
        assert_eq!(*m.source(), LayerSource::Defaults);
    }

    #[test]
    fn pos_of_offsets() {
        assert_eq!(pos_of("ab\ncd", 0), Pos { line: 1, col: 1 });
        assert_eq!(pos_of("ab\ncd", 4), Pos { line: 2, col: 2 });
        assert_eq!(pos_of("ab", 99), Pos { line: 1, col: 3 });
    }
}
