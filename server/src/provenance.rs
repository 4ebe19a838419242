//! Where the text of a buffer came from. Blocks inserted by large single edits
//! (the way accepted completions and pastes arrive), what changed since the
//! buffer was opened and since it was last saved, all as byte ranges mapped
//! through every later edit so they stay on the same code while the developer
//! types; plus the committed version of the file, for "changed since HEAD".
//! Plain data: no editor protocol, no git (the caller supplies the committed text).

use ropey::Rope;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// An insertion of more characters than this counts as new code even when it
/// is a single line.
pub const DEFAULT_NEW_CODE_MIN_CHARS: usize = 80;

/// Older insertions are forgotten past this many per document.
const MAX_INSERTIONS: usize = 64;

/// A changed-region set with more separate ranges than this collapses into
/// one range covering them all (coarser, but the cost per finding stays bounded).
const MAX_CHANGED_RANGES: usize = 512;

/// One block that arrived in one edit. Ids are unique in the process, so a
/// summary can be shown at most once per insertion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Insertion {
    pub id: u64,
    pub range: Range<usize>,
}

/// The file as last committed, when known.
#[derive(Clone, Debug, Default)]
pub enum Committed {
    /// Not looked up yet.
    #[default]
    Unknown,
    /// No committed version (no repository, no commit, or an untracked file):
    /// every line counts as changed.
    Absent,
    Text(Arc<str>),
}

/// What is known about where a finding's code came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Origin {
    /// The insertion the finding starts in (the latest, when they nest).
    pub insertion: Option<Insertion>,
    pub changed_since_open: bool,
    pub changed_since_save: bool,
    /// `None` while the committed version is not known.
    pub changed_since_head: Option<bool>,
}

#[derive(Clone, Debug)]
pub struct Provenance {
    inserted: Vec<Insertion>,
    /// Sorted, non-overlapping; empty ranges mark deletions.
    since_open: Vec<Range<usize>>,
    since_save: Vec<Range<usize>>,
    committed: Committed,
    min_chars: usize,
}

impl Default for Provenance {
    fn default() -> Provenance {
        Provenance {
            inserted: Vec::new(),
            since_open: Vec::new(),
            since_save: Vec::new(),
            committed: Committed::Unknown,
            min_chars: DEFAULT_NEW_CODE_MIN_CHARS,
        }
    }
}

/// Does one edit inserting `text` look like a completion or a paste? Two or
/// more non-blank lines, or more than `min_chars` characters. Typing, even a
/// newline with its auto-indent, does not.
pub fn is_large_insertion(text: &str, min_chars: usize) -> bool {
    text.lines().filter(|l| !l.trim().is_empty()).count() >= 2 || text.chars().count() > min_chars
}

impl Provenance {
    pub fn set_min_chars(&mut self, min_chars: usize) {
        self.min_chars = min_chars;
    }

    pub fn insertions(&self) -> &[Insertion] {
        &self.inserted
    }

    pub fn committed(&self) -> &Committed {
        &self.committed
    }

    pub fn set_committed(&mut self, committed: Committed) {
        self.committed = committed;
    }

    /// The buffer was saved: nothing has changed since.
    pub fn saved(&mut self) {
        self.since_save.clear();
    }

    /// Record that bytes `range` (of the text before the edit) were replaced by
    /// `new_text`. Returns the new insertion when the edit was large.
    pub fn record_edit(&mut self, range: Range<usize>, new_text: &str) -> Option<Insertion> {
        let (s, e, n) = (range.start, range.end, new_text.len());
        self.inserted
            .retain_mut(|ins| match map_range(&ins.range, s, e, n) {
                Some(r) if !r.is_empty() => {
                    ins.range = r;
                    true
                }
                _ => false,
            });
        for set in [&mut self.since_open, &mut self.since_save] {
            let mut mapped: Vec<_> = set.iter().filter_map(|r| map_range(r, s, e, n)).collect();
            mapped.push(s..s + n);
            *set = merge(mapped);
            if set.len() > MAX_CHANGED_RANGES {
                let all = set[0].start..set[set.len() - 1].end;
                *set = vec![all];
            }
        }
        if n == 0 || !is_large_insertion(new_text, self.min_chars) {
            return None;
        }
        static NEXT_ID: AtomicU64 = AtomicU64::new(1);
        let insertion = Insertion {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            range: s..s + n,
        };
        self.inserted.push(insertion.clone());
        if self.inserted.len() > MAX_INSERTIONS {
            self.inserted.remove(0);
        }
        Some(insertion)
    }

    /// Where the code at `range` came from. `head_changed` holds, per line of
    /// `rope`, whether it differs from the committed version (see
    /// [`crate::gitdiff::changed_lines`]); `None` when that is not known.
    pub fn origin(
        &self,
        rope: &Rope,
        range: &Range<usize>,
        head_changed: Option<&[bool]>,
    ) -> Origin {
        let lines = line_span(rope, range);
        // The bytes of those lines; `set` is sorted and merged, so a binary
        // search finds the one range that may touch them.
        let len = rope.len_bytes();
        let first_byte = rope.line_to_byte(*lines.start());
        let end_byte = if lines.end() + 1 < rope.len_lines() {
            rope.line_to_byte(lines.end() + 1)
        } else {
            len + 1
        };
        let touches = |set: &[Range<usize>]| {
            let last_of = |r: &Range<usize>| r.end.saturating_sub(1).max(r.start).min(len);
            let i = set.partition_point(|r| last_of(r) < first_byte);
            set.get(i).is_some_and(|r| r.start.min(len) < end_byte)
        };
        let insertion = self
            .inserted
            .iter()
            .filter(|i| i.range.start <= range.start && range.start < i.range.end)
            .max_by_key(|i| i.id)
            .cloned();
        let changed_since_head = match (&self.committed, head_changed) {
            (Committed::Unknown, _) => None,
            (Committed::Absent, _) => Some(true),
            (Committed::Text(_), Some(changed)) => Some(
                lines
                    .clone()
                    .any(|l| changed.get(l).copied().unwrap_or(false)),
            ),
            (Committed::Text(_), None) => None,
        };
        Origin {
            insertion,
            changed_since_open: touches(&self.since_open),
            changed_since_save: touches(&self.since_save),
            changed_since_head,
        }
    }
}

/// The lines (0-based, inclusive) a byte range covers; a range ending at the
/// start of a line does not cover that line.
pub fn line_span(rope: &Rope, range: &Range<usize>) -> std::ops::RangeInclusive<usize> {
    let len = rope.len_bytes();
    let start = range.start.min(len);
    let last = if range.end > range.start {
        (range.end - 1).min(len)
    } else {
        start
    };
    rope.byte_to_line(start)..=rope.byte_to_line(last.max(start))
}

/// Map `r` through the replacement of `s..e` by `n` bytes. `None` when the
/// edit replaced all of it. Text typed inside a range becomes part of it;
/// text typed right before or after it does not.
fn map_range(r: &Range<usize>, s: usize, e: usize, n: usize) -> Option<Range<usize>> {
    // Only applied to offsets at or after `e`, so it cannot underflow.
    let shift = |x: usize| x + n - (e - s);
    let (a, b) = (r.start, r.end);
    if e <= a {
        // Entirely before (or an insertion right at the start): shift.
        return Some(shift(a)..shift(b));
    }
    if s >= b {
        return Some(a..b);
    }
    if s <= a && e >= b {
        return None;
    }
    if s >= a && e <= b {
        return Some(a..shift(b));
    }
    if s < a {
        // The edit ate the head of the range.
        return Some(s + n..shift(b));
    }
    // The edit ate the tail of the range.
    Some(a..s)
}

/// Sort and merge overlapping or touching ranges.
fn merge(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(text: &mut String, p: &mut Provenance, range: Range<usize>, new: &str) {
        p.record_edit(range.clone(), new);
        text.replace_range(range, new);
    }

    #[test]
    fn typing_is_not_an_insertion_but_a_block_is() {
        assert!(!is_large_insertion("x", 80));
        assert!(!is_large_insertion("\n    ", 80));
        assert!(is_large_insertion("a = 1\nb = 2", 80));
        assert!(is_large_insertion(&"x".repeat(81), 80));
        assert!(!is_large_insertion(&"x".repeat(80), 80));
    }

    #[test]
    fn an_insertion_follows_its_code_through_later_edits() {
        let mut text = String::from("import os\n\nmain()\n");
        let mut p = Provenance::default();
        let block = "def f(q):\n    os.system(q)\n";
        apply(&mut text, &mut p, 11..11, block);
        let id = p.insertions()[0].id;
        // Typing above shifts it.
        apply(&mut text, &mut p, 0..0, "# header\n");
        // Typing inside it keeps it whole.
        let inside = text.find("(q)").unwrap() + 2;
        apply(&mut text, &mut p, inside..inside, "uery");
        // Typing right after it does not extend it.
        let end = p.insertions()[0].range.end;
        apply(&mut text, &mut p, end..end, "x = 1\n");
        let ins = &p.insertions()[0];
        assert_eq!(ins.id, id);
        assert_eq!(
            &text[ins.range.clone()],
            "def f(query):\n    os.system(q)\n"
        );
        // Deleting all of it forgets it.
        let r = ins.range.clone();
        apply(&mut text, &mut p, r.start - 1..r.end + 1, "");
        assert!(p.insertions().is_empty());
    }

    #[test]
    fn partial_overlaps_clip_the_block() {
        let r = 10..20;
        assert_eq!(map_range(&r, 5, 12, 1), Some(6..14));
        assert_eq!(map_range(&r, 15, 25, 3), Some(10..15));
        assert_eq!(map_range(&r, 20, 20, 4), Some(10..20));
        assert_eq!(map_range(&r, 10, 10, 4), Some(14..24));
        assert_eq!(map_range(&r, 8, 22, 0), None);
    }

    #[test]
    fn changes_since_open_and_save_are_tracked_by_line() {
        let text = "a = 1\nb = 2\nc = 3\n";
        let mut p = Provenance::default();
        p.record_edit(6..7, "bb");
        let rope = Rope::from_str("a = 1\nbb = 2\nc = 3\n");
        let line = |l: usize| rope.line_to_byte(l)..rope.line_to_byte(l) + 1;
        let o = p.origin(&rope, &line(1), None);
        assert!(o.changed_since_open && o.changed_since_save);
        assert!(!p.origin(&rope, &line(0), None).changed_since_open);
        p.saved();
        let o = p.origin(&rope, &line(1), None);
        assert!(o.changed_since_open && !o.changed_since_save);
        assert_eq!(o.changed_since_head, None);
        p.set_committed(Committed::Absent);
        assert_eq!(
            p.origin(&rope, &line(0), None).changed_since_head,
            Some(true)
        );
        p.set_committed(Committed::Text(Arc::from(text)));
        let changed = [false, true, false, false];
        assert_eq!(
            p.origin(&rope, &line(2), Some(&changed)).changed_since_head,
            Some(false)
        );
        assert_eq!(
            p.origin(&rope, &line(1), Some(&changed)).changed_since_head,
            Some(true)
        );
    }
}
