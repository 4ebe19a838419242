//! Replays every saved fuzz input on stable Rust: the seed corpora in
//! `fuzz/corpus/<target>/`, the test data `fuzz/seeds.txt` shares with a
//! target, and the crash regressions in `fuzz/regressions/<target>/`, each through the same entry point its fuzz
//! target calls (`suggestguard::fuzzing`). The fuzz targets themselves need a
//! nightly toolchain (`fuzz/run.sh`); this keeps what they found fixed in CI.

mod common;

use std::path::{Path, PathBuf};
use suggestguard::fuzzing;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

/// The files of `dir/<target>/`, sorted; none when the directory is missing.
fn inputs(dir: &str, target: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(root().join(dir).join(target)) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// `fuzz/seeds.txt`: each target with the directories it shares with the tests.
fn shared_seeds() -> Vec<(String, Vec<PathBuf>)> {
    let text = std::fs::read_to_string(root().join("seeds.txt")).unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut words = l.split_whitespace();
            let target = words.next().unwrap().to_owned();
            (target, words.map(|d| repo.join(d)).collect())
        })
        .collect()
}

fn replay(target: &str) {
    let mut seeds = inputs("corpus", target);
    for (_, dirs) in shared_seeds().iter().filter(|(t, _)| t == target) {
        for dir in dirs {
            seeds.extend(common::files_under(dir));
        }
    }
    assert!(!seeds.is_empty(), "no seed inputs for {target}");
    for path in seeds.iter().chain(&inputs("regressions", target)) {
        let data = std::fs::read(path).unwrap();
        // A panic names the input so it can be replayed alone.
        eprintln!("replaying {}", path.display());
        assert!(fuzzing::run(target, &data), "unknown target {target}");
    }
}

#[test]
fn every_target_has_seeds_and_every_seed_a_target() {
    let mut named: Vec<String> = std::fs::read_dir(root().join("corpus"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    for (target, dirs) in shared_seeds() {
        for dir in &dirs {
            assert!(dir.is_dir(), "seeds.txt names a missing {}", dir.display());
        }
        named.push(target);
    }
    named.sort();
    named.dedup();
    let mut targets: Vec<String> = fuzzing::TARGETS.iter().map(|t| t.to_string()).collect();
    targets.sort();
    assert_eq!(named, targets);
    for target in fuzzing::TARGETS {
        let source = root().join("fuzz_targets").join(format!("{target}.rs"));
        let text = std::fs::read_to_string(&source).unwrap();
        assert!(
            text.contains(&format!("suggestguard::fuzzing::{target}(")),
            "{} does not call fuzzing::{target}",
            source.display()
        );
    }
}

#[test]
fn engine_python_inputs() {
    replay("engine_python");
}

#[test]
fn engine_rust_inputs() {
    replay("engine_rust");
}

#[test]
fn secrets_inputs() {
    replay("secrets");
}

#[test]
fn manifests_inputs() {
    replay("manifests");
}

#[test]
fn jsonrpc_inputs() {
    replay("jsonrpc");
}

#[test]
fn document_edits_inputs() {
    replay("document_edits");
}
