//! Pattern rules: tree-sitter queries with predicates, from rule files.
//!
//! All pattern rules of one language are compiled into one [`QuerySet`]
//! (our matcher for tree-sitter's query language), so one walk of the tree
//! serves every rule. Besides the text predicates (`#eq?`, `#match?`,
//! `#any-of?`, ...), rules may use these:
//!
//! | predicate | holds when |
//! |---|---|
//! | `#not-constant? @x` | `x` (seen through one local binding) is not a literal |
//! | `#formatted? @x` | `x` is a string built by formatting or concatenation with non-constants, or a variable appended to (`push_str`, `+=`, `write!`) |
//! | `#kwarg? @args "name" ["regex"]` | the argument list has `name=` (whose value matches) |
//! | `#not-kwarg? @args "name" ["regex"]` | it has no such keyword argument |
//! | `#resolved-match? @x "regex"` | the text of `x`, with a leading local variable replaced by its value, matches |
//! | `#not-resolved-match? @x "regex"` | it does not |
//! | `#context-match? @x "regex"` | the statement around `x`, or the name of the function it is in, matches |
//! | `#not-context-match? @x "regex"` | neither matches |
//! | `#imported-from? @x "regex"` | the name at the root of `x` was imported from a module path that matches (Python; the name itself when not imported) |
//! | `#not-imported-from? @x "regex"` | it was not |
//! | `#input? @x ["sanitizer"]` | `x` traces (through a few local bindings) to untrusted input: command line, stdin, request extractors; a binding matching `sanitizer` stops the trace |
//! | `#not-input? @x ["sanitizer"]` | it does not |
//! | `#constant-data? @x` | `x` is data written in the source: literal string/bytes, array of literals, or a `let`/`const`/`static` bound to one |
//! | `#not-constant-data? @x` | it is not |
//! | `#guarded? @x` / `#not-guarded? @x` | a variable `x` reads was (not) checked before: condition, assertion, `.min()`/`.clamp()` |
//! | `#feeds-condition? @x` | `x` is in a condition or `match` scrutinee, or bound to a name one reads |
//! | `#mutable-global? @x` | `x` names a mutable global (`static mut`) |
//! | `#inside? @x "kind" ["field"]` | `x` has an ancestor of `kind` (and lies in its `field` child) |
//! | `#not-inside? @x "kind" ["field"]` | it has none |
//! | `#parent-is? @x "kind"` | `x`'s parent is of `kind` (a token such as `"unsafe"` can then be the pattern's root, instead of the node holding it) |
//! | `#fn-match? @x "regex"` | the enclosing function's text (with its attributes; the file at top level) matches |
//! | `#not-fn-match? @x "regex"` | it does not |
//! | `#under-condition? @x "regex"` / `#not-under-condition? @x "regex"` | `x` is (not) in a branch of an `if`/`elif`/`while` or conditional expression whose condition matches (`if not verify:`) |
//! | `#commented? @x "regex"` / `#not-commented? @x "regex"` | a comment right above the statement or item holding `x`, or on its line, matches (`// SAFETY:`) |
//! | `#unsafe-context? @x` / `#not-unsafe-context? @x` | `x` is (not) in an `unsafe` block or `unsafe fn` body (Rust) |
//! | `#shell-quoted? @x` / `#not-shell-quoted? @x` | every non-constant piece of the command `x` went through a shell quoting function, directly or by a local variable (Python: `shlex.quote`, `shlex.join`) |
//!
//! Root patterns at the node that matters, not at a class, `impl` block,
//! block or module holding it: one such pattern in force makes every class
//! and `impl` block of that language one cached segment again, re-analysed
//! whole when any of its methods changes (see `regions::Split`).

use super::query::{PredicateArg, QuerySet};
use crate::finding::{Finding, Fix, TextEdit};
use crate::lang::{self, Language};
use crate::rules::{EditTemplate, FixTemplate, Rule, RuleSet};
use regex::Regex;
use std::cell::OnceCell;
use std::ops::Range;
use std::sync::Arc;
use tree_sitter::{Node, Tree};

/// A predicate of the engine's own, compiled.
#[derive(Debug)]
enum Predicate {
    NotConstant(u32),
    Formatted(u32),
    Kwarg {
        args: u32,
        name: String,
        value: Option<Regex>,
        negate: bool,
    },
    Input {
        capture: u32,
        sanitizer: Option<Regex>,
        negate: bool,
    },
    /// A yes/no fact about one node, computed by the language module.
    Fact {
        capture: u32,
        fact: Fact,
        negate: bool,
    },
    Inside {
        capture: u32,
        kind: String,
        field: Option<String>,
        negate: bool,
    },
    Parent {
        capture: u32,
        kind: String,
    },
    /// A regex over a text about the capture (`#resolved-match?`, ...).
    Matches {
        capture: u32,
        regex: Regex,
        negate: bool,
        text: TextOf,
    },
}

/// Which text a regex predicate reads.
#[derive(Debug, Clone, Copy)]
enum TextOf {
    /// The value a name was bound to, seen through one assignment.
    Resolved,
    /// The statement holding the capture, or the enclosing function's name.
    Context,
    /// The module a name was imported from.
    ImportedFrom,
    /// The whole enclosing function.
    EnclosingFunction,
    /// The condition of an `if`/`elif`/`while` or conditional expression
    /// holding the capture in a branch: code that honours a caller's option.
    Condition,
    /// The comments right above the statement or item holding the capture
    /// (or on its line): `// SAFETY: ...`.
    CommentAbove,
}

#[derive(Debug, Clone, Copy)]
enum Fact {
    ConstantData,
    Guarded,
    FeedsCondition,
    MutableGlobal,
    UnsafeContext,
    ShellQuoted,
}

/// Facts about the whole file that predicates ask for at many matches,
/// found at most once per run.
struct FileFacts<'t> {
    root: Node<'t>,
    mutable_globals: OnceCell<Vec<String>>,
    python_imports: OnceCell<lang::python::Imports>,
}

/// Per query pattern: which rule it belongs to and what it reports.
#[derive(Debug)]
struct PatternInfo {
    rule: Arc<Rule>,
    report: Option<u32>,
    predicates: Vec<Predicate>,
}

/// Every pattern rule of one language, compiled.
pub struct PatternSet {
    language: Language,
    /// `None` for languages without a grammar.
    queries: Option<QuerySet>,
    /// Per pattern of `queries`, by index.
    patterns: Vec<PatternInfo>,
    /// No pattern is rooted at a node that can hold several methods (see
    /// [`PatternSet::matches_stay_in_methods`]).
    in_methods: bool,
}

/// A rule whose query does not compile; reported, the rule is skipped.
#[derive(Debug, Clone)]
pub struct PatternError {
    pub rule_id: String,
    pub message: String,
}

impl PatternSet {
    /// Compile the pattern rules of `rules` that apply to `language`.
    pub fn compile(rules: &RuleSet, language: Language) -> (PatternSet, Vec<PatternError>) {
        let mut set = PatternSet {
            language,
            queries: None,
            patterns: Vec::new(),
            in_methods: true,
        };
        let Some(grammar) = language.grammar() else {
            return (set, Vec::new());
        };
        let mut queries = QuerySet::new(&grammar);
        let mut errors = Vec::new();
        for rule in rules.iter() {
            if rule.engine != "pattern" || !rule.language.applies_to(language) {
                continue;
            }
            if rule.language == crate::rules::RuleLanguage::Any {
                continue; // tree patterns are per grammar
            }
            for pattern in &rule.patterns {
                let index = match queries.add(&pattern.query) {
                    Ok(index) => index,
                    Err(e) => {
                        errors.push(PatternError {
                            rule_id: rule.id.clone(),
                            message: e.to_string(),
                        });
                        continue;
                    }
                };
                set.in_methods &= !queries
                    .root_kinds(index)
                    .iter()
                    .any(|k| holds_methods(language, k));
                let report_name = pattern.report.as_deref().unwrap_or("report");
                let mut predicates = Vec::new();
                for p in queries.general_predicates(index) {
                    match compile_predicate(&p.operator, &p.args) {
                        Ok(pred) => predicates.push(pred),
                        Err(message) => errors.push(PatternError {
                            rule_id: rule.id.clone(),
                            message,
                        }),
                    }
                }
                set.patterns.push(PatternInfo {
                    rule: rule.clone(),
                    report: queries.capture_index(report_name),
                    predicates,
                });
            }
        }
        set.queries = Some(queries);
        (set, errors)
    }

    /// Every match lies within one statement-level node, never across a
    /// class's methods: no pattern is rooted at a class, a block, the module,
    /// an error node or a wildcard. Only then may a class's methods be
    /// analysed (and cached) one by one.
    pub fn matches_stay_in_methods(&self) -> bool {
        self.in_methods
    }

    /// Run every pattern over `range` of the tree (the whole tree for `0..usize::MAX`).
    pub fn run(&self, tree: &Tree, text: &str, range: Range<usize>) -> Vec<Finding> {
        let mut findings = Vec::new();
        let Some(queries) = &self.queries else {
            return findings;
        };
        let src = text.as_bytes();
        let file = FileFacts {
            root: tree.root_node(),
            mutable_globals: OnceCell::new(),
            python_imports: OnceCell::new(),
        };
        queries.for_each_match(tree.root_node(), src, range, |index, m| {
            let info = &self.patterns[index];
            if !info.predicates.iter().all(|p| self.holds(p, m, src, &file)) {
                return;
            }
            let node = info
                .report
                .and_then(|i| capture(m, i))
                .or_else(|| m.first().map(|c| c.1));
            let Some(node) = node else { return };
            let rule = &info.rule;
            let fix = rule.fix.as_ref().and_then(|t| match &t.generator {
                Some(name) => generated_fix(self.language, t, name, node, text),
                None => build_fix(t, queries, m, text),
            });
            findings.push(Finding {
                rule_id: rule.id.clone(),
                range: report_range(node),
                severity: rule.severity,
                cwe: rule.cwe.clone(),
                message: rule.message.clone(),
                fix,
                related: Vec::new(),
            });
        });
        findings
    }

    fn holds(
        &self,
        predicate: &Predicate,
        m: &[(u32, Node)],
        src: &[u8],
        file: &FileFacts,
    ) -> bool {
        let lang = self.language;
        match predicate {
            Predicate::NotConstant(c) => capture(m, *c)
                .is_some_and(|n| !is_constant(lang, lang::value_of(lang, n, src), src)),
            Predicate::Formatted(c) => capture(m, *c).is_some_and(|n| {
                lang.is_formatted_string(lang::value_of(lang, n, src), src)
                    || lang::is_built_up(lang, n, src)
            }),
            Predicate::Kwarg {
                args,
                name,
                value,
                negate,
            } => {
                let Some(args) = capture(m, *args) else {
                    return false;
                };
                let found = keyword_arguments(args, src).any(|(k, v)| {
                    k == name
                        && value
                            .as_ref()
                            .is_none_or(|r| r.is_match(lang::text(v, src)))
                });
                found != *negate
            }
            Predicate::Input {
                capture: c,
                sanitizer,
                negate,
            } => capture(m, *c)
                .is_some_and(|n| lang::is_input(lang, n, src, sanitizer.as_ref()) != *negate),
            Predicate::Fact {
                capture: c,
                fact,
                negate,
            } => capture(m, *c).is_some_and(|n| {
                let holds = match fact {
                    Fact::ConstantData => lang::is_constant_data(lang, n, src),
                    Fact::Guarded => lang::is_guarded(lang, n, src),
                    Fact::FeedsCondition => lang::feeds_condition(lang, n, src),
                    Fact::UnsafeContext => lang::in_unsafe_context(lang, n),
                    Fact::ShellQuoted => lang::is_shell_quoted(lang, n, src),
                    Fact::MutableGlobal => {
                        n.kind() == "identifier"
                            && file
                                .mutable_globals
                                .get_or_init(|| lang::mutable_globals(lang, file.root, src))
                                .iter()
                                .any(|g| g.as_bytes() == &src[n.byte_range()])
                    }
                };
                holds != *negate
            }),
            Predicate::Inside {
                capture: c,
                kind,
                field,
                negate,
            } => capture(m, *c).is_some_and(|n| inside(n, kind, field.as_deref()) != *negate),
            Predicate::Parent { capture: c, kind } => capture(m, *c)
                .and_then(|n| n.parent())
                .is_some_and(|p| p.kind() == kind),
            Predicate::Matches {
                capture: c,
                regex,
                negate,
                text,
            } => capture(m, *c).is_some_and(|n| {
                let holds = match text {
                    TextOf::Resolved => regex.is_match(&resolved_text(lang, n, src)),
                    TextOf::Context => context_matches(n, src, regex),
                    TextOf::ImportedFrom => regex.is_match(&match lang {
                        Language::Python => file
                            .python_imports
                            .get_or_init(|| lang::python::Imports::of(file.root, src))
                            .path_of(n, src),
                        _ => lang::text(n, src).to_owned(),
                    }),
                    TextOf::EnclosingFunction => {
                        regex.is_match(lang::enclosing_function_text(n, src))
                    }
                    TextOf::Condition => lang::under_condition(n, src, regex),
                    TextOf::CommentAbove => regex.is_match(&lang::comment_above(n, src)),
                };
                holds != *negate
            }),
        }
    }
}

/// Node kinds that can hold several methods of a class (or, for `_` and
/// `ERROR`, anything).
fn holds_methods(language: Language, kind: &str) -> bool {
    matches!(kind, "_" | "ERROR")
        || match language {
            Language::Python => matches!(
                kind,
                "module" | "class_definition" | "decorated_definition" | "block"
            ),
            Language::Rust => matches!(
                kind,
                "source_file" | "impl_item" | "trait_item" | "mod_item" | "declaration_list"
            ),
            Language::Text => false,
        }
}

/// The range to report for `node`. A method call in a chain is reported from
/// its method name, so the finding sits on the line of the offending call
/// rather than where the chain starts.
pub(crate) fn report_range(node: Node) -> Range<usize> {
    if matches!(node.kind(), "call_expression" | "call") {
        if let Some(function) = node.child_by_field_name("function") {
            let method = match function.kind() {
                "field_expression" => function.child_by_field_name("field"),
                "attribute" => function.child_by_field_name("attribute"),
                _ => None,
            };
            let multiline = function.start_position().row != function.end_position().row;
            if let Some(method) = method.filter(|_| multiline) {
                return method.start_byte()..node.end_byte();
            }
        }
    }
    node.byte_range()
}

/// The first node captured as `index`.
fn capture<'t>(m: &[(u32, Node<'t>)], index: u32) -> Option<Node<'t>> {
    m.iter().find(|c| c.0 == index).map(|c| c.1)
}

fn compile_predicate(operator: &str, args: &[PredicateArg]) -> Result<Predicate, String> {
    let capture_at = |i: usize| match args.get(i) {
        Some(PredicateArg::Capture(c)) => Ok(*c),
        _ => Err(format!(
            "#{operator} expects a capture as argument {}",
            i + 1
        )),
    };
    let string_at = |i: usize| match args.get(i) {
        Some(PredicateArg::String(s)) => Some(s.clone()),
        _ => None,
    };
    let regex_at = |i: usize| -> Result<Option<Regex>, String> {
        string_at(i)
            .map(|s| Regex::new(&s).map_err(|e| format!("#{operator}: bad regex: {e}")))
            .transpose()
    };
    let text_of = match operator.trim_start_matches("not-") {
        "resolved-match?" => Some(TextOf::Resolved),
        "context-match?" => Some(TextOf::Context),
        "imported-from?" => Some(TextOf::ImportedFrom),
        "fn-match?" => Some(TextOf::EnclosingFunction),
        "under-condition?" => Some(TextOf::Condition),
        "commented?" => Some(TextOf::CommentAbove),
        _ => None,
    };
    if let Some(text) = text_of {
        return Ok(Predicate::Matches {
            capture: capture_at(0)?,
            regex: regex_at(1)?.ok_or(format!("#{operator} expects a regex"))?,
            negate: operator.starts_with("not-"),
            text,
        });
    }
    match operator {
        "not-constant?" => Ok(Predicate::NotConstant(capture_at(0)?)),
        "formatted?" => Ok(Predicate::Formatted(capture_at(0)?)),
        "kwarg?" | "not-kwarg?" => Ok(Predicate::Kwarg {
            args: capture_at(0)?,
            name: string_at(1).ok_or(format!("#{operator} expects a keyword name"))?,
            value: regex_at(2)?,
            negate: operator == "not-kwarg?",
        }),
        "input?" | "not-input?" => Ok(Predicate::Input {
            capture: capture_at(0)?,
            sanitizer: regex_at(1)?,
            negate: operator == "not-input?",
        }),
        "constant-data?"
        | "not-constant-data?"
        | "guarded?"
        | "not-guarded?"
        | "feeds-condition?"
        | "mutable-global?"
        | "unsafe-context?"
        | "not-unsafe-context?"
        | "shell-quoted?"
        | "not-shell-quoted?" => Ok(Predicate::Fact {
            capture: capture_at(0)?,
            fact: match operator.trim_start_matches("not-") {
                "constant-data?" => Fact::ConstantData,
                "guarded?" => Fact::Guarded,
                "feeds-condition?" => Fact::FeedsCondition,
                "unsafe-context?" => Fact::UnsafeContext,
                "shell-quoted?" => Fact::ShellQuoted,
                _ => Fact::MutableGlobal,
            },
            negate: operator.starts_with("not-"),
        }),
        "inside?" | "not-inside?" => Ok(Predicate::Inside {
            capture: capture_at(0)?,
            kind: string_at(1).ok_or(format!("#{operator} expects a node kind"))?,
            field: string_at(2),
            negate: operator == "not-inside?",
        }),
        "parent-is?" => Ok(Predicate::Parent {
            capture: capture_at(0)?,
            kind: string_at(1).ok_or(format!("#{operator} expects a node kind"))?,
        }),
        other => Err(format!("unknown predicate #{other}")),
    }
}

/// Does `node` have an ancestor of `kind` (holding it in its `field` child)?
fn inside(node: Node, kind: &str, field: Option<&str>) -> bool {
    let mut child = node;
    while let Some(parent) = child.parent() {
        if parent.kind() == kind {
            match field {
                None => return true,
                Some(f) if parent.child_by_field_name(f) == Some(child) => return true,
                Some(_) => {}
            }
        }
        child = parent;
    }
    false
}

/// Literals whose value is fixed in the source: strings without interpolation,
/// numbers, booleans, `None`.
fn is_constant(lang: Language, node: Node, src: &[u8]) -> bool {
    lang.is_constant_string(node, src)
        || matches!(
            node.kind(),
            "integer"
                | "float"
                | "true"
                | "false"
                | "none"
                | "integer_literal"
                | "float_literal"
                | "boolean_literal"
        )
}

/// Does `regex` match the statement around `node` (an assignment's target
/// included) or the name of the enclosing function? Lets a rule tell
/// `token = random.choice(...)` from `color = random.choice(...)`.
fn context_matches(node: Node, src: &[u8], regex: &Regex) -> bool {
    let mut stmt = node;
    while let Some(parent) = stmt.parent() {
        let kind = parent.kind();
        if kind.ends_with("_statement") || kind == "let_declaration" || kind == "block" {
            if kind != "block" {
                stmt = parent;
            }
            break;
        }
        stmt = parent;
    }
    if regex.is_match(lang::text(stmt, src)) {
        return true;
    }
    let scope = lang::enclosing_scope(node);
    scope
        .child_by_field_name("name")
        .is_some_and(|n| regex.is_match(lang::text(n, src)))
}

/// `(name, value)` of each keyword argument (Python).
fn keyword_arguments<'t>(
    args: Node<'t>,
    src: &'t [u8],
) -> impl Iterator<Item = (&'t str, Node<'t>)> + 't {
    crate::lang::named_children(args)
        .filter(|c| c.kind() == "keyword_argument")
        .filter_map(move |kw| {
            let name = kw.child_by_field_name("name")?;
            let value = kw.child_by_field_name("value")?;
            Some((lang::text(name, src), value))
        })
}

/// The node's text, with the root of a method/attribute chain replaced by the
/// value bound to it when the root is a local variable.
fn resolved_text(lang: Language, node: Node, src: &[u8]) -> String {
    let node = lang::value_of(lang, node, src);
    let mut root = node;
    loop {
        let next = match root.kind() {
            "call_expression" | "call" => root.child_by_field_name("function"),
            "field_expression" => root.child_by_field_name("value"),
            "attribute" => root.child_by_field_name("object"),
            _ => None,
        };
        match next {
            Some(n) => root = n,
            None => break,
        }
    }
    let whole = lang::text(node, src);
    if root.kind() == "identifier" {
        if let Some(value) = lang::resolve_binding(lang, root, src) {
            let offset = root.start_byte() - node.start_byte();
            let end = offset + root.byte_range().len();
            return format!(
                "{}{}{}",
                &whole[..offset],
                lang::text(value, src),
                &whole[end..]
            );
        }
    }
    whole.to_owned()
}

/// A fix whose edits the language module computes for the reported node.
fn generated_fix(
    lang: Language,
    template: &FixTemplate,
    name: &str,
    node: Node,
    text: &str,
) -> Option<Fix> {
    let edits = lang::generate_fix(lang, name, node, text.as_bytes())?;
    Some(Fix {
        title: template.title.clone(),
        edits: edits
            .into_iter()
            .map(|(range, new_text)| TextEdit { range, new_text })
            .collect(),
        file: None,
    })
}

/// Instantiate a fix template for one match. A fix applies only to matches
/// that capture every node it edits.
fn build_fix(
    template: &FixTemplate,
    queries: &QuerySet,
    m: &[(u32, Node)],
    text: &str,
) -> Option<Fix> {
    let src = text.as_bytes();
    let mut edits = Vec::new();
    for edit in &template.edits {
        let node = capture(m, queries.capture_index(&edit.capture)?)?;
        edits.push(instantiate(edit, node, queries, m, src)?);
    }
    Some(Fix {
        title: template.title.clone(),
        edits,
        file: None,
    })
}

fn instantiate(
    edit: &EditTemplate,
    node: Node,
    queries: &QuerySet,
    m: &[(u32, Node)],
    src: &[u8],
) -> Option<TextEdit> {
    if edit.delete_argument {
        return Some(TextEdit {
            range: argument_deletion_range(node),
            new_text: String::new(),
        });
    }
    let template = edit.replace.as_ref()?;
    let mut out = String::new();
    let mut rest = template.as_str();
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after.find("}}")?;
        let name = after[..end].trim();
        let node = capture(m, queries.capture_index(name)?)?;
        out.push_str(lang::text(node, src));
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Some(TextEdit {
        range: node.byte_range(),
        new_text: out,
    })
}

/// The bytes to delete to remove one argument with its separating comma.
fn argument_deletion_range(node: Node) -> Range<usize> {
    let next = node.next_sibling();
    if let Some(comma) = next.filter(|n| n.kind() == ",") {
        // `f(a, verify=False, b)` -> `f(a, b)`: up to the next argument.
        let end = comma
            .next_sibling()
            .filter(|n| n.kind() != ")")
            .map(|n| n.start_byte())
            .unwrap_or(comma.end_byte());
        return node.start_byte()..end;
    }
    if let Some(comma) = node.prev_sibling().filter(|n| n.kind() == ",") {
        // Last argument: `f(a, verify=False)` -> `f(a)`.
        let start = comma
            .prev_sibling()
            .map(|n| n.end_byte())
            .unwrap_or(comma.start_byte());
        return start..node.end_byte();
    }
    node.byte_range()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_impl_is_reported_at_its_keyword_and_unsafe_traits_are_not() {
        let text = "struct P;\nunsafe impl Send for P {}\nunsafe trait Marker {}\n\
                    impl P {\n    unsafe fn raw(&self) {}\n}\n";
        let found: Vec<&str> = crate::engine::analyze_text(
            text,
            Language::Rust,
            None,
            &crate::config::Config::default(),
        )
        .into_iter()
        .filter(|f| f.rule_id == "rs-unsafe-block")
        .map(|f| &text[f.range])
        .collect();
        assert_eq!(found, ["unsafe", "raw"]);
    }

    #[test]
    fn built_in_python_patterns_stay_in_methods_and_a_class_pattern_does_not() {
        let builtin = crate::rules::RuleSet::with_user_rules(&[]).0;
        let (set, _) = PatternSet::compile(&builtin, Language::Python);
        assert!(set.matches_stay_in_methods());
        let (set, _) = PatternSet::compile(&builtin, Language::Rust);
        assert!(set.matches_stay_in_methods());
        let mut rule = (**builtin.get("py-yaml-load").unwrap()).clone();
        rule.id = "py-test-class-rule".into();
        rule.patterns = vec![crate::rules::Pattern {
            query: "(class_definition name: (identifier) @report)".into(),
            report: None,
        }];
        let mut rules = crate::rules::RuleSet::default();
        rules.insert(rule);
        let (set, _) = PatternSet::compile(&rules, Language::Python);
        assert!(!set.matches_stay_in_methods());
    }
}
