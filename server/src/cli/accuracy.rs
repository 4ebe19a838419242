//! Accuracy on a labelled corpus: files whose vulnerable lines carry a
//! comment `# expect: CWE-89` (`// expect: CWE-89` in Rust; several CWEs
//! separated by commas). Every other line must stay silent. Counts are per
//! CWE: an expectation is found when a finding on its line carries that CWE;
//! a finding is a false positive when none of its CWEs is expected on its
//! line (it is counted under its first CWE).

use crate::config::Config;
use crate::engine::{Engine, Source};
use crate::lang::Language;
use regex::Regex;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CweStats {
    pub expected: usize,
    pub found: usize,
    pub false_positives: usize,
}

impl CweStats {
    pub fn recall(&self) -> f64 {
        ratio(self.found, self.expected)
    }
    pub fn precision(&self) -> f64 {
        ratio(self.found, self.found + self.false_positives)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// One line where the result differs from the label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Miss {
    pub file: PathBuf,
    pub line: usize,
    pub cwe: u32,
    /// The rule that reported it (false positives only).
    pub rule: Option<String>,
}

#[derive(Debug, Default)]
pub struct Report {
    pub files: usize,
    pub per_cwe: BTreeMap<u32, CweStats>,
    pub missed: Vec<Miss>,
    pub false_positives: Vec<Miss>,
}

impl Report {
    pub fn total(&self) -> CweStats {
        let mut t = CweStats::default();
        for s in self.per_cwe.values() {
            t.expected += s.expected;
            t.found += s.found;
            t.false_positives += s.false_positives;
        }
        t
    }

    /// A Markdown table: one row per CWE, then the total.
    pub fn table(&self) -> String {
        let mut out = String::from(
            "| CWE | expected | found | missed | false positives | recall | precision |\n|---|---:|---:|---:|---:|---:|---:|\n",
        );
        let row = |name: String, s: &CweStats| {
            format!(
                "| {name} | {} | {} | {} | {} | {:.0}% | {:.0}% |\n",
                s.expected,
                s.found,
                s.expected - s.found,
                s.false_positives,
                100.0 * s.recall(),
                100.0 * s.precision()
            )
        };
        for (cwe, s) in &self.per_cwe {
            out.push_str(&row(format!("CWE-{cwe}"), s));
        }
        out.push_str(&row("**total**".into(), &self.total()));
        out
    }

    /// The table, then every miss and false positive, for a terminal.
    pub fn details(&self) -> String {
        let mut out = format!("{} files\n\n{}", self.files, self.table());
        for m in &self.missed {
            out.push_str(&format!(
                "missed  {}:{} CWE-{}\n",
                m.file.display(),
                m.line,
                m.cwe
            ));
        }
        for m in &self.false_positives {
            out.push_str(&format!(
                "extra   {}:{} CWE-{} ({})\n",
                m.file.display(),
                m.line,
                m.cwe,
                m.rule.as_deref().unwrap_or("")
            ));
        }
        out
    }
}

fn expect_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?:#|//)\s*expect:\s*((?:CWE-\d+\s*,?\s*)+)").expect("expect regex")
    })
}

/// The expectations of one file: (1-based line, CWE).
pub fn expectations(text: &str) -> HashSet<(usize, u32)> {
    let mut out = HashSet::new();
    for (i, line) in text.lines().enumerate() {
        if let Some(c) = expect_regex().captures(line) {
            for cwe in c[1].split(',') {
                if let Some(n) = cwe.trim().strip_prefix("CWE-").and_then(|n| n.parse().ok()) {
                    out.insert((i + 1, n));
                }
            }
        }
    }
    out
}

/// Analyse every Python and Rust file under `dir` and compare with its labels.
pub fn evaluate(dir: &Path, engine: &Engine, config: &Config) -> std::io::Result<Report> {
    let mut files: Vec<PathBuf> = ignore::WalkBuilder::new(dir)
        .standard_filters(false)
        .build()
        .flatten()
        .map(|e| e.into_path())
        .filter(|p| Language::from_path(p) != Language::Text)
        .collect();
    files.sort();
    let mut report = Report::default();
    for path in files {
        let text = std::fs::read_to_string(&path)?;
        let language = Language::from_path(&path);
        let tree = language.parse(&text);
        let findings = engine.analyze_guarded(
            &Source {
                text: &text,
                tree: tree.as_ref(),
                language,
                path: Some(&path),
            },
            config,
        );
        let expected = expectations(&text);
        for &(_, cwe) in &expected {
            report.per_cwe.entry(cwe).or_default().expected += 1;
        }
        let mut found: HashSet<(usize, u32)> = HashSet::new();
        let mut extra: HashSet<(usize, u32, String)> = HashSet::new();
        for f in &findings {
            if f.cwe.is_empty() {
                continue;
            }
            let line = text[..f.range.start.min(text.len())].matches('\n').count() + 1;
            let mut matched = false;
            for &cwe in &f.cwe {
                if expected.contains(&(line, cwe)) {
                    found.insert((line, cwe));
                    matched = true;
                }
            }
            if !matched {
                extra.insert((line, f.cwe[0], f.rule_id.clone()));
            }
        }
        for &(line, cwe) in &found {
            report.per_cwe.entry(cwe).or_default().found += 1;
            let _ = line;
        }
        let mut missed: Vec<&(usize, u32)> = expected.difference(&found).collect();
        missed.sort();
        for &(line, cwe) in missed {
            report.missed.push(Miss {
                file: path.clone(),
                line,
                cwe,
                rule: None,
            });
        }
        let mut extra: Vec<_> = extra.into_iter().collect();
        extra.sort();
        for (line, cwe, rule) in extra {
            report.per_cwe.entry(cwe).or_default().false_positives += 1;
            report.false_positives.push(Miss {
                file: path.clone(),
                line,
                cwe,
                rule: Some(rule),
            });
        }
        report.files += 1;
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_expectations() {
        let e = expectations("a\nb  # expect: CWE-89, CWE-78\nc // expect: CWE-22\n");
        assert!(e.contains(&(2, 89)) && e.contains(&(2, 78)) && e.contains(&(3, 22)));
        assert_eq!(e.len(), 3);
    }
}
