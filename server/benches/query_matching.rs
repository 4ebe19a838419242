//! The pattern rules through our query matcher (`engine::query`) beside
//! tree-sitter's own query engine, in the same run: compiling every pattern
//! rule of a language, then matching them all over a whole generated file
//! (text predicates included, the engine's own predicates not). Each figure
//! is the median of seven runs.
//!
//! Run: `cargo bench --bench query_matching` (release build).

#[path = "common/inputs.rs"]
mod inputs;

use std::time::Instant;
use suggestguard::engine::query::QuerySet;
use suggestguard::lang::Language;
use suggestguard::rules::{RuleLanguage, RuleSet};
use tree_sitter::StreamingIterator;

const RUNS: usize = 7;

/// The median time of `RUNS` calls of `f`, in ms, and its last result.
fn median<T>(mut f: impl FnMut() -> T) -> (f64, T) {
    let mut times = Vec::with_capacity(RUNS);
    let mut last = None;
    for _ in 0..RUNS {
        let start = Instant::now();
        last = Some(f());
        times.push(start.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(f64::total_cmp);
    (times[RUNS / 2], last.expect("RUNS > 0"))
}

fn main() {
    let dir = inputs::generate("query", 0);
    let rules = RuleSet::builtin();
    println!("| input | patterns | compile: ours | compile: tree-sitter | match: ours | match: tree-sitter | matches: ours / tree-sitter |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for (file, language, rule_language) in [
        ("py_5k.py", Language::Python, RuleLanguage::Python),
        ("rs_5k.rs", Language::Rust, RuleLanguage::Rust),
        ("py_20k.py", Language::Python, RuleLanguage::Python),
    ] {
        let grammar = language.grammar().expect("a grammar");
        let queries: Vec<&str> = rules
            .iter()
            .filter(|r| r.engine == "pattern" && r.language == rule_language)
            .flat_map(|r| r.patterns.iter().map(|p| p.query.as_str()))
            .collect();
        let (ours_compile, ours) = median(|| {
            let mut set = QuerySet::new(&grammar);
            for q in &queries {
                set.add(q).expect("built-in patterns compile");
            }
            set
        });
        // tree-sitter reads each pattern inside parentheses, as the engine did.
        let combined: String = queries.iter().map(|q| format!("(\n{q}\n)\n")).collect();
        let (theirs_compile, theirs) =
            median(|| tree_sitter::Query::new(&grammar, &combined).expect("compiles"));
        let text = std::fs::read_to_string(dir.join(file)).expect("generated input");
        let tree = language.parse(&text).expect("parses");
        let (ours_match, ours_count) = median(|| {
            let mut count = 0;
            ours.for_each_match(tree.root_node(), text.as_bytes(), 0..usize::MAX, |_, _| {
                count += 1
            });
            count
        });
        let (theirs_match, theirs_count) = median(|| {
            let mut cursor = tree_sitter::QueryCursor::new();
            let mut matches = cursor.matches(&theirs, tree.root_node(), text.as_bytes());
            let mut count = 0;
            while matches.next().is_some() {
                count += 1;
            }
            count
        });
        println!(
            "| {file} | {} | {ours_compile:.1} ms | {theirs_compile:.1} ms | {ours_match:.1} ms | {theirs_match:.1} ms | {ours_count} / {theirs_count} |",
            queries.len()
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
