//! End-to-end tests of `strata escape` (needs the Go toolchain CI installs).

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

#[test]
fn json_on_the_shop_module() {
    let o = Command::new(env!("CARGO_BIN_EXE_strata"))
        .args(["escape", "testdata/gotree/shop", "--format", "json"])
        .current_dir(repo())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["schema"], "strata.escape/v1");
    assert!(v["escapes"].as_u64().unwrap() > 0);
    assert!(v["layers"].as_array().unwrap().iter().any(|l| l["name"] == "adapter"));
}

#[test]
fn no_go_toolchain_is_a_clear_error() {
    let o = Command::new(env!("CARGO_BIN_EXE_strata"))
        .args(["escape", "testdata/gotree/shop"])
        .current_dir(repo())
        .env("STRATA_GO", "/nonexistent/go")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("no Go toolchain"), "{err}");
}
