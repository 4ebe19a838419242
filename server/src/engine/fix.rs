//! Applying fixes to text, and checking that a fixed file still parses.

use crate::finding::{Fix, TextEdit};
use crate::lang::Language;

/// `text` with `edits` applied. Edits must not overlap.
pub fn apply_edits(text: &str, edits: &[TextEdit]) -> Option<String> {
    let mut sorted: Vec<&TextEdit> = edits.iter().collect();
    sorted.sort_by_key(|e| e.range.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in sorted {
        if edit.range.start < at
            || edit.range.end > text.len()
            || !text.is_char_boundary(edit.range.start)
            || !text.is_char_boundary(edit.range.end)
        {
            return None;
        }
        out.push_str(&text[at..edit.range.start]);
        out.push_str(&edit.new_text);
        at = edit.range.end;
    }
    out.push_str(&text[at..]);
    Some(out)
}

/// Number of syntax errors (ERROR and MISSING nodes) in a parse of `text`.
pub fn syntax_error_count(language: Language, text: &str) -> usize {
    let Some(tree) = language.parse(text) else {
        return 0;
    };
    let mut count = 0;
    let mut cursor = tree.walk();
    loop {
        let node = cursor.node();
        if node.is_error() || node.is_missing() {
            count += 1;
        }
        if node.has_error() && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return count;
            }
        }
    }
}

/// Is `fix` safe to offer: do its edits apply, and does the result parse with
/// no more syntax errors than before?
pub fn fix_keeps_syntax(language: Language, text: &str, fix: &Fix) -> bool {
    let Some(fixed) = apply_edits(text, &fix.edits) else {
        return false;
    };
    language.grammar().is_none()
        || syntax_error_count(language, &fixed) <= syntax_error_count(language, text)
}
