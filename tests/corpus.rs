//! The labelled Rust corpus under `tests/corpus/rust/`: realistic snippets
//! annotated with the weaknesses they contain, scored the way code-scanning
//! services score SARIF results: a finding counts when one of its rule's CWEs
//! is expected on the finding's line.
//!
//! Annotation: a line comment `// expect: CWE-78` (several:
//! `// expect: CWE-22, CWE-78`) on the line of the flagged call. Unannotated
//! files must stay silent; hint-severity findings on unlabelled lines are
//! review notes, not false positives. The scorer is the library's
//! (`suggestguard::cli::accuracy`), the same as for the Python corpus in
//! tests/accuracy_python.rs.
//!
//! `cargo test --test corpus -- --nocapture` prints recall and false positives
//! per CWE; docs/accuracy.md quotes these figures.

use std::path::Path;
use suggestguard::cli::accuracy::evaluate_language;
use suggestguard::config::Config;
use suggestguard::engine::Engine;
use suggestguard::lang::Language;

#[test]
fn rust_corpus_recall_and_precision() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/rust");
    let report =
        evaluate_language(&dir, Language::Rust, Engine::builtin(), &Config::default()).unwrap();
    println!("rust corpus: {}", report.details());
    assert!(
        report.files >= 60,
        "the Rust corpus has {} files",
        report.files
    );
    let total = report.total();
    assert!(
        total.found * 100 >= total.expected * 90,
        "recall fell below 90%: {}/{}",
        total.found,
        total.expected
    );
    assert!(
        total.false_positives * 100 <= (total.found + total.false_positives) * 5,
        "precision fell below 95%: {} false positives",
        total.false_positives
    );
    // Review notes are not false positives, but they must not swamp the results.
    let notes = report.review_notes.len();
    assert!(
        (total.false_positives + notes) * 100 <= (total.found + total.false_positives + notes) * 10,
        "{notes} review notes and {} false positives on unlabelled lines",
        total.false_positives
    );
    // No weakness class may collapse, even when the total stays high.
    for (cwe, s) in &report.per_cwe {
        assert!(s.recall() >= 0.5, "CWE-{cwe}: recall {:.2}", s.recall());
    }
}
