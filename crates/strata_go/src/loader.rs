//! Package loader and light name resolution (no type checker).
//!
//! [`load`] finds the module or workspace of a directory (`strata_layers::workspace`), groups its
//! files into packages (`strata_layers::packages`) keeping the files that build for a [`Target`]
//! (`strata_layers::build::BuildContext`: file-name `_GOOS`/`_GOARCH` suffixes, `//go:build` and
//! legacy `// +build` lines, default linux/amd64 with cgo; `_test.go` files only when asked), parses
//! them, and indexes per package: type declarations, struct fields with their declared types,
//! interfaces with their methods, functions, and methods by receiver type. Reading, parsing and
//! indexing run on all cores ([`Target::threads`]).
//!
//! [`resolve_calls`] then resolves the calls in a package's function bodies, of these forms only:
//!
//! | form | resolved to |
//! |---|---|
//! | `F()` | the package's function `F` |
//! | `pkg.F()` (`pkg` an import of the file) | function `F` of that import path (also for packages outside the program, e.g. the standard library) |
//! | `r.M()` (`r` the receiver or a parameter with a declared named type `T`/`*T`/`pkg.T`) | method `M` of `T`, found on `T` or one level of embedded fields |
//! | `r.f.M()` (`f` a field of `r`'s struct type with a declared named type) | method `M` of the field's type |
//! | any of the above where the type is an interface of the program | [`Callee::InterfaceMethod`] with every type of the program whose method names include all the interface's method names |
//!
//! Not resolved (reported as [`Callee::Unresolved`] or not at all): local variables (`x := s.repo;
//! x.Get()`), results of calls (`f().M()`), function values and closures, method values, generic
//! instantiation, shadowing of import names by locals, embedded interfaces beyond the program, and
//! method matching by signature (interfaces match by method names only).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use strata_layers::build::BuildContext;
pub use strata_layers::parallel::parallel_map;

use crate::ast::{Decl, Expr, ExprKind, File, Spec};
use crate::visit::{self, Visitor};
use crate::{Parsed, Span, SyntaxError};

/// The build configuration files are selected for.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct Target {
    /// GOOS, GOARCH, cgo, release tags, tool tags and extra `-tags`: strata's one build model
    /// ([`strata_layers::build::BuildContext`], the one package discovery uses). Default:
    /// linux/amd64 with cgo, go1.1 … go1.27, Go 1.26's tool tags on amd64.
    pub build: BuildContext,
    /// Whether `_test.go` files are loaded. Default `false`.
    pub include_tests: bool,
    /// Worker threads for reading, parsing and indexing; 0 = available parallelism. Default 0.
    pub threads: usize,
    /// Only syntax errors, package clauses and imports are wanted: each tree is dropped right after
    /// parsing (so the program stays small) and packages are not indexed ([`LoadedPackage::index`]
    /// is empty); [`LoadedFile::parse`] parses again on first use. Default `false`.
    pub errors_only: bool,
}

impl Target {
    /// The number of worker threads: [`Target::threads`], or the available parallelism for 0.
    pub fn worker_threads(&self) -> usize {
        match self.threads {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        }
    }
}

self_cell::self_cell!(
    /// A file's text and its syntax tree, which borrows the text.
    struct SourceTree {
        owner: Arc<String>,
        #[covariant]
        dependent: Parsed,
    }
    impl {Debug}
);

/// A loaded source file: its text, its syntax errors and imports, and its syntax tree. [`load`] and
/// [`load_discovered`] keep the tree parsed at load time (with [`Target::errors_only`] they do not);
/// [`discover_and_load`] keeps none, only what the index and call resolution need and its
/// caller's [`LoadedFile::facts`]. A tree not kept is parsed again on first use
/// ([`LoadedFile::parse`]).
#[derive(Clone, Debug)]
pub struct LoadedFile {
    /// Path on disk.
    pub path: PathBuf,
    /// The text.
    text: Arc<String>,
    /// The tree, kept from loading or parsed on first use (cheap to clone).
    tree: Arc<std::sync::OnceLock<SourceTree>>,
    /// Syntax errors (including invalid UTF-8).
    pub errors: Vec<SyntaxError>,
    /// Import name → import path, as the file declares them (`_` and `.` imports are left out).
    pub imports: BTreeMap<String, String>,
    /// Whether it is a `_test.go` file.
    pub is_test: bool,
    /// What the index and call resolution read from the tree, taken while the tree was at hand.
    raw: Option<Arc<RawFile>>,
    /// What [`discover_and_load`]'s scan returned for the file.
    facts: Option<Arc<dyn std::any::Any + Send + Sync>>,
}

impl LoadedFile {
    /// The file's syntax tree (parsed when the file was loaded).
    pub fn parse(&self) -> &Parsed<'_> {
        self.tree.get_or_init(|| SourceTree::new(self.text.clone(), |source| crate::parse(source))).borrow_dependent()
    }

    /// What the index and call resolution read from the tree (taken from the tree now when the
    /// load did not).
    fn raw(&self) -> std::borrow::Cow<'_, RawFile> {
        match &self.raw {
            Some(r) => std::borrow::Cow::Borrowed(r),
            None => std::borrow::Cow::Owned(raw_file(&self.parse().file, self.source())),
        }
    }

    /// What [`discover_and_load`]'s scan returned for the file (`None` when it was not scanned).
    pub fn facts(&self) -> Option<&(dyn std::any::Any + Send + Sync)> {
        self.facts.as_deref()
    }

    /// The text (invalid UTF-8 bytes replaced, see [`crate::source_text`]).
    pub fn source(&self) -> &str {
        self.text.as_str()
    }
}

/// A named type referred to in a declaration: `T`, `*T`, `pkg.T`, `T[int]` (type arguments dropped).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeRef {
    /// Import path of the declaring package (`""` for predeclared types such as `error`).
    pub package: String,
    /// Type name.
    pub name: String,
    /// Whether it is a pointer to it.
    pub pointer: bool,
}

/// A struct field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldDecl {
    /// Field name (for an embedded field, the type's name).
    pub name: String,
    /// Whether embedded.
    pub embedded: bool,
    /// Declared type when it is a named type.
    pub ty: Option<TypeRef>,
    /// Declared type as written.
    pub type_text: String,
}

/// What a declared type is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeKind {
    /// A struct.
    Struct {
        /// Fields in order.
        fields: Vec<FieldDecl>,
    },
    /// An interface.
    Interface {
        /// Method names.
        methods: Vec<String>,
        /// Embedded named elements.
        embedded: Vec<TypeRef>,
    },
    /// Anything else (`type ID int`, `type H func()`, aliases).
    Other {
        /// The underlying named type, when it is one.
        underlying: Option<TypeRef>,
    },
}

/// A type declaration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeDecl {
    /// Name.
    pub name: String,
    /// Index into the package's files.
    pub file: usize,
    /// The type spec.
    pub span: Span,
    /// What it is.
    pub kind: TypeKind,
}

/// A function or method declaration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FuncInfo {
    /// Name.
    pub name: String,
    /// Receiver base type name, for methods.
    pub receiver: Option<String>,
    /// Whether the receiver is a pointer.
    pub pointer_receiver: bool,
    /// Index into the package's files.
    pub file: usize,
    /// The declaration.
    pub span: Span,
    /// Parameter names with their named types (where the type is a named type).
    pub params: Vec<(String, Option<TypeRef>)>,
}

/// Declarations of one package.
#[derive(Clone, Debug, Default)]
pub struct PackageIndex {
    /// Types by name.
    pub types: BTreeMap<String, TypeDecl>,
    /// Functions by name (looked up for most calls: hashed, not ordered).
    pub funcs: FxHashMap<String, FuncInfo>,
    /// Methods by receiver base type name.
    pub methods: BTreeMap<String, Vec<FuncInfo>>,
}

/// A package of the program.
#[derive(Clone, Debug)]
pub struct LoadedPackage {
    /// Import path.
    pub path: String,
    /// Package name.
    pub name: String,
    /// Module path.
    pub module: String,
    /// Directory.
    pub dir: PathBuf,
    /// Files that build for the target.
    pub files: Vec<LoadedFile>,
    /// Its declarations.
    pub index: PackageIndex,
}

/// The packages of a module or workspace.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct Program {
    /// Packages sorted by import path.
    pub packages: Vec<LoadedPackage>,
    /// Problems met (unreadable files, package clause conflicts, …); syntax errors are per file.
    pub problems: Vec<String>,
    /// Method sets of the program's non-interface types, built on the first interface call resolved.
    method_index: std::sync::OnceLock<MethodIndex>,
    /// Import path → index into `packages`, built on the first [`Program::package`] (call
    /// resolution looks up a package for most calls; a binary search compared long paths with
    /// long common prefixes).
    by_path: std::sync::OnceLock<FxHashMap<String, usize>>,
}

/// Every non-interface type of the program with its method names, and, per method name, the types
/// that have it: an interface's implementations are found from its rarest method's list.
#[derive(Clone, Debug, Default)]
struct MethodIndex {
    /// (package path, type name, method names).
    types: Vec<(String, String, BTreeSet<String>)>,
    /// Method name → indices into `types`.
    by_method: HashMap<String, Vec<usize>>,
}

impl MethodIndex {
    fn build(program: &Program) -> MethodIndex {
        let mut idx = MethodIndex::default();
        for p in &program.packages {
            for (type_name, decl) in &p.index.types {
                if matches!(decl.kind, TypeKind::Interface { .. }) {
                    continue;
                }
                // A type without methods implements no interface the resolver asks about (an
                // interface call names at least one method): left out.
                let Some(ms) = p.index.methods.get(type_name).filter(|ms| !ms.is_empty()) else { continue };
                let names: BTreeSet<String> = ms.iter().map(|m| m.name.clone()).collect();
                for m in &names {
                    idx.by_method.entry(m.clone()).or_default().push(idx.types.len());
                }
                idx.types.push((p.path.clone(), type_name.clone(), names));
            }
        }
        idx
    }

    /// `(package, type)` of every type whose method names include all of `required`, in package and
    /// type order.
    fn implementations(&self, required: &BTreeSet<&str>) -> Vec<(String, String)> {
        let rarest =
            required.iter().map(|m| self.by_method.get(*m).map_or(&[][..], Vec::as_slice)).min_by_key(|l| l.len());
        let Some(candidates) = rarest else { return Vec::new() };
        candidates
            .iter()
            .filter_map(|&i| self.types.get(i))
            .filter(|(_, _, have)| required.iter().all(|m| have.contains(*m)))
            .map(|(p, t, _)| (p.clone(), t.clone()))
            .collect()
    }
}

impl Program {
    /// The package with this import path.
    ///
    /// Looked up in an index built on the first call: [`Program::packages`] must not change after
    /// it (as for the method index of interface calls).
    pub fn package(&self, path: &str) -> Option<&LoadedPackage> {
        let by_path = self.by_path.get_or_init(|| {
            let mut m = FxHashMap::default();
            for (i, p) in self.packages.iter().enumerate() {
                // The first of equal paths, as a binary search over sorted paths would not promise
                // either: keep one.
                m.entry(p.path.clone()).or_insert(i);
            }
            m
        });
        by_path.get(path).and_then(|&i| self.packages.get(i))
    }
}

/// A file read and parsed by a worker: the loaded file, its package clause and its imports.
type FileLoad = Result<(LoadedFile, String, RawImports), String>;

/// Loads the module or workspace containing `dir`.
pub fn load(dir: &Path, target: &Target) -> Result<Program, strata_layers::Error> {
    let ws = strata_layers::workspace::discover(dir)?;
    let mut popts = strata_layers::packages::Options::default();
    popts.build = target.build.clone();
    popts.threads = target.worker_threads();
    popts.keep_text = true;
    let disc = strata_layers::packages::discover_packages(&ws, &popts);
    Ok(load_discovered(&ws, &disc, target))
}

/// Discovers the packages of a workspace and parses their files in one pass: each file is parsed on
/// the worker that read it, right after its header is scanned and its build constraints pass (no
/// pause between discovery and parsing). `popts.keep_text` is set. No tree is kept (the memory a
/// tree takes is what a load of a large module spent most of its time on: page faults):
/// `application(import path, package name)` says which packages are read further while each tree
/// is at hand — what the index and call resolution need, and `scan` ([`LoadedFile::facts`]). A file
/// keeps its syntax errors, imports and text, and [`LoadedFile::parse`] parses it again on first
/// use. Without any application package the packages are not indexed, as with
/// [`Target::errors_only`]. `target.build` must be `popts.build`.
pub fn discover_and_load(
    ws: &strata_layers::workspace::Workspace,
    popts: &strata_layers::packages::Options,
    target: &Target,
    application: impl Fn(&str, &str) -> bool + Sync,
    scan: &FileScan<'_>,
) -> (strata_layers::packages::Discovery, Program) {
    let mut popts = popts.clone();
    popts.keep_text = true;
    let (disc, loads) = strata_layers::packages::discover_packages_with(ws, &popts, |f| {
        let app = !target.errors_only && application(f.import_path, &f.header.package);
        let keep = Keep { tree: false, raw: app, scan: app.then_some(scan) };
        load_file_keeping(f.path, Some(f.text.clone()), false, &keep)
    });
    let mut target = target.clone();
    target.errors_only = target.errors_only || !disc.packages.iter().any(|p| application(&p.path, &p.name));
    let program = load_discovered_with(ws, &disc, &target, loads);
    (disc, program)
}

/// Loads the packages of a workspace whose packages were already discovered (with
/// `target.build`, so that the files that build for the target are the ones selected): the files
/// are parsed, the workspace is not walked again.
pub fn load_discovered(
    ws: &strata_layers::workspace::Workspace,
    disc: &strata_layers::packages::Discovery,
    target: &Target,
) -> Program {
    load_discovered_with(ws, disc, target, Vec::new())
}

/// [`load_discovered`] with some files already loaded: `preloaded[package][file]` for
/// `disc.packages[package].files[file]`.
fn load_discovered_with(
    ws: &strata_layers::workspace::Workspace,
    disc: &strata_layers::packages::Discovery,
    target: &Target,
    mut preloaded: Vec<Vec<Option<FileLoad>>>,
) -> Program {
    let threads = target.worker_threads();
    // Package-clause conflicts are re-checked below with the parser's package clauses.
    let mut problems: Vec<String> = ws
        .problems
        .iter()
        .chain(&disc.problems)
        .map(ToString::to_string)
        .filter(|m| !m.contains("conflicts with package"))
        .collect();
    // Discovery has selected the files that build for the target.
    // (package index, file, whether a test file, the file's load when done already)
    let mut jobs: Vec<(usize, &strata_layers::packages::GoFile, bool, Option<FileLoad>)> = Vec::new();
    for (pi, p) in disc.packages.iter().enumerate() {
        let mut pre = preloaded.get_mut(pi).map(std::mem::take).unwrap_or_default().into_iter();
        for f in &p.files {
            jobs.push((pi, f, false, pre.next().flatten()));
        }
        if target.include_tests {
            jobs.extend(p.test_files.iter().map(|f| (pi, f, true, None)));
        }
    }
    let todo: Vec<usize> = (0..jobs.len()).filter(|&i| jobs.get(i).is_some_and(|j| j.3.is_none())).collect();
    let mut loaded_now = parallel_map(&todo, threads, |&i| {
        let (_, file, is_test, _) = jobs.get(i)?;
        Some(load_file(&file.path, file.text.clone(), *is_test, target.errors_only))
    })
    .into_iter();
    let loads: Vec<FileLoad> = jobs
        .iter_mut()
        .map(|j| match j.3.take() {
            Some(l) => l,
            None => loaded_now.next().flatten().unwrap_or_else(|| Err(format!("{}: not loaded", j.1.path.display()))),
        })
        .collect();
    let mut packages = Vec::new();
    let mut raw_by_package: Vec<Vec<RawImports>> = Vec::new();
    let mut loaded = jobs.iter().map(|j| j.0).zip(loads).peekable();
    for (pi, p) in disc.packages.iter().enumerate() {
        let mut files = Vec::new();
        let mut raw = Vec::new();
        let mut name = String::new();
        while let Some((_, load)) = loaded.next_if(|(i, _)| *i == pi) {
            let (file, clause, imports) = match load {
                Ok(l) => l,
                Err(e) => {
                    problems.push(e);
                    continue;
                }
            };
            if name.is_empty() {
                name = clause;
            } else if clause != name && clause != "_" {
                problems.push(format!(
                    "{}: package {clause} conflicts with package {name} of the other files in this directory",
                    file.path.display()
                ));
            }
            raw.push(imports);
            files.push(file);
        }
        if files.is_empty() {
            continue;
        }
        raw_by_package.push(raw);
        packages.push(LoadedPackage {
            path: p.path.clone(),
            name,
            module: p.module.clone(),
            dir: p.dir.clone(),
            files,
            index: PackageIndex::default(),
        });
    }
    // Import names default to the imported package's name when it is part of the program.
    let names: HashMap<String, String> = packages.iter().map(|p| (p.path.clone(), p.name.clone())).collect();
    for (p, raw) in packages.iter_mut().zip(raw_by_package) {
        for (f, imports) in p.files.iter_mut().zip(raw) {
            f.imports = imports
                .into_iter()
                .map(|(name, path)| {
                    let local =
                        name.unwrap_or_else(|| names.get(&path).cloned().unwrap_or_else(|| default_name(&path)));
                    (local, path)
                })
                .collect();
        }
    }
    if !target.errors_only {
        let indexes = parallel_map(&packages, threads, index_package);
        for (p, idx) in packages.iter_mut().zip(indexes) {
            p.index = idx;
        }
    }
    packages.sort_by(|a, b| a.path.cmp(&b.path));
    Program { packages, problems, method_index: std::sync::OnceLock::new(), by_path: std::sync::OnceLock::new() }
}

/// Parses one file (`text` when package discovery kept it, else read now): the loaded file, its
/// package clause (`_test` suffix dropped for external test files) and its imports; an error
/// message naming the file when it cannot be read.
fn load_file(path: &Path, text: Option<Arc<String>>, is_test: bool, errors_only: bool) -> FileLoad {
    let keep = Keep { tree: !errors_only, raw: !errors_only, scan: None };
    load_file_keeping(path, text, is_test, &keep)
}

/// What [`discover_and_load`]'s callers read from each application file's tree while it is at
/// hand: `scan(file, text, imports)` (imports as local name → path, unnamed imports under
/// [`default_import_name`]) returns what [`LoadedFile::facts`] hands back later.
pub type FileScan<'s> =
    dyn Fn(&File<'_>, &str, &BTreeMap<String, String>) -> Box<dyn std::any::Any + Send + Sync> + Sync + 's;

/// What a loaded file keeps of its tree.
struct Keep<'s> {
    /// The tree itself.
    tree: bool,
    /// What the index and call resolution read ([`RawFile`]).
    raw: bool,
    /// The caller's scan.
    scan: Option<&'s FileScan<'s>>,
}

/// [`load_file`], keeping what `keep` says.
fn load_file_keeping(path: &Path, text: Option<Arc<String>>, is_test: bool, keep: &Keep<'_>) -> FileLoad {
    let (text, mut errors) = match text {
        Some(text) => (text, Vec::new()),
        None => {
            let data = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
            // Valid UTF-8 (the usual case) keeps the buffer read; otherwise a copy with replacements.
            match String::from_utf8(data) {
                Ok(text) => (Arc::new(text), Vec::new()),
                Err(e) => {
                    let (text, errors) = crate::source_text(e.as_bytes());
                    (Arc::new(text.into_owned()), errors)
                }
            }
        }
    };
    crate::check_size(&path.display().to_string(), text.len()).map_err(|e| e.to_string())?;
    let tree = SourceTree::new(text.clone(), |source| crate::parse(source));
    let parsed = tree.borrow_dependent();
    errors.extend(parsed.errors.iter().cloned());
    let clause = parsed.file.package.name;
    let clause = if is_test { clause.strip_suffix("_test").unwrap_or(clause) } else { clause };
    let clause = clause.to_string();
    let imports = raw_imports(&parsed.file);
    let raw = keep.raw.then(|| Arc::new(raw_file(&parsed.file, &text)));
    let facts = keep.scan.map(|scan| {
        let assumed: BTreeMap<String, String> = imports
            .iter()
            .map(|(name, path)| (name.clone().unwrap_or_else(|| default_import_name(path)), path.clone()))
            .collect();
        Arc::from(scan(&parsed.file, &text, &assumed))
    });
    let kept = std::sync::OnceLock::new();
    if keep.tree {
        let _ = kept.set(tree);
    }
    let file = LoadedFile {
        path: path.to_path_buf(),
        text,
        tree: Arc::new(kept),
        errors,
        imports: BTreeMap::new(),
        is_test,
        raw,
        facts,
    };
    Ok((file, clause, imports))
}

/// (explicit name, path) of a file's imports.
type RawImports = Vec<(Option<String>, String)>;

/// The file's imports as (explicit name, path); `_` and `.` imports are left out.
fn raw_imports(file: &File<'_>) -> RawImports {
    file.imports()
        .filter(|i| !i.name.is_some_and(|n| n.name == "_" || n.name == "."))
        .filter_map(|i| Some((i.name.map(|n| n.name.to_string()), i.path.string_value()?)))
        .collect()
}

/// The name an import without an explicit name gets when the imported package is outside the
/// program (its last element, see the loader's rules); inside the program it is the package's own
/// name, which [`LoadedFile::imports`] gives.
pub fn default_import_name(path: &str) -> String {
    default_name(path)
}

/// The default import name of a path outside the program: its last element, skipping a `/vN` major
/// version suffix and a `go-` prefix, up to the first `.` or `-` (a guess; `gopkg.in/yaml.v3` → `yaml`).
fn default_name(path: &str) -> String {
    let mut parts: Vec<&str> = path.split('/').collect();
    if parts.len() > 1
        && parts.last().is_some_and(|l| l.len() > 1 && l.starts_with('v') && l[1..].bytes().all(|b| b.is_ascii_digit()))
    {
        parts.pop();
    }
    let last = parts.last().copied().unwrap_or(path);
    let last = last.strip_prefix("go-").unwrap_or(last);
    last.split(['.', '-']).next().unwrap_or(last).to_string()
}

fn index_package(p: &LoadedPackage) -> PackageIndex {
    let mut idx = PackageIndex::default();
    for (fi, f) in p.files.iter().enumerate() {
        let raw = f.raw();
        let ctx = TypeCtx { package: &p.path, imports: &f.imports, src: f.source() };
        for d in &raw.decls {
            match d {
                RawDecl::Type { name, span, kind } => {
                    let kind = match kind {
                        RawKind::Struct(fields) => TypeKind::Struct { fields: ctx.raw_fields(fields) },
                        RawKind::Interface { methods, embedded } => TypeKind::Interface {
                            methods: methods.clone(),
                            embedded: embedded.iter().filter_map(|r| ctx.resolve(r)).collect(),
                        },
                        RawKind::Other(r) => TypeKind::Other { underlying: r.as_ref().and_then(|r| ctx.resolve(r)) },
                    };
                    idx.types.insert(name.clone(), TypeDecl { name: name.clone(), file: fi, span: *span, kind });
                }
                RawDecl::Func(fd) => {
                    let info = ctx.raw_func_info(fd, fi);
                    match &info.receiver {
                        Some(r) => idx.methods.entry(r.clone()).or_default().push(info),
                        None => {
                            idx.funcs.insert(info.name.clone(), info);
                        }
                    }
                }
            }
        }
    }
    idx
}

/// A type as a declaration writes it (`T`, `*T`, `q.T`, `T[int]`, type arguments dropped), before
/// the qualifier is looked up in the file's imports ([`TypeCtx::resolve`]).
#[derive(Clone, Debug)]
struct RawTypeRef {
    /// The package qualifier, `q` in `q.T`.
    qual: Option<String>,
    /// Type name.
    name: String,
    /// Whether it is a pointer to it.
    pointer: bool,
}

fn raw_type_ref(e: &Expr<'_>) -> Option<RawTypeRef> {
    match &e.kind {
        ExprKind::Ident(id) => Some(RawTypeRef { qual: None, name: id.name.to_string(), pointer: false }),
        ExprKind::Selector { x, sel } => {
            let q = x.as_ident()?;
            Some(RawTypeRef { qual: Some(q.name.to_string()), name: sel.name.to_string(), pointer: false })
        }
        ExprKind::Star(x) => {
            let mut r = raw_type_ref(x)?;
            if r.pointer {
                return None;
            }
            r.pointer = true;
            Some(r)
        }
        ExprKind::Index { x, .. } | ExprKind::Paren(x) => raw_type_ref(x),
        _ => None,
    }
}

/// A struct field as written.
#[derive(Clone, Debug)]
struct RawField {
    names: Vec<String>,
    ty: Option<RawTypeRef>,
    /// The type's text.
    type_span: Span,
}

#[derive(Clone, Debug)]
enum RawKind {
    Struct(Vec<RawField>),
    Interface { methods: Vec<String>, embedded: Vec<RawTypeRef> },
    Other(Option<RawTypeRef>),
}

/// A name read from a file: its span when the text there is the name (no copy), else (a name the
/// parser made up while recovering from an error) `u32::MAX..i` for [`RawFile::names`]`[i]`.
#[derive(Clone, Copy, Debug, Default)]
struct RawName(Span);

impl RawName {
    fn new(name: &str, span: Span, src: &str, names: &mut Vec<Box<str>>) -> RawName {
        if span.text(src) == name && span.start != u32::MAX {
            return RawName(span);
        }
        let i = u32::try_from(names.len()).unwrap_or(u32::MAX);
        names.push(name.into());
        RawName(Span::new(u32::MAX, i))
    }

    fn get<'s>(&self, src: &'s str, names: &'s [Box<str>]) -> &'s str {
        if self.0.start == u32::MAX {
            return names.get(self.0.end as usize).map_or("", |n| n);
        }
        self.0.text(src)
    }
}

/// The callee expression of a call, in the forms call resolution follows (parentheses dropped).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CallShape {
    /// `F(…)`: names `[F]`.
    Ident,
    /// `a.M(…)`: names `[a, M]`.
    Sel,
    /// `a.f.M(…)`: names `[a, f, M]`.
    SelSel,
    /// Anything else.
    Other,
}

/// A call of a body (kept compact: a large module has hundreds of thousands).
#[derive(Clone, Debug)]
struct RawCall {
    span: Span,
    shape: CallShape,
    names: [RawName; 3],
}

/// A function or method declaration as written, with the calls of its body.
#[derive(Clone, Debug)]
struct RawFunc {
    name: String,
    span: Span,
    /// The first receiver field: its names and type.
    recv: Option<(Vec<String>, Option<RawTypeRef>)>,
    /// Parameter fields: names and type.
    params: Vec<(Vec<String>, Option<RawTypeRef>)>,
    /// The calls of the body in walk order (calls inside function literals included); `None` without a body.
    calls: Option<Vec<RawCall>>,
}

#[derive(Clone, Debug)]
enum RawDecl {
    Type { name: String, span: Span, kind: RawKind },
    Func(RawFunc),
}

/// What the index and call resolution read from a file's tree, kept when the tree is not.
#[derive(Clone, Debug, Default)]
struct RawFile {
    decls: Vec<RawDecl>,
    /// Names of calls that are not the text at their span ([`RawName`]).
    names: Vec<Box<str>>,
}

fn raw_file(file: &File<'_>, src: &str) -> RawFile {
    let names = |l: &[crate::ast::Ident<'_>]| l.iter().map(|n| n.name.to_string()).collect::<Vec<_>>();
    let mut decls = Vec::new();
    let mut extra_names = Vec::new();
    for d in &file.decls {
        match d {
            Decl::Gen(g) => {
                for s in &g.specs {
                    let Spec::Type(t) = s else { continue };
                    let kind = match &t.ty.kind {
                        ExprKind::StructType(fields) => RawKind::Struct(
                            fields
                                .fields
                                .iter()
                                .map(|f| RawField {
                                    names: names(&f.names),
                                    ty: raw_type_ref(&f.ty),
                                    type_span: f.ty.span,
                                })
                                .collect(),
                        ),
                        ExprKind::InterfaceType(list) => {
                            let mut methods = Vec::new();
                            let mut embedded = Vec::new();
                            for fld in &list.fields {
                                if let Some(n) = fld.names.first() {
                                    methods.push(n.name.to_string());
                                } else if let Some(r) = raw_type_ref(&fld.ty) {
                                    embedded.push(r);
                                }
                            }
                            RawKind::Interface { methods, embedded }
                        }
                        _ => RawKind::Other(raw_type_ref(&t.ty)),
                    };
                    decls.push(RawDecl::Type { name: t.name.name.to_string(), span: t.span, kind });
                }
            }
            Decl::Func(fd) => {
                let recv =
                    fd.recv.as_ref().and_then(|r| r.fields.first()).map(|r| (names(&r.names), raw_type_ref(&r.ty)));
                let params = fd.ty.params.fields.iter().map(|p| (names(&p.names), raw_type_ref(&p.ty))).collect();
                let calls = fd.body.as_ref().map(|body| {
                    let mut v = RawCalls { src, out: Vec::new(), names: &mut extra_names };
                    visit::walk_block(&mut v, body);
                    v.out
                });
                decls.push(RawDecl::Func(RawFunc {
                    name: fd.name.name.to_string(),
                    span: fd.span,
                    recv,
                    params,
                    calls,
                }));
            }
            Decl::Bad(_) => {}
        }
    }
    RawFile { decls, names: extra_names }
}

/// Collects the calls of a body with their callee shapes.
struct RawCalls<'s> {
    src: &'s str,
    out: Vec<RawCall>,
    names: &'s mut Vec<Box<str>>,
}

impl<'a> Visitor<'a> for RawCalls<'_> {
    fn visit_expr(&mut self, e: &Expr<'a>) {
        if let ExprKind::Call(c) = &e.kind {
            let src = self.src;
            let mut name = |id: &crate::ast::Ident<'_>| RawName::new(id.name, id.span, src, self.names);
            let mut names = [RawName::default(); 3];
            let shape = match &c.fun.unparen().kind {
                ExprKind::Ident(id) => {
                    names[0] = name(id);
                    CallShape::Ident
                }
                ExprKind::Selector { x, sel } => match &x.unparen().kind {
                    ExprKind::Ident(a) => {
                        names = [name(a), name(sel), RawName::default()];
                        CallShape::Sel
                    }
                    ExprKind::Selector { x: inner, sel: field } => match inner.unparen().as_ident() {
                        Some(a) => {
                            names = [name(a), name(field), name(sel)];
                            CallShape::SelSel
                        }
                        None => CallShape::Other,
                    },
                    _ => CallShape::Other,
                },
                _ => CallShape::Other,
            };
            self.out.push(RawCall { span: e.span, shape, names });
        }
        visit::walk_expr(self, e);
    }
}

/// Whether `name` is a predeclared type name.
fn is_predeclared(name: &str) -> bool {
    matches!(
        name,
        "any"
            | "bool"
            | "byte"
            | "comparable"
            | "complex64"
            | "complex128"
            | "error"
            | "float32"
            | "float64"
            | "int"
            | "int8"
            | "int16"
            | "int32"
            | "int64"
            | "rune"
            | "string"
            | "uint"
            | "uint8"
            | "uint16"
            | "uint32"
            | "uint64"
            | "uintptr"
    )
}

struct TypeCtx<'c> {
    package: &'c str,
    imports: &'c BTreeMap<String, String>,
    src: &'c str,
}

impl TypeCtx<'_> {
    /// The named type a declaration writes (`T` in this package or predeclared, `q.T` through the
    /// file's imports), `None` when `q` is not an import of the file.
    fn resolve(&self, r: &RawTypeRef) -> Option<TypeRef> {
        let package = match &r.qual {
            None if is_predeclared(&r.name) => String::new(),
            None => self.package.to_string(),
            Some(q) => self.imports.get(q)?.clone(),
        };
        Some(TypeRef { package, name: r.name.clone(), pointer: r.pointer })
    }

    /// Struct fields (one per name; an embedded field is named after its type).
    fn raw_fields(&self, list: &[RawField]) -> Vec<FieldDecl> {
        let mut out = Vec::new();
        for f in list {
            let ty = f.ty.as_ref().and_then(|r| self.resolve(r));
            let type_text = f.type_span.text(self.src).to_string();
            if f.names.is_empty() {
                let name = ty.as_ref().map(|t| t.name.clone()).unwrap_or_else(|| type_text.clone());
                out.push(FieldDecl { name, embedded: true, ty, type_text });
            } else {
                for n in &f.names {
                    out.push(FieldDecl {
                        name: n.clone(),
                        embedded: false,
                        ty: ty.clone(),
                        type_text: type_text.clone(),
                    });
                }
            }
        }
        out
    }

    /// A function or method declaration: receiver and parameters with their named types.
    fn raw_func_info(&self, fd: &RawFunc, file: usize) -> FuncInfo {
        let mut receiver = None;
        let mut pointer_receiver = false;
        let mut params = Vec::new();
        if let Some((names, Some(r))) = &fd.recv
            && let Some(t) = self.resolve(r)
        {
            pointer_receiver = t.pointer;
            receiver = Some(t.name.clone());
            for n in names {
                params.push((n.clone(), Some(t.clone())));
            }
        }
        for (names, r) in &fd.params {
            let t = r.as_ref().and_then(|r| self.resolve(r));
            for n in names {
                params.push((n.clone(), t.clone()));
            }
        }
        FuncInfo { name: fd.name.clone(), receiver, pointer_receiver, file, span: fd.span, params }
    }
}

/// What a call resolves to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Callee {
    /// A package-level function.
    Func {
        /// Import path.
        package: String,
        /// Function name.
        name: String,
    },
    /// A method of a concrete type.
    Method {
        /// Import path of the type's package.
        package: String,
        /// Receiver base type.
        type_name: String,
        /// Method name.
        name: String,
    },
    /// A method called through an interface of the program.
    InterfaceMethod {
        /// Import path of the interface's package.
        package: String,
        /// Interface name.
        interface: String,
        /// Method name.
        name: String,
        /// `(package, type)` of every program type whose method names include all of the interface's.
        implementations: Vec<(String, String)>,
    },
    /// Not one of the resolved forms.
    Unresolved,
}

/// A call found in a function body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolvedCall {
    /// Index into the package's files.
    pub file: usize,
    /// The call expression.
    pub span: Span,
    /// The enclosing declaration: `F` or `T.M` (shared by the calls of one declaration).
    pub caller: Arc<str>,
    /// What it calls.
    pub callee: Callee,
}

/// Resolves the calls of every function and method body of `program.packages[package]` (calls inside
/// function literals count for the enclosing declaration).
pub fn resolve_calls(program: &Program, package: usize) -> Vec<ResolvedCall> {
    collect_calls(program, package, false)
}

/// [`resolve_calls`], keeping only the calls that resolve into the program: functions and methods
/// of its packages, and interface methods ([`Callee::InterfaceMethod`]). Calls into the standard
/// library or dependencies and [`Callee::Unresolved`] ones are left out (most calls of a large
/// program: this saves memory when every package's calls are kept).
pub fn resolve_calls_into_program(program: &Program, package: usize) -> Vec<ResolvedCall> {
    collect_calls(program, package, true)
}

fn collect_calls(program: &Program, package: usize, into_program: bool) -> Vec<ResolvedCall> {
    let Some(pkg) = program.packages.get(package) else { return Vec::new() };
    let mut out = Vec::new();
    for (fi, f) in pkg.files.iter().enumerate() {
        let raw = f.raw();
        let src = f.source();
        let ctx = TypeCtx { package: &pkg.path, imports: &f.imports, src };
        // Looked up for most calls: hashed once per file.
        let imports: FxHashMap<&str, &str> = f.imports.iter().map(|(n, p)| (n.as_str(), p.as_str())).collect();
        for d in &raw.decls {
            let RawDecl::Func(fd) = d else { continue };
            let Some(calls) = &fd.calls else { continue };
            // The receiver and the parameters with a declared named type (a later name wins, as in
            // `FuncInfo::params`).
            // (name, index into `types`)
            let mut env: Vec<(&str, usize)> = Vec::new();
            let mut types: Vec<TypeRef> = Vec::new();
            let mut caller: Arc<str> = Arc::from(fd.name.as_str());
            if let Some((names, Some(r))) = &fd.recv
                && let Some(t) = ctx.resolve(r)
            {
                caller = Arc::from(format!("{}.{}", t.name, fd.name));
                env.extend(names.iter().map(|n| (n.as_str(), types.len())));
                types.push(t);
            }
            for (names, r) in &fd.params {
                if let Some(t) = r.as_ref().and_then(|r| ctx.resolve(r)) {
                    env.extend(names.iter().map(|n| (n.as_str(), types.len())));
                    types.push(t);
                }
            }
            let v = CallCollector { program, pkg, imports: &imports, env: &env, types: &types, into_program };
            for c in calls {
                let callee = v.resolve(c, src, &raw.names);
                let keep = !into_program
                    || match &callee {
                        Callee::Func { package, .. } | Callee::Method { package, .. } => {
                            program.package(package).is_some()
                        }
                        Callee::InterfaceMethod { .. } => true,
                        Callee::Unresolved => false,
                    };
                if keep {
                    out.push(ResolvedCall { file: fi, span: c.span, caller: caller.clone(), callee });
                }
            }
        }
    }
    out
}

struct CallCollector<'p> {
    program: &'p Program,
    pkg: &'p LoadedPackage,
    imports: &'p FxHashMap<&'p str, &'p str>,
    env: &'p [(&'p str, usize)],
    types: &'p [TypeRef],
    into_program: bool,
}

impl CallCollector<'_> {
    /// The declared type of a receiver or parameter name.
    fn env_type(&self, name: &str) -> Option<&TypeRef> {
        self.env.iter().rev().find(|(n, _)| *n == name).and_then(|&(_, i)| self.types.get(i))
    }

    fn resolve(&self, call: &RawCall, src: &str, extra: &[Box<str>]) -> Callee {
        let [n0, n1, n2] = call.names.map(|n| n.get(src, extra));
        match call.shape {
            CallShape::Ident => {
                if self.env_type(n0).is_none() && self.pkg.index.funcs.contains_key(n0) {
                    return Callee::Func { package: self.pkg.path.clone(), name: n0.to_string() };
                }
                Callee::Unresolved
            }
            CallShape::Sel => {
                let (a, sel) = (n0, n1);
                if let Some(t) = self.env_type(a) {
                    return method_of(self.program, t, sel, 0, self.into_program);
                }
                if let Some(&path) = self.imports.get(a) {
                    return match self.program.package(path) {
                        Some(p) if !p.index.funcs.contains_key(sel) => Callee::Unresolved,
                        // A call outside the program, left out anyway.
                        None if self.into_program => Callee::Unresolved,
                        _ => Callee::Func { package: path.to_string(), name: sel.to_string() },
                    };
                }
                Callee::Unresolved
            }
            CallShape::SelSel => {
                let Some(t) = self.env_type(n0) else { return Callee::Unresolved };
                match field_type(self.program, t, n1) {
                    Some(ft) => method_of(self.program, &ft, n2, 0, self.into_program),
                    None => Callee::Unresolved,
                }
            }
            CallShape::Other => Callee::Unresolved,
        }
    }
}

fn type_decl<'p>(program: &'p Program, t: &TypeRef) -> Option<&'p TypeDecl> {
    program.package(&t.package)?.index.types.get(&t.name)
}

/// The declared named type of field `name` of `t`'s struct type (one level of embedding searched).
fn field_type(program: &Program, t: &TypeRef, name: &str) -> Option<TypeRef> {
    let TypeKind::Struct { fields } = &type_decl(program, t)?.kind else { return None };
    if let Some(f) = fields.iter().find(|f| f.name == name) {
        return f.ty.clone();
    }
    fields.iter().filter(|f| f.embedded).find_map(|f| {
        let et = f.ty.as_ref()?;
        let TypeKind::Struct { fields } = &type_decl(program, et)?.kind else { return None };
        fields.iter().find(|g| g.name == name)?.ty.clone()
    })
}

/// Whether type `type_name` of `package` declares method `name`.
fn has_method(program: &Program, package: &str, type_name: &str, name: &str) -> bool {
    program
        .package(package)
        .and_then(|p| p.index.methods.get(type_name))
        .is_some_and(|ms| ms.iter().any(|m| m.name == name))
}

/// All method names an interface requires (embedded interfaces of the program included).
fn interface_methods<'p>(program: &'p Program, t: &TypeRef, depth: u32, out: &mut BTreeSet<&'p str>) {
    if depth > 8 {
        return;
    }
    if let Some(TypeDecl { kind: TypeKind::Interface { methods, embedded }, .. }) = type_decl(program, t) {
        out.extend(methods.iter().map(String::as_str));
        for e in embedded {
            interface_methods(program, e, depth + 1, out);
        }
    }
}

/// What calling method `name` on `t` resolves to. With `into_program`, a method of a type whose
/// package is outside the program is [`Callee::Unresolved`] (the caller leaves both out).
fn method_of(program: &Program, t: &TypeRef, name: &str, depth: u32, into_program: bool) -> Callee {
    let Some(decl) = type_decl(program, t) else {
        // A type outside the program (standard library, dependencies): name it, unresolved further.
        if t.package.is_empty() || (into_program && program.package(&t.package).is_none()) {
            return Callee::Unresolved;
        }
        return Callee::Method { package: t.package.clone(), type_name: t.name.clone(), name: name.to_string() };
    };
    match &decl.kind {
        TypeKind::Interface { .. } => {
            let mut required = BTreeSet::new();
            interface_methods(program, t, 0, &mut required);
            if !required.contains(name) {
                return Callee::Unresolved;
            }
            let implementations =
                program.method_index.get_or_init(|| MethodIndex::build(program)).implementations(&required);
            Callee::InterfaceMethod {
                package: t.package.clone(),
                interface: t.name.clone(),
                name: name.to_string(),
                implementations,
            }
        }
        TypeKind::Struct { fields } => {
            if has_method(program, &t.package, &t.name, name) {
                return Callee::Method {
                    package: t.package.clone(),
                    type_name: t.name.clone(),
                    name: name.to_string(),
                };
            }
            if depth == 0 {
                for f in fields.iter().filter(|f| f.embedded) {
                    if let Some(et) = &f.ty {
                        let c = method_of(program, et, name, depth + 1, into_program);
                        if c != Callee::Unresolved {
                            return c;
                        }
                    }
                }
            }
            Callee::Unresolved
        }
        TypeKind::Other { .. } => {
            if has_method(program, &t.package, &t.name, name) {
                Callee::Method { package: t.package.clone(), type_name: t.name.clone(), name: name.to_string() }
            } else {
                Callee::Unresolved
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_import_names() {
        assert_eq!(default_name("github.com/jackc/pgx/v5"), "pgx");
        assert_eq!(default_name("gopkg.in/yaml.v3"), "yaml");
        assert_eq!(default_name("net/http"), "http");
        assert_eq!(default_name("github.com/mattn/go-sqlite3"), "sqlite3");
    }
}
