//! Taint analysis of a large file, re-run only where its result may change.
//!
//! A segment's taint findings depend on its own text, on the file's context
//! (imports anywhere, module-level statements) and on the summaries of the
//! helpers it calls, transitively. So each segment's findings are cached
//! under a key made of exactly those: the context, its text, and the texts of
//! the segments defining the names it calls (closed under calls). After an
//! edit only the segments whose key changed are analysed, together with the
//! helpers they need, lowered from the tree on their own.

use super::callgraph::called_names_stmt;
use super::ir::Module;
use super::TaintSet;
use crate::engine::regions::{hash_of, shared, Layout, Memo, Stored};
use crate::engine::Stop;
use crate::finding::Finding;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::{Arc, OnceLock};

/// What one segment tells the rest of the file. Kept for every segment of
/// every open file, so names are kept as hashes: a collision only widens a
/// key or the set of segments lowered together, so it costs a
/// recomputation, never a stale or wrong result.
#[derive(Debug, Default)]
pub(super) struct Facts {
    /// Hashes of the functions and methods it defines (bare names, as calls
    /// name them), sorted.
    defines: Vec<u64>,
    /// Hashes of the names it calls, sorted.
    calls: Vec<u64>,
    /// Its imports, in source order.
    imports: Vec<(String, String)>,
    /// A 32-bit hash of every identifier-like word of its text, sorted: an
    /// import binding can change the analysis of a segment only if the
    /// segment names it.
    words: Vec<u32>,
}

/// The short hash of a word, as [`Facts::words`] holds them.
fn word_hash(word: &str) -> u32 {
    hash_of(word) as u32
}

impl Facts {
    fn of(module: &Module, text: &str) -> Facts {
        let mut calls = Vec::new();
        for f in module.functions.iter().chain([&module.top]) {
            for s in &f.body {
                called_names_stmt(s, &mut calls);
            }
        }
        let sorted = |mut hashes: Vec<u64>| {
            hashes.sort_unstable();
            hashes.dedup();
            hashes.shrink_to_fit();
            hashes
        };
        let mut words: Vec<u32> = text
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
            .map(word_hash)
            .collect();
        words.sort_unstable();
        words.dedup();
        words.shrink_to_fit();
        Facts {
            defines: sorted(module.functions.iter().map(|f| hash_of(&f.name)).collect()),
            calls: sorted(calls.into_iter().map(hash_of).collect()),
            imports: module.imports.clone(),
            words,
        }
    }
}

/// The per-segment caches of one language's taint rules.
#[derive(Debug)]
pub(super) struct Caches {
    facts: Memo<u64, Facts>,
    /// For each segment, the others it reaches by calls, per call graph.
    reach: Memo<u64, Vec<Vec<usize>>>,
    findings: Memo<u64, Vec<Stored>>,
    global_roots: OnceLock<HashSet<String>>,
}

/// Call graphs whose closure is kept: one per open file of the language,
/// give or take (a closure holds a list per segment of the file).
const REACH_ENTRIES: usize = 64;

impl Default for Caches {
    fn default() -> Self {
        Caches {
            facts: Memo::default(),
            reach: Memo::bounded(REACH_ENTRIES),
            findings: Memo::default(),
            global_roots: OnceLock::new(),
        }
    }
}

/// Lowers the top-level nodes overlapping the spans (sorted, disjoint)
/// whose byte range passes the filter (the filter accepts nodes within
/// wanted segments; facts outside them must not be read). A class that does
/// not pass is looked into: its statements that pass are lowered (a class
/// cut into one segment per method). The spans only save looking at nodes
/// the filter rejects.
pub type LowerWhere<'a> = dyn Fn(&[Range<usize>], &dyn Fn(&Range<usize>) -> bool) -> Module + 'a;

impl TaintSet {
    /// Forget every per-segment result.
    pub fn clear_caches(&self) {
        self.caches.facts.clear();
        self.caches.reach.clear();
        self.caches.findings.clear();
    }

    /// Import roots some check reads wherever they are imported: frameworks
    /// whose responses are HTML by default, and what the fixes look for.
    fn global_roots(&self) -> &HashSet<String> {
        self.caches.global_roots.get_or_init(|| {
            let mut roots: HashSet<String> = super::python_fix::import_roots_read()
                .map(str::to_owned)
                .collect();
            for rule in &self.model.rules {
                roots.extend(rule.html_by_default.iter().cloned());
            }
            for sink in self.model.sinks.values() {
                roots.extend(sink.html_by_default.iter().cloned());
            }
            roots
        })
    }

    /// Every taint finding of the file laid out as `layout`, analysing only
    /// the segments whose result may have changed since a previous call.
    /// `analyze` runs the core over a (partial) module.
    /// `None` when `stop` said so first.
    pub fn analyze_segments(
        &self,
        layout: &Layout,
        text: &str,
        stop: &Stop<'_>,
        lower: &LowerWhere,
        analyze: &dyn Fn(&Module) -> Vec<Finding>,
    ) -> Option<Vec<Finding>> {
        if self.is_empty() {
            return Some(Vec::new());
        }
        let segments = &layout.segments;
        let mut facts: Vec<Arc<Facts>> = Vec::with_capacity(segments.len());
        for s in segments {
            let known = self.caches.facts.get(&s.hash);
            let fact = match known {
                Some(fact) => fact,
                None if stop() => return None,
                None => self.caches.facts.get_or_insert(s.hash, || {
                    let module = lower(std::slice::from_ref(&s.range), &|r: &Range<usize>| {
                        s.range.start <= r.start && r.end <= s.range.end
                    });
                    Facts::of(&module, text.get(s.range.clone()).unwrap_or(""))
                }),
            };
            facts.push(fact);
        }
        let imports: Vec<&(String, String)> = facts.iter().flat_map(|f| &f.imports).collect();
        // The core reads imports as a map (the last binding of a name wins):
        // an import repeated inside a function changes nothing.
        let mut bindings: HashMap<&str, &str> = HashMap::new();
        for (local, path) in imports.iter().copied() {
            bindings.insert(local, path);
        }
        // Module-level imports are part of the layout's context. Names bound
        // inside functions and classes (pasted code often imports locally)
        // reach a segment's key only where it, or a helper it calls, names
        // them, so such an import re-analyses its readers, not the file; and
        // only where it changes what the name means: `import subprocess` in a
        // function of a module that imports it already changes nothing.
        let mut module_bindings: HashMap<&str, &str> = HashMap::new();
        for i in (0..segments.len()).filter(|&i| !segments[i].item) {
            for (local, path) in &facts[i].imports {
                module_bindings.insert(local, path);
            }
        }
        let mut local_names: Vec<&str> = (0..segments.len())
            .filter(|&i| segments[i].item)
            .flat_map(|i| facts[i].imports.iter().map(|(local, _)| local.as_str()))
            .filter(|name| module_bindings.get(name) != bindings.get(name))
            .collect();
        local_names.sort_unstable();
        local_names.dedup();
        // Some checks look at whether a package is imported anywhere.
        let global_roots = self.global_roots();
        let mut read_anywhere: Vec<&(String, String)> = imports
            .iter()
            .copied()
            .filter(|(_, path)| global_roots.contains(path.split('.').next().unwrap_or("")))
            .collect();
        read_anywhere.sort_unstable();
        read_anywhere.dedup();
        let context = hash_of((layout.context, read_anywhere));
        // Which segments call which changes far less often than their text:
        // the closure is kept per shape of the call graph.
        let graph = hash_of(
            facts
                .iter()
                .map(|f| (&f.defines, &f.calls))
                .collect::<Vec<_>>(),
        );
        let reach = self.caches.reach.get_or_insert(graph, || reach(&facts));
        let keys: Vec<u64> = (0..segments.len())
            .map(|i| {
                let mut deps: Vec<u64> = reach[i].iter().map(|&j| segments[j].hash).collect();
                deps.sort_unstable();
                let named = |name: &str| {
                    let root = word_hash(name.split('.').next().unwrap_or(name));
                    std::iter::once(i)
                        .chain(reach[i].iter().copied())
                        .any(|j| facts[j].words.binary_search(&root).is_ok())
                };
                let read: Vec<(&str, &str)> = local_names
                    .iter()
                    .filter(|name| named(name))
                    .map(|&name| (name, bindings[name]))
                    .collect();
                hash_of((context, segments[i].hash, deps, read))
            })
            .collect();
        let mut found: Vec<Option<Vec<Finding>>> = keys
            .iter()
            .enumerate()
            .map(|(i, key)| {
                let stored = self.caches.findings.get(key)?;
                layout.restore_all(i, &stored)
            })
            .collect();
        let missing: Vec<usize> = (0..segments.len())
            .filter(|&i| found[i].is_none())
            .collect();
        if !missing.is_empty() {
            if stop() {
                return None;
            }
            // The missing segments, the helpers they call, and the context.
            let mut wanted: HashSet<usize> = missing.iter().copied().collect();
            for &i in &missing {
                wanted.extend(reach[i].iter().copied());
            }
            wanted.extend((0..segments.len()).filter(|&i| !segments[i].item));
            let mut order: Vec<usize> = wanted.iter().copied().collect();
            order.sort_unstable();
            // Runs of consecutive wanted segments, as byte spans.
            let mut spans: Vec<Range<usize>> = Vec::new();
            for (k, &i) in order.iter().enumerate() {
                match spans.last_mut() {
                    Some(span) if k > 0 && order[k - 1] + 1 == i => {
                        span.end = segments[i].range.end;
                    }
                    _ => spans.push(segments[i].range.clone()),
                }
            }
            let mut module = lower(&spans, &|r: &Range<usize>| {
                layout
                    .segment_within(r)
                    .is_some_and(|i| wanted.contains(&i))
            });
            module.imports = imports.into_iter().cloned().collect();
            let mut fresh: HashMap<usize, Vec<Finding>> =
                missing.iter().map(|&i| (i, Vec::new())).collect();
            for f in analyze(&module) {
                if let Some(list) = layout
                    .segment_at(f.range.start)
                    .and_then(|i| fresh.get_mut(&i))
                {
                    list.push(f);
                }
            }
            let mut stored = Vec::new();
            for (i, list) in fresh {
                if let Some(s) = layout.store_all(i, &list) {
                    stored.push((keys[i], shared(s)));
                }
                found[i] = Some(list);
            }
            self.caches.findings.insert_all(stored);
        }
        Some(found.into_iter().flatten().flatten().collect())
    }
}

/// For each segment, the other segments defining a name it calls, closed
/// under calls.
fn reach(facts: &[Arc<Facts>]) -> Vec<Vec<usize>> {
    let mut definers: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, f) in facts.iter().enumerate() {
        for &name in &f.defines {
            definers.entry(name).or_default().push(i);
        }
    }
    let direct: Vec<Vec<usize>> = facts
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let mut out: Vec<usize> = f
                .calls
                .iter()
                .filter_map(|c| definers.get(c))
                .flatten()
                .copied()
                .filter(|&j| j != i)
                .collect();
            out.sort_unstable();
            out.dedup();
            out
        })
        .collect();
    (0..facts.len())
        .map(|start| {
            let mut seen = HashSet::from([start]);
            let mut stack = direct[start].clone();
            let mut out = Vec::new();
            while let Some(j) = stack.pop() {
                if seen.insert(j) {
                    out.push(j);
                    stack.extend(direct[j].iter().copied());
                }
            }
            out
        })
        .collect()
}
