//! Entry points shared by the fuzz targets (`fuzz/`) and the corpus smoke
//! test (`tests/fuzz_corpus.rs`): each takes arbitrary bytes, drives one part
//! of the server the way real input would, and panics when an invariant
//! breaks. The fuzz targets run them under libFuzzer (nightly); the smoke test
//! replays every saved input on stable, so a crash once found stays fixed.
//!
//! Analyses run unguarded here: [`Engine::analyze_guarded`] would turn the
//! very panics the fuzzer looks for into a note.

use crate::config::Config;
use crate::document::Document;
use crate::engine::{fix, Engine, Source};
use crate::finding::Finding;
use crate::index::manifests::{self, Kind};
use crate::lang::Language;
use crate::lsp::position::{self, Encoding};
use crate::lsp::transport;
use std::ops::Range;
use std::path::Path;
use std::time::Duration;
use tower_lsp_server::jsonrpc::{Request, Response};
use tower_lsp_server::lsp_types::Position;

/// The fuzz targets, by name (the same names as `fuzz/fuzz_targets/*.rs`
/// and the targets seeded in `fuzz/corpus/` and `fuzz/seeds.txt`).
pub const TARGETS: &[&str] = &[
    "engine_python",
    "engine_rust",
    "secrets",
    "manifests",
    "jsonrpc",
    "document_edits",
    "queries",
];

/// Run the target called `name` on `data`. Returns false for an unknown name.
pub fn run(name: &str, data: &[u8]) -> bool {
    match name {
        "engine_python" => engine_python(data),
        "engine_rust" => engine_rust(data),
        "secrets" => secrets(data),
        "manifests" => manifests(data),
        "jsonrpc" => jsonrpc(data),
        "document_edits" => document_edits(data),
        "queries" => queries(data),
        _ => return false,
    }
    true
}

/// A rule's query text, read and compiled for each grammar; what compiles
/// is matched over a small program of that language. An error names a line
/// of the text; every captured node lies in the program.
pub fn queries(data: &[u8]) {
    let query = String::from_utf8_lossy(data);
    let programs = [
        (
            Language::Python,
            "import os\n@app.route('/x')\ndef f(a, b=1):\n    os.system(f'ls {a}')  # c\n    return [x for x in a if x]\n",
        ),
        (
            Language::Rust,
            "use std::process::Command;\nimpl A for B { fn f(&self, x: &str) { unsafe { Command::new(\"sh\").arg(x); } } }\n",
        ),
    ];
    for (language, program) in programs {
        let Some(grammar) = language.grammar() else {
            continue;
        };
        let mut set = crate::engine::query::QuerySet::new(&grammar);
        match set.add(&query) {
            // The end of a text ending in a line break is on the line after it.
            Err(e) => assert!(
                e.line >= 1 && e.line <= query.matches('\n').count() + 1,
                "error line {} outside the query",
                e.line
            ),
            Ok(_) => {
                let tree = language.parse(program).expect("a grammar parses");
                set.for_each_match(
                    tree.root_node(),
                    program.as_bytes(),
                    0..usize::MAX,
                    |_, captures| {
                        for (_, node) in captures {
                            assert!(
                                node.end_byte() <= program.len(),
                                "a capture past the program"
                            );
                        }
                    },
                );
            }
        }
    }
}

/// The whole analysis of a Python file (parse, patterns, taint, packages,
/// secrets, suppressions). Invalid UTF-8 is replaced, as an editor would.
pub fn engine_python(data: &[u8]) {
    analyze(data, Language::Python, "/suggestguard-fuzz/input.py");
}

/// The whole analysis of a Rust file.
pub fn engine_rust(data: &[u8]) {
    analyze(data, Language::Rust, "/suggestguard-fuzz/input.rs");
}

fn analyze(data: &[u8], language: Language, path: &str) {
    let text = String::from_utf8_lossy(data);
    let tree = language.parse(&text);
    let findings = Engine::builtin().analyze(
        &Source {
            text: &text,
            tree: tree.as_ref(),
            language,
            path: Some(Path::new(path)),
        },
        &Config::default(),
    );
    check_findings(&text, &findings);
}

/// The secret scanner on plain text, on a `.env` file and on the text of a
/// Python string, through the provider formats alone and the full check.
pub fn secrets(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let engine = Engine::builtin();
    for hit in engine.secrets().find(&text) {
        assert_span(&text, &hit.span, "secret hit");
    }
    let config = Config::default();
    for path in ["/suggestguard-fuzz/notes.txt", "/suggestguard-fuzz/.env"] {
        let source = Source {
            text: &text,
            tree: None,
            language: Language::Text,
            path: Some(Path::new(path)),
        };
        check_findings(&text, &engine.secrets().check(&source, &config));
    }
    // The same bytes as the value of an assignment in code, where names and
    // the tree come into play.
    let code = format!("token = {:?}\n", text.as_ref());
    let tree = Language::Python.parse(&code);
    let source = Source {
        text: &code,
        tree: tree.as_ref(),
        language: Language::Python,
        path: Some(Path::new("/suggestguard-fuzz/settings.py")),
    };
    check_findings(&code, &engine.secrets().check(&source, &config));
}

/// Every manifest reader on the same text, then the package checks of the
/// engine on it as that manifest, and the "add this dependency" edit.
pub fn manifests(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let kinds = [
        (Kind::Requirements, "/suggestguard-fuzz/requirements.txt"),
        (Kind::Pyproject, "/suggestguard-fuzz/pyproject.toml"),
        (Kind::SetupCfg, "/suggestguard-fuzz/setup.cfg"),
        (Kind::Pipfile, "/suggestguard-fuzz/Pipfile"),
        (Kind::Cargo, "/suggestguard-fuzz/Cargo.toml"),
    ];
    for (kind, path) in kinds {
        let manifest = manifests::parse(kind, &text, Some(Path::new(path)));
        for dep in &manifest.dependencies {
            assert_span(&text, &dep.range, "dependency name");
        }
        if let Some((range, new_text)) = manifest.add_edit(&text, "requests", Some("2.0")) {
            assert_span(&text, &range, "add-dependency edit");
            assert!(!new_text.is_empty());
        }
        let source = Source {
            text: &text,
            tree: None,
            language: Language::Text,
            path: Some(Path::new(path)),
        };
        check_findings(
            &text,
            &Engine::builtin().analyze(&source, &Config::default()),
        );
    }
}

/// The framing guard in front of the protocol library: whatever arrives,
/// what it passes on is a sequence of correctly framed JSON-RPC messages,
/// each one a body that arrived whole.
pub fn jsonrpc(data: &[u8]) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a current-thread runtime");
    let mut out = Vec::new();
    runtime.block_on(transport::forward_wellformed(data, &mut out));
    let mut rest = out.as_slice();
    while !rest.is_empty() {
        let head_end = find(rest, b"\r\n\r\n").expect("a complete header");
        let head = std::str::from_utf8(&rest[..head_end]).expect("an ASCII header");
        let len: usize = head
            .strip_prefix("Content-Length: ")
            .and_then(|n| n.parse().ok())
            .expect("exactly one Content-Length header");
        let body = &rest[head_end + 4..head_end + 4 + len];
        assert!(
            serde_json::from_slice::<Request>(body).is_ok()
                || serde_json::from_slice::<Response>(body).is_ok(),
            "a forwarded body is a request or a response"
        );
        assert!(find(data, body).is_some(), "a forwarded body came in whole");
        rest = &rest[head_end + 4 + len..];
    }
}

/// A sequence of edits applied to a document and to a plain `String`: the
/// texts stay equal, edits the document refuses leave it unchanged (and are
/// exactly those a `String` could not take), and the incrementally reparsed
/// tree equals a fresh parse. Input layout: a language byte, an initial text
/// length, the text, then edits of six bytes (flags, start, end, inserted
/// length) each followed by the inserted bytes.
pub fn document_edits(data: &[u8]) {
    let mut input = Bytes(data);
    let language = match input.byte() % 3 {
        0 => Language::Python,
        1 => Language::Rust,
        _ => Language::Text,
    };
    let initial_len = input.byte() as usize;
    let initial = input.text(initial_len);
    let mut doc = Document::new(&initial, language, 1, None);
    let mut reference = initial;
    while !input.0.is_empty() {
        let flags = input.byte();
        let start = input.u16() as usize;
        let end = input.u16() as usize;
        let new_len = input.byte() as usize % 64;
        let new_text = input.text(new_len);
        let len = reference.len();
        // Offsets reach a little past the end on purpose.
        let (mut start, mut end) = (start % (len + 3), end % (len + 3));
        if flags & 1 != 0 {
            // As an editor sends it: (line, UTF-16 unit) positions converted
            // to bytes the way the server does.
            let rope = doc.rope();
            let at = |b: usize| {
                let p = position_of(&reference, b);
                position::to_byte(rope, p, Encoding::Utf16)
            };
            match (at(start), at(end)) {
                (Some(s), Some(e)) => {
                    assert!(e <= len && reference.is_char_boundary(e), "converted end");
                    assert!(s <= len && reference.is_char_boundary(s), "converted start");
                    (start, end) = (s, e);
                }
                _ => continue,
            }
        }
        let valid = start <= end
            && end <= len
            && reference.is_char_boundary(start)
            && reference.is_char_boundary(end);
        let outcome = doc.edit(start..end, &new_text);
        assert_eq!(outcome.is_ok(), valid, "edit {start}..{end} of {len} bytes");
        if valid {
            reference.replace_range(start..end, &new_text);
        }
        assert_eq!(doc.rope().to_string(), reference);
        if flags & 2 != 0 {
            assert!(doc.reparse_within(Duration::from_secs(60)));
        }
    }
    assert!(doc.reparse_within(Duration::from_secs(60)));
    if let (Some(tree), Some(fresh)) = (doc.tree(), language.parse(&reference)) {
        assert_eq!(nodes(tree), nodes(&fresh), "incremental tree = fresh parse");
    }
}

/// The LSP position (UTF-16) of byte `b`, counting lines as the protocol
/// does; offsets past the end give positions past the end.
fn position_of(text: &str, b: usize) -> Position {
    let b = b.min(text.len() + 2);
    let clamped = b.min(text.len());
    let mut line = 0u32;
    let mut line_start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < clamped {
        let brk = match bytes[i] {
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => 2,
            b'\r' | b'\n' => 1,
            _ => 0,
        };
        if brk > 0 && i + brk <= clamped {
            i += brk;
            line += 1;
            line_start = i;
        } else {
            i += 1;
        }
    }
    let mut at = clamped;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let units: usize = text[line_start..at.max(line_start)]
        .chars()
        .map(char::len_utf16)
        .sum();
    // Past the end: the extra distance goes to the line number.
    Position::new(line + (b - clamped) as u32, units as u32)
}

/// Every node as (kind, start, end, is-error) in document order.
fn nodes(tree: &tree_sitter::Tree) -> Vec<(&'static str, usize, usize, bool)> {
    let mut out = Vec::new();
    let mut cursor = tree.walk();
    'walk: loop {
        let n = cursor.node();
        out.push((n.kind(), n.start_byte(), n.end_byte(), n.is_error()));
        if cursor.goto_first_child() {
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                break 'walk;
            }
        }
    }
    out
}

/// What every finding must satisfy whatever the input: ranges inside the
/// text on character boundaries, fixes that apply, no analysis failure.
fn check_findings(text: &str, findings: &[Finding]) {
    for f in findings {
        assert_ne!(f.rule_id, crate::engine::INTERNAL_ERROR_RULE);
        assert_span(text, &f.range, &f.rule_id);
        for r in &f.related {
            assert_span(text, &r.range, &f.rule_id);
        }
        if let Some(fix) = &f.fix {
            for e in &fix.edits {
                assert_span(text, &e.range, &f.rule_id);
            }
            assert!(
                fix::apply_edits(text, &fix.edits).is_some(),
                "{}: fix edits overlap",
                f.rule_id
            );
        }
    }
}

fn assert_span(text: &str, range: &Range<usize>, what: &str) {
    assert!(
        range.start <= range.end
            && range.end <= text.len()
            && text.is_char_boundary(range.start)
            && text.is_char_boundary(range.end),
        "{what}: range {range:?} is not a span of the {}-byte text",
        text.len()
    );
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Reads structured values off the front of the input; zeros once it runs out.
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn byte(&mut self) -> u8 {
        let (first, rest) = self.0.split_first().unwrap_or((&0, &[]));
        self.0 = rest;
        *first
    }

    fn u16(&mut self) -> u16 {
        u16::from_le_bytes([self.byte(), self.byte()])
    }

    fn text(&mut self, len: usize) -> String {
        let len = len.min(self.0.len());
        let (taken, rest) = self.0.split_at(len);
        self.0 = rest;
        String::from_utf8_lossy(taken).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_targets_are_refused_and_known_ones_run() {
        assert!(!run("no_such_target", b""));
        for name in TARGETS {
            assert!(run(name, b""), "{name}");
        }
    }

    #[test]
    fn positions_follow_the_protocol_line_breaks() {
        let text = "a\r\nb\rc\n\u{1F600}x";
        assert_eq!(position_of(text, 0), Position::new(0, 0));
        assert_eq!(position_of(text, 3), Position::new(1, 0));
        assert_eq!(position_of(text, 5), Position::new(2, 0));
        assert_eq!(position_of(text, 7), Position::new(3, 0));
        assert_eq!(position_of(text, 11), Position::new(3, 2));
        assert_eq!(position_of(text, 13), Position::new(4, 3));
    }

    #[test]
    fn edits_that_split_a_character_are_refused_in_step_with_a_string() {
        // Python, a 2-byte text "é", then an edit at byte 1 (inside it).
        let mut data = vec![0, 2];
        data.extend("é".as_bytes());
        data.extend([0, 1, 0, 1, 0, 1, b'x']);
        document_edits(&data);
    }
}
