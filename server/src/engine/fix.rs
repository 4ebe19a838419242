//! Applying fixes to text, and checking that a fixed file still parses.

use crate::finding::{Fix, TextEdit};
use crate::lang::Language;
use tree_sitter::{InputEdit, Point, Tree};

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
    language
        .parse(text)
        .map_or(0, |tree| tree_error_count(&tree))
}

/// Number of ERROR and MISSING nodes in `tree`; only subtrees that contain an
/// error are entered, so a clean tree costs one look at its root.
pub fn tree_error_count(tree: &Tree) -> usize {
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
    fix_keeps_syntax_in(language, text, None, fix)
}

/// [`fix_keeps_syntax`], reusing `tree` (the parse of `text`) so the check is
/// an incremental reparse instead of two full parses.
pub fn fix_keeps_syntax_in(language: Language, text: &str, tree: Option<&Tree>, fix: &Fix) -> bool {
    let Some(fixed) = apply_edits(text, &fix.edits) else {
        return false;
    };
    let Some(mut parser) = language.parser() else {
        return true;
    };
    let Some(tree) = tree else {
        return syntax_error_count(language, &fixed) <= syntax_error_count(language, text);
    };
    if let Some(verdict) = item_keeps_syntax(language, text, tree, fix) {
        return verdict;
    }
    let before = tree_error_count(tree);
    let mut edited = tree.clone();
    // Edits applied last to first keep every earlier offset valid.
    let mut edits: Vec<&TextEdit> = fix.edits.iter().collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
    for e in edits {
        let start_position = point_at(text, e.range.start);
        let new_end_position = advance(start_position, &e.new_text);
        edited.edit(&InputEdit {
            start_byte: e.range.start,
            old_end_byte: e.range.end,
            new_end_byte: e.range.start + e.new_text.len(),
            start_position,
            old_end_position: point_at(text, e.range.end),
            new_end_position,
        });
    }
    parser
        .parse(&fixed, Some(&edited))
        .is_some_and(|after| tree_error_count(&after) <= before)
}

/// When every edit lies inside one top-level item (a function, a class, an
/// impl), parse that item alone before and after: items are independent at
/// the top level, and an item is much smaller than the file. `None` when the
/// edits span items.
fn item_keeps_syntax(language: Language, text: &str, tree: &Tree, fix: &Fix) -> Option<bool> {
    let start = fix.edits.iter().map(|e| e.range.start).min()?;
    let end = fix.edits.iter().map(|e| e.range.end).max()?;
    let root = tree.root_node();
    let item = crate::lang::children(root)
        .find(|c| c.start_byte() <= start && end <= c.end_byte() && !c.is_error())?;
    let range = item.byte_range();
    let local: Vec<TextEdit> = fix
        .edits
        .iter()
        .map(|e| TextEdit {
            range: e.range.start - range.start..e.range.end - range.start,
            new_text: e.new_text.clone(),
        })
        .collect();
    let original = &text[range];
    let fixed = apply_edits(original, &local)?;
    Some(syntax_error_count(language, &fixed) <= syntax_error_count(language, original))
}

fn point_at(text: &str, byte: usize) -> Point {
    let before = &text[..byte.min(text.len())];
    let row = before.matches('\n').count();
    let column = before.len() - crate::text::line_start(before.as_bytes(), before.len());
    Point::new(row, column)
}

fn advance(start: Point, inserted: &str) -> Point {
    match inserted.rfind('\n') {
        Some(last) => Point::new(
            start.row + inserted.matches('\n').count(),
            inserted.len() - last - 1,
        ),
        None => Point::new(start.row, start.column + inserted.len()),
    }
}
