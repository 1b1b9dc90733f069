//! The [`LayerMap`]: package path → layer.

use globset::{GlobBuilder, GlobMatcher};

use crate::symbol::package_of_symbol;

/// Index of a layer in a [`LayerMap`]. Cheap to copy and compare; names come from the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LayerId(pub u16);

/// The fixed buckets every map has besides its application layers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bucket {
    /// `package main`, or a package under a `cmd/` directory of an application module.
    Main,
    /// The Go standard library.
    Stdlib,
    /// `runtime`, `runtime/*`, `internal/*` of the toolchain, and compiler-made symbols.
    Runtime,
    /// Packages of other modules.
    Thirdparty,
    /// Application packages no layer pattern matched, and symbols with no package.
    Unknown,
}

impl Bucket {
    const ALL: [Bucket; 5] = [Bucket::Main, Bucket::Stdlib, Bucket::Runtime, Bucket::Thirdparty, Bucket::Unknown];

    /// The bucket's name as it appears in every report.
    pub fn name(self) -> &'static str {
        match self {
            Bucket::Main => "main",
            Bucket::Stdlib => "stdlib",
            Bucket::Runtime => "runtime",
            Bucket::Thirdparty => "thirdparty",
            Bucket::Unknown => "unknown",
        }
    }

    /// The bucket's id: buckets come first, application layers after them.
    pub fn id(self) -> LayerId {
        LayerId(self as u16)
    }
}

/// Where a map's layer definitions came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LayerSource {
    /// The built-in path-segment defaults.
    Defaults,
    /// A `strata.toml` file.
    StrataToml(std::path::PathBuf),
    /// A `.go-arch-lint.yml` file.
    GoArchLint(std::path::PathBuf),
}

/// The default application layers and the path segments that select them
/// (architecture.md; matched from the innermost path segment outwards).
pub const DEFAULT_LAYERS: &[(&str, &[&str])] = &[
    (
        "adapter",
        &[
            "handler",
            "handlers",
            "transport",
            "http",
            "httpapi",
            "api",
            "rest",
            "grpc",
            "controller",
            "controllers",
            "router",
            "ports",
            "web",
        ],
    ),
    ("app", &["service", "services", "usecase", "usecases", "app", "application", "command", "query", "interactor"]),
    ("domain", &["domain", "entity", "entities", "model", "models", "core", "business"]),
    (
        "infra",
        &[
            "repository",
            "repositories",
            "repo",
            "store",
            "storage",
            "dao",
            "db",
            "persistence",
            "adapters",
            "infra",
            "infrastructure",
            "postgres",
            "mysql",
            "redis",
            "cache",
            "client",
            "clients",
            "gateway",
        ],
    ),
];

/// Default allowed edges between the default layers (what LAY001 enforces without a config).
const DEFAULT_ALLOWED: &[(&str, &[&str])] =
    &[("adapter", &["app", "domain", "infra"]), ("app", &["domain", "infra"]), ("infra", &["domain"]), ("domain", &[])];

#[derive(Debug, Clone)]
enum Rule {
    /// Match a path segment exactly (defaults).
    Segment(String),
    /// A glob on the full import path or the module-relative path (`*` stays within one element).
    Glob { text: String, matcher: GlobMatcher },
}

/// Maps Go package paths and symbols to layers. See architecture.md, "The one idea".
///
/// Ids `0..5` are the fixed [`Bucket`]s; application layers follow in their configured order.
#[derive(Debug, Clone)]
pub struct LayerMap {
    names: Vec<String>,
    /// (rule, layer) in match order.
    rules: Vec<(Rule, LayerId)>,
    /// Segment rules are matched innermost-segment-first; glob rules in order.
    segment_mode: bool,
    /// allowed[from] = list of allowed application targets, None = anything.
    allowed: Vec<Option<Vec<LayerId>>>,
    /// Module paths of the application (main module or workspace members).
    app_modules: Vec<String>,
    source: LayerSource,
    /// [`LayerMap::layer_of_package`]'s answers so far (a lint run asks for the layer of every
    /// import of every file; matching the globs each time showed in profiles).
    memo: Memo,
}

/// Package path → layer, remembered up to [`Memo::MAX`] entries; a clone starts empty.
#[derive(Default)]
struct Memo(std::sync::RwLock<rustc_hash::FxHashMap<String, LayerId>>);

impl Memo {
    const MAX: usize = 1 << 16;

    fn get(&self, pkg: &str) -> Option<LayerId> {
        self.0.read().ok()?.get(pkg).copied()
    }

    fn put(&self, pkg: &str, id: LayerId) {
        if let Ok(mut m) = self.0.write()
            && m.len() < Self::MAX
        {
            m.insert(pkg.to_string(), id);
        }
    }

    fn clear(&self) {
        if let Ok(mut m) = self.0.write() {
            m.clear();
        }
    }
}

impl Clone for Memo {
    fn clone(&self) -> Memo {
        Memo::default()
    }
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Memo")
    }
}

impl LayerMap {
    fn empty(source: LayerSource) -> Self {
        LayerMap {
            names: Bucket::ALL.iter().map(|b| b.name().to_string()).collect(),
            rules: Vec::new(),
            segment_mode: false,
            allowed: vec![None; Bucket::ALL.len()],
            app_modules: Vec::new(),
            source,
            memo: Memo::default(),
        }
    }

    /// The default map (architecture.md) for an application made of `app_modules` (module paths).
    /// With no modules, every non-standard-library package is treated as application code.
    pub fn defaults(app_modules: &[String]) -> Self {
        let mut m = LayerMap::empty(LayerSource::Defaults);
        m.segment_mode = true;
        for (name, segs) in DEFAULT_LAYERS {
            let id = m.push_layer(name);
            for s in *segs {
                m.rules.push((Rule::Segment((*s).to_string()), id));
            }
        }
        for (from, tos) in DEFAULT_ALLOWED {
            if let Some(f) = m.id(from) {
                let t = tos.iter().filter_map(|t| m.id(t)).collect();
                m.set_allowed(f, t);
            }
        }
        m.app_modules = app_modules.to_vec();
        m
    }

    /// A map with the given layers (in match order) and glob patterns; used by the config loaders.
    /// Each pattern is a glob on import paths: `*` matches within one path element, `**` across
    /// elements, and a pattern is tried on both the full import path and, for application
    /// packages, the path relative to its module.
    pub(crate) fn from_globs(
        source: LayerSource,
        layers: &[(String, Vec<String>)],
        app_modules: &[String],
    ) -> Result<Self, (String, String)> {
        let mut m = LayerMap::empty(source);
        for (name, _) in layers {
            if m.id(name).is_some() {
                return Err((name.clone(), format!("layer {name:?} is defined twice, or is a reserved bucket name")));
            }
            m.push_layer(name);
        }
        for (name, pats) in layers {
            let id = m.id(name).ok_or_else(|| (name.clone(), "internal: layer vanished".to_string()))?;
            for p in pats {
                let g = GlobBuilder::new(p.trim_end_matches('/'))
                    .literal_separator(true)
                    .build()
                    .map_err(|e| (p.clone(), format!("bad glob {p:?}: {e}")))?;
                m.rules.push((Rule::Glob { text: p.clone(), matcher: g.compile_matcher() }, id));
            }
        }
        m.app_modules = app_modules.to_vec();
        Ok(m)
    }

    fn push_layer(&mut self, name: &str) -> LayerId {
        self.memo.clear();
        let id = LayerId(u16::try_from(self.names.len()).unwrap_or(u16::MAX));
        self.names.push(name.to_string());
        self.allowed.push(Some(Vec::new()));
        id
    }

    /// Set the application layers `from` may import. Buckets are always allowed targets.
    pub(crate) fn set_allowed(&mut self, from: LayerId, to: Vec<LayerId>) {
        if let Some(slot) = self.allowed.get_mut(from.0 as usize) {
            *slot = Some(to);
        }
    }

    /// Let `from` import any layer.
    pub(crate) fn set_allowed_any(&mut self, from: LayerId) {
        if let Some(slot) = self.allowed.get_mut(from.0 as usize) {
            *slot = None;
        }
    }

    /// Replace the application module paths (main module or workspace members).
    pub fn with_app_modules(mut self, modules: Vec<String>) -> Self {
        self.app_modules = modules;
        self.memo.clear();
        self
    }

    /// The application module paths this map was built for.
    pub fn app_modules(&self) -> &[String] {
        &self.app_modules
    }

    /// Where the layer definitions came from.
    pub fn source(&self) -> &LayerSource {
        &self.source
    }

    /// Number of layers including the buckets.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Never true: the buckets always exist.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Name of a layer (`"unknown"` for an id from another map).
    pub fn name(&self, id: LayerId) -> &str {
        self.names.get(id.0 as usize).map_or("unknown", String::as_str)
    }

    /// Id of a layer or bucket by name.
    pub fn id(&self, name: &str) -> Option<LayerId> {
        self.names.iter().position(|n| n == name).map(|i| LayerId(i as u16))
    }

    /// All layers in report order: application layers in their configured order, then `main`,
    /// `stdlib`, `runtime`, `thirdparty`, `unknown`.
    pub fn layers(&self) -> impl Iterator<Item = LayerId> + '_ {
        let n = self.names.len() as u16;
        let b = Bucket::ALL.len() as u16;
        (b..n).chain(0..b).map(LayerId)
    }

    /// The application layers only (no buckets), in configured order.
    pub fn app_layers(&self) -> impl Iterator<Item = LayerId> + '_ {
        (Bucket::ALL.len() as u16..self.names.len() as u16).map(LayerId)
    }

    /// The bucket a layer id is, if it is one.
    pub fn bucket(&self, id: LayerId) -> Option<Bucket> {
        Bucket::ALL.get(id.0 as usize).copied()
    }

    /// True for application layers and `main`: code the team owns (the attribution rule charges
    /// samples to the innermost frame in one of these).
    pub fn is_application(&self, id: LayerId) -> bool {
        match self.bucket(id) {
            None => true,
            Some(b) => b == Bucket::Main || b == Bucket::Unknown,
        }
    }

    /// True when `pkg` belongs to one of the application modules (or, with none known, when it is
    /// not standard library).
    pub fn is_app_package(&self, pkg: &str) -> bool {
        if self.app_modules.is_empty() {
            return !is_std_path(pkg) && pkg != "main";
        }
        self.module_of(pkg).is_some()
    }

    /// The application module that contains `pkg` (longest match).
    pub fn module_of(&self, pkg: &str) -> Option<&str> {
        self.app_modules
            .iter()
            .filter(|m| {
                pkg == m.as_str() || (pkg.starts_with(m.as_str()) && pkg.as_bytes().get(m.len()) == Some(&b'/'))
            })
            .max_by_key(|m| m.len())
            .map(String::as_str)
    }

    /// The layer of a Go package import path.
    pub fn layer_of_package(&self, pkg: &str) -> LayerId {
        if let Some(id) = self.memo.get(pkg) {
            return id;
        }
        let id = self.layer_of_package_uncached(pkg);
        self.memo.put(pkg, id);
        id
    }

    fn layer_of_package_uncached(&self, pkg: &str) -> LayerId {
        if pkg == "main" {
            return Bucket::Main.id();
        }
        // The Go distribution's own modules (`std`, `cmd`) are the standard library, not an app.
        let module = self.module_of(pkg).filter(|m| *m != "std" && *m != "cmd");
        let is_app = module.is_some() || (self.app_modules.is_empty() && !is_std_path(pkg));
        let rel = module.map(|m| pkg.get(m.len()..).unwrap_or("").trim_start_matches('/'));
        // Explicit globs apply to any package; default segments only to application packages.
        if let Some(id) = (!self.segment_mode || is_app).then(|| self.match_rules(pkg, rel)).flatten() {
            return id;
        }
        if is_app {
            if rel.is_some_and(|r| r == "cmd" || r.starts_with("cmd/")) {
                return Bucket::Main.id();
            }
            return Bucket::Unknown.id();
        }
        if is_std_path(pkg) {
            if is_runtime_path(pkg) {
                return Bucket::Runtime.id();
            }
            return Bucket::Stdlib.id();
        }
        Bucket::Thirdparty.id()
    }

    /// The layer of a Go symbol (`pkg/path.(*T).M`, closures, generics; see
    /// [`package_of_symbol`]). Symbols with no package are `unknown`.
    pub fn layer_of_symbol(&self, sym: &str) -> LayerId {
        match package_of_symbol(sym) {
            Some(p) => self.layer_of_package(&p),
            None => Bucket::Unknown.id(),
        }
    }

    fn match_rules(&self, pkg: &str, rel: Option<&str>) -> Option<LayerId> {
        if self.segment_mode {
            let path = rel.unwrap_or(pkg);
            for seg in path.rsplit('/') {
                for (rule, id) in &self.rules {
                    if matches!(rule, Rule::Segment(s) if s == seg) {
                        return Some(*id);
                    }
                }
            }
            return None;
        }
        for (rule, id) in &self.rules {
            let hit = |m: &GlobMatcher| m.is_match(pkg) || rel.is_some_and(|r| !r.is_empty() && m.is_match(r));
            if matches!(rule, Rule::Glob { matcher, .. } if hit(matcher)) {
                return Some(*id);
            }
        }
        None
    }

    /// The patterns that select a layer, as written (segments for the defaults, globs otherwise).
    pub fn patterns(&self, id: LayerId) -> Vec<&str> {
        self.rules
            .iter()
            .filter(|(_, l)| *l == id)
            .map(|(r, _)| match r {
                Rule::Segment(s) => s.as_str(),
                Rule::Glob { text, .. } => text.as_str(),
            })
            .collect()
    }

    /// Whether code in layer `from` may import code in layer `to`.
    ///
    /// Buckets other than `main` are always allowed targets (every layer may use the standard
    /// library and other modules; DOM001 narrows that for domain). `main` and `unknown` may import
    /// anything; nothing may import `main`. A layer may always import itself.
    pub fn allows(&self, from: LayerId, to: LayerId) -> bool {
        if from == to {
            return true;
        }
        match self.bucket(to) {
            Some(Bucket::Main) => return false,
            Some(_) => return true,
            None => {}
        }
        match self.allowed.get(from.0 as usize) {
            Some(Some(list)) => list.contains(&to),
            _ => true,
        }
    }

    /// The application layers `from` may import (`None` = anything).
    pub fn allowed_targets(&self, from: LayerId) -> Option<&[LayerId]> {
        self.allowed.get(from.0 as usize).and_then(|o| o.as_deref())
    }
}

/// Standard-library-shaped import path: the first element has no dot (Go's own rule for
/// module paths, `cmd/go` "malformed module path … missing dot in first path element").
pub fn is_std_path(pkg: &str) -> bool {
    let first = pkg.split('/').next().unwrap_or("");
    !first.is_empty() && !first.contains('.')
}

fn is_runtime_path(pkg: &str) -> bool {
    pkg == "runtime"
        || pkg.starts_with("runtime/")
        || pkg.starts_with("internal/")
        || pkg == "unsafe"
        || pkg.starts_with("vendor/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app() -> LayerMap {
        LayerMap::defaults(&["example.com/shop".to_string()])
    }

    #[test]
    fn default_segments_innermost_first() {
        let m = app();
        let l = |p: &str| m.name(m.layer_of_package(p)).to_string();
        assert_eq!(l("example.com/shop/internal/handler"), "adapter");
        assert_eq!(l("example.com/shop/internal/service"), "app");
        assert_eq!(l("example.com/shop/internal/domain"), "domain");
        assert_eq!(l("example.com/shop/internal/repository"), "infra");
        // innermost segment wins: handler/http is adapter, service/postgres is infra.
        assert_eq!(l("example.com/shop/internal/service/postgres"), "infra");
        assert_eq!(l("example.com/shop/internal/repository/model"), "domain");
        assert_eq!(l("example.com/shop/internal/auth"), "unknown");
        assert_eq!(l("example.com/shop/cmd/server"), "main");
        assert_eq!(l("example.com/shop"), "unknown");
        assert_eq!(l("main"), "main");
    }

    #[test]
    fn buckets() {
        let m = app();
        let l = |p: &str| m.name(m.layer_of_package(p)).to_string();
        assert_eq!(l("net/http"), "stdlib");
        assert_eq!(l("fmt"), "stdlib");
        assert_eq!(l("runtime"), "runtime");
        assert_eq!(l("runtime/pprof"), "runtime");
        assert_eq!(l("internal/poll"), "runtime");
        // a third-party package is never classified by its segments
        assert_eq!(l("google.golang.org/grpc"), "thirdparty");
        assert_eq!(l("github.com/jackc/pgx/v5/pgxpool"), "thirdparty");
        // a prefix that is not at a path boundary is not the module
        assert_eq!(l("example.com/shopping/handler"), "thirdparty");
        // Analysing the Go tree itself: module std is the standard library.
        let std = LayerMap::defaults(&["std".to_string(), "cmd".to_string()]);
        assert_eq!(std.name(std.layer_of_package("net/http")), "stdlib");
        assert_eq!(std.name(std.layer_of_package("internal/poll")), "runtime");
        assert_eq!(std.name(std.layer_of_package("cmd/go/internal/work")), "stdlib");
    }

    #[test]
    fn without_app_modules_everything_non_std_is_app() {
        let m = LayerMap::defaults(&[]);
        assert_eq!(m.name(m.layer_of_package("github.com/x/y/handler")), "adapter");
        assert_eq!(m.name(m.layer_of_package("github.com/x/y/other")), "unknown");
        assert_eq!(m.name(m.layer_of_package("strings")), "stdlib");
    }

    #[test]
    fn symbols() {
        let m = app();
        let l = |s: &str| m.name(m.layer_of_symbol(s)).to_string();
        assert_eq!(l("example.com/shop/internal/handler.(*Orders).Get.func1"), "adapter");
        assert_eq!(l("example.com/shop/internal/service.Get[...]"), "app");
        assert_eq!(l("main.main"), "main");
        assert_eq!(l("runtime.gcBgMarkWorker"), "runtime");
        assert_eq!(l("type:.eq.[2]string"), "runtime");
        assert_eq!(l("[unknown]"), "unknown");
        assert_eq!(l("github.com/jackc/pgx/v5.(*Conn).Query"), "thirdparty");
    }

    #[test]
    fn allowed_edges() {
        let m = app();
        let id = |n: &str| m.id(n).unwrap();
        assert!(m.allows(id("adapter"), id("app")));
        assert!(m.allows(id("adapter"), id("infra")));
        assert!(m.allows(id("app"), id("infra")));
        assert!(m.allows(id("infra"), id("domain")));
        assert!(!m.allows(id("domain"), id("infra")));
        assert!(!m.allows(id("infra"), id("app")));
        assert!(!m.allows(id("app"), id("adapter")));
        assert!(m.allows(id("domain"), id("stdlib")));
        assert!(m.allows(id("domain"), id("thirdparty")));
        assert!(m.allows(id("main"), id("adapter")));
        assert!(!m.allows(id("adapter"), id("main")));
        assert!(m.allows(id("unknown"), id("adapter")));
        assert!(m.allows(id("domain"), id("domain")));
    }

    #[test]
    fn report_order_and_names() {
        let m = app();
        let names: Vec<_> = m.layers().map(|l| m.name(l)).collect();
        assert_eq!(names, ["adapter", "app", "domain", "infra", "main", "stdlib", "runtime", "thirdparty", "unknown"]);
        assert!(m.is_application(m.id("infra").unwrap()));
        assert!(m.is_application(Bucket::Main.id()));
        assert!(!m.is_application(Bucket::Stdlib.id()));
        assert_eq!(m.name(LayerId(999)), "unknown");
    }

    #[test]
    fn globs() {
        let layers = vec![
            ("web".to_string(), vec!["internal/http/**".to_string(), "internal/http".to_string()]),
            ("core".to_string(), vec!["example.com/shop/internal/*".to_string()]),
            ("shared".to_string(), vec!["github.com/acme/shared/**".to_string()]),
        ];
        let m = LayerMap::from_globs(LayerSource::Defaults, &layers, &["example.com/shop".into()]).unwrap();
        let l = |p: &str| m.name(m.layer_of_package(p)).to_string();
        assert_eq!(l("example.com/shop/internal/http"), "web");
        assert_eq!(l("example.com/shop/internal/http/v1"), "web");
        assert_eq!(l("example.com/shop/internal/orders"), "core");
        // `*` does not cross `/`
        assert_eq!(l("example.com/shop/internal/orders/pg"), "unknown");
        assert_eq!(l("github.com/acme/shared/log"), "shared");
        assert_eq!(l("github.com/acme/other"), "thirdparty");
        // with no allow list configured for a layer, it may import nothing of the application
        assert!(!m.allows(m.id("web").unwrap(), m.id("core").unwrap()));
        let dup = vec![("main".to_string(), vec![])];
        assert!(LayerMap::from_globs(LayerSource::Defaults, &dup, &[]).is_err());
    }
}
