//! Crates cargo on this machine already knows: the sparse index cache and the
//! downloaded sources under `$CARGO_HOME/registry`. A crate found there exists
//! even when it is outside the bundled list of the most downloaded crates.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// `$CARGO_HOME`, else `~/.cargo`.
pub fn cargo_home() -> Option<PathBuf> {
    std::env::var_os("CARGO_HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
        .or_else(|| super::home_dir().map(|h| h.join(".cargo")))
}

/// Normalised names of the crates in cargo's local registry cache; read once.
pub fn known_crates() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| {
        let mut set = HashSet::new();
        if let Some(home) = cargo_home() {
            collect(&home.join("registry"), &mut set);
        }
        set
    })
}

/// Read the crate names under a `registry` directory into `set`.
pub fn collect(registry: &Path, set: &mut HashSet<String>) {
    // index/<registry>/.cache/<prefix dirs>/<name>: one file per crate.
    if let Ok(dirs) = std::fs::read_dir(registry.join("index")) {
        for dir in dirs.flatten() {
            walk_cache(&dir.path().join(".cache"), 0, set);
        }
    }
    // cache/<registry>/<name>-<version>.crate and src/<registry>/<name>-<version>/
    for sub in ["cache", "src"] {
        if let Ok(dirs) = std::fs::read_dir(registry.join(sub)) {
            for dir in dirs.flatten() {
                let Ok(entries) = std::fs::read_dir(dir.path()) else {
                    continue;
                };
                for entry in entries.flatten() {
                    let file = entry.file_name();
                    let file = file.to_string_lossy();
                    let stem = file.strip_suffix(".crate").unwrap_or(&file);
                    if let Some(name) = strip_version(stem) {
                        set.insert(super::names::normalize_crate(name));
                    }
                }
            }
        }
    }
}

fn walk_cache(dir: &Path, depth: usize, set: &mut HashSet<String>) {
    if depth > 3 {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            walk_cache(&path, depth + 1, set);
        } else if kind.is_file() && depth > 0 {
            let name = entry.file_name().to_string_lossy().into_owned();
            if super::names::is_valid_name(&name) {
                set.insert(super::names::normalize_crate(&name));
            }
        }
    }
}

/// `serde_json-1.0.100` -> `serde_json`: the name ends before the `-` that
/// starts a version number.
fn strip_version(stem: &str) -> Option<&str> {
    let bytes = stem.as_bytes();
    (1..bytes.len())
        .rev()
        .find(|&i| bytes[i - 1] == b'-' && bytes[i].is_ascii_digit())
        .map(|i| &stem[..i - 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_a_registry_tree() {
        let dir = tempfile::tempdir().unwrap();
        let reg = dir.path();
        std::fs::create_dir_all(reg.join("index/r/.cache/se/rd")).unwrap();
        std::fs::write(reg.join("index/r/.cache/se/rd/serde_derive"), "x").unwrap();
        std::fs::create_dir_all(reg.join("cache/r")).unwrap();
        std::fs::write(reg.join("cache/r/proc-macro2-1.0.79.crate"), "x").unwrap();
        let mut set = HashSet::new();
        collect(reg, &mut set);
        assert!(set.contains("serde-derive"));
        assert!(set.contains("proc-macro2"));
        assert_eq!(set.len(), 2);
    }
}
