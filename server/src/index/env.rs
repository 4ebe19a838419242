//! The active Python environment: which distributions are installed and which
//! import names each provides (`*.dist-info/top_level.txt`, else `RECORD`).
//! This maps `import zmq` to `pyzmq` for projects the bundled map does not list.

use super::stamp::StampCache;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

/// What one environment provides.
#[derive(Debug, Default)]
pub struct PythonEnv {
    /// Top-level import name -> normalised distribution names.
    pub providers: HashMap<String, Vec<String>>,
    /// Normalised distribution name -> installed version.
    pub installed: HashMap<String, String>,
}

impl PythonEnv {
    /// The distributions that provide `module` (top-level name).
    pub fn dists_for(&self, module: &str) -> &[String] {
        self.providers.get(module).map_or(&[], Vec::as_slice)
    }
}

/// The virtual environment directories to consider for a project at `root`:
/// `$VIRTUAL_ENV`, then `.venv`, `venv`, `env` in the project (Poetry's
/// in-project and uv's default environments are `.venv`).
pub fn env_dirs(root: Option<&Path>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Some(v) = std::env::var_os("VIRTUAL_ENV").filter(|v| !v.is_empty()) {
        out.push(PathBuf::from(v));
    }
    if let Some(v) = std::env::var_os("UV_PROJECT_ENVIRONMENT").filter(|v| !v.is_empty()) {
        let p = PathBuf::from(v);
        out.push(match root {
            Some(r) if p.is_relative() => r.join(p),
            _ => p,
        });
    }
    if let Some(root) = root {
        for name in [".venv", "venv", "env", ".env"] {
            let dir = root.join(name);
            if dir.join("pyvenv.cfg").is_file() {
                out.push(dir);
            }
        }
    }
    out.dedup();
    out
}

/// `site-packages` directories inside an environment.
pub fn site_packages(env: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for lib in ["lib", "lib64"] {
        if let Ok(entries) = std::fs::read_dir(env.join(lib)) {
            for e in entries.flatten() {
                let sp = e.path().join("site-packages");
                if e.file_name().to_string_lossy().starts_with("python") && sp.is_dir() {
                    out.push(sp);
                }
            }
        }
    }
    let windows = env.join("Lib").join("site-packages");
    if windows.is_dir() {
        out.push(windows);
    }
    out
}

/// Read the distributions of one `site-packages` directory into `env`.
pub fn read_site_packages(dir: &Path, env: &mut PythonEnv) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(stem) = file
            .strip_suffix(".dist-info")
            .or_else(|| file.strip_suffix(".egg-info"))
        else {
            continue;
        };
        let info = entry.path();
        let (name, version) = match std::fs::read_to_string(info.join("METADATA"))
            .or_else(|_| std::fs::read_to_string(info.join("PKG-INFO")))
        {
            Ok(meta) => (
                header(&meta, "Name")
                    .unwrap_or_else(|| stem.split('-').next().unwrap_or("").to_owned()),
                header(&meta, "Version").unwrap_or_default(),
            ),
            Err(_) => {
                let mut parts = stem.splitn(2, '-');
                (
                    parts.next().unwrap_or("").to_owned(),
                    parts.next().unwrap_or("").to_owned(),
                )
            }
        };
        let dist = super::names::normalize_python(&name);
        if dist.is_empty() {
            continue;
        }
        env.installed.insert(dist.clone(), version);
        let mut modules: Vec<String> = match std::fs::read_to_string(info.join("top_level.txt")) {
            Ok(text) => text
                .lines()
                .map(|l| l.trim().replace('/', "."))
                .filter(|l| !l.is_empty())
                .map(|l| l.split('.').next().unwrap_or("").to_owned())
                .collect(),
            Err(_) => std::fs::read_to_string(info.join("RECORD"))
                .map(|r| modules_from_record(&r))
                .unwrap_or_default(),
        };
        modules.sort();
        modules.dedup();
        for m in modules {
            let list = env.providers.entry(m).or_default();
            if !list.contains(&dist) {
                list.push(dist.clone());
            }
        }
    }
}

/// `Name: value` from a core metadata header block.
fn header(meta: &str, key: &str) -> Option<String> {
    meta.lines()
        .take_while(|l| !l.is_empty())
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .map(|v| v.trim().to_owned())
}

/// Top-level modules and packages named by the paths of a RECORD file.
fn modules_from_record(record: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in record.lines() {
        let path = line.split(',').next().unwrap_or("");
        if path.starts_with("..") || path.starts_with('/') {
            continue;
        }
        let first = path.split('/').next().unwrap_or("");
        if first.ends_with(".dist-info") || first.ends_with(".data") || first == "__pycache__" {
            continue;
        }
        let module = if path.contains('/') {
            first
        } else if let Some(m) = first.strip_suffix(".py") {
            m
        } else if first.ends_with(".so") || first.ends_with(".pyd") {
            first.split('.').next().unwrap_or("")
        } else {
            continue;
        };
        if !module.is_empty() && module.chars().all(|c| c.is_alphanumeric() || c == '_') {
            out.push(module.to_owned());
        }
    }
    out
}

/// The environment of the project at `root`, cached until a `site-packages`
/// directory changes (its modification time moves when packages are added)
/// or an environment appears in the project.
pub fn for_project(root: Option<&Path>) -> Arc<PythonEnv> {
    static CACHE: LazyLock<StampCache<Option<PathBuf>, PythonEnv>> =
        LazyLock::new(StampCache::default);
    CACHE.get_or_load(&root.map(Path::to_path_buf), || {
        let envs = env_dirs(root);
        let dirs: Vec<PathBuf> = envs.iter().flat_map(|e| site_packages(e)).collect();
        let mut env = PythonEnv::default();
        for d in &dirs {
            read_site_packages(d, &mut env);
        }
        let mut watched = dirs;
        watched.extend(envs);
        watched.extend(root.map(Path::to_path_buf));
        (env, watched)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_top_level_and_record() {
        let dir = tempfile::tempdir().unwrap();
        let sp = dir.path();
        let a = sp.join("pyzmq-26.0.0.dist-info");
        std::fs::create_dir_all(&a).unwrap();
        std::fs::write(
            a.join("METADATA"),
            "Metadata-Version: 2.1\nName: pyzmq\nVersion: 26.0.0\n\nbody",
        )
        .unwrap();
        std::fs::write(a.join("top_level.txt"), "zmq\n").unwrap();
        let b = sp.join("attrs-23.1.0.dist-info");
        std::fs::create_dir_all(&b).unwrap();
        std::fs::write(
            b.join("RECORD"),
            "attr/__init__.py,sha256=x,1\nattrs/__init__.py,sha256=x,1\nattrs-23.1.0.dist-info/METADATA,,\n",
        )
        .unwrap();
        let mut env = PythonEnv::default();
        read_site_packages(sp, &mut env);
        assert_eq!(env.dists_for("zmq"), ["pyzmq"]);
        assert_eq!(env.dists_for("attr"), ["attrs"]);
        assert_eq!(
            env.installed.get("pyzmq").map(String::as_str),
            Some("26.0.0")
        );
    }
}
