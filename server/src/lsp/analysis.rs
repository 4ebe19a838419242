//! One analysis of a snapshot, as the editor sees it: the engine's findings,
//! where each one's code came from, and the subset the `focus` setting shows.
//! Runs off the message loop (on a blocking thread).

use crate::config::{Config, Focus};
use crate::document::Snapshot;
use crate::engine::{Engine, Source, Stop};
use crate::finding::{Finding, Severity};
use crate::gitdiff;
use crate::provenance::{line_span, Committed, Insertion, Origin};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Default)]
pub struct Analysis {
    /// The findings `focus` lets through, in source order (shared with what
    /// is published, so hover and code actions read them without a copy).
    pub shown: Arc<[Finding]>,
    /// Where the code of each shown finding came from (same order).
    pub origins: Vec<Origin>,
    /// Findings before `focus` was applied.
    pub total: usize,
    pub elapsed: Duration,
}

/// Documents larger than this are kept (edits still apply) but neither parsed
/// nor analysed: the limit the command line uses for files.
pub const MAX_DOCUMENT_BYTES: usize = crate::cli::scan::MAX_FILE_BYTES as usize;

/// Rule id of the note shown on a document too large to analyse.
pub const TOO_LARGE_RULE: &str = "file-too-large";

/// The one note shown instead of findings on a document of `len` bytes.
pub fn too_large(len: usize) -> Finding {
    let mb = |n: usize| n as f64 / (1024.0 * 1024.0);
    Finding {
        rule_id: TOO_LARGE_RULE.to_owned(),
        range: 0..0,
        severity: Severity::Info,
        cwe: Vec::new(),
        message: format!(
            "suggestguard skipped this file: {:.1} MB is over the {:.0} MB limit for analysis.",
            mb(len),
            mb(MAX_DOCUMENT_BYTES)
        ),
        fix: None,
        related: Vec::new(),
    }
}

/// Rule id of the note on a document no parse finished for.
pub const UNPARSED_RULE: &str = "parse-timeout";

/// The note shown on a document whose syntax tree could not be built in time.
fn unparsed() -> Finding {
    Finding {
        rule_id: UNPARSED_RULE.to_owned(),
        range: 0..0,
        severity: Severity::Info,
        cwe: Vec::new(),
        message: format!(
            "suggestguard could not parse this file within {} ms (it is very large or very deeply nested); only the checks that need no syntax tree ran.",
            crate::document::PARSE_BUDGET.as_millis()
        ),
        fix: None,
        related: Vec::new(),
    }
}

pub fn analyse(snapshot: &Snapshot, config: &Config) -> Analysis {
    analyse_until(snapshot, config, &|| false).unwrap_or_default()
}

/// [`analyse`], abandoned (`None`) once `stop` says a newer version is here.
pub fn analyse_until(snapshot: &Snapshot, config: &Config, stop: &Stop<'_>) -> Option<Analysis> {
    let started = Instant::now();
    if snapshot.text.len() > MAX_DOCUMENT_BYTES {
        // Shown whatever the focus: it explains why nothing else is.
        return Some(Analysis {
            shown: Arc::from([too_large(snapshot.text.len())]),
            origins: vec![Origin::default()],
            total: 1,
            elapsed: started.elapsed(),
        });
    }
    let findings = Engine::builtin().analyze_guarded_until(
        &Source {
            text: &snapshot.text,
            tree: snapshot.tree.as_ref(),
            language: snapshot.language,
            path: snapshot.path.as_deref(),
        },
        config,
        stop,
    )?;

    let total = findings.len();
    let provenance = &snapshot.provenance;
    let head_changed = match provenance.committed() {
        Committed::Text(old) => Some(gitdiff::changed_lines(old, &snapshot.text)),
        _ => None,
    };
    let mut shown = Vec::new();
    let mut origins = Vec::new();
    for f in findings {
        let origin = provenance.origin(&snapshot.rope, &f.range, head_changed.as_deref());
        let keep = match config.focus {
            Focus::All => true,
            Focus::NewCode => origin.insertion.is_some(),
            // Unknown only when asked before git answered: show rather than hide.
            Focus::ChangedSinceHead => origin.changed_since_head.unwrap_or(true),
        };
        if keep {
            shown.push(f);
            origins.push(origin);
        }
    }
    if snapshot.unparsed {
        // Shown whatever the focus: it explains why little else is.
        shown.insert(0, unparsed());
        origins.insert(0, Origin::default());
    }
    Some(Analysis {
        shown: shown.into(),
        origins,
        total,
        elapsed: started.elapsed(),
    })
}

/// "The inserted block (lines 40–72) has 2 security findings: SQL injection,
/// hard-coded token", or `None` when the block has no security finding.
pub fn insertion_summary(
    snapshot: &Snapshot,
    insertion: &Insertion,
    analysis: &Analysis,
) -> Option<String> {
    let rules = Engine::builtin().rules();
    let mut names: Vec<String> = Vec::new();
    let mut count = 0;
    for (f, origin) in analysis.shown.iter().zip(&analysis.origins) {
        let inside = origin
            .insertion
            .as_ref()
            .is_some_and(|i| i.id == insertion.id);
        // Notes about the tool itself (suppressions, internal errors) carry no CWE.
        if !inside || f.cwe.is_empty() {
            continue;
        }
        count += 1;
        let name = rules
            .get(&f.rule_id)
            .map(|r| r.title.clone())
            .unwrap_or_else(|| f.rule_id.clone());
        if !names.contains(&name) {
            names.push(name);
        }
    }
    if count == 0 {
        return None;
    }
    let lines = line_span(&snapshot.rope, &insertion.range);
    let where_ = if lines.start() == lines.end() {
        format!("line {}", lines.start() + 1)
    } else {
        format!("lines {}–{}", lines.start() + 1, lines.end() + 1)
    };
    let plural = if count == 1 { "" } else { "s" };
    Some(format!(
        "The inserted block ({where_}) has {count} security finding{plural}: {}",
        names.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::lang::Language;

    #[test]
    fn a_document_no_parse_finished_for_is_analysed_without_a_tree_and_says_so() {
        let mut text = String::from("AWS_KEY = \"AKIAIOSFODNN7EXAMPLF\"\n");
        for i in 0..2_000 {
            text.push_str(&format!("value_{i} = compute({i}, [{i}, {i}])\n"));
        }
        let mut doc = Document::new("", Language::Python, 1, None);
        doc.replace_all(&text);
        assert!(!doc.reparse_within(std::time::Duration::ZERO));
        let snapshot = doc.snapshot().expect("a view without a tree");
        assert!(snapshot.unparsed && snapshot.tree.is_none());
        let config = Config {
            focus: Focus::NewCode,
            ..Config::default()
        };
        let shown = analyse(&snapshot, &config).shown;
        assert_eq!(shown[0].rule_id, UNPARSED_RULE);
        // Parsed at last (unoptimised builds parse slowly): a normal view, no note.
        assert!(doc.reparse_within(std::time::Duration::from_secs(120)));
        let snapshot = doc.snapshot().unwrap();
        assert!(!snapshot.unparsed && snapshot.tree.is_some());
        let shown = analyse(&snapshot, &Config::default()).shown;
        assert!(shown.iter().all(|f| f.rule_id != UNPARSED_RULE));
        assert!(shown.iter().any(|f| f.rule_id.starts_with("secret-")));
    }
}
