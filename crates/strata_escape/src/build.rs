//! Run the compiler with the JSON optimization log on, into a fresh directory.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::{Error, Result};
use crate::log::{LogFile, read_dir};

/// What the go command reports about itself.
#[derive(Debug, Clone, Default)]
pub struct GoEnv {
    /// `go env GOVERSION`.
    pub version: String,
    /// `go env GOROOT`.
    pub goroot: PathBuf,
    /// `go env GOMODCACHE`.
    pub gomodcache: PathBuf,
}

/// The logs of one `strata escape` run.
#[derive(Debug, Default)]
pub struct BuildOutput {
    /// The go command's environment.
    pub env: GoEnv,
    /// Every log file (main packages from their own builds).
    pub logs: Vec<LogFile>,
    /// The go commands that ran, for the report.
    pub commands: Vec<String>,
}

fn go() -> Command {
    Command::new(std::env::var_os("STRATA_GO").unwrap_or_else(|| "go".into()))
}

/// `go env` values; [`Error::NoGo`] when there is no go command.
pub fn go_env(dir: &Path) -> Result<GoEnv> {
    let out = go()
        .args(["env", "GOVERSION", "GOROOT", "GOMODCACHE"])
        .current_dir(dir)
        .output()
        .map_err(|e| Error::NoGo { source: e })?;
    if !out.status.success() {
        return Err(failed(dir, &out));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let mut l = text.lines().map(str::trim);
    Ok(GoEnv {
        version: l.next().unwrap_or("").to_string(),
        goroot: PathBuf::from(l.next().unwrap_or("")),
        gomodcache: PathBuf::from(l.next().unwrap_or("")),
    })
}

fn failed(dir: &Path, out: &std::process::Output) -> Error {
    let stderr = String::from_utf8_lossy(&out.stderr);
    let tail: Vec<&str> = stderr.lines().rev().take(20).collect();
    Error::BuildFailed {
        dir: dir.to_path_buf(),
        code: out.status.code(),
        stderr: tail.into_iter().rev().collect::<Vec<_>>().join("\n"),
    }
}

fn run(dir: &Path, args: &[String], commands: &mut Vec<String>) -> Result<()> {
    commands.push(format!("go {}", args.join(" ")));
    let out = go().args(args).current_dir(dir).output().map_err(|e| Error::NoGo { source: e })?;
    if out.status.success() { Ok(()) } else { Err(failed(dir, &out)) }
}

/// Build the application modules with escape logging. `cwd` is the module or go.work directory,
/// `modules` the module paths (their packages are logged; the standard library and other modules
/// are not, since code of theirs that runs in an application frame is inlined there and logged
/// with the caller), `main_packages` the import paths of the main packages (built one by one).
pub fn build_logs(cwd: &Path, modules: &[String], main_packages: &[String]) -> Result<BuildOutput> {
    let env = go_env(cwd)?;
    // A fresh directory every run: the compiler writes no log on a build-cache hit, and a new
    // path changes the action key.
    let tmp = tempfile::Builder::new()
        .prefix("strata-escape-")
        .tempdir()
        .map_err(|e| Error::Io { path: std::env::temp_dir(), source: e })?;
    let mut commands = Vec::new();
    let lib_dir = tmp.path().join("lib");
    let mut args = vec!["build".to_string()];
    for m in modules {
        args.push(format!("-gcflags={m}/...=-json=0,file://{}", lib_dir.display()));
    }
    args.extend(modules.iter().map(|m| format!("{m}/...")));
    run(cwd, &args, &mut commands)?;
    let mut logs: Vec<LogFile> = if lib_dir.is_dir() { read_dir(&lib_dir)? } else { Vec::new() };
    // Main packages all wrote to lib/main/ and overwrote each other: drop those, rebuild each.
    logs.retain(|l| !l.path.starts_with(lib_dir.join("main")));
    for (i, p) in main_packages.iter().enumerate() {
        let d = tmp.path().join(format!("main{i}"));
        let args = vec![
            "build".to_string(),
            "-o".to_string(),
            if cfg!(windows) { "NUL" } else { "/dev/null" }.to_string(),
            format!("-gcflags={p}=-json=0,file://{}", d.display()),
            p.clone(),
        ];
        run(cwd, &args, &mut commands)?;
        if d.is_dir() {
            logs.extend(read_dir(&d)?);
        }
    }
    Ok(BuildOutput { env, logs, commands })
}
