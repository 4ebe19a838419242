//! One open buffer: its text (a rope), its syntax tree and its version.
//! Edits arrive as byte ranges (the LSP layer converts positions); each edit
//! updates the rope and the tree in step, and one reparse after a batch of
//! edits reuses the old tree (incremental parsing).

use crate::lang::Language;
use crate::provenance::Provenance;
use ropey::Rope;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tree_sitter::{InputEdit, Parser, Point, Tree};

/// A reparse that takes longer than this is abandoned; the document keeps its
/// last good tree and analysis waits for the next edit. Counted in CPU time
/// of the parsing thread where the system tells it ([`ParseClock`]).
pub const PARSE_BUDGET: Duration = Duration::from_millis(500);

/// What a parse's budget is counted in: the parsing thread's CPU time where
/// the system tells it, else wall-clock time. Counting wall-clock time, a
/// busy machine (other processes, the rules compiling at first open) made
/// the first parse of a 20,000-line file give up, and the document was
/// analysed without a tree until an edit's parse finished.
enum ParseClock {
    Cpu(cpu_time::ThreadTime),
    Wall(Instant),
}

impl ParseClock {
    fn start() -> ParseClock {
        cpu_time::ThreadTime::try_now()
            .map_or_else(|_| ParseClock::Wall(Instant::now()), ParseClock::Cpu)
    }

    fn elapsed(&self) -> Duration {
        match self {
            ParseClock::Cpu(start) => start.try_elapsed().unwrap_or_default(),
            ParseClock::Wall(start) => start.elapsed(),
        }
    }
}

/// Why an edit was refused. The document is unchanged when one is returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditError {
    /// The range ends past the end of the text or starts after it ends.
    OutOfRange { range: Range<usize>, len: usize },
    /// The range splits a UTF-8 character.
    NotCharBoundary(usize),
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditError::OutOfRange { range, len } => write!(
                f,
                "edit range {}..{} is outside the document ({len} bytes)",
                range.start, range.end
            ),
            EditError::NotCharBoundary(at) => {
                write!(f, "edit boundary {at} is inside a character")
            }
        }
    }
}

/// An immutable view of a document at one version, handed to analysis.
#[derive(Clone)]
pub struct Snapshot {
    pub text: Arc<str>,
    /// The same text as a rope (cheap to clone), for position conversion.
    pub rope: Rope,
    /// `None` for text documents, and while no parse has succeeded.
    pub tree: Option<Tree>,
    pub language: Language,
    pub version: i32,
    pub path: Option<PathBuf>,
    /// Inserted blocks and changed regions, in this version's byte offsets.
    pub provenance: Provenance,
    /// True for a code document that no parse has finished for within
    /// [`PARSE_BUDGET`]: `tree` is `None` though the language has a grammar.
    pub unparsed: bool,
}

pub struct Document {
    rope: Rope,
    tree: Option<Tree>,
    parser: Option<Parser>,
    language: Language,
    version: i32,
    path: Option<PathBuf>,
    /// Set when the tree was edited but not yet reparsed (or the reparse gave up).
    stale: bool,
    provenance: Provenance,
    /// The text of this version as one string, made for the parse (the
    /// parser reads it faster than the rope's chunks) and handed on to the
    /// next snapshot, which analysis needs it for.
    flat: Option<Arc<str>>,
}

impl Document {
    pub fn new(text: &str, language: Language, version: i32, path: Option<PathBuf>) -> Document {
        let mut doc = Document {
            rope: Rope::from_str(text),
            tree: None,
            parser: language.parser(),
            language,
            version,
            path,
            stale: true,
            provenance: Provenance::default(),
            flat: None,
        };
        doc.reparse();
        doc
    }

    pub fn rope(&self) -> &Rope {
        &self.rope
    }

    pub fn version(&self) -> i32 {
        self.version
    }

    pub fn set_version(&mut self, version: i32) {
        self.version = version;
    }

    pub fn language(&self) -> Language {
        self.language
    }

    pub fn path(&self) -> Option<&std::path::Path> {
        self.path.as_deref()
    }

    pub fn tree(&self) -> Option<&Tree> {
        self.tree.as_ref()
    }

    /// Where the text came from: inserted blocks, changes since open and save.
    pub fn provenance(&self) -> &Provenance {
        &self.provenance
    }

    pub fn provenance_mut(&mut self) -> &mut Provenance {
        &mut self.provenance
    }

    /// True when the tree matches the text.
    pub fn is_parsed(&self) -> bool {
        !self.stale || self.parser.is_none()
    }

    /// Replace `range` (bytes) with `new_text`, keeping rope and tree in step.
    /// Call [`Document::reparse`] after a batch of edits.
    pub fn edit(&mut self, range: Range<usize>, new_text: &str) -> Result<(), EditError> {
        let len = self.rope.len_bytes();
        if range.start > range.end || range.end > len {
            return Err(EditError::OutOfRange { range, len });
        }
        for at in [range.start, range.end] {
            if !self.is_char_boundary(at) {
                return Err(EditError::NotCharBoundary(at));
            }
        }
        // The tree is told of the same change moved one line ending back
        // where that describes it equally well (see `line_shift`).
        let shift = self.line_shift(&range, new_text);
        let tree_start = range.start - shift;
        let tree_old_end = range.end - shift;
        let start_position = self.point_at(tree_start);
        let old_end_position = self.point_at(tree_old_end);
        let start_char = self.rope.byte_to_char(range.start);
        let end_char = self.rope.byte_to_char(range.end);
        self.rope.remove(start_char..end_char);
        self.rope.insert(start_char, new_text);
        let new_end_byte = tree_start + new_text.len();
        let new_end_position = self.point_at(new_end_byte);
        if let Some(tree) = &mut self.tree {
            tree.edit(&InputEdit {
                start_byte: tree_start,
                old_end_byte: tree_old_end,
                new_end_byte,
                start_position,
                old_end_position,
                new_end_position,
            });
        }
        self.stale = true;
        self.flat = None;
        self.provenance.record_edit(range, new_text);
        Ok(())
    }

    /// Replace the whole text (a full-document change). Provenance records it
    /// as the one edit between the common prefix and suffix, so clients that
    /// send whole texts still have their insertions tracked.
    pub fn replace_all(&mut self, text: &str) {
        let old = self.rope.to_string();
        let prefix = common_prefix(&old, text);
        let suffix = common_suffix(&old[prefix..], &text[prefix..]);
        self.provenance.record_edit(
            prefix..old.len() - suffix,
            &text[prefix..text.len() - suffix],
        );
        self.rope = Rope::from_str(text);
        self.tree = None;
        self.stale = true;
        self.flat = None;
    }

    /// The text as one string, shared.
    fn flat_text(&mut self) -> Arc<str> {
        self.flat
            .get_or_insert_with(|| Arc::from(self.rope.to_string()))
            .clone()
    }

    /// Reparse after edits, reusing the edited old tree, within [`PARSE_BUDGET`].
    /// Returns false when the parse gave up (the document stays consistent: the
    /// edited old tree is kept as the base for the next attempt).
    pub fn reparse(&mut self) -> bool {
        self.reparse_within(PARSE_BUDGET)
    }

    pub fn reparse_within(&mut self, budget: Duration) -> bool {
        if self.parser.is_none() {
            self.stale = false;
            return true;
        }
        let text = self.flat_text();
        let Some(parser) = &mut self.parser else {
            return true;
        };
        let bytes = text.as_bytes();
        let clock = ParseClock::start();
        // Reading the clock costs a system call: once every 16 checks (a few
        // microseconds of parsing) is precise enough.
        let mut checks = 0u32;
        let mut give_up = |_: &tree_sitter::ParseState| {
            checks = checks.wrapping_add(1);
            checks % 16 == 0 && clock.elapsed() > budget
        };
        let options = tree_sitter::ParseOptions::new().progress_callback(&mut give_up);
        let parsed = parser.parse_with_options(
            &mut |byte, _| bytes.get(byte..).unwrap_or(&[]),
            self.tree.as_ref(),
            Some(options),
        );
        match parsed {
            Some(tree) => {
                self.tree = Some(tree);
                self.stale = false;
                true
            }
            None => {
                parser.reset();
                false
            }
        }
    }

    /// An immutable view for analysis. `None` while the tree lags the text;
    /// a document that never parsed within the budget has a view without a
    /// tree (`unparsed`), so it is analysed as far as text allows instead of
    /// showing nothing. The view takes the flat copy of the text the parse
    /// made: the document keeps only the rope at rest, and the copy goes
    /// when the analysis is done with it.
    pub fn snapshot(&mut self) -> Option<Snapshot> {
        let unparsed = self.tree.is_none() && self.parser.is_some();
        (self.is_parsed() || unparsed).then(|| Snapshot {
            text: self
                .flat
                .take()
                .unwrap_or_else(|| Arc::from(self.rope.to_string())),
            rope: self.rope.clone(),
            tree: self.tree.clone(),
            language: self.language,
            version: self.version,
            path: self.path.clone(),
            provenance: self.provenance.clone(),
            unparsed,
        })
    }

    /// How far back a whole-line insertion or deletion at the start of a
    /// line may be moved so that it starts before the previous line ending
    /// instead: inserting `"x\n"` after a `'\n'` gives the same text as
    /// inserting `"\nx"` before it. Both describe the change exactly, but
    /// tree-sitter-python reuses far less of the old tree for the first: an
    /// edit at the start of a block's first line touches the block's indent
    /// token, whose scanner state then differs from the old tree's, and
    /// everything after the edit is parsed again (~40 ms for a 10-line paste
    /// into a 5,000-line file, against ~2 ms when moved).
    fn line_shift(&self, range: &Range<usize>, new_text: &str) -> usize {
        let ends_with = |ending: &str| {
            if range.is_empty() {
                new_text.ends_with(ending)
            } else if new_text.is_empty() {
                range.len() >= ending.len()
                    && self
                        .rope
                        .get_byte_slice(range.end - ending.len()..range.end)
                        .is_some_and(|s| s == ending)
            } else {
                false
            }
        };
        ["\r\n", "\n"]
            .into_iter()
            .find(|ending| {
                let n = ending.len();
                range.start >= n
                    && ends_with(ending)
                    && self
                        .rope
                        .get_byte_slice(range.start - n..range.start)
                        .is_some_and(|s| s == *ending)
            })
            .map_or(0, str::len)
    }

    fn is_char_boundary(&self, byte: usize) -> bool {
        if byte == 0 || byte == self.rope.len_bytes() {
            return true;
        }
        let (chunk, chunk_start, _, _) = self.rope.chunk_at_byte(byte);
        chunk.is_char_boundary(byte - chunk_start)
    }

    /// Row and byte column of a byte offset, as tree-sitter counts them.
    fn point_at(&self, byte: usize) -> Point {
        let line = self.rope.byte_to_line(byte);
        Point::new(line, byte - self.rope.line_to_byte(line))
    }
}

/// Length in bytes of the common prefix of `a` and `b`, on a character boundary.
fn common_prefix(a: &str, b: &str) -> usize {
    let mut n = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    while !a.is_char_boundary(n) {
        n -= 1;
    }
    n
}

/// Length in bytes of the common suffix of `a` and `b`, on a character boundary.
fn common_suffix(a: &str, b: &str) -> usize {
    let mut n = a
        .bytes()
        .rev()
        .zip(b.bytes().rev())
        .take_while(|(x, y)| x == y)
        .count();
    while !a.is_char_boundary(a.len() - n) {
        n -= 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fresh_sexp(lang: Language, text: &str) -> String {
        lang.parse(text).unwrap().root_node().to_sexp()
    }

    #[test]
    fn incremental_edits_match_a_fresh_parse() {
        let mut doc = Document::new("def f(x):\n    return x\n", Language::Python, 1, None);
        doc.edit(4..5, "grüße").unwrap();
        doc.edit(0..0, "import os\n").unwrap();
        assert!(doc.reparse());
        let text = doc.rope().to_string();
        assert_eq!(text, "import os\ndef grüße(x):\n    return x\n");
        assert_eq!(
            doc.tree().unwrap().root_node().to_sexp(),
            fresh_sexp(Language::Python, &text)
        );
    }

    #[test]
    fn whole_lines_added_or_removed_at_line_starts_match_a_fresh_parse() {
        for eol in ["\n", "\r\n"] {
            let text = ["class A:", "    def f(self):", "        return 1", ""].join(eol);
            let body = text.find("        return").unwrap();
            let block = ["        x = 2", "        y = x", ""].join(eol);
            for (lang, at) in [(Language::Python, body), (Language::Python, 0)] {
                let mut doc = Document::new(&text, lang, 1, None);
                doc.edit(at..at, &block).unwrap();
                assert!(doc.reparse());
                let pasted = doc.rope().to_string();
                assert_eq!(pasted, format!("{}{block}{}", &text[..at], &text[at..]));
                assert_eq!(
                    doc.tree().unwrap().root_node().to_sexp(),
                    fresh_sexp(lang, &pasted)
                );
                doc.edit(at..at + block.len(), "").unwrap();
                assert!(doc.reparse());
                assert_eq!(doc.rope().to_string(), text);
                assert_eq!(
                    doc.tree().unwrap().root_node().to_sexp(),
                    fresh_sexp(lang, &text)
                );
            }
        }
        let mut doc = Document::new("fn f() {\n}\n", Language::Rust, 1, None);
        doc.edit(9..9, "    let x = 1;\n").unwrap();
        assert!(doc.reparse());
        let text = doc.rope().to_string();
        assert_eq!(text, "fn f() {\n    let x = 1;\n}\n");
        assert_eq!(
            doc.tree().unwrap().root_node().to_sexp(),
            fresh_sexp(Language::Rust, &text)
        );
    }

    #[test]
    fn out_of_range_and_split_characters_are_refused_without_change() {
        let mut doc = Document::new("é = 1\n", Language::Python, 1, None);
        assert!(matches!(
            doc.edit(0..100, "x"),
            Err(EditError::OutOfRange { .. })
        ));
        assert_eq!(doc.edit(1..1, "x"), Err(EditError::NotCharBoundary(1)));
        assert_eq!(doc.rope().to_string(), "é = 1\n");
        assert!(doc.snapshot().is_some());
    }

    #[test]
    fn whole_text_changes_record_the_inserted_block() {
        let mut doc = Document::new("a = 1\nb = 2\n", Language::Python, 1, None);
        doc.replace_all("a = 1\nx = f()\ny = g(x)\nb = 2\n");
        let ins = &doc.provenance().insertions()[0];
        assert_eq!(ins.range, 6..23);
        doc.edit(0..0, "# hi\n").unwrap();
        assert_eq!(doc.provenance().insertions()[0].range, 11..28);
    }

    #[test]
    fn text_documents_have_no_tree_but_snapshot() {
        let mut doc = Document::new("KEY=1\n", Language::Text, 3, None);
        doc.edit(4..5, "2").unwrap();
        doc.reparse();
        let snap = doc.snapshot().unwrap();
        assert_eq!(&*snap.text, "KEY=2\n");
        assert!(snap.tree.is_none());
    }
}
