//! Fixtures for the Rust rules: `tests/fixtures/rust/*.rs`, each line that
//! must be flagged annotated with `// expect: rule-id[, rule-id]`. Every other
//! line must stay silent (the `rs-unsafe-block` review hint is only checked on
//! annotated lines, since it marks every `unsafe`, except in files saying
//! `// Checked: every unsafe`). Fixes offered on these files must parse and
//! remove their finding.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use suggestguard::config::Config;
use suggestguard::engine::{analyze_text, fix};
use suggestguard::lang::Language;

fn expectations(text: &str) -> BTreeMap<usize, BTreeSet<String>> {
    let mut out = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        if let Some((_, rest)) = line.split_once("// expect:") {
            let ids: BTreeSet<String> = rest
                .split(',')
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect();
            out.insert(i + 1, ids);
        }
    }
    out
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

fn fixture_files() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rust");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("fixture dir")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    files
}

#[test]
fn fixtures_flag_exactly_the_annotated_lines() {
    let config = Config::default();
    let mut problems = Vec::new();
    let mut annotated = 0;
    for path in fixture_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let expected = expectations(&text);
        let every_unsafe = text.contains("// Checked: every unsafe");
        annotated += expected.len();
        let mut found: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
        for f in analyze_text(&text, Language::Rust, Some(&path), &config) {
            let line = line_of(&text, f.range.start);
            if f.rule_id == "rs-unsafe-block" && !every_unsafe && !expected.contains_key(&line) {
                continue;
            }
            found.entry(line).or_default().insert(f.rule_id.clone());
        }
        for line in expected.keys().chain(found.keys()).collect::<BTreeSet<_>>() {
            let want = expected.get(line).cloned().unwrap_or_default();
            let got = found.get(line).cloned().unwrap_or_default();
            if want != got {
                problems.push(format!("{name}:{line}: expected {want:?}, got {got:?}"));
            }
        }
    }
    assert!(annotated >= 30, "only {annotated} annotated lines");
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn fixes_on_fixtures_parse_and_remove_their_finding() {
    let config = Config::default();
    let mut applied = 0;
    for path in fixture_files().into_iter().chain(corpus_files()) {
        let text = std::fs::read_to_string(&path).unwrap();
        for finding in analyze_text(&text, Language::Rust, Some(&path), &config) {
            let Some(fix) = &finding.fix else { continue };
            let fixed = fix::apply_edits(&text, &fix.edits).expect("edits apply");
            assert!(
                fix::syntax_error_count(Language::Rust, &fixed)
                    <= fix::syntax_error_count(Language::Rust, &text),
                "{}: fix for {} breaks the syntax:\n{fixed}",
                path.display(),
                finding.rule_id
            );
            let line = line_of(&text, finding.range.start);
            let still = analyze_text(&fixed, Language::Rust, Some(&path), &config)
                .into_iter()
                .any(|f| f.rule_id == finding.rule_id && line_of(&fixed, f.range.start) == line);
            assert!(
                !still,
                "{}:{line}: {} remains after its fix:\n{fixed}",
                path.display(),
                finding.rule_id
            );
            applied += 1;
        }
    }
    assert!(applied >= 5, "only {applied} fixes were exercised");
}

fn corpus_files() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/rust");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("corpus dir")
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    files
}
