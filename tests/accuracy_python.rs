//! Recall and precision on the labelled Python corpus (tests/corpus/python).
//! The table is printed (`cargo test --test accuracy_python -- --nocapture`)
//! and the thresholds keep regressions from landing unnoticed; the figures
//! are recorded in docs/accuracy.md.

use std::path::Path;
use suggestguard::cli::accuracy::evaluate;
use suggestguard::config::Config;
use suggestguard::engine::Engine;

#[test]
fn python_corpus_recall_and_precision() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/python");
    let report = evaluate(&dir, Engine::builtin(), &Config::default()).unwrap();
    println!("{}", report.details());
    assert!(report.files >= 150, "corpus has {} files", report.files);
    let total = report.total();
    assert!(
        total.expected >= 100,
        "only {} labelled lines",
        total.expected
    );
    assert!(
        total.recall() >= 0.90,
        "recall {:.2} below 0.90",
        total.recall()
    );
    assert!(
        total.precision() >= 0.90,
        "precision {:.2} below 0.90",
        total.precision()
    );
    // No weakness class may collapse, even when the total stays high.
    for (cwe, s) in &report.per_cwe {
        assert!(s.recall() >= 0.5, "CWE-{cwe}: recall {:.2}", s.recall());
    }
}
