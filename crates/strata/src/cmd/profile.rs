//! `strata profile FILE`: where each layer spends CPU, allocates, blocks — from any Go pprof profile.
//!
//! Which packages are the application (and so which layer pays for runtime/stdlib frames) comes
//! from `--module DIR` (its go.mod / go.work, and strata.toml or .go-arch-lint.yml for the layers);
//! without it, from the profile itself (strata_profile::infer: source files outside the module cache
//! and vendor/ are application code). `--layers FILE` replaces the layer definitions in both cases.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde::Serialize;
use strata_layers::{LayerId, LayerMap, config, workspace};
use strata_pprof::{Options as DecodeOptions, decode_file, decode_raw, encode_gzip, label_samples};
use strata_profile::attribution::{Analysis, Attribution, Options};
use strata_profile::diff::{Diff, cpu_duration_scale, diff};
use strata_profile::folded::{folded_lines, function_names};
use strata_profile::infer::infer_application;
use strata_profile::{Profile, StackId};

use crate::Outcome;
use crate::output::{colour_stdout, paint};

/// Arguments of `strata profile`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A Go pprof profile (CPU, heap, allocs, goroutine, block, mutex), gzipped or plain.
    pub file: PathBuf,
    /// Sample type to analyse (e.g. cpu, samples, alloc_space, inuse_objects, delay). Default: as
    /// `go tool pprof` picks it (the profile's default_sample_type, else the last type).
    #[arg(long, value_name = "T")]
    pub sample_type: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Show runtime/stdlib/thirdparty frames in their own buckets instead of charging them to the
    /// application layer that called them.
    #[arg(long)]
    pub unfold: bool,
    /// Layer definitions (strata.toml or .go-arch-lint.yml) instead of the module's or the defaults.
    #[arg(long, value_name = "FILE")]
    pub layers: Option<PathBuf>,
    /// An older profile of the same kind: show per-layer and per-function deltas (CPU scaled to the
    /// same duration).
    #[arg(long, value_name = "OLD")]
    pub base: Option<PathBuf>,
    /// The Go module or workspace the profile comes from (default: inferred from the profile).
    #[arg(long, value_name = "DIR")]
    pub module: Option<PathBuf>,
    /// Write to FILE instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Functions listed in the table.
    #[arg(long, default_value_t = 15, value_name = "N")]
    pub top: usize,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned text tables (coloured on a terminal).
    Table,
    /// `strata.profile/v1` JSON (`strata.profile-diff/v1` with --base).
    Json,
    /// Folded stacks (`a;b;c 42`) for flame graph tools.
    Folded,
    /// A flame graph, frames coloured by layer, with a legend.
    Svg,
    /// The input profile, gzipped, with a `layer` label on every sample.
    Pprof,
}

/// Where the application's module paths came from.
#[derive(Debug, Clone, Serialize)]
pub struct Application {
    /// `module` (from --module DIR) or `inferred` (from the profile's source paths).
    pub source: &'static str,
    /// Module paths treated as the application.
    pub modules: Vec<String>,
    /// Where the layer definitions came from.
    pub layers: String,
}

/// The `strata.profile/v1` document.
#[derive(Debug, Serialize)]
pub struct ProfileReport {
    /// Always `strata.profile/v1`.
    pub schema: &'static str,
    /// The profile file.
    pub file: String,
    /// Number of samples in the profile.
    pub samples: usize,
    /// Sample types present.
    pub sample_types: Vec<String>,
    /// Application and layer source.
    pub application: Application,
    /// The analysis (flattened: sample_type, unit, total, layers, functions, edges, verdicts).
    #[serde(flatten)]
    pub analysis: Analysis,
}

/// The `strata.profile-diff/v1` document.
#[derive(Debug, Serialize)]
pub struct DiffReport {
    /// Always `strata.profile-diff/v1`.
    pub schema: &'static str,
    /// The new profile.
    pub file: String,
    /// The base profile.
    pub base: String,
    /// Application and layer source.
    pub application: Application,
    /// The deltas.
    #[serde(flatten)]
    pub diff: Diff,
}

/// Decode a profile and pick the layer map (shared with `demo`).
pub fn load(
    file: &Path,
    module: Option<&Path>,
    layers: Option<&Path>,
) -> anyhow::Result<(Profile, LayerMap, Application)> {
    let profile = decode_file(file, &DecodeOptions::default())?;
    let (map, app) = match module {
        Some(dir) => {
            let ws = workspace::discover(dir)?;
            let modules = ws.module_paths();
            let map = match layers {
                Some(f) => config::load_layer_file(f, &modules)?,
                None => config::load_layer_map(&ws)?.0,
            };
            let src = layer_source(&map);
            (map, Application { source: "module", modules, layers: src })
        }
        None => {
            let modules = infer_application(&profile).modules;
            let map = match layers {
                Some(f) => config::load_layer_file(f, &modules)?,
                None => LayerMap::defaults(&modules),
            };
            let src = layer_source(&map);
            (map, Application { source: "inferred", modules, layers: src })
        }
    };
    Ok((profile, map, app))
}

fn layer_source(map: &LayerMap) -> String {
    match map.source() {
        strata_layers::LayerSource::Defaults => "defaults".to_string(),
        strata_layers::LayerSource::StrataToml(p) | strata_layers::LayerSource::GoArchLint(p) => {
            p.display().to_string()
        }
    }
}

fn sample_index(p: &Profile, want: Option<&str>, file: &Path) -> anyhow::Result<usize> {
    match want {
        None => {
            if p.sample_types().is_empty() {
                bail!("{}: the profile has no sample types", file.display());
            }
            Ok(p.default_sample_index())
        }
        Some(t) => p.sample_type_index(t).with_context(|| {
            let have: Vec<&str> = p.sample_types().iter().map(|s| p.str(s.kind)).collect();
            format!("{}: no sample type {t:?} (the profile has: {})", file.display(), have.join(", "))
        }),
    }
}

/// Run `strata profile`.
pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let (profile, map, app) = load(&args.file, args.module.as_deref(), args.layers.as_deref())?;
    let idx = sample_index(&profile, args.sample_type.as_deref(), &args.file)?;
    let mut opts = Options::default();
    opts.unfold = args.unfold;
    let attr = Attribution::new(&profile, &map, args.unfold);
    let analysis = attr.analyze(idx, &opts);

    let mut buf: Vec<u8> = Vec::new();
    let colour = args.output.is_none() && colour_stdout();
    if let Some(base_file) = &args.base {
        let base = decode_file(base_file, &DecodeOptions::default())?;
        let kind = analysis.sample_type.as_str();
        let bidx = base
            .sample_type_index(kind)
            .with_context(|| format!("{}: the base profile has no sample type {kind:?}", base_file.display()))?;
        let base_analysis = Attribution::new(&base, &map, args.unfold).analyze(bidx, &opts);
        let scale = cpu_duration_scale(&profile, &base).unwrap_or(1.0);
        let d = diff(&analysis, &base_analysis, scale);
        let rep = DiffReport {
            schema: "strata.profile-diff/v1",
            file: args.file.display().to_string(),
            base: base_file.display().to_string(),
            application: app,
            diff: d,
        };
        match args.format {
            Format::Table => write_diff_table(&mut buf, &rep, args.top, colour)?,
            Format::Json => {
                serde_json::to_writer_pretty(&mut buf, &rep)?;
                writeln!(buf)?;
            }
            other => bail!("--format {other:?} cannot show a diff: use table or json with --base"),
        }
        return emit(&args, &buf);
    }
    match args.format {
        Format::Table => {
            let rep = report(&args.file, &profile, app, analysis);
            write_table(&mut buf, &rep, args.top, colour)?;
        }
        Format::Json => {
            let rep = report(&args.file, &profile, app, analysis);
            serde_json::to_writer_pretty(&mut buf, &rep)?;
            writeln!(buf)?;
        }
        Format::Folded => {
            for line in folded_lines(&profile, idx, function_names(&profile)) {
                writeln!(buf, "{line}")?;
            }
        }
        Format::Svg => write_svg(&mut buf, &profile, &attr, idx, &args.file)?,
        Format::Pprof => {
            let bytes = std::fs::read(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
            let mut raw = decode_raw(&bytes, &args.file, &DecodeOptions::default())?;
            if raw.sample.len() != profile.sample_count() {
                bail!("{}: internal error: sample counts differ between decoders", args.file.display());
            }
            let names: Vec<&str> = profile.sample_stacks().iter().map(|s| map.name(attr.layer_of_stack(*s))).collect();
            label_samples(&mut raw, "layer", |i| names.get(i).copied().unwrap_or("unknown"));
            if args.output.is_none() && std::io::stdout().is_terminal() {
                bail!("--format pprof writes gzip data: use -o FILE or redirect stdout");
            }
            buf = encode_gzip(&raw)?;
        }
    }
    emit(&args, &buf)
}

fn emit(args: &Args, buf: &[u8]) -> anyhow::Result<Outcome> {
    match &args.output {
        Some(path) => std::fs::write(path, buf).with_context(|| format!("writing {}", path.display()))?,
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(buf)?;
            out.flush()?;
        }
    }
    Ok(Outcome::Ok)
}

/// Build the JSON/table document.
pub fn report(file: &Path, p: &Profile, application: Application, analysis: Analysis) -> ProfileReport {
    ProfileReport {
        schema: "strata.profile/v1",
        file: file.display().to_string(),
        samples: p.sample_count(),
        sample_types: p.sample_types().iter().map(|t| p.str(t.kind).to_string()).collect(),
        application,
        analysis,
    }
}

/// A value in a readable unit (`go tool pprof` style: 1.25s, 3.50MB, 120).
pub fn human(v: i64, unit: &str) -> String {
    let a = v.unsigned_abs() as f64;
    let sign = if v < 0 { "-" } else { "" };
    let fmt = |x: f64, u: &str| {
        let s = format!("{x:.2}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        format!("{sign}{s}{u}")
    };
    match unit {
        "nanoseconds" => {
            if a >= 1e9 {
                fmt(a / 1e9, "s")
            } else if a >= 1e6 {
                fmt(a / 1e6, "ms")
            } else if a >= 1e3 {
                fmt(a / 1e3, "us")
            } else {
                fmt(a, "ns")
            }
        }
        "bytes" => {
            let k = 1024.0;
            if a >= k * k * k {
                fmt(a / (k * k * k), "GB")
            } else if a >= k * k {
                fmt(a / (k * k), "MB")
            } else if a >= k {
                fmt(a / k, "kB")
            } else {
                fmt(a, "B")
            }
        }
        _ => v.to_string(),
    }
}

/// ANSI colour of a layer on a terminal.
fn layer_sgr(name: &str) -> &'static str {
    match name {
        "adapter" => "34",
        "app" => "32",
        "domain" => "35",
        "infra" => "33",
        "main" => "36",
        "runtime" => "31",
        _ => "2",
    }
}

fn pad_paint(colour: bool, name: &str, w: usize) -> String {
    let padded = format!("{name:<w$}");
    paint(colour, layer_sgr(name), &padded)
}

/// Render the report as aligned text.
pub fn write_table(out: &mut dyn Write, rep: &ProfileReport, top: usize, colour: bool) -> std::io::Result<()> {
    let a = &rep.analysis;
    let bold = |s: &str| paint(colour, "1", s);
    let h = |v: i64| human(v, &a.unit);
    writeln!(
        out,
        "{} {}  ({} {}, {} samples{})",
        bold("profile"),
        rep.file,
        a.sample_type,
        a.unit,
        rep.samples,
        if a.duration_ns > 0 { format!(", {}", human(a.duration_ns, "nanoseconds")) } else { String::new() }
    )?;
    let mods = if rep.application.modules.is_empty() {
        "every non-standard package".to_string()
    } else {
        rep.application.modules.join(", ")
    };
    writeln!(
        out,
        "application ({}): {mods}; layers: {}{}",
        rep.application.source,
        rep.application.layers,
        if a.unfolded { "; unfolded" } else { "" }
    )?;
    writeln!(out, "total {}", h(a.total))?;
    writeln!(out)?;
    let lw = a.layers.iter().map(|l| l.name.len()).max().unwrap_or(5).max(5);
    let vw = a.layers.iter().flat_map(|l| [h(l.self_value).len(), h(l.cum).len()]).max().unwrap_or(4).max(8);
    writeln!(
        out,
        "{}",
        bold(&format!(
            "{:<lw$}  {:>vw$}  {:>7}  {:>vw$}  {:>7}  {:>vw$}",
            "layer", "self", "self%", "cum", "cum%", "in runtime"
        ))
    )?;
    for l in &a.layers {
        writeln!(
            out,
            "{}  {:>vw$}  {:>6.2}%  {:>vw$}  {:>6.2}%  {:>vw$}",
            pad_paint(colour, &l.name, lw),
            h(l.self_value),
            l.self_pct,
            h(l.cum),
            l.cum_pct,
            if l.self_in_runtime == 0 { "-".to_string() } else { h(l.self_in_runtime) }
        )?;
    }
    if !a.edges.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", bold("calls between layers (caller → callee: value of the samples crossing)"))?;
        let ew = a.edges.iter().map(|e| e.from.len() + e.to.len() + 3).max().unwrap_or(10);
        for e in &a.edges {
            let pct = if a.total == 0 { 0.0 } else { e.value as f64 * 100.0 / a.total as f64 };
            writeln!(out, "  {:<ew$}  {:>vw$}  {:>6.2}%", format!("{} → {}", e.from, e.to), h(e.value), pct)?;
        }
    }
    if !a.verdicts.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", bold("verdicts"))?;
        for v in &a.verdicts {
            let kind = match v.kind {
                strata_profile::attribution::VerdictKind::PassThrough => "pass-through layer",
                strata_profile::attribution::VerdictKind::RuntimeHeavy => "runtime-heavy layer",
                _ => "finding",
            };
            writeln!(out, "  {} {}: {}", pad_paint(colour, &v.layer, 0), paint(colour, "1;33", kind), v.detail)?;
        }
    }
    let fns: Vec<_> = a.functions.iter().filter(|f| f.flat != 0 || f.cum != 0).take(top).collect();
    if fns.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(out, "{}", bold(&format!("top {} functions by flat", fns.len())))?;
    let fw = fns.iter().flat_map(|f| [h(f.flat).len(), h(f.cum).len()]).max().unwrap_or(4).max(4);
    let lw2 = fns.iter().map(|f| f.layer.len()).max().unwrap_or(5).max(5);
    writeln!(
        out,
        "{}",
        bold(&format!("{:>fw$}  {:>7}  {:>fw$}  {:>7}  {:<lw2$}  function", "flat", "flat%", "cum", "cum%", "layer"))
    )?;
    let pct = |v: i64| if a.total == 0 { 0.0 } else { v as f64 * 100.0 / a.total as f64 };
    for f in fns {
        writeln!(
            out,
            "{:>fw$}  {:>6.2}%  {:>fw$}  {:>6.2}%  {}  {}",
            h(f.flat),
            pct(f.flat),
            h(f.cum),
            pct(f.cum),
            pad_paint(colour, &f.layer, lw2),
            f.name
        )?;
    }
    Ok(())
}

fn write_diff_table(out: &mut dyn Write, rep: &DiffReport, top: usize, colour: bool) -> std::io::Result<()> {
    let d = &rep.diff;
    let bold = |s: &str| paint(colour, "1", s);
    let h = |v: i64| human(v, &d.unit);
    let signed = |v: i64| if v > 0 { format!("+{}", h(v)) } else { h(v) };
    writeln!(out, "{} {} vs base {}  ({} {})", bold("profile diff"), rep.file, rep.base, d.sample_type, d.unit)?;
    if (d.base_scale - 1.0).abs() > 1e-9 {
        writeln!(out, "base scaled ×{:.3} to the new profile's duration", d.base_scale)?;
    }
    writeln!(out, "total {} → {} ({})", h(d.base_total), h(d.new_total), signed(d.new_total - d.base_total))?;
    writeln!(out)?;
    let lw = d.layers.iter().map(|l| l.name.len()).max().unwrap_or(5).max(5);
    let w = 10;
    writeln!(
        out,
        "{}",
        bold(&format!(
            "{:<lw$}  {:>w$}  {:>w$}  {:>w$}  {:>w$}  {:>w$}  {:>w$}",
            "layer", "base self", "new self", "Δ self", "base cum", "new cum", "Δ cum"
        ))
    )?;
    for l in &d.layers {
        writeln!(
            out,
            "{}  {:>w$}  {:>w$}  {:>w$}  {:>w$}  {:>w$}  {:>w$}",
            pad_paint(colour, &l.name, lw),
            h(l.base_self),
            h(l.new_self),
            signed(l.delta_self),
            h(l.base_cum),
            h(l.new_cum),
            signed(l.delta_cum)
        )?;
    }
    let fns: Vec<_> = d.functions.iter().filter(|f| f.delta_flat != 0 || f.delta_cum != 0).take(top).collect();
    if fns.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(out, "{}", bold("functions by |Δ flat|"))?;
    let lw2 = fns.iter().map(|f| f.layer.len()).max().unwrap_or(5).max(5);
    writeln!(
        out,
        "{}",
        bold(&format!(
            "{:>w$}  {:>w$}  {:>w$}  {:>w$}  {:<lw2$}  function",
            "base flat", "new flat", "Δ flat", "Δ cum", "layer"
        ))
    )?;
    for f in fns {
        writeln!(
            out,
            "{:>w$}  {:>w$}  {:>w$}  {:>w$}  {}  {}",
            h(f.base_flat),
            h(f.new_flat),
            signed(f.delta_flat),
            signed(f.delta_cum),
            pad_paint(colour, &f.layer, lw2),
            f.name
        )?;
    }
    Ok(())
}

/// RGB colour of a layer in flame graphs (application layers first, buckets greyish).
pub fn layer_rgb(name: &str) -> (u8, u8, u8) {
    match name {
        "adapter" => (86, 156, 230),
        "app" => (98, 196, 98),
        "domain" => (186, 130, 222),
        "infra" => (240, 160, 60),
        "main" => (90, 200, 200),
        "stdlib" => (180, 180, 180),
        "runtime" => (230, 100, 100),
        "thirdparty" => (200, 200, 120),
        "unknown" => (215, 215, 215),
        other => {
            // Custom layers: a stable colour from the name.
            let h = other.bytes().fold(2166136261u32, |h, b| (h ^ u32::from(b)).wrapping_mul(16777619));
            (100 + (h % 120) as u8, 100 + ((h >> 8) % 120) as u8, 100 + ((h >> 16) % 120) as u8)
        }
    }
}

/// Flame graph: one folded line per stack; a frame charged to another layer than its own (folded
/// view) is named `func [layer]`; every frame is coloured by the layer it is charged to.
fn write_svg(out: &mut Vec<u8>, p: &Profile, attr: &Attribution<'_>, idx: usize, file: &Path) -> anyhow::Result<()> {
    let map = attr.map();
    // Root-first (name, charged layer) of every frame of a stack.
    let named = |s: StackId| -> Vec<(String, LayerId)> {
        let frames = p.stack_frames(s);
        let eff = attr.frame_layers_leaf_first(s);
        frames
            .iter()
            .zip(eff)
            .rev()
            .map(|(f, l)| {
                let func = p.frame(*f).function;
                let name = p.function_name(func);
                let (own, _) = attr.function_class(func);
                if own == l { (name.to_string(), l) } else { (format!("{name} [{}]", map.name(l)), l) }
            })
            .collect()
    };
    let lines = folded_lines(p, idx, |s| named(s).into_iter().map(|(n, _)| n).collect());
    let mut colours: BTreeMap<String, &str> = BTreeMap::new();
    for s in 1..p.stack_count() {
        for (n, l) in named(StackId(s as u32)) {
            colours.entry(n).or_insert(map.name(l));
        }
    }
    // Flame graphs cannot show negative values (delta profiles): keep the positive stacks.
    let lines: Vec<&str> = lines
        .iter()
        .map(String::as_str)
        .filter(|l| l.rsplit(' ').next().and_then(|v| v.parse::<i64>().ok()).is_some_and(|v| v > 0))
        .collect();
    let mut palette = inferno::flamegraph::color::PaletteMap::default();
    for (n, l) in &colours {
        let (r, g, b) = layer_rgb(l);
        palette.insert(n, inferno::flamegraph::color::Color { r, g, b });
    }
    let mut used: Vec<&str> = colours.values().copied().collect();
    used.sort_by_key(|l| map.id(l).map(|id| map.layers().position(|x| x == id)));
    used.dedup();
    let mut opts = inferno::flamegraph::Options::default();
    opts.palette_map = Some(&mut palette);
    opts.title = format!("{} by layer", file.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default());
    opts.subtitle = Some(format!(
        "{} ({}); colours: layer that pays for the frame",
        p.str(p.sample_types().get(idx).map(|t| t.kind).unwrap_or_default()),
        p.str(p.sample_types().get(idx).map(|t| t.unit).unwrap_or_default())
    ));
    opts.count_name = p.str(p.sample_types().get(idx).map(|t| t.unit).unwrap_or_default()).to_string();
    let mut svg = Vec::new();
    if lines.is_empty() {
        bail!("{}: no positive samples of this type to draw", file.display());
    }
    inferno::flamegraph::from_lines(&mut opts, lines.iter().copied(), &mut svg)?;
    let svg = String::from_utf8(svg).context("flame graph is not UTF-8")?;
    let legend = legend_svg(&used);
    let with_legend = match svg.rfind("</svg>") {
        Some(i) => format!("{}{}{}", &svg[..i], legend, &svg[i..]),
        None => svg,
    };
    out.extend_from_slice(with_legend.as_bytes());
    Ok(())
}

fn legend_svg(layers: &[&str]) -> String {
    let mut s = String::from("<g id=\"strata-legend\" font-family=\"Verdana\" font-size=\"12\">");
    let mut x = 10;
    for l in layers {
        let (r, g, b) = layer_rgb(l);
        s.push_str(&format!(
            "<rect x=\"{x}\" y=\"2\" width=\"12\" height=\"12\" fill=\"rgb({r},{g},{b})\"/><text x=\"{}\" y=\"13\">{l}</text>",
            x + 16
        ));
        x += 24 + 8 * l.len();
    }
    s.push_str("</g>");
    s
}

/// `strata demo` step: the ground-truth CPU profile (adapter 20 % / app 30 % / infra 50 %).
pub fn demo_profile(root: &Path, out: &mut dyn Write, colour: bool) -> anyhow::Result<()> {
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        paint(
            colour,
            "1;36",
            "== strata profile testdata/pprof/cpu.pb.gz — a CPU profile with a known split: adapter 20 % / app 30 % / infra 50 %"
        )
    )?;
    let file = root.join("testdata/pprof/cpu.pb.gz");
    let (profile, map, app) = load(&file, None, None)?;
    let idx = profile.default_sample_index();
    let analysis = Attribution::new(&profile, &map, false).analyze(idx, &Options::default());
    let rep = report(Path::new("testdata/pprof/cpu.pb.gz"), &profile, app, analysis);
    write_table(out, &rep, 8, colour)?;
    // The reference experiment: the same service built layered and flat, same load.
    let module = root.join("examples/orders");
    for (kind, sample) in [("cpu", None), ("allocs", Some("alloc_space"))] {
        for service in ["layered", "flat"] {
            let rel = format!("testdata/orders/{service}/{kind}.pb.gz");
            writeln!(out)?;
            let title = format!(
                "== strata profile {rel} --module examples/orders{} — the {service} order service",
                sample.map(|s| format!(" --sample-type {s}")).unwrap_or_default()
            );
            writeln!(out, "{}", paint(colour, "1;36", &title))?;
            let (profile, map, app) = load(&root.join(&rel), Some(&module), None)?;
            let idx = sample_index(&profile, sample, Path::new(&rel))?;
            let analysis = Attribution::new(&profile, &map, false).analyze(idx, &Options::default());
            let rep = report(Path::new(&rel), &profile, app, analysis);
            write_table(out, &rep, 5, colour)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_units() {
        assert_eq!(human(1_560_000_000, "nanoseconds"), "1.56s");
        assert_eq!(human(20_000_000, "nanoseconds"), "20ms");
        assert_eq!(human(-6_225_579, "bytes"), "-5.94MB");
        assert_eq!(human(1536, "bytes"), "1.5kB");
        assert_eq!(human(12, "count"), "12");
    }
}
