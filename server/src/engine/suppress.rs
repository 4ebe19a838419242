//! Inline suppressions: `# suggestguard: ignore[rule-a, rule-b] -- reason`.
//!
//! The grammar is strict so that a stray word never silences a line: the
//! directive must start a comment (or follow another comment marker inside it),
//! name at least one rule id in brackets, and may be followed only by
//! `-- reason`. A directive covers its own line and, when it stands alone on
//! its line, the line below. A directive that silences nothing is reported.

use crate::finding::{Finding, Severity};
use crate::lang::Language;
use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

/// The rule id of the "unused suppression" hint.
pub const UNUSED_RULE: &str = "suppression-unused";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// Byte range of the directive text, for the unused hint.
    pub range: Range<usize>,
    pub rules: Vec<String>,
    /// Lines (0-based) the directive covers.
    pub lines: Range<usize>,
}

fn directive_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"^\s*suggestguard:\s*ignore\[\s*([A-Za-z0-9][A-Za-z0-9_.-]*(?:\s*,\s*[A-Za-z0-9][A-Za-z0-9_.-]*)*)\s*\](?:\s+--(?:\s.*)?|\s*)$",
        )
        .expect("directive regex")
    })
}

/// The directives in `text`. Only comments count: for languages with a tree,
/// the directive must lie inside a comment node.
pub fn directives(
    text: &str,
    language: Language,
    tree: Option<&tree_sitter::Tree>,
) -> Vec<Directive> {
    let mut out = Vec::new();
    if !text.contains("suggestguard:") {
        return out;
    }
    let marker = language.line_comment();
    let mut line_start = 0;
    for (line_no, line) in text.split_inclusive('\n').enumerate() {
        let start = line_start;
        line_start += line.len();
        let Some(hit) = line.find("suggestguard:") else {
            continue;
        };
        // The marker right before the directive: `# noqa  # suggestguard: ...` works.
        let Some(comment_at) = line[..hit].rfind(marker) else {
            continue;
        };
        let body = line[comment_at + marker.len()..].trim_end_matches(['\n', '\r']);
        let Some(caps) = directive_regex().captures(body) else {
            continue;
        };
        if let Some(tree) = tree {
            let at = start + comment_at;
            let node = tree.root_node().descendant_for_byte_range(at, at + 1);
            if !node.is_some_and(|n| language.is_comment(n)) {
                continue;
            }
        }
        let rules = caps[1]
            .split(',')
            .map(|r| r.trim().to_owned())
            .filter(|r| !r.is_empty())
            .collect();
        let alone = line[..comment_at].trim().is_empty();
        out.push(Directive {
            range: start + comment_at..start + line.trim_end_matches(['\n', '\r']).len(),
            rules,
            lines: line_no..line_no + if alone { 2 } else { 1 },
        });
    }
    out
}

/// Drop findings silenced by a directive; add a hint for each directive rule
/// that silenced nothing.
pub fn apply(findings: &mut Vec<Finding>, text: &str, directives: &[Directive]) {
    if directives.is_empty() {
        return;
    }
    let line_of = |byte: usize| text[..byte.min(text.len())].matches('\n').count();
    let mut used = vec![vec![false; 0]; directives.len()];
    for (d, u) in directives.iter().zip(used.iter_mut()) {
        *u = vec![false; d.rules.len()];
    }
    findings.retain(|f| {
        let line = line_of(f.range.start);
        let mut silenced = false;
        for (d, u) in directives.iter().zip(used.iter_mut()) {
            if !d.lines.contains(&line) {
                continue;
            }
            if let Some(i) = d.rules.iter().position(|r| *r == f.rule_id) {
                u[i] = true;
                silenced = true;
            }
        }
        !silenced
    });
    for (d, u) in directives.iter().zip(used) {
        for (rule, was_used) in d.rules.iter().zip(u) {
            if !was_used {
                findings.push(Finding {
                    rule_id: UNUSED_RULE.to_owned(),
                    range: d.range.clone(),
                    severity: Severity::Hint,
                    cwe: Vec::new(),
                    message: format!(
                        "This suppression of `{rule}` silences nothing here; remove it so it cannot hide a future finding."
                    ),
                    fix: None,
                    related: Vec::new(),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules_of(text: &str) -> Vec<Vec<String>> {
        let tree = Language::Python.parse(text);
        directives(text, Language::Python, tree.as_ref())
            .into_iter()
            .map(|d| d.rules)
            .collect()
    }

    #[test]
    fn strict_grammar() {
        assert_eq!(
            rules_of("x = 1  # suggestguard: ignore[py-eval]\n"),
            vec![vec!["py-eval"]]
        );
        assert_eq!(
            rules_of("# suggestguard: ignore[a, b] -- vetted by security\nx = 1\n"),
            vec![vec!["a", "b"]]
        );
        // Mentions of the word are not directives.
        assert!(rules_of("x = 1  # TODO: suggestguard: ignore[py-eval] maybe\n").is_empty());
        assert!(rules_of("x = 1  # suggestguard: ignore\n").is_empty());
        assert!(rules_of("x = 1  # suggestguard: ignore[]\n").is_empty());
        assert!(rules_of("x = 1  # suggestguard: ignore[py-eval] because\n").is_empty());
        // Inside a string it is not a comment.
        assert!(rules_of("x = '# suggestguard: ignore[py-eval]'\n").is_empty());
    }

    #[test]
    fn own_line_covers_next_line_trailing_covers_own() {
        let text = "# suggestguard: ignore[a]\nx = 1  # suggestguard: ignore[b]\n";
        let tree = Language::Python.parse(text);
        let d = directives(text, Language::Python, tree.as_ref());
        assert_eq!(d[0].lines, 0..2);
        assert_eq!(d[1].lines, 1..2);
    }
}
