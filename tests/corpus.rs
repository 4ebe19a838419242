//! The labelled corpora under `tests/corpus/<language>/`: realistic snippets
//! annotated with the weaknesses they contain, scored the way code-scanning
//! services score SARIF results: a finding counts when one of its rule's CWEs
//! is expected on the finding's line.
//!
//! Annotation: a line comment `expect: CWE-78` (several: `expect: CWE-22, CWE-78`)
//! on the line of the flagged call. Unannotated files must stay silent.
//!
//! `cargo test --test corpus -- --nocapture` prints recall and false positives
//! per CWE for each language; docs/accuracy.md quotes these figures.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use suggestguard::config::Config;
use suggestguard::engine::analyze_text;
use suggestguard::finding::Severity;
use suggestguard::lang::Language;

/// Line number (1-based) -> CWEs expected there.
fn expectations(text: &str, comment: &str) -> BTreeMap<usize, BTreeSet<u32>> {
    let mut out = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        let Some(at) = line.find(&format!("{comment} expect:")) else {
            continue;
        };
        let rest = &line[at + comment.len() + " expect:".len()..];
        let cwes: BTreeSet<u32> = rest
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter_map(|w| w.trim().strip_prefix("CWE-"))
            .filter_map(|n| n.parse().ok())
            .collect();
        assert!(!cwes.is_empty(), "line {}: malformed annotation", i + 1);
        out.insert(i + 1, cwes);
    }
    out
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// Counts for one CWE.
#[derive(Default, Clone, Copy)]
struct Tally {
    expected: usize,
    found: usize,
    false_positives: usize,
}

/// What the corpus of one language scored.
#[derive(Default)]
struct Score {
    files: usize,
    per_cwe: BTreeMap<u32, Tally>,
    /// Findings of hint-severity review rules on unannotated lines, by rule.
    review_notes: BTreeMap<String, usize>,
    misses: Vec<String>,
    false_positives: Vec<String>,
}

fn score(language: Language) -> Score {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(language.name());
    let mut score = Score::default();
    if !dir.is_dir() {
        return score;
    }
    let config = Config::default();
    for path in common::files_under(&dir) {
        if Language::from_path(&path) != language {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("readable corpus file");
        let name = path
            .strip_prefix(&dir)
            .unwrap_or(&path)
            .display()
            .to_string();
        score.files += 1;
        let expected = expectations(&text, language.line_comment());
        for cwes in expected.values() {
            for cwe in cwes {
                score.per_cwe.entry(*cwe).or_default().expected += 1;
            }
        }
        let findings = analyze_text(&text, language, Some(&path), &config);
        let mut matched: BTreeSet<(usize, u32)> = BTreeSet::new();
        for f in &findings {
            let line = line_of(&text, f.range.start);
            let hit = expected
                .get(&line)
                .and_then(|want| f.cwe.iter().find(|c| want.contains(c)));
            match hit {
                Some(cwe) => {
                    matched.insert((line, *cwe));
                }
                None if f.severity == Severity::Hint => {
                    *score.review_notes.entry(f.rule_id.clone()).or_default() += 1;
                }
                None => {
                    let cwe = f.cwe.first().copied().unwrap_or(0);
                    score.per_cwe.entry(cwe).or_default().false_positives += 1;
                    score
                        .false_positives
                        .push(format!("{name}:{line}: {} (CWE-{cwe})", f.rule_id));
                }
            }
        }
        for (line, cwes) in &expected {
            for cwe in cwes {
                if matched.contains(&(*line, *cwe)) {
                    score.per_cwe.entry(*cwe).or_default().found += 1;
                } else {
                    score
                        .misses
                        .push(format!("{name}:{line}: CWE-{cwe} not found"));
                }
            }
        }
    }
    score
}

fn report(language: Language, score: &Score) -> String {
    let mut out = format!(
        "{} corpus: {} files\n\n| CWE | expected | found | recall | false positives |\n|---|---|---|---|---|\n",
        language.name(),
        score.files
    );
    let mut total = Tally::default();
    for (cwe, t) in &score.per_cwe {
        let recall = if t.expected == 0 {
            "-".to_owned()
        } else {
            format!("{:.0}%", 100.0 * t.found as f64 / t.expected as f64)
        };
        out.push_str(&format!(
            "| CWE-{cwe} | {} | {} | {recall} | {} |\n",
            t.expected, t.found, t.false_positives
        ));
        total.expected += t.expected;
        total.found += t.found;
        total.false_positives += t.false_positives;
    }
    let precision = total.found as f64 / (total.found + total.false_positives).max(1) as f64;
    out.push_str(&format!(
        "| all | {} | {} | {:.0}% | {} |\n\nprecision {:.0}%; review notes (hint severity) on unlabelled lines: {:?}\n",
        total.expected,
        total.found,
        100.0 * total.found as f64 / total.expected.max(1) as f64,
        total.false_positives,
        100.0 * precision,
        score.review_notes
    ));
    for m in &score.misses {
        out.push_str(&format!("miss  {m}\n"));
    }
    for f in &score.false_positives {
        out.push_str(&format!("false {f}\n"));
    }
    out
}

#[test]
fn rust_corpus_recall_and_precision() {
    let score = score(Language::Rust);
    println!("{}", report(Language::Rust, &score));
    assert!(
        score.files >= 60,
        "the Rust corpus has {} files",
        score.files
    );
    let expected: usize = score.per_cwe.values().map(|t| t.expected).sum();
    let found: usize = score.per_cwe.values().map(|t| t.found).sum();
    let false_positives: usize = score.per_cwe.values().map(|t| t.false_positives).sum();
    assert!(
        found * 100 >= expected * 90,
        "recall fell below 90%: {found}/{expected}"
    );
    assert!(
        false_positives * 100 <= (found + false_positives) * 5,
        "precision fell below 95%: {false_positives} false positives"
    );
}
