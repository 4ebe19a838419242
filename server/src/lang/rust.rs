//! Rust: how strings, formatting and bindings look in its syntax tree.

pub mod constant;
pub mod fixes;
pub mod flow;
pub mod warp;

use super::{named_children, text};
use tree_sitter::Node;

/// Plain and raw string literals (their value is fixed in the source).
pub fn is_constant_string(node: Node) -> bool {
    matches!(node.kind(), "string_literal" | "raw_string_literal")
}

/// `format!(...)` with arguments or inline `{name}` captures that are not
/// all constants, and `a + b` where one side is a string and not both are
/// constant.
pub fn is_formatted_string(node: Node, src: &[u8]) -> bool {
    match node.kind() {
        "macro_invocation" => is_format_macro(node, src),
        "binary_expression" => {
            let op = node
                .child_by_field_name("operator")
                .map(|o| text(o, src))
                .unwrap_or("");
            let left = node.child_by_field_name("left");
            let right = node.child_by_field_name("right");
            op == "+"
                && [left, right].into_iter().flatten().any(|side| {
                    let side = unwrap(side, src);
                    is_constant_string(side) || is_formatted_string(side, src)
                })
                && ![left, right]
                    .into_iter()
                    .flatten()
                    .all(|side| constant::is_constant_text(side, src))
        }
        _ => false,
    }
}

/// `format!` whose output depends on values: extra arguments or `{name}`.
fn is_format_macro(node: Node, src: &[u8]) -> bool {
    let Some(name) = node.child_by_field_name("macro") else {
        return false;
    };
    let name = text(name, src);
    let last = name.rsplit("::").next().unwrap_or(name);
    if last != "format" {
        return false;
    }
    let body = text(node, src);
    // Arguments after the format string, or inline captures like `{id}`.
    let Some(tokens) = crate::lang::named_children(node).find(|c| c.kind() == "token_tree") else {
        return false;
    };
    let has_args = crate::lang::children(tokens).any(|c| c.kind() == ",");
    // Only constants pasted in (a table name, an allow-listed column) build
    // constant text.
    (has_args || has_inline_capture(body)) && !constant::format_args_constant(node, src, 1)
}

fn has_inline_capture(body: &str) -> bool {
    let bytes = body.as_bytes();
    bytes
        .windows(2)
        .any(|w| w[0] == b'{' && (w[1].is_ascii_alphabetic() || w[1] == b'_') && w[1] != b'{')
}

/// Look through `&x`, `(x)`, `x.as_str()`, `x.clone()`, `x.to_string()`:
/// wrappers that hand on the same text.
pub fn unwrap<'t>(mut node: Node<'t>, src: &[u8]) -> Node<'t> {
    loop {
        let next = match node.kind() {
            "reference_expression" => node.child_by_field_name("value"),
            "parenthesized_expression" => node.named_child(0),
            "call_expression" => same_text_receiver(node, src),
            _ => None,
        };
        match next {
            Some(inner) => node = inner,
            None => return node,
        }
    }
}

/// For `x.as_str()` and similar argument-less conversions, `x`.
fn same_text_receiver<'t>(call: Node<'t>, src: &[u8]) -> Option<Node<'t>> {
    let function = call.child_by_field_name("function")?;
    if function.kind() != "field_expression" {
        return None;
    }
    let no_args = call
        .child_by_field_name("arguments")
        .is_some_and(|a| a.named_child_count() == 0);
    let method = text(function.child_by_field_name("field")?, src);
    let is_view = matches!(
        method,
        "as_str" | "as_ref" | "clone" | "to_string" | "to_owned" | "into" | "as_bytes"
    );
    (no_args && is_view)
        .then(|| function.child_by_field_name("value"))
        .flatten()
}

/// The value of the last `let name = value;` before `use_site` in the same
/// function. Closures are entered, nested functions are not.
pub fn resolve_binding<'t>(use_site: Node<'t>, src: &[u8]) -> Option<Node<'t>> {
    resolve_named(use_site, text(use_site, src), src)
}

/// The value of the last `let name = value;` before `use_site` in the same
/// function, for a name that `use_site` mentions (an inline `{name}` capture).
pub fn resolve_named<'t>(use_site: Node<'t>, name: &str, src: &[u8]) -> Option<Node<'t>> {
    let scope = super::enclosing_scope(use_site);
    let mut best: Option<Node<'t>> = None;
    let mut stack = vec![scope];
    while let Some(node) = stack.pop() {
        if node.start_byte() >= use_site.start_byte() {
            continue;
        }
        if node.kind() == "let_declaration" {
            if let (Some(pattern), Some(value)) = (
                node.child_by_field_name("pattern"),
                node.child_by_field_name("value"),
            ) {
                if pattern.kind() == "identifier"
                    && text(pattern, src) == name
                    && node.end_byte() <= use_site.start_byte()
                    && best.is_none_or(|b| b.start_byte() < value.start_byte())
                {
                    best = Some(value);
                }
            }
        }
        stack.extend(named_children(node).filter(|c| c.kind() != "function_item" || node == scope));
    }
    best
}

/// The arms of a `match` expression, in order.
pub fn match_arms(node: Node) -> Vec<Node> {
    node.child_by_field_name("body")
        .map(|b| {
            named_children(b)
                .filter(|a| a.kind() == "match_arm")
                .collect()
        })
        .unwrap_or_default()
}

/// In an `unsafe` block, or in the body of an `unsafe fn` (where, before
/// edition 2024, unsafe operations need no block)? Closures inherit the
/// context they are written in; a nested function starts over.
pub fn in_unsafe_context(node: Node) -> bool {
    let mut at = node.parent();
    while let Some(n) = at {
        match n.kind() {
            "unsafe_block" => return true,
            "function_item" => {
                return crate::lang::named_children(n)
                    .any(|c| c.kind() == "function_modifiers" && has_unsafe_keyword(c));
            }
            _ => {}
        }
        at = n.parent();
    }
    false
}

fn has_unsafe_keyword(modifiers: Node) -> bool {
    let mut cursor = modifiers.walk();
    let found = modifiers
        .children(&mut cursor)
        .any(|c| c.kind() == "unsafe");
    found
}
