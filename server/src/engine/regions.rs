//! Re-analysing only what changed. A file is split into its top-level nodes
//! (*segments*); the findings of a segment are cached under a key made of the
//! hash of its text and of whatever else its analysis may look at. For the
//! pattern and secret rules that is the file's *context* (every top-level
//! node that is not a function, class or impl: imports, module-level
//! statements, statics); the taint rules add the segments holding the
//! functions a segment calls ([`crate::engine::taint`]). Typing inside one
//! function then re-runs the rules on that function only; a change to the
//! context re-runs everything.
//!
//! A Python class or Rust `impl` block with methods is split further
//! ([`Split::Methods`]): its *head* (from the class or `impl` line,
//! decorators and attributes included, to the first method) is a segment
//! whose text joins the context, and each method is a segment of its own,
//! running to the next method (statements between methods go with the method
//! before them; a Rust method's attributes with it). Typing in a method then
//! re-runs that method, not the class; a change to a head re-runs
//! everything, as any context does.
//!
//! Cached findings are position-independent: each range is stored relative to
//! the segment that holds it (the finding's own segment, or another one named
//! by its text hash), so segments that merely moved are reused, and a range
//! whose segment is gone makes the entry a miss instead of a wrong answer.

use crate::finding::{Finding, Related, TextEdit};
use crate::lang::Language;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::ops::Range;
use std::sync::{Arc, Mutex};
use tree_sitter::{Node, Tree};
use xxhash_rust::xxh3::Xxh3;

/// Files smaller than this are analysed whole: hashing and bookkeeping would
/// cost about as much as the analysis.
pub const MIN_CACHED_BYTES: usize = 16 * 1024;

/// Entries kept at most per cache (all documents together); the cache is
/// emptied when full.
const MAX_ENTRIES: usize = 50_000;

/// Top-level nodes whose analysis is cached on their own; the others form
/// the context.
fn is_item(language: Language, node: Node, src: &[u8]) -> bool {
    match language {
        Language::Python => matches!(
            node.kind(),
            "function_definition" | "class_definition" | "decorated_definition"
        ),
        // Type definitions are read by no other item's analysis (a
        // `#[derive(Parser)]` struct reaches the taint rules as an import).
        // A function returning `&'static str` is read like a constant (an
        // allow-list pasted into SQL): it joins the context.
        Language::Rust if crate::lang::rust::constant::is_text_helper(node, src) => false,
        Language::Rust => matches!(
            node.kind(),
            "function_item"
                | "impl_item"
                | "trait_item"
                | "mod_item"
                | "struct_item"
                | "enum_item"
                | "union_item"
                | "type_item"
                | "macro_definition"
        ),
        Language::Text => false,
    }
}

/// A 64-bit hash of `value`, for cache keys. XXH3 hashes the text of a
/// whole file per edit in a few hundredths of a millisecond, against about
/// half a millisecond for the standard library's SipHash on 600 KB.
pub fn hash_of(value: impl Hash) -> u64 {
    let mut h = Xxh3::new();
    value.hash(&mut h);
    h.finish()
}

/// One top-level node.
#[derive(Clone, Debug)]
pub struct Segment {
    pub range: Range<usize>,
    /// Hash of the node's text (for a method, with its class's head: the
    /// same method text in two classes can mean two things, `self` differs).
    pub hash: u64,
    /// A function, class, impl, method or class head (else part of the
    /// context). A class head is part of the context too.
    pub item: bool,
}

/// How finely a file is cut into segments.
#[derive(Clone, Copy)]
pub enum Split<'a> {
    /// One segment per top-level node.
    TopLevel,
    /// Python classes and Rust `impl` blocks with methods are cut into a
    /// head and one segment per method. Sound only when no rule's match can span methods (no query
    /// pattern rooted at a class, block or module). Where the methods of a
    /// class lie is remembered per class text.
    Methods(&'a MethodCache),
}

/// The methods of each class seen, by the hash of the class's text, as
/// ranges relative to the class's start: walking a class body's children
/// costs more than hashing it, and an edit changes one class.
#[derive(Default)]
pub struct MethodCache(Memo<u64, Vec<Range<usize>>>);

impl MethodCache {
    pub fn clear(&self) {
        self.0.clear();
    }

    /// The methods of `node` if it is a top-level Python class (decorated
    /// or not) or Rust `impl` block, as byte ranges of their definitions
    /// (decorators and attributes included), in order.
    fn methods(&self, language: Language, node: Node, node_text: &str) -> Vec<Range<usize>> {
        let body = match language {
            Language::Python => crate::lang::python::class_of(node),
            Language::Rust => Some(node).filter(|n| n.kind() == "impl_item"),
            Language::Text => None,
        }
        .and_then(|n| n.child_by_field_name("body"));
        let Some(body) = body else {
            return Vec::new();
        };
        let start = node.start_byte();
        let relative = self.0.get_or_insert(hash_of(node_text), || {
            let mut found = Vec::new();
            // Rust attributes belong to the method after them.
            let mut attributes: Option<usize> = None;
            for child in crate::lang::named_children(body) {
                let method = match language {
                    Language::Python => crate::lang::python::function_of(child).is_some(),
                    _ => child.kind() == "function_item",
                };
                if method {
                    let from = attributes.take().unwrap_or(child.start_byte());
                    found.push(from - start..child.end_byte() - start);
                } else if child.kind() == "attribute_item" {
                    attributes.get_or_insert(child.start_byte());
                } else {
                    attributes = None;
                }
            }
            found
        });
        relative
            .iter()
            .map(|r| r.start + start..r.end + start)
            .collect()
    }
}

/// The top-level nodes of one version of a file.
pub struct Layout {
    pub segments: Vec<Segment>,
    /// Hash of the language, of every segment that is not an item, and of
    /// every class or impl head.
    pub context: u64,
    /// `(hash, index)` of every segment, sorted: the segments sharing a text.
    by_hash: Vec<(u64, usize)>,
}

impl Layout {
    pub fn new(language: Language, tree: &Tree, text: &str, split: Split<'_>) -> Layout {
        let root = tree.root_node();
        let mut cursor = root.walk();
        let mut segments: Vec<Segment> = Vec::new();
        let mut context = Xxh3::new();
        language.hash(&mut context);
        // Rust attributes belong to the item they precede: `#[derive(Parser)]`
        // or a route attribute changes what the item means.
        let mut attached: Option<usize> = None;
        for node in root.children(&mut cursor) {
            let kind = node.kind();
            let start = attached.take().unwrap_or(node.start_byte());
            let range = start..node.end_byte();
            let Some(node_text) = text.get(range.clone()) else {
                continue;
            };
            if language == Language::Rust && kind == "attribute_item" {
                attached = Some(start);
                continue;
            }
            let methods = match split {
                Split::Methods(cache) => cache.methods(language, node, node_text),
                Split::TopLevel => Vec::new(),
            };
            if let Some(first) = methods.first() {
                // The head is context; each method runs to the next one.
                let head = start..first.start;
                let head_text = text.get(head.clone()).unwrap_or("");
                head_text.hash(&mut context);
                let class = hash_of(head_text);
                // A Python class head is an item all the same: the taint
                // rules need not lower it with the context (class-level
                // statements are not analysed). A Rust impl head may hold
                // associated constants, which the taint rules read as
                // module-level facts: it is lowered with the context.
                segments.push(Segment {
                    range: head,
                    hash: class,
                    item: language == Language::Python,
                });
                let ends = methods.iter().skip(1).map(|m| m.start);
                for (method, end) in methods.iter().zip(ends.chain([range.end])) {
                    let own = method.start..end;
                    segments.push(Segment {
                        hash: hash_of((class, text.get(own.clone()).unwrap_or(""))),
                        range: own,
                        item: true,
                    });
                }
                continue;
            }
            let item = is_item(language, node, text.as_bytes());
            // Comments change no other node's analysis.
            if !item && !kind.contains("comment") {
                node_text.hash(&mut context);
            }
            // Consecutive context nodes form one segment: a change to any of
            // them changes the context anyway, and a script of thousands of
            // top-level statements would otherwise cost a query run each.
            match segments.last_mut() {
                Some(last) if !item && !last.item => last.range.end = range.end,
                _ => segments.push(Segment {
                    range,
                    hash: 0,
                    item,
                }),
            }
        }
        for s in segments.iter_mut().filter(|s| s.hash == 0) {
            s.hash = hash_of(text.get(s.range.clone()).unwrap_or(""));
        }
        if let Some(start) = attached {
            // Attributes at the very end: a segment of their own.
            let range = start..root.end_byte().max(start);
            if let Some(node_text) = text.get(range.clone()) {
                node_text.hash(&mut context);
                segments.push(Segment {
                    range,
                    hash: hash_of(node_text),
                    item: false,
                });
            }
        }
        let mut by_hash: Vec<(u64, usize)> = segments
            .iter()
            .enumerate()
            .map(|(i, s)| (s.hash, i))
            .collect();
        by_hash.sort_unstable();
        Layout {
            segments,
            context: context.finish(),
            by_hash,
        }
    }

    /// The segments whose text has `hash`, in file order.
    fn with_hash(&self, hash: u64) -> &[(u64, usize)] {
        let from = self.by_hash.partition_point(|&(h, _)| h < hash);
        let to = self.by_hash.partition_point(|&(h, _)| h <= hash);
        &self.by_hash[from..to]
    }

    /// The segment that `range` lies within, if any.
    pub fn segment_within(&self, range: &Range<usize>) -> Option<usize> {
        let i = self.segment_at(range.start)?;
        (range.end <= self.segments[i].range.end).then_some(i)
    }

    /// The segment holding byte `at` (its end included), if any.
    pub fn segment_at(&self, at: usize) -> Option<usize> {
        let i = self.segments.partition_point(|s| s.range.start <= at);
        let i = i.checked_sub(1)?;
        (at <= self.segments[i].range.end).then_some(i)
    }

    fn anchor(&self, own: usize, range: &Range<usize>) -> Option<Anchor> {
        let len = range.end.checked_sub(range.start)?;
        let at = range.start;
        let base = &self.segments[own].range;
        let pos = if base.start <= at && at <= base.end {
            Pos::Own(at - base.start)
        } else if at == 0 {
            Pos::FileStart
        } else {
            let i = self.segment_at(at)?;
            let segment = &self.segments[i];
            let nth = self
                .with_hash(segment.hash)
                .iter()
                .position(|&(_, j)| j == i)?;
            Pos::In {
                hash: segment.hash,
                nth,
                offset: at - segment.range.start,
            }
        };
        Some(Anchor { pos, len })
    }

    fn resolve(&self, own: usize, anchor: &Anchor) -> Option<Range<usize>> {
        let start = match anchor.pos {
            Pos::Own(offset) => self.segments[own].range.start + offset,
            Pos::FileStart => 0,
            Pos::In { hash, nth, offset } => {
                let (_, i) = *self.with_hash(hash).get(nth)?;
                self.segments[i].range.start + offset
            }
        };
        Some(start..start + anchor.len)
    }

    /// `finding` (found in segment `own`) in a form that survives moves.
    pub fn store(&self, own: usize, finding: &Finding) -> Option<Stored> {
        let mut finding = finding.clone();
        let mut anchors = Vec::new();
        let mut ok = true;
        for_each_range(&mut finding, |r| match self.anchor(own, r) {
            Some(a) => anchors.push(a),
            None => ok = false,
        });
        ok.then_some(Stored { finding, anchors })
    }

    /// A stored finding placed in segment `own` of this layout; `None` when a
    /// segment it refers to is gone.
    pub fn restore(&self, own: usize, stored: &Stored) -> Option<Finding> {
        let mut finding = stored.finding.clone();
        let mut anchors = stored.anchors.iter();
        let mut ok = true;
        for_each_range(&mut finding, |r| {
            match anchors.next().and_then(|a| self.resolve(own, a)) {
                Some(range) => *r = range,
                None => ok = false,
            }
        });
        ok.then_some(finding)
    }

    /// All stored findings of segment `own`, or `None` if any cannot be placed.
    pub fn restore_all(&self, own: usize, stored: &[Stored]) -> Option<Vec<Finding>> {
        stored.iter().map(|s| self.restore(own, s)).collect()
    }

    /// `findings` of segment `own` stored, or `None` if any cannot be.
    pub fn store_all(&self, own: usize, findings: &[Finding]) -> Option<Vec<Stored>> {
        findings.iter().map(|f| self.store(own, f)).collect()
    }
}

/// Where a stored range starts.
#[derive(Clone, Debug)]
enum Pos {
    /// In the finding's own segment, at this offset.
    Own(usize),
    /// At the start of the file (an import added by a fix).
    FileStart,
    /// In another segment: the `nth` one with this text hash.
    In {
        hash: u64,
        nth: usize,
        offset: usize,
    },
}

#[derive(Clone, Debug)]
struct Anchor {
    pos: Pos,
    len: usize,
}

/// A finding with its ranges anchored to segments.
#[derive(Clone, Debug)]
pub struct Stored {
    finding: Finding,
    anchors: Vec<Anchor>,
}

/// `stored` shared, as a cache entry. Most segments have no findings; they
/// all share one empty list instead of an allocation each.
pub fn shared(stored: Vec<Stored>) -> Arc<Vec<Stored>> {
    static EMPTY: std::sync::OnceLock<Arc<Vec<Stored>>> = std::sync::OnceLock::new();
    if stored.is_empty() {
        EMPTY.get_or_init(|| Arc::new(Vec::new())).clone()
    } else {
        Arc::new(stored)
    }
}

/// Every byte range of `f` in this file, in a fixed order.
fn for_each_range(f: &mut Finding, mut visit: impl FnMut(&mut Range<usize>)) {
    visit(&mut f.range);
    for Related { range, .. } in &mut f.related {
        visit(range);
    }
    if let Some(fix) = &mut f.fix {
        if fix.file.is_none() {
            for TextEdit { range, .. } in &mut fix.edits {
                visit(range);
            }
        }
    }
}

/// A hasher for keys that are distinct numbers already (hashes, node
/// addresses): a multiplication per word spreads them, at a fraction of
/// SipHash's cost, whose defence against chosen keys they do not need.
#[derive(Default)]
pub struct SpreadHasher(u64);

impl Hasher for SpreadHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8 | u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(26) ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

/// Values per key (a segment's findings or facts, a call graph's closure),
/// shared by every document; bounded.
pub struct Memo<K, V> {
    entries: Mutex<HashMap<K, Arc<V>, BuildHasherDefault<SpreadHasher>>>,
    /// Entries kept at most: the table is emptied when full.
    max: usize,
}

impl<K, V> std::fmt::Debug for Memo<K, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let len = self.entries.lock().map_or(0, |e| e.len());
        write!(f, "Memo({len} entries)")
    }
}

impl<K, V> Default for Memo<K, V> {
    fn default() -> Self {
        Memo::bounded(MAX_ENTRIES)
    }
}

impl<K, V> Memo<K, V> {
    /// A memo of at most `max` entries, for values much larger than a
    /// segment's findings.
    pub fn bounded(max: usize) -> Self {
        Memo {
            entries: Mutex::new(HashMap::default()),
            max,
        }
    }
}

impl<K: Hash + Eq, V> Memo<K, V> {
    pub fn get(&self, key: &K) -> Option<Arc<V>> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.get(key).cloned()
    }

    pub fn clear(&self) {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    pub fn insert_all(&self, fresh: Vec<(K, Arc<V>)>) {
        if fresh.is_empty() {
            return;
        }
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() + fresh.len() > self.max {
            entries.clear();
        }
        entries.extend(fresh);
    }

    /// The value for `key`, computed by `make` on a miss.
    pub fn get_or_insert(&self, key: K, make: impl FnOnce() -> V) -> Arc<V> {
        if let Some(v) = self.get(&key) {
            return v;
        }
        let v = Arc::new(make());
        self.insert_all(vec![(key, v.clone())]);
        v
    }
}

/// A value holding at most one byte range, so it can be memoised relative to
/// its top-level node.
pub trait Spanned {
    fn span_mut(&mut self) -> Option<&mut Range<usize>>;
}

impl Spanned for String {
    fn span_mut(&mut self) -> Option<&mut Range<usize>> {
        None
    }
}

/// `extract` applied to every top-level node of `tree`, each result memoised
/// under the node's text: for facts that depend on one node only (what it
/// imports, which names it binds), so an edit recomputes one node's facts.
pub fn per_segment<T: Clone + Spanned>(
    memo: &Memo<u64, Vec<T>>,
    tree: &Tree,
    text: &str,
    extract: impl Fn(Node) -> Vec<T>,
) -> Vec<T> {
    let root = tree.root_node();
    let mut cursor = root.walk();
    let mut out = Vec::new();
    for node in root.children(&mut cursor) {
        let Some(node_text) = text.get(node.byte_range()) else {
            continue;
        };
        let start = node.start_byte();
        let relative = memo.get_or_insert(hash_of(node_text), || {
            let mut found = extract(node);
            for span in found.iter_mut().filter_map(Spanned::span_mut) {
                *span = span.start.saturating_sub(start)..span.end.saturating_sub(start);
            }
            found
        });
        out.extend(relative.iter().cloned().map(|mut v| {
            if let Some(span) = v.span_mut() {
                *span = span.start + start..span.end + start;
            }
            v
        }));
    }
    out
}

/// Findings per (context and settings, segment text), shared by every document.
#[derive(Default)]
pub struct RegionCache {
    memo: Memo<(u64, u64), Vec<Stored>>,
}

impl RegionCache {
    pub fn clear(&self) {
        self.memo.clear();
    }

    /// The findings of `analyse` over the whole file, computed segment by
    /// segment and reused where a segment, the context and `settings` (a
    /// hash of whatever else `analyse` reads) are unchanged. `analyse(range)`
    /// must report the findings of the nodes in `range` only.
    /// `None` when `stop` said so before every segment was done (those done
    /// are cached all the same).
    pub fn run(
        &self,
        layout: &Layout,
        settings: u64,
        analyse: impl Fn(Range<usize>) -> Vec<Finding>,
        stop: &crate::engine::Stop<'_>,
    ) -> Option<Vec<Finding>> {
        let context = hash_of((layout.context, settings));
        let segments = &layout.segments;
        let keys: Vec<(u64, u64)> = segments.iter().map(|s| (context, s.hash)).collect();
        let mut found: Vec<Option<Vec<Finding>>> = keys
            .iter()
            .enumerate()
            .map(|(i, key)| {
                let stored = self.memo.get(key)?;
                layout.restore_all(i, &stored)
            })
            .collect();
        let missing: Vec<usize> = (0..segments.len())
            .filter(|&i| found[i].is_none())
            .collect();
        let mut fresh = Vec::new();
        let mut keep = |i: usize, list: Vec<Finding>, found: &mut Vec<Option<Vec<Finding>>>| {
            if let Some(stored) = layout.store_all(i, &list) {
                fresh.push((keys[i], shared(stored)));
            }
            found[i] = Some(list);
        };
        if missing.len() >= 2 && missing.len() * 2 >= segments.len() {
            // Most segments to do (a file just opened, its context edited):
            // one run over the file costs less than a run per segment, and
            // finds the same (a match lies within one segment, or is
            // reported where the segment's own run would report it).
            if stop() {
                return None;
            }
            let end = segments.last().map_or(0, |s| s.range.end);
            let mut lists: HashMap<usize, Vec<Finding>> =
                missing.iter().map(|&i| (i, Vec::new())).collect();
            for f in analyse(0..end) {
                if let Some(list) = layout
                    .segment_within(&f.range)
                    .and_then(|i| lists.get_mut(&i))
                {
                    list.push(f);
                }
            }
            for (i, list) in lists {
                keep(i, list, &mut found);
            }
        } else {
            for &i in &missing {
                if stop() {
                    self.memo.insert_all(fresh);
                    return None;
                }
                let range = segments[i].range.clone();
                let list: Vec<Finding> = analyse(range.clone())
                    .into_iter()
                    .filter(|f| range.start <= f.range.start && f.range.end <= range.end)
                    .collect();
                keep(i, list, &mut found);
            }
        }
        self.memo.insert_all(fresh);
        Some(found.into_iter().flatten().flatten().collect())
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::engine::{Engine, Source};

    fn analyse_whole(lang: Language, text: &str) -> Vec<Finding> {
        let tree = lang.parse(text).unwrap();
        let source = Source {
            text,
            tree: Some(&tree),
            language: lang,
            path: None,
        };
        Engine::builtin().analyze(&source, &Config::default())
    }

    /// A file large enough to take the cached path, with findings in many items.
    fn big_python() -> String {
        let mut text = String::from("import os\nimport yaml\nBASE = '/srv'\n");
        for i in 0..400 {
            text.push_str(&format!(
                "\n\ndef handler_{i}(name):\n    data = yaml.load(open(name))\n    os.system('ls ' + name)\n    return data\n"
            ));
        }
        text
    }

    #[test]
    fn incremental_results_equal_a_full_analysis_after_edits() {
        let mut text = big_python();
        assert!(text.len() > MIN_CACHED_BYTES);
        // Warm the cache, then edit: inside one function, the context, and a move.
        let first = analyse_whole(Language::Python, &text);
        let tree = Language::Python.parse(&text).unwrap();
        let engine = Engine::builtin();
        let (patterns, _) = engine.patterns(Language::Python).unwrap();
        let whole = patterns.run(&tree, &text, 0..usize::MAX);
        let cache = RegionCache::default();
        let methods = MethodCache::default();
        let layout = Layout::new(Language::Python, &tree, &text, Split::Methods(&methods));
        let cached = cache
            .run(&layout, 0, |r| patterns.run(&tree, &text, r), &|| false)
            .unwrap();
        let sorted = |mut v: Vec<Finding>| {
            v.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
            v
        };
        assert_eq!(sorted(whole), sorted(cached));
        for edit in [
            (
                "def handler_7(name):\n",
                "def handler_7(name):\n    eval(name)\n",
            ),
            ("BASE = '/srv'\n", "BASE = '/srv'\nimport pickle\n"),
            ("import os\n", "import os\n\n\n\n"),
        ] {
            text = text.replacen(edit.0, edit.1, 1);
            let tree = Language::Python.parse(&text).unwrap();
            let whole = patterns.run(&tree, &text, 0..usize::MAX);
            let layout = Layout::new(Language::Python, &tree, &text, Split::Methods(&methods));
            let cached = cache
                .run(&layout, 0, |r| patterns.run(&tree, &text, r), &|| false)
                .unwrap();
            assert_eq!(sorted(whole), sorted(cached), "after {edit:?}");
        }
        assert!(!first.is_empty());
    }

    /// Every file of a corpus directory, concatenated: many functions,
    /// imports, cross-function flows and findings of every family.
    fn corpus(dir: &str, ext: &str) -> String {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        let mut files: Vec<_> = walkdir(&root)
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == ext))
            .collect();
        files.sort();
        let mut text = String::new();
        for f in files.iter().take(150) {
            text.push_str(&std::fs::read_to_string(f).unwrap());
            text.push('\n');
        }
        text
    }

    fn walkdir(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                out.extend(walkdir(&path));
            } else {
                out.push(path);
            }
        }
        out
    }

    /// A warmed engine (caches reused across versions) must report exactly
    /// what a fresh engine reports, after every kind of edit.
    fn cached_equals_fresh(language: Language, mut text: String) {
        assert!(text.len() > MIN_CACHED_BYTES);
        let rules = Arc::new(crate::rules::RuleSet::with_user_rules(&[]).0);
        let warm = Engine::new(rules.clone());
        let fresh = Engine::new(rules.clone());
        let analyse = |engine: &Engine, text: &str| {
            let tree = language.parse(text).unwrap();
            let source = Source {
                text,
                tree: Some(&tree),
                language,
                path: None,
            };
            engine.analyze(&source, &Config::default())
        };
        assert!(!analyse(&warm, &text).is_empty());
        let mut seed: u64 = 0x5eed;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n.max(1)
        };
        for step in 0..30 {
            let lines: Vec<&str> = text.split_inclusive('\n').collect();
            let at = next(lines.len());
            let mut edited: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
            match step % 5 {
                // Import inside the next function (pasted code often does).
                4 => {
                    let opener = |l: &String| match language {
                        Language::Rust => l.trim_start().starts_with("fn ") && l.ends_with("{\n"),
                        _ => l.trim_start().starts_with("def ") && l.ends_with(":\n"),
                    };
                    if let Some(def) = (at..edited.len()).find(|&i| opener(&edited[i])) {
                        let indent = edited[def].len() - edited[def].trim_start().len() + 4;
                        let import = match language {
                            Language::Rust => "use std::process::Command as Cmd;\n",
                            _ => "import subprocess as sp, pickle, flask\n",
                        };
                        edited.insert(def + 1, format!("{}{import}", " ".repeat(indent)));
                    }
                }
                // Type into an identifier.
                0 => {
                    let line = &edited[at];
                    if let Some(i) = line.find(|c: char| c.is_ascii_alphabetic()) {
                        edited[at].insert(i + 1, 'q');
                    }
                }
                // Delete a line.
                1 => {
                    edited.remove(at);
                }
                // Duplicate a run of lines elsewhere (a paste).
                2 => {
                    let len = 1 + next(30);
                    let run: Vec<String> = edited[at..(at + len).min(edited.len())].to_vec();
                    let to = next(edited.len());
                    for (k, l) in run.into_iter().enumerate() {
                        edited.insert(to + k, l);
                    }
                }
                // Swap two lines (moves code between functions).
                _ => {
                    let other = next(edited.len());
                    edited.swap(at, other);
                }
            }
            text = edited.concat();
            // An analysis abandoned part-way (a newer version arrived) must
            // leave only correct entries behind.
            let checks = std::sync::atomic::AtomicUsize::new(0);
            let limit = next(3) * 10;
            let stop = || checks.fetch_add(1, std::sync::atomic::Ordering::Relaxed) >= limit;
            let tree = language.parse(&text).unwrap();
            let source = Source {
                text: &text,
                tree: Some(&tree),
                language,
                path: None,
            };
            let stopped = warm.analyze_until(&source, &Config::default(), &stop);
            // Asked only before work: told to stop at once, it stops unless
            // everything was cached.
            let asked = checks.load(std::sync::atomic::Ordering::Relaxed);
            if limit == 0 {
                assert_eq!(stopped.is_none(), asked > 0, "step {step}");
            }
            fresh.clear_caches();
            let (cached, full) = (analyse(&warm, &text), analyse(&fresh, &text));
            let only = |a: &[Finding], b: &[Finding]| -> Vec<String> {
                a.iter()
                    .filter(|f| !b.contains(f))
                    .map(|f| format!("{} {:?} {:?} {:?}", f.rule_id, f.range, f.related, f.fix))
                    .collect()
            };
            assert!(
                cached == full,
                "step {step}: only cached: {:#?}\nonly fresh: {:#?}",
                only(&cached, &full),
                only(&full, &cached)
            );
        }
    }

    #[test]
    fn an_import_inside_one_function_reaches_the_functions_naming_it() {
        let filler: String = (0..600)
            .map(|i| format!("def filler_{i}(x):\n    return x + {i}\n\n\n"))
            .collect();
        let g = "def g():\n    cmd = input()\n    sp.system(cmd)\n";
        let before = format!("{filler}def f():\n    return 1\n\n\n{g}");
        let after = before.replace("def f():\n", "def f():\n    import os as sp\n");
        assert!(before.len() > MIN_CACHED_BYTES);
        let rules = Arc::new(crate::rules::RuleSet::with_user_rules(&[]).0);
        let warm = Engine::new(rules.clone());
        let analyse = |engine: &Engine, text: &str| {
            let tree = Language::Python.parse(text).unwrap();
            let source = Source {
                text,
                tree: Some(&tree),
                language: Language::Python,
                path: None,
            };
            engine.analyze(&source, &Config::default())
        };
        let injection = |found: &[Finding]| {
            found
                .iter()
                .filter(|f| f.rule_id == "py-command-injection")
                .count()
        };
        assert_eq!(injection(&analyse(&warm, &before)), 0);
        let cached = analyse(&warm, &after);
        assert_eq!(injection(&cached), 1);
        assert_eq!(cached, analyse(&Engine::new(rules), &after));
    }

    /// Classes with methods, decorators, class-level statements between
    /// methods, and flows from one method into another.
    fn class_heavy_python() -> String {
        let mut text = String::from(
            "import os\nimport subprocess\nimport yaml\nfrom flask import request\n\n",
        );
        for i in 0..120 {
            text.push_str(&format!(
                "@register\nclass Service{i}(Base):\n    \"\"\"Service {i}.\"\"\"\n    timeout = {i}\n\n    \
                 def fetch(self):\n        return request.args.get('q')\n\n    \
                 @staticmethod\n    def run(cmd):\n        subprocess.call(cmd, shell=True)\n\n    \
                 limit = 3\n    password = 'hunter2-{i}-s3cr3t'\n\n    \
                 def handle(self):\n        value = self.fetch()\n        os.system('ls ' + value)\n        \
                 self.run(value)\n        return yaml.load(value)\n\n\n"
            ));
        }
        text
    }

    #[test]
    fn typing_in_a_method_reanalyses_that_method_only() {
        let text = class_heavy_python();
        let tree = Language::Python.parse(&text).unwrap();
        let methods = MethodCache::default();
        let layout = Layout::new(Language::Python, &tree, &text, Split::Methods(&methods));
        let cache = RegionCache::default();
        let analysed = Mutex::new(Vec::new());
        let analyse = |r: Range<usize>| {
            analysed.lock().unwrap().push(r);
            Vec::new()
        };
        cache.run(&layout, 0, analyse, &|| false).unwrap();
        let at = text.find("class Service7(").unwrap();
        let at = at + text[at..].find("value = self.fetch()").unwrap();
        let mut edited = text.clone();
        edited.insert(at + 1, 'q');
        let tree = Language::Python.parse(&edited).unwrap();
        let layout = Layout::new(Language::Python, &tree, &edited, Split::Methods(&methods));
        analysed.lock().unwrap().clear();
        cache.run(&layout, 0, analyse, &|| false).unwrap();
        let again = analysed.lock().unwrap().clone();
        assert_eq!(again.len(), 1, "{again:?}");
        let method = &edited[again[0].clone()];
        assert!(method.starts_with("def handle(self):"), "{method}");
        assert!(!method.contains("def fetch"), "{method}");
        // The head of a class is context: a change there re-runs every
        // segment, in one run over the file.
        let edited = edited.replacen("timeout = 7\n", "timeout = 8\n", 1);
        let tree = Language::Python.parse(&edited).unwrap();
        let layout = Layout::new(Language::Python, &tree, &edited, Split::Methods(&methods));
        analysed.lock().unwrap().clear();
        cache.run(&layout, 0, analyse, &|| false).unwrap();
        let end = layout.segments.last().unwrap().range.end;
        assert_eq!(*analysed.lock().unwrap(), vec![0..end]);
    }

    #[test]
    fn cached_analysis_of_classes_equals_a_fresh_one() {
        cached_equals_fresh(Language::Python, class_heavy_python());
    }

    /// Impl blocks with attributes on methods, associated constants, an
    /// `unsafe impl`, and flows from one method into another.
    fn impl_heavy_rust() -> String {
        let mut text = String::from("use std::process::Command;\n\n");
        for i in 0..50 {
            text.push_str(&format!(
                "struct Service{i};\n\nunsafe impl Send for Service{i} {{}}\n\n\
                 impl Service{i} {{\n    const NAME: &'static str = \"service-{i}\";\n\n    \
                 #[inline]\n    fn fetch(&self) -> String {{\n        std::env::args().nth(1).unwrap_or_default()\n    }}\n\n    \
                 const TOKEN: &'static str = \"ghp_{i:0>4}aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789\";\n\n    \
                 #[allow(dead_code)]\n    #[must_use]\n    fn handle(&self) -> bool {{\n        let value = self.fetch();\n        \
                 let p = value.as_ptr();\n        let _ = unsafe {{ *p }};\n        \
                 Command::new(\"sh\").arg(\"-c\").arg(&value).status().is_ok()\n    }}\n}}\n\n"
            ));
        }
        text
    }

    #[test]
    fn cached_analysis_of_impls_equals_a_fresh_one() {
        cached_equals_fresh(Language::Rust, impl_heavy_rust());
    }

    #[test]
    fn rust_methods_take_their_attributes_along() {
        let text = impl_heavy_rust();
        let tree = Language::Rust.parse(&text).unwrap();
        let methods = MethodCache::default();
        let layout = Layout::new(Language::Rust, &tree, &text, Split::Methods(&methods));
        let segment_with = |needle: &str| {
            layout
                .segments
                .iter()
                .map(|s| &text[s.range.clone()])
                .find(|t| t.contains(needle))
                .unwrap()
        };
        let handle = segment_with("fn handle");
        assert!(
            handle.starts_with("#[allow(dead_code)]\n    #[must_use]\n    fn handle"),
            "{handle}"
        );
        let fetch = segment_with("fn fetch");
        // Constants between methods go with the method before them.
        assert!(
            fetch.starts_with("#[inline]") && fetch.contains("const TOKEN"),
            "{fetch}"
        );
    }

    #[test]
    fn cached_python_analysis_equals_a_fresh_one() {
        cached_equals_fresh(Language::Python, corpus("tests/corpus/python", "py"));
    }

    #[test]
    fn cached_rust_analysis_equals_a_fresh_one() {
        cached_equals_fresh(Language::Rust, corpus("tests/corpus/rust", "rs"));
    }
}
