//! Python: how strings, formatting and bindings look in its syntax tree.

use super::text;
use tree_sitter::Node;

/// A string literal with no interpolation, or an implicit concatenation of them.
pub fn is_constant_string(node: Node, _src: &[u8]) -> bool {
    match node.kind() {
        "string" => !has_interpolation(node),
        "concatenated_string" => named_children(node).all(|c| is_constant_string(c, _src)),
        "parenthesized_expression" => node
            .named_child(0)
            .is_some_and(|c| is_constant_string(c, _src)),
        _ => false,
    }
}

fn has_interpolation(string: Node) -> bool {
    named_children(string).any(|c| c.kind() == "interpolation")
}

fn named_children(node: Node) -> impl Iterator<Item = Node> {
    (0..node.named_child_count()).filter_map(move |i| node.named_child(i))
}

/// f-strings with placeholders, `"..." % x`, `"..." + x`, `"...".format(x)`,
/// and `"".join(...)` of anything that is not all constants.
pub fn is_formatted_string(node: Node, src: &[u8]) -> bool {
    match node.kind() {
        "string" => has_interpolation(node),
        "concatenated_string" => named_children(node).any(has_interpolation),
        "parenthesized_expression" => node
            .named_child(0)
            .is_some_and(|c| is_formatted_string(c, src)),
        "binary_operator" => {
            let (Some(left), Some(right)) = (
                node.child_by_field_name("left"),
                node.child_by_field_name("right"),
            ) else {
                return false;
            };
            let op = node
                .child_by_field_name("operator")
                .map(|o| text(o, src))
                .unwrap_or("");
            match op {
                "%" => is_stringy(left, src) && !is_constant_string(right, src),
                "+" => {
                    (is_stringy(left, src) || is_stringy(right, src))
                        && !(is_constant_string(left, src) && is_constant_string(right, src))
                }
                _ => false,
            }
        }
        "call" => {
            let Some(function) = node.child_by_field_name("function") else {
                return false;
            };
            if function.kind() != "attribute" {
                return false;
            }
            let method = function
                .child_by_field_name("attribute")
                .map(|a| text(a, src))
                .unwrap_or("");
            let object = function.child_by_field_name("object");
            let args_constant = node
                .child_by_field_name("arguments")
                .is_some_and(|a| named_children(a).all(|c| is_constant_string(c, src)));
            matches!(method, "format" | "join" | "format_map")
                && object.is_some_and(|o| is_stringy(o, src))
                && !args_constant
        }
        _ => false,
    }
}

/// A string literal or something built from one.
fn is_stringy(node: Node, src: &[u8]) -> bool {
    matches!(node.kind(), "string" | "concatenated_string") || is_formatted_string(node, src)
}

/// Look through parentheses.
pub fn unwrap(mut node: Node) -> Node {
    while node.kind() == "parenthesized_expression" {
        match node.named_child(0) {
            Some(inner) => node = inner,
            None => break,
        }
    }
    node
}

/// The right-hand side of the last `name = value` before `use_site` in the same
/// function or module. Nested functions and classes are not entered.
pub fn resolve_binding<'t>(use_site: Node<'t>, src: &[u8]) -> Option<Node<'t>> {
    let name = text(use_site, src);
    let scope = super::enclosing_scope(use_site);
    let body = scope.child_by_field_name("body").unwrap_or(scope);
    let mut best: Option<Node<'t>> = None;
    let mut stack = vec![body];
    while let Some(node) = stack.pop() {
        if node.start_byte() >= use_site.start_byte() {
            continue;
        }
        if node.kind() == "assignment" {
            if let (Some(left), Some(right)) = (
                node.child_by_field_name("left"),
                node.child_by_field_name("right"),
            ) {
                if left.kind() == "identifier"
                    && text(left, src) == name
                    && node.end_byte() <= use_site.start_byte()
                    && best.is_none_or(|b| b.start_byte() < right.start_byte())
                {
                    best = Some(right);
                }
            }
        }
        for i in 0..node.named_child_count() {
            if let Some(child) = node.named_child(i) {
                if !matches!(
                    child.kind(),
                    "function_definition" | "class_definition" | "lambda"
                ) {
                    stack.push(child);
                }
            }
        }
    }
    best
}
