use super::*;
use crate::lang::Language;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use tree_sitter::StreamingIterator;

/// `(pattern, report range)` of every match in `text`, by our matcher.
fn ours(
    set: &QuerySet,
    report: &[Option<u32>],
    tree: &tree_sitter::Tree,
    text: &str,
) -> BTreeSet<(usize, usize, usize)> {
    let mut out = BTreeSet::new();
    set.for_each_match(
        tree.root_node(),
        text.as_bytes(),
        0..usize::MAX,
        |p, caps| {
            let node = report[p]
                .and_then(|r| caps.iter().find(|c| c.0 == r))
                .or(caps.first())
                .map(|c| c.1.byte_range());
            out.extend(node.map(|n| (p, n.start, n.end)));
        },
    );
    out
}

fn matches(language: Language, query: &str, text: &str) -> Vec<Vec<(String, String)>> {
    let grammar = language.grammar().unwrap();
    let mut set = QuerySet::new(&grammar);
    set.add(query).unwrap();
    let tree = language.parse(text).unwrap();
    let mut out = Vec::new();
    set.for_each_match(
        tree.root_node(),
        text.as_bytes(),
        0..usize::MAX,
        |_, caps| {
            out.push(
                caps.iter()
                    .map(|(c, n)| {
                        (
                            set.capture_names[*c as usize].clone(),
                            text[n.byte_range()].to_owned(),
                        )
                    })
                    .collect(),
            )
        },
    );
    out
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn children_match_in_order_with_gaps_and_each_way_is_a_match() {
    let found = matches(
        Language::Python,
        "(argument_list (string) @s)",
        "f('a', x, 'b')\n",
    );
    assert_eq!(found, [pairs(&[("s", "'a'")]), pairs(&[("s", "'b'")])]);
    let found = matches(
        Language::Python,
        "(call function: (identifier) @f arguments: (argument_list (identifier) @x))",
        "f('a', x, 'b')\n",
    );
    assert_eq!(found, [pairs(&[("f", "f"), ("x", "x")])]);
    // Fields in the wrong order never match.
    let found = matches(
        Language::Python,
        "(call arguments: (_) function: (_))",
        "f(x)\n",
    );
    assert!(found.is_empty());
}

#[test]
fn anchors_tie_to_adjacent_named_siblings() {
    let text = "f(a, b, c)\n";
    let first = matches(Language::Python, "(argument_list . (identifier) @x)", text);
    assert_eq!(first, [pairs(&[("x", "a")])]);
    let last = matches(Language::Python, "(argument_list (identifier) @x .)", text);
    assert_eq!(last, [pairs(&[("x", "c")])]);
    let adjacent = matches(
        Language::Python,
        "(argument_list (identifier) @x . (identifier) @y)",
        text,
    );
    assert_eq!(
        adjacent,
        [
            pairs(&[("x", "a"), ("y", "b")]),
            pairs(&[("x", "b"), ("y", "c")])
        ]
    );
    // A comment is a named node: it breaks adjacency.
    let commented = matches(
        Language::Python,
        "(argument_list . (identifier) @x . (identifier) @y)",
        "f(a, # note\n  b)\n",
    );
    assert!(commented.is_empty());
}

#[test]
fn quantifiers_alternations_and_negated_fields() {
    let text = "f(1, 2, x)\n";
    let all = matches(
        Language::Python,
        "(argument_list (integer)* @n . (identifier) @x)",
        text,
    );
    assert_eq!(all[0], pairs(&[("n", "1"), ("n", "2"), ("x", "x")]));
    let some = matches(
        Language::Python,
        "(argument_list (integer)+ @n (string))",
        text,
    );
    assert!(some.is_empty());
    let optional = matches(
        Language::Python,
        "(call (identifier) @f (argument_list (string)? @s))",
        text,
    );
    assert_eq!(optional, [pairs(&[("f", "f")])]);
    let alt = matches(
        Language::Python,
        "(call function: [(identifier) @name (attribute attribute: (identifier) @name)])",
        "f(1)\nos.system(2)\n",
    );
    assert_eq!(alt, [pairs(&[("name", "f")]), pairs(&[("name", "system")])]);
    let inherent = matches(
        Language::Rust,
        "(impl_item !trait type: (type_identifier) @t)",
        "impl A {}\nimpl Send for B {}\n",
    );
    assert_eq!(inherent, [pairs(&[("t", "A")])]);
}

#[test]
fn text_predicates_follow_tree_sitter() {
    let text = "os.system(a)\nos.popen(b)\nsubprocess.run(c)\n";
    let q = |p: &str| {
        matches(
            Language::Python,
            &format!("((call function: (attribute object: (identifier) @o attribute: (identifier) @m)) {p})"),
            text,
        )
        .len()
    };
    assert_eq!(q("(#eq? @o \"os\")"), 2);
    assert_eq!(q("(#not-eq? @o \"os\")"), 1);
    assert_eq!(q("(#match? @m \"^(system|run)$\")"), 2);
    assert_eq!(q("(#not-match? @m \"^s\")"), 2);
    assert_eq!(q("(#any-of? @m \"popen\" \"run\")"), 2);
    assert_eq!(q("(#not-any-of? @m \"popen\" \"run\")"), 1);
    assert_eq!(q("(#eq? @o @m)"), 0);
    assert_eq!(q("(#set! priority 10)"), 3);
}

#[test]
fn groups_of_siblings_and_tokens() {
    let text = "@app.route('/')\ndef index():\n    pass\n";
    let found = matches(
        Language::Python,
        "((decorator) @d . (function_definition) @f)",
        text,
    );
    assert_eq!(found.len(), 1);
    let tokens = matches(
        Language::Rust,
        "(\"unsafe\" @u)",
        "unsafe fn f() {}\nfn g() { unsafe {} }\n",
    );
    assert_eq!(tokens.len(), 2);
    // Supertypes stand for their subtypes.
    let expressions = matches(
        Language::Python,
        "(expression_statement (expression) @e)",
        "x\nf()\n",
    );
    assert_eq!(expressions.len(), 2);
}

#[test]
fn bad_patterns_are_refused_with_a_reason() {
    let grammar = Language::Python.grammar().unwrap();
    let mut set = QuerySet::new(&grammar);
    let message = |set: &mut QuerySet, q: &str| set.add(q).unwrap_err().to_string();
    assert!(message(&mut set, "(no_such_kind)").contains("no node kind `no_such_kind`"));
    assert!(message(&mut set, "(call nope: (_))").contains("no field `nope`"));
    assert!(message(&mut set, "((call) (#eq? @x \"a\"))").contains("no capture @x"));
    assert!(message(&mut set, "((call) @c (#match? @c \"(\"))").contains("bad regex"));
    assert!(message(&mut set, "(call\n  (identifier)").contains("line 2"));
    // Errors about names point at the line that writes them.
    let lines = |set: &mut QuerySet, q: &str| set.add(q).unwrap_err().line;
    assert_eq!(
        lines(
            &mut set,
            "(call\n  function: (identifier)\n  (no_such_kind))"
        ),
        3
    );
    assert_eq!(lines(&mut set, "(call\n  nope: (_))"), 2);
    assert_eq!(lines(&mut set, "(call\n  !nope)"), 2);
    assert_eq!(lines(&mut set, "(call) @c\n\n(#eq? @x \"a\")"), 3);
    assert_eq!(set.pattern_count(), 0);
}

#[test]
fn ranges_start_matches_at_overlapping_nodes_only() {
    let text = "a = f(1)\nb = g(2)\n";
    let grammar = Language::Python.grammar().unwrap();
    let mut set = QuerySet::new(&grammar);
    set.add("(call) @c").unwrap();
    let tree = Language::Python.parse(text).unwrap();
    let mut found = Vec::new();
    set.for_each_match(tree.root_node(), text.as_bytes(), 9..18, |_, caps| {
        found.push(&text[caps[0].1.byte_range()])
    });
    assert_eq!(found, ["g(2)"]);
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// tree-sitter's own query engine is the reference: over the repository's
/// examples, corpora and fixtures, every built-in pattern reports the same
/// nodes with both.
#[test]
fn built_in_patterns_report_what_tree_sitter_reports() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["examples", "tests/corpus", "tests/fixtures"] {
        files_under(&root.join(dir), &mut files);
    }
    let rules = crate::rules::RuleSet::with_user_rules(&[]).0;
    for (language, extension) in [(Language::Python, "py"), (Language::Rust, "rs")] {
        let grammar = language.grammar().unwrap();
        let mut set = QuerySet::new(&grammar);
        let mut combined = String::new();
        let mut reports = Vec::new();
        for rule in rules.iter() {
            if rule.engine != "pattern" || !rule.language.applies_to(language) {
                continue;
            }
            if rule.language == crate::rules::RuleLanguage::Any {
                continue;
            }
            for pattern in &rule.patterns {
                set.add(&pattern.query).unwrap();
                combined.push_str(&format!("(\n{}\n)\n", pattern.query));
                reports.push(pattern.report.clone().unwrap_or_else(|| "report".into()));
            }
        }
        let reference = tree_sitter::Query::new(&grammar, &combined).unwrap();
        assert_eq!(reference.pattern_count(), set.pattern_count());
        let our_reports: Vec<Option<u32>> = reports.iter().map(|r| set.capture_index(r)).collect();
        let their_reports: Vec<Option<u32>> = reports
            .iter()
            .map(|r| reference.capture_index_for_name(r))
            .collect();
        let mut checked = 0;
        for file in files
            .iter()
            .filter(|f| f.extension().is_some_and(|e| e == extension))
        {
            let Ok(text) = std::fs::read_to_string(file) else {
                continue;
            };
            let tree = language.parse(&text).unwrap();
            let mut theirs = BTreeSet::new();
            let mut cursor = tree_sitter::QueryCursor::new();
            let mut it = cursor.matches(&reference, tree.root_node(), text.as_bytes());
            while let Some(m) = it.next() {
                let node = their_reports[m.pattern_index]
                    .and_then(|r| m.captures.iter().find(|c| c.index == r))
                    .or(m.captures.first())
                    .map(|c| c.node.byte_range());
                theirs.extend(node.map(|n| (m.pattern_index, n.start, n.end)));
            }
            let mine = ours(&set, &our_reports, &tree, &text);
            assert_eq!(
                mine.difference(&theirs).collect::<Vec<_>>(),
                Vec::<&(usize, usize, usize)>::new(),
                "only ours in {}",
                file.display()
            );
            assert_eq!(
                theirs.difference(&mine).collect::<Vec<_>>(),
                Vec::<&(usize, usize, usize)>::new(),
                "only tree-sitter's in {}",
                file.display()
            );
            checked += theirs.len();
        }
        assert!(
            checked > 100,
            "{language:?}: only {checked} matches compared"
        );
    }
}

#[test]
fn matches_and_work_per_node_are_bounded() {
    let args: Vec<String> = (0..200).map(|i| i.to_string()).collect();
    let text = format!("f({})\n", args.join(", "));
    // 200 choose 2 ways to fit; only the first MATCHES_PER_NODE are reported.
    let pairs = matches(Language::Python, "(argument_list (_) @a (_) @b)", &text);
    assert_eq!(pairs.len(), MATCHES_PER_NODE as usize);
    assert_eq!(pairs[0], self::pairs(&[("a", "0"), ("b", "1")]));
    // Without a bound this tries every split of 200 arguments into three
    // runs before failing.
    let none = matches(
        Language::Python,
        "(argument_list (_)* (_)* (_)* (list))",
        &text,
    );
    assert!(none.is_empty());
}
