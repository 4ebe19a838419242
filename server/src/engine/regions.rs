//! Re-analysing only what changed. A file is split into its top-level items
//! (functions, classes, impls); the findings of an item are cached under the
//! hash of its text and of the file's *context* (every top-level node that is
//! not such an item: imports, module-level statements, statics), because
//! those are what an item's analysis may look at besides itself. Typing
//! inside one function then re-runs the rules on that function only; a change
//! to the context re-runs everything. Findings are stored relative to their
//! item, so items that merely moved are reused.

use crate::finding::{Finding, Related, TextEdit};
use crate::lang::Language;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::{Arc, Mutex};
use tree_sitter::{Node, Tree};

/// Files smaller than this are analysed whole: hashing and bookkeeping would
/// cost about as much as the analysis.
pub const MIN_CACHED_BYTES: usize = 16 * 1024;

/// Entries kept at most (all documents together); the cache is emptied when full.
const MAX_ENTRIES: usize = 50_000;

/// Top-level nodes analysed on their own.
fn is_item(language: Language, node: Node) -> bool {
    match language {
        Language::Python => matches!(
            node.kind(),
            "function_definition" | "class_definition" | "decorated_definition"
        ),
        Language::Rust => matches!(
            node.kind(),
            "function_item" | "impl_item" | "trait_item" | "mod_item"
        ),
        Language::Text => false,
    }
}

fn hash_of(text: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// (hash of the file's context, hash of the item's text).
type Key = (u64, u64);

/// Findings per (context, item text), shared by every document.
#[derive(Default)]
pub struct RegionCache {
    entries: Mutex<HashMap<Key, Arc<Vec<Finding>>>>,
}

impl RegionCache {
    /// The findings of `analyse` over the whole file, computed item by item
    /// and reused where an item and the context are unchanged. `analyse(range)`
    /// must report the findings of the nodes in `range` only.
    pub fn run(
        &self,
        language: Language,
        tree: &Tree,
        text: &str,
        analyse: impl Fn(Range<usize>) -> Vec<Finding>,
    ) -> Vec<Finding> {
        if text.len() < MIN_CACHED_BYTES {
            return analyse(0..text.len());
        }
        let root = tree.root_node();
        let children: Vec<Node> = (0..root.child_count())
            .filter_map(|i| root.child(i))
            .collect();
        let mut context = std::collections::hash_map::DefaultHasher::new();
        language.hash(&mut context);
        for c in children.iter().filter(|c| !is_item(language, **c)) {
            text[c.byte_range()].hash(&mut context);
        }
        let context = context.finish();
        let keys: Vec<Key> = children
            .iter()
            .map(|c| (context, hash_of(&text[c.byte_range()])))
            .collect();
        let cached: Vec<Option<Arc<Vec<Finding>>>> = {
            let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
            keys.iter().map(|k| entries.get(k).cloned()).collect()
        };
        let mut out = Vec::new();
        let mut fresh = Vec::new();
        for ((child, key), hit) in children.iter().zip(&keys).zip(cached) {
            let start = child.start_byte();
            let relative = match hit {
                Some(found) => found,
                None => {
                    let range = child.byte_range();
                    let found: Vec<Finding> = analyse(range.clone())
                        .into_iter()
                        .filter(|f| range.start <= f.range.start && f.range.end <= range.end)
                        .map(|f| shifted(f, start, false))
                        .collect();
                    let found = Arc::new(found);
                    fresh.push((*key, found.clone()));
                    found
                }
            };
            out.extend(relative.iter().cloned().map(|f| shifted(f, start, true)));
        }
        if !fresh.is_empty() {
            let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
            if entries.len() + fresh.len() > MAX_ENTRIES {
                entries.clear();
            }
            entries.extend(fresh);
        }
        out
    }
}

/// Move every byte range of `f` by `by`: forward (`add`) or back.
fn shifted(mut f: Finding, by: usize, add: bool) -> Finding {
    let move_range = |r: &mut Range<usize>| {
        if add {
            *r = r.start + by..r.end + by;
        } else {
            *r = r.start.saturating_sub(by)..r.end.saturating_sub(by);
        }
    };
    move_range(&mut f.range);
    for Related { range, .. } in &mut f.related {
        move_range(range);
    }
    if let Some(fix) = &mut f.fix {
        if fix.file.is_none() {
            for TextEdit { range, .. } in &mut fix.edits {
                move_range(range);
            }
        }
    }
    f
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
        let cached = cache.run(Language::Python, &tree, &text, |r| {
            patterns.run(&tree, &text, r)
        });
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
            let cached = cache.run(Language::Python, &tree, &text, |r| {
                patterns.run(&tree, &text, r)
            });
            assert_eq!(sorted(whole), sorted(cached), "after {edit:?}");
        }
        assert!(!first.is_empty());
    }
}
