//! Accuracy on a labelled corpus: files whose vulnerable lines carry a
//! comment `# expect: CWE-89` (`// expect: CWE-89` in Rust; several CWEs
//! separated by commas). Every other line must stay silent. Counts are per
//! CWE: an expectation is found when a finding on its line carries that CWE;
//! a finding is a false positive when none of its CWEs is expected on its
//! line (it is counted under its first CWE, or under "no CWE"). The one
//! exception: a finding of hint severity on a line not labelled with any of
//! its CWEs is a review note, counted apart and not as a false positive. Hint
//! rules mark code for review (`unsafe` blocks, uses of `random`) and say so;
//! one may share a line with another, labelled weakness
//! (`unsafe { from_raw_parts(p, n) } // expect: CWE-119`).
//!
//! The corpus tests of every language (tests/corpus.rs,
//! tests/accuracy_python.rs) and `suggestguard accuracy DIR` use this scorer.

use crate::config::Config;
use crate::engine::{Engine, Source};
use crate::finding::Severity;
use crate::lang::Language;
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet, HashSet};
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
    /// Hint-severity findings on lines not labelled with any of their CWEs:
    /// not false positives.
    pub review_notes: Vec<Miss>,
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
            out.push_str(&row(cwe_name(*cwe), s));
        }
        out.push_str(&row("**total**".into(), &self.total()));
        out
    }

    /// Review notes per rule.
    pub fn review_notes_by_rule(&self) -> BTreeMap<&str, usize> {
        let mut out = BTreeMap::new();
        for m in &self.review_notes {
            *out.entry(m.rule.as_deref().unwrap_or("")).or_default() += 1;
        }
        out
    }

    /// The table, then every miss, false positive and review note, for a terminal.
    pub fn details(&self) -> String {
        let mut out = format!("{} files\n\n{}", self.files, self.table());
        out.push_str(&format!(
            "\nreview notes (hints matching no label): {}",
            self.review_notes.len()
        ));
        for (rule, n) in self.review_notes_by_rule() {
            out.push_str(&format!(", {rule} {n}"));
        }
        out.push('\n');
        for m in &self.missed {
            out.push_str(&format!(
                "missed  {}:{} {}\n",
                m.file.display(),
                m.line,
                cwe_name(m.cwe)
            ));
        }
        for (label, list) in [
            ("extra ", &self.false_positives),
            ("note  ", &self.review_notes),
        ] {
            for m in list {
                out.push_str(&format!(
                    "{label}  {}:{} {} ({})\n",
                    m.file.display(),
                    m.line,
                    cwe_name(m.cwe),
                    m.rule.as_deref().unwrap_or("")
                ));
            }
        }
        out
    }
}

/// "CWE-89", or "no CWE" for 0 (findings of rules without a CWE).
fn cwe_name(cwe: u32) -> String {
    if cwe == 0 {
        "no CWE".to_owned()
    } else {
        format!("CWE-{cwe}")
    }
}

/// The label comment of a language's line comments: `# expect:` or `// expect:`.
fn expect_regex(language: Language) -> &'static Regex {
    static HASH: OnceLock<Regex> = OnceLock::new();
    static SLASHES: OnceLock<Regex> = OnceLock::new();
    let comment = language.line_comment();
    let cell = if comment == "//" { &SLASHES } else { &HASH };
    cell.get_or_init(|| {
        Regex::new(&format!(r"{}\s*expect:(.*)", regex::escape(comment))).expect("expect regex")
    })
}

/// The expectations of one file in `language`: (1-based line, CWE). A label
/// that names no CWE (`# expect: SQL`) is an error, reported with its line.
pub fn expectations(text: &str, language: Language) -> Result<HashSet<(usize, u32)>, String> {
    let mut out = HashSet::new();
    for (i, line) in text.lines().enumerate() {
        let Some(c) = expect_regex(language).captures(line) else {
            continue;
        };
        let cwes: Vec<u32> = c[1]
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter_map(|w| w.strip_prefix("CWE-"))
            .filter_map(|n| n.parse().ok())
            .collect();
        if cwes.is_empty() {
            return Err(format!("line {}: a label without a CWE", i + 1));
        }
        out.extend(cwes.into_iter().map(|cwe| (i + 1, cwe)));
    }
    Ok(out)
}

/// Analyse every Python and Rust file under `dir` and compare with its labels.
pub fn evaluate(dir: &Path, engine: &Engine, config: &Config) -> std::io::Result<Report> {
    evaluate_where(dir, |language| language != Language::Text, engine, config)
}

/// Analyse the files of one language under `dir` and compare with their labels.
pub fn evaluate_language(
    dir: &Path,
    language: Language,
    engine: &Engine,
    config: &Config,
) -> std::io::Result<Report> {
    evaluate_where(dir, |l| l == language, engine, config)
}

fn evaluate_where(
    dir: &Path,
    wanted: impl Fn(Language) -> bool,
    engine: &Engine,
    config: &Config,
) -> std::io::Result<Report> {
    let mut files: Vec<PathBuf> = ignore::WalkBuilder::new(dir)
        .standard_filters(false)
        .build()
        .flatten()
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .map(|e| e.into_path())
        .filter(|p| wanted(Language::from_path(p)))
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
        let expected = expectations(&text, language).map_err(|e| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("{}: {e}", path.display()),
            )
        })?;
        for &(_, cwe) in &expected {
            report.per_cwe.entry(cwe).or_default().expected += 1;
        }
        let mut found: HashSet<(usize, u32)> = HashSet::new();
        let mut extra: BTreeSet<(usize, u32, String)> = BTreeSet::new();
        let mut notes: BTreeSet<(usize, u32, String)> = BTreeSet::new();
        for f in &findings {
            let line = text[..f.range.start.min(text.len())].matches('\n').count() + 1;
            let mut matched = false;
            for &cwe in &f.cwe {
                if expected.contains(&(line, cwe)) {
                    found.insert((line, cwe));
                    matched = true;
                }
            }
            if matched {
                continue;
            }
            let key = (line, f.cwe.first().copied().unwrap_or(0), f.rule_id.clone());
            if f.severity == Severity::Hint {
                notes.insert(key);
            } else {
                extra.insert(key);
            }
        }
        for &(_, cwe) in &found {
            report.per_cwe.entry(cwe).or_default().found += 1;
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
        for (line, cwe, rule) in extra {
            report.per_cwe.entry(cwe).or_default().false_positives += 1;
            report.false_positives.push(Miss {
                file: path.clone(),
                line,
                cwe,
                rule: Some(rule),
            });
        }
        for (line, cwe, rule) in notes {
            report.review_notes.push(Miss {
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
    fn reads_the_labels_of_each_language() {
        let text = "a\nb  # expect: CWE-89, CWE-78\nc // expect: CWE-22 (zip slip)\n";
        let python = expectations(text, Language::Python).unwrap();
        assert_eq!(python, HashSet::from([(2, 89), (2, 78)]));
        let rust = expectations(text, Language::Rust).unwrap();
        assert_eq!(rust, HashSet::from([(3, 22)]));
        assert!(expectations("x = 1  # expect: SQL\n", Language::Python)
            .unwrap_err()
            .starts_with("line 1:"));
    }

    /// A hint matching no label is a review note, also on a line labelled
    /// with another weakness; any other finding matching no label is a false
    /// positive.
    #[test]
    fn hints_on_unlabelled_lines_are_review_notes() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("jitter.py");
        let text = "import random\nimport yaml\n\ndelay = random.uniform(0, 1)\nyaml.load(f)\n";
        let engine = Engine::builtin();
        let config = Config::default();
        let score = |text: &str| {
            std::fs::write(&file, text).unwrap();
            evaluate_language(dir.path(), Language::Python, engine, &config).unwrap()
        };
        let rules = |list: &[Miss]| -> Vec<(usize, u32, String)> {
            list.iter()
                .map(|m| (m.line, m.cwe, m.rule.clone().unwrap_or_default()))
                .collect()
        };

        let report = score(text);
        assert_eq!(
            rules(&report.review_notes),
            [(4, 330, "py-random-use".into())]
        );
        assert_eq!(
            rules(&report.false_positives),
            [(5, 502, "py-yaml-load".into())]
        );
        assert_eq!(report.per_cwe[&502].false_positives, 1);
        assert!(!report.per_cwe.contains_key(&330));

        let report = score(&text.replace("1)\n", "1)  # expect: CWE-330\n"));
        assert!(report.review_notes.is_empty());
        assert_eq!(report.per_cwe[&330].found, 1);

        let report = score(&text.replace("1)\n", "1)  # expect: CWE-89\n"));
        assert_eq!(
            rules(&report.review_notes),
            [(4, 330, "py-random-use".into())]
        );
        assert_eq!(report.per_cwe[&89].expected, 1);
        assert_eq!(report.per_cwe[&89].found, 0);
        assert_eq!(report.missed.len(), 1);

        // Only the files of the language asked for.
        let report = evaluate_language(dir.path(), Language::Rust, engine, &config).unwrap();
        assert_eq!(report.files, 0);
    }
}
