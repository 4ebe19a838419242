//! Replays every saved fuzz input on stable Rust: the seed corpora in
//! `fuzz/corpus/<target>/` and the crash regressions in
//! `fuzz/regressions/<target>/`, each through the same entry point its fuzz
//! target calls (`suggestguard::fuzzing`). The fuzz targets themselves need a
//! nightly toolchain (`fuzz/run.sh`); this keeps what they found fixed in CI.

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

fn replay(target: &str) {
    let seeds = inputs("corpus", target);
    assert!(
        !seeds.is_empty(),
        "fuzz/corpus/{target}/ holds no seed inputs"
    );
    for path in seeds.iter().chain(&inputs("regressions", target)) {
        let data = std::fs::read(path).unwrap();
        // A panic names the input so it can be replayed alone.
        eprintln!("replaying {}", path.display());
        assert!(fuzzing::run(target, &data), "unknown target {target}");
    }
}

#[test]
fn every_target_has_a_corpus_and_every_corpus_a_target() {
    let mut dirs: Vec<String> = std::fs::read_dir(root().join("corpus"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    dirs.sort();
    let mut targets: Vec<String> = fuzzing::TARGETS.iter().map(|t| t.to_string()).collect();
    targets.sort();
    assert_eq!(dirs, targets);
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
