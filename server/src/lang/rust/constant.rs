//! Rust: text fixed in the source.
//!
//! A `format!` whose every argument is a literal, a `const`/`static`, a local
//! bound to one, or an allow-list (a `match`/`if` whose arms are all literals,
//! a function of the file that only returns literals) builds constant text:
//! nothing outside the program can change it, so it cannot inject anything.
//! The answers are syntactic, bounded and local to the file.

use super::super::{children, named_children, text};
use regex::Regex;
use std::sync::LazyLock;
use tree_sitter::Node;

/// How many bindings, items and helper functions a check follows.
const MAX_DEPTH: usize = 4;

/// Is the expression `node` text (or a number) fixed in the source?
pub fn is_constant_text(node: Node, src: &[u8]) -> bool {
    constant(node, src, 0)
}

/// Are the arguments of the formatting macro `mac` after its first `skip`
/// (`format!`: the format string; `write!`: the target and the format string)
/// all constant, and so are the names its format string captures (`{table}`)?
pub fn format_args_constant(mac: Node, src: &[u8], skip: usize) -> bool {
    args_constant(mac, src, skip, 0)
}

fn args_constant(mac: Node, src: &[u8], skip: usize, depth: usize) -> bool {
    let Some(tokens) = named_children(mac).find(|c| c.kind() == "token_tree") else {
        return false;
    };
    let groups = argument_groups(tokens);
    if groups.len() < skip {
        return false;
    }
    let template = skip.checked_sub(1).and_then(|i| groups.get(i));
    let captures_constant = template.is_none_or(|g| {
        g.iter()
            .filter(|t| t.kind() == "string_literal")
            .flat_map(|t| inline_names(text(*t, src)))
            .all(|name| constant_name(&name, mac, src, depth + 1))
    });
    captures_constant
        && groups[skip..]
            .iter()
            .all(|g| constant_tokens(g, mac, src, depth + 1))
}

/// The tokens of a macro's argument list, split at its top-level commas.
fn argument_groups(tokens: Node) -> Vec<Vec<Node>> {
    let all: Vec<Node> = children(tokens).collect();
    let inner = match all.as_slice() {
        [_, inner @ .., _] => inner,
        _ => return Vec::new(),
    };
    let mut groups = vec![Vec::new()];
    for t in inner {
        if t.kind() == "," {
            groups.push(Vec::new());
        } else if let Some(last) = groups.last_mut() {
            last.push(*t);
        }
    }
    // A trailing comma leaves an empty group.
    groups.retain(|g| !g.is_empty());
    groups
}

/// Names a format string reads inline: `{table}`, `{col:>8}` (not `{{x}}`).
fn inline_names(literal: &str) -> Vec<String> {
    static INLINE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\{([A-Za-z_][A-Za-z0-9_]*)(?::[^}]*)?\}").expect("valid regex")
    });
    let unescaped = literal.replace("{{", "").replace("}}", "");
    INLINE
        .captures_iter(&unescaped)
        .filter_map(|c| c.get(1))
        .map(|m| m.as_str().to_owned())
        .collect()
}

/// Methods that hand on the same text: `x.as_str()`, `x.to_string()`.
fn is_view(method: &str) -> bool {
    matches!(
        method,
        "as_str" | "as_ref" | "clone" | "to_string" | "to_owned" | "into" | "as_bytes"
    )
}

/// Is one macro argument (as tokens) constant: a literal, a name bound to
/// constant text, or a call of a function of the file that returns only
/// constant text?
fn constant_tokens(group: &[Node], at: Node, src: &[u8], depth: usize) -> bool {
    let mut t = group;
    // `name = value`
    if let [name, eq, rest @ ..] = t {
        if name.kind() == "identifier" && eq.kind() == "=" && !rest.is_empty() {
            t = rest;
        }
    }
    while let [first, rest @ ..] = t {
        if matches!(first.kind(), "&" | "-" | "*") {
            t = rest;
        } else {
            break;
        }
    }
    // `.as_str()` and friends at the end.
    while let [rest @ .., dot, method, call] = t {
        let empty_call = call.kind() == "token_tree" && call.named_child_count() == 0;
        if dot.kind() == "." && empty_call && is_view(text(*method, src)) {
            t = rest;
        } else {
            break;
        }
    }
    match t {
        [one] => match one.kind() {
            "identifier" => constant_name(text(*one, src), at, src, depth),
            kind => is_literal(kind),
        },
        // `helper(..)`, `Sort::sql(..)`, `sort.sql()`: the function decides.
        [.., callee, call] if callee.kind() == "identifier" && call.kind() == "token_tree" => {
            constant_fn(text(*callee, src), at, src, depth)
        }
        // `Self::TABLE`, `schema::TABLE`.
        [.., sep, last] if sep.kind() == "::" && last.kind() == "identifier" => {
            t.iter()
                .all(|x| matches!(x.kind(), "identifier" | "::" | "self" | "crate" | "super"))
                && item_value(at, text(*last, src), src)
                    .is_some_and(|v| constant(v, src, depth + 1))
        }
        _ => false,
    }
}

fn is_literal(kind: &str) -> bool {
    matches!(
        kind,
        "string_literal"
            | "raw_string_literal"
            | "integer_literal"
            | "float_literal"
            | "boolean_literal"
            | "char_literal"
    )
}

/// Is `name`, read at `at`, bound to constant text: a local `let` (not
/// `mut`) or a `const`/`static` item of the file?
fn constant_name(name: &str, at: Node, src: &[u8], depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    if rebound(at, name, src) {
        return false;
    }
    if let Some(value) = super::resolve_named(at, name, src) {
        let mutable = value
            .parent()
            .is_some_and(|decl| named_children(decl).any(|c| c.kind() == "mutable_specifier"));
        return !mutable && constant(value, src, depth + 1);
    }
    item_value(at, name, src).is_some_and(|v| constant(v, src, depth + 1))
}

/// Is `name`, where `at` reads it, bound by something other than a plain
/// `let name = ..` (a parameter, `for`, `if let`, a `match` arm, a
/// destructuring `let`)? Then the `let` found by name may not be the value
/// read at `at`.
fn rebound(at: Node, name: &str, src: &[u8]) -> bool {
    let Some(scope) = std::iter::successors(at.parent(), |n| n.parent())
        .filter(|n| n.kind() == "function_item")
        .last()
    else {
        return false;
    };
    let covers = |n: Option<Node>| n.is_some_and(|n| n.byte_range().contains(&at.start_byte()));
    let mut stack = vec![scope];
    while let Some(n) = stack.pop() {
        // The binding, when its scope holds `at`.
        let pattern = match n.kind() {
            "parameter" if covers(n.parent().and_then(|p| p.parent())) => {
                n.child_by_field_name("pattern")
            }
            "closure_parameters" if covers(n.parent()) => Some(n),
            "for_expression" | "match_arm" if covers(Some(n)) => n.child_by_field_name("pattern"),
            "let_condition" => {
                let statement = std::iter::successors(n.parent(), |p| p.parent())
                    .find(|p| matches!(p.kind(), "if_expression" | "while_expression"));
                n.child_by_field_name("pattern")
                    .filter(|_| covers(statement))
            }
            "let_declaration" if n.start_byte() < at.start_byte() => n
                .child_by_field_name("pattern")
                .filter(|p| p.kind() != "identifier"),
            _ => None,
        };
        if pattern.is_some_and(|p| super::flow::binds(p, name, src)) {
            return true;
        }
        stack.extend(named_children(n));
    }
    false
}

fn constant(node: Node, src: &[u8], depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    let node = super::unwrap(node, src);
    match node.kind() {
        kind if is_literal(kind) => true,
        "identifier" => constant_name(text(node, src), node, src, depth),
        "scoped_identifier" => node
            .child_by_field_name("name")
            .and_then(|n| item_value(node, text(n, src), src))
            .is_some_and(|v| constant(v, src, depth + 1)),
        "match_expression" => {
            let arms = super::match_arms(node);
            !arms.is_empty()
                && arms.iter().all(|a| {
                    a.child_by_field_name("value")
                        .is_some_and(|v| constant(v, src, depth))
                })
        }
        "if_expression" => {
            let branch = |field: &str| {
                node.child_by_field_name(field)
                    .is_some_and(|b| constant(b, src, depth))
            };
            branch("consequence") && branch("alternative")
        }
        "else_clause" => node.named_child(0).is_some_and(|b| constant(b, src, depth)),
        "block" => tail(node).is_some_and(|t| constant(t, src, depth)),
        "binary_expression" => {
            let op = node.child_by_field_name("operator").map(|o| text(o, src));
            op == Some("+")
                && ["left", "right"].iter().all(|f| {
                    node.child_by_field_name(f)
                        .is_some_and(|s| constant(s, src, depth))
                })
        }
        "macro_invocation" => {
            let name = node
                .child_by_field_name("macro")
                .map(|m| text(m, src))
                .unwrap_or("");
            match name.rsplit("::").next().unwrap_or(name) {
                "format" => args_constant(node, src, 1, depth),
                "concat" => args_constant(node, src, 0, depth),
                _ => false,
            }
        }
        "call_expression" => {
            let Some(function) = node.child_by_field_name("function") else {
                return false;
            };
            let name = match function.kind() {
                "identifier" => Some(function),
                "scoped_identifier" => function.child_by_field_name("name"),
                "field_expression" => function.child_by_field_name("field"),
                _ => None,
            };
            name.is_some_and(|n| constant_fn(text(n, src), node, src, depth))
        }
        _ => false,
    }
}

/// The value a block ends with, when it ends with an expression.
fn tail(block: Node) -> Option<Node> {
    let mut last = named_children(block)
        .filter(|c| !matches!(c.kind(), "line_comment" | "block_comment"))
        .last()?;
    // A block-like expression (`match`, `if`) ending the block parses as a
    // statement without `;`.
    if last.kind() == "expression_statement"
        && last
            .child(last.child_count().saturating_sub(1))
            .is_some_and(|c| c.kind() != ";")
    {
        last = last.named_child(0)?;
    }
    let statement = last.kind().ends_with("_statement")
        || last.kind().ends_with("_item")
        || last.kind() == "let_declaration";
    (!statement).then_some(last)
}

/// Is `node` a top-level function returning `&'static str` (an allow-list
/// like `fn sort_column(key: &str) -> &'static str { match key { .. } }`)?
/// Other items may read its body (see [`constant_fn`]), so it belongs to the
/// context of the file's incremental analysis, as `const` items do.
pub fn is_text_helper(node: Node, src: &[u8]) -> bool {
    node.kind() == "function_item"
        && node
            .child_by_field_name("return_type")
            .is_some_and(|t| text(t, src).replace(' ', "") == "&'staticstr")
}

/// Does every function named `name` that `at` may read return only constant
/// text (its final expression and every `return`)? False when there is none.
/// Readable are top-level text helpers ([`is_text_helper`]) and functions
/// nested in the function around `at`: the incremental analysis re-runs `at`
/// when either changes.
fn constant_fn(name: &str, at: Node, src: &[u8], depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    let Some(root) = std::iter::successors(Some(at), |n| n.parent()).last() else {
        return false;
    };
    // The outermost function around `at`: one segment (a method of a split
    // `impl` is a segment of its own).
    let own_item = std::iter::successors(Some(at), |n| n.parent())
        .filter(|n| n.kind() == "function_item")
        .last();
    let readable = |f: Node| {
        (f.parent() == Some(root) && is_text_helper(f, src))
            || own_item.is_some_and(|item| item.byte_range().contains(&f.start_byte()))
    };
    let mut found = false;
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        if n.kind() == "function_item"
            && n.child_by_field_name("name")
                .is_some_and(|x| text(x, src) == name)
        {
            if !readable(n) {
                return false;
            }
            let Some(body) = n.child_by_field_name("body") else {
                return false;
            };
            if !constant(body, src, depth + 1) || !returns_constant(body, src, depth + 1) {
                return false;
            }
            found = true;
            continue;
        }
        stack.extend(named_children(n));
    }
    found
}

/// Is every `return x` in `body` (outside closures and nested functions) constant?
fn returns_constant(body: Node, src: &[u8], depth: usize) -> bool {
    let mut stack = vec![body];
    while let Some(n) = stack.pop() {
        match n.kind() {
            "closure_expression" | "function_item" => continue,
            "return_expression" if !n.named_child(0).is_some_and(|v| constant(v, src, depth)) => {
                return false
            }
            _ => {}
        }
        stack.extend(named_children(n));
    }
    true
}

/// The value of a `const` or `static` (not `static mut`) item called `name`
/// in the file of `at`.
fn item_value<'t>(at: Node<'t>, name: &str, src: &[u8]) -> Option<Node<'t>> {
    let value = super::flow::named_item(at, name, src)?;
    let mutable = value
        .parent()
        .is_some_and(|item| named_children(item).any(|c| c.kind() == "mutable_specifier"));
    (!mutable).then_some(value)
}
