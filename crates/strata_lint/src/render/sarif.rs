//! `--format sarif`: SARIF 2.1.0 (OASIS), one run, with every rule's metadata and help text from its
//! doc comment. Results carry the layer edge in `properties`. Columns are Unicode code points
//! (`columnKind: unicodeCodePoints`); paths are relative to `%SRCROOT%` (the base directory) when
//! inside it. A test validates the output against the SARIF 2.1.0 JSON schema.

use std::io::Write;
use std::path::Path;

use serde_json::{Value, json};

use super::{RenderOptions, display_path};
use crate::codes::RULES;
use crate::diagnostic::Severity;
use crate::engine::LintResult;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Percent-encode a path for a URI (keeps unreserved characters and `/`).
fn uri_encode(p: &str) -> String {
    let mut s = String::with_capacity(p.len());
    for b in p.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

fn dir_uri(dir: &Path) -> String {
    let mut u = format!("file://{}", uri_encode(&dir.display().to_string()));
    if !u.ends_with('/') {
        u.push('/');
    }
    u
}

/// Write the SARIF log.
pub fn write(result: &LintResult, opts: &RenderOptions, out: &mut dyn Write) -> std::io::Result<()> {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|r| {
            let md = r.doc_markdown();
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": first_section(&md)},
                "help": {"text": md, "markdown": md},
                "defaultConfiguration": {"level": level(r.severity), "enabled": r.default_enabled},
                "properties": {"tags": [r.code.trim_end_matches(|c: char| c.is_ascii_digit())]},
            })
        })
        .collect();
    let results: Vec<Value> = result
        .diagnostics
        .iter()
        .map(|d| {
            let lc = result.sources.line_col(&d.file, &d.range);
            let f = result.sources.get(&d.file);
            let chars = |line: u32, col: u32| -> u32 {
                let raw = f.line(line);
                let before = raw.get(..(col as usize).saturating_sub(1)).unwrap_or(raw);
                u32::try_from(String::from_utf8_lossy(before).chars().count()).unwrap_or(u32::MAX) + 1
            };
            let rel = display_path(&d.file, opts.base.as_deref());
            let inside = opts.base.as_deref().is_some_and(|b| d.file.starts_with(b));
            let artifact = if inside {
                json!({"uri": uri_encode(&rel), "uriBaseId": "%SRCROOT%"})
            } else {
                json!({"uri": format!("file://{}", uri_encode(&d.file.display().to_string()))})
            };
            let mut props = serde_json::Map::new();
            if let Some(l) = &d.layer_from {
                props.insert("layer_from".into(), json!(l));
            }
            if let Some(l) = &d.layer_to {
                props.insert("layer_to".into(), json!(l));
            }
            json!({
                "ruleId": d.code,
                "ruleIndex": RULES.iter().position(|r| r.code == d.code).unwrap_or(0),
                "level": level(d.severity),
                "message": {"text": d.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": artifact,
                        "region": {
                            "startLine": lc.line.max(1),
                            "startColumn": chars(lc.line, lc.column).max(1),
                            "endLine": lc.end_line.max(1),
                            "endColumn": chars(lc.end_line, lc.end_column).max(1),
                        }
                    }
                }],
                "properties": props,
            })
        })
        .collect();
    let mut run = json!({
        "tool": {"driver": {
            "name": "strata",
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "informationUri": "https://example.invalid/strata/docs/lint.md",
            "rules": rules,
        }},
        "columnKind": "unicodeCodePoints",
        "results": results,
    });
    if let (Some(base), Some(obj)) = (&opts.base, run.as_object_mut()) {
        obj.insert("originalUriBaseIds".into(), json!({"%SRCROOT%": {"uri": dir_uri(base)}}));
    }
    let log = json!({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]});
    serde_json::to_writer_pretty(&mut *out, &log).map_err(super::json_io_error)?;
    writeln!(out)
}

/// The text of the `## What it does` section.
fn first_section(md: &str) -> String {
    let body = md.split("## What it does").nth(1).unwrap_or(md);
    body.split("\n## ").next().unwrap_or(body).trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_and_section() {
        assert_eq!(uri_encode("a b/ü.go"), "a%20b/%C3%BC.go");
        assert_eq!(first_section("## What it does\nX\ny\n\n## Why is this bad?\nZ"), "X\ny");
    }
}
