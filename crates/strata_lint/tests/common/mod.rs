//! Shared by the integration tests: run the linter on a fixture directory and render it.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use strata_lint::render::{self, Format, RenderOptions};
use strata_lint::{LintOptions, LintResult, lint};

pub fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name)
}

pub fn run(name: &str, select: Option<&[&str]>) -> (LintResult, PathBuf) {
    let dir = std::fs::canonicalize(data(name)).unwrap();
    let mut opts = LintOptions::default();
    opts.select = select.map(|s| s.iter().map(|x| x.to_string()).collect());
    (lint(std::slice::from_ref(&dir), &opts).unwrap(), dir)
}

pub fn rendered(name: &str, format: Format) -> String {
    let (res, dir) = run(name, None);
    let mut ropts = RenderOptions::default();
    ropts.base = Some(dir.clone());
    let mut out = Vec::new();
    render::render(format, &res, &ropts, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}
