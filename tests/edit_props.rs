//! Property tests of the edit path an editor drives: random LSP changes
//! ((line, UTF-16 character) ranges, whole-text replacements) are converted by
//! `lsp::position` and applied by `Document::edit`. The text must equal a plain
//! `String` edited the way the protocol describes, invalid ranges must be
//! refused without a change, and the incrementally reparsed tree must equal a
//! fresh parse of the same text.

use proptest::prelude::*;
use std::time::Duration;
use suggestguard::document::Document;
use suggestguard::lang::Language;
use suggestguard::lsp::position::{self, Encoding};
use tower_lsp_server::lsp_types::{Position, Range};

/// Pieces that exercise every line break and character width the protocol
/// distinguishes, plus enough syntax to build and break real trees.
const PIECES: &[&str] = &[
    "a",
    "x1",
    " ",
    "    ",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "é",
    "漢字",
    "😀",
    "e\u{301}",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    ";",
    ",",
    "=",
    "\"",
    "'",
    "#",
    "//",
    "def ",
    "fn ",
    "let ",
    "return ",
    "import os",
    "if x:",
    "f(y)",
    "\"s😀\"",
    "\0",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|p| p.concat())
}

/// One `contentChanges` entry: a range edit or (when `range` is `None`) a
/// whole-text replacement. Lines and characters reach past the end on purpose.
#[derive(Clone, Debug)]
struct Change {
    range: Option<((u32, u32), (u32, u32))>,
    text: String,
}

fn change() -> impl Strategy<Value = Change> {
    let pos = (0u32..8, 0u32..14);
    let ranged = (pos.clone(), pos, text()).prop_map(|(s, e, text)| Change {
        range: Some((s, e)),
        text,
    });
    let whole = text().prop_map(|text| Change { range: None, text });
    prop_oneof![9 => ranged, 1 => whole]
}

/// The byte offset of an LSP position in `text`, following the protocol:
/// lines end at "\n", "\r\n" or "\r"; a character past the end of its line
/// means the end of the line; a line past the last one is invalid. A
/// character inside a surrogate pair rounds down to the start of the character.
fn reference_offset(text: &str, (line, character): (u32, u32)) -> Option<usize> {
    let mut starts = vec![0];
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                i += 2;
                starts.push(i);
            }
            b'\r' | b'\n' => {
                i += 1;
                starts.push(i);
            }
            _ => i += 1,
        }
    }
    let start = *starts.get(line as usize)?;
    let mut byte = start;
    let mut units = 0usize;
    for ch in text[start..].chars() {
        if ch == '\n' || ch == '\r' || units + ch.len_utf16() > character as usize {
            break;
        }
        units += ch.len_utf16();
        byte += ch.len_utf8();
    }
    Some(byte)
}

fn reference_apply(text: &mut String, change: &Change) -> bool {
    let Some((s, e)) = change.range else {
        *text = change.text.clone();
        return true;
    };
    match (reference_offset(text, s), reference_offset(text, e)) {
        (Some(s), Some(e)) if s <= e => {
            text.replace_range(s..e, &change.text);
            true
        }
        _ => false,
    }
}

fn lsp_range(((sl, sc), (el, ec)): ((u32, u32), (u32, u32))) -> Range {
    Range::new(Position::new(sl, sc), Position::new(el, ec))
}

/// Every node as (kind, byte range, is-error), in document order: stricter than
/// the s-expression, which leaves out positions.
fn nodes(tree: &tree_sitter::Tree) -> Vec<(String, usize, usize, bool)> {
    let mut out = Vec::new();
    let mut cursor = tree.walk();
    'walk: loop {
        let n = cursor.node();
        out.push((
            n.kind().to_owned(),
            n.start_byte(),
            n.end_byte(),
            n.is_error(),
        ));
        if cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                break 'walk;
            }
        }
    }
    out
}

fn check(language: Language, initial: &str, changes: &[Change]) -> Result<(), TestCaseError> {
    let mut doc = Document::new(initial, language, 1, None);
    let mut reference = initial.to_owned();
    for change in changes {
        let before = doc.rope().to_string();
        let accepted_by_reference = reference_apply(&mut reference, change);
        match change.range {
            None => doc.replace_all(&change.text),
            Some(r) => {
                let converted = position::to_byte_range(doc.rope(), lsp_range(r), Encoding::Utf16);
                prop_assert_eq!(converted.is_some(), accepted_by_reference, "{:?}", change);
                if let Some(bytes) = converted {
                    prop_assert!(doc.edit(bytes, &change.text).is_ok());
                } else {
                    prop_assert_eq!(doc.rope().to_string(), before);
                }
            }
        }
        prop_assert_eq!(doc.rope().to_string(), reference.clone());
    }
    prop_assert!(doc.reparse_within(Duration::from_secs(60)));
    if let Some(fresh) = language.parse(&reference) {
        let incremental = doc.tree().expect("a parsed document has a tree");
        prop_assert_eq!(nodes(incremental), nodes(&fresh));
    }
    let snapshot = doc.snapshot().expect("parsed");
    prop_assert_eq!(&*snapshot.text, reference.as_str());
    Ok(())
}

/// Edits reparsed after every change (as the server does per notification).
fn check_stepwise(
    language: Language,
    initial: &str,
    changes: &[Change],
) -> Result<(), TestCaseError> {
    let mut doc = Document::new(initial, language, 1, None);
    let mut reference = initial.to_owned();
    for change in changes {
        reference_apply(&mut reference, change);
        match change.range {
            None => doc.replace_all(&change.text),
            Some(r) => {
                if let Some(b) = position::to_byte_range(doc.rope(), lsp_range(r), Encoding::Utf16)
                {
                    doc.edit(b, &change.text).unwrap();
                }
            }
        }
        prop_assert!(doc.reparse_within(Duration::from_secs(60)));
        if let Some(fresh) = language.parse(&reference) {
            prop_assert_eq!(nodes(doc.tree().unwrap()), nodes(&fresh));
        }
    }
    prop_assert_eq!(doc.rope().to_string(), reference);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn python_edits_match_reference_and_fresh_parse(initial in text(), changes in prop::collection::vec(change(), 0..12)) {
        check(Language::Python, &initial, &changes)?;
    }

    #[test]
    fn rust_edits_match_reference_and_fresh_parse(initial in text(), changes in prop::collection::vec(change(), 0..12)) {
        check(Language::Rust, &initial, &changes)?;
    }

    #[test]
    fn text_edits_match_reference(initial in text(), changes in prop::collection::vec(change(), 0..12)) {
        check(Language::Text, &initial, &changes)?;
    }

    #[test]
    fn reparsing_after_each_change_matches_a_fresh_parse(initial in text(), changes in prop::collection::vec(change(), 0..6)) {
        check_stepwise(Language::Python, &initial, &changes)?;
        check_stepwise(Language::Rust, &initial, &changes)?;
    }
}

#[test]
fn edits_at_the_very_end_and_on_empty_documents() {
    let end = |s: &str| -> Change {
        Change {
            range: Some(((0, 99), (0, 99))),
            text: s.to_owned(),
        }
    };
    check(Language::Python, "", &[end("x = 1")]).unwrap();
    check(
        Language::Python,
        "a\r\n",
        &[Change {
            range: Some(((1, 0), (1, 0))),
            text: "b😀".into(),
        }],
    )
    .unwrap();
    // A line past the end is refused, the text stays.
    let mut doc = Document::new("a", Language::Python, 1, None);
    assert!(
        position::to_byte_range(doc.rope(), lsp_range(((1, 0), (1, 0))), Encoding::Utf16).is_none()
    );
    assert!(
        position::to_byte_range(doc.rope(), lsp_range(((0, 1), (0, 0))), Encoding::Utf16).is_none()
    );
    doc.reparse();
    assert_eq!(doc.rope().to_string(), "a");
}
