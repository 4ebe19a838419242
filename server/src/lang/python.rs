//! Python: how strings, formatting and bindings look in its syntax tree.

use super::{named_children, text};
use std::collections::HashMap;
use std::sync::LazyLock;
use tree_sitter::Node;

/// Children by field name, with the field's id found in a table: tree-sitter
/// compares the name with each of the grammar's field names in turn, and the
/// taint rules' lowering asks for a field at most nodes of a file.
pub trait PythonFields<'t> {
    /// `child_by_field_name` for nodes of a Python tree.
    fn py_field(&self, name: &str) -> Option<Node<'t>>;
}

impl<'t> PythonFields<'t> for Node<'t> {
    fn py_field(&self, name: &str) -> Option<Node<'t>> {
        static IDS: LazyLock<HashMap<&'static str, u16>> = LazyLock::new(|| {
            let Some(grammar) = super::Language::Python.grammar() else {
                return HashMap::new();
            };
            (1..=grammar.field_count() as u16)
                .filter_map(|id| Some((grammar.field_name_for_id(id)?, id)))
                .collect()
        });
        debug_assert_eq!(self.language().name(), Some("python"));
        self.child_by_field_id(*IDS.get(name)?)
    }
}

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
        for child in named_children(node) {
            if !matches!(
                child.kind(),
                "function_definition" | "class_definition" | "lambda"
            ) {
                stack.push(child);
            }
        }
    }
    if best.is_none() && scope.kind() != "module" && is_constant_name(name) {
        best = module_binding(scope, name, src);
    }
    best
}

/// `KEY`, `IV`, `DEFAULT_HOST`: names that, by convention, are module constants.
fn is_constant_name(name: &str) -> bool {
    name.bytes().any(|b| b.is_ascii_uppercase())
        && name
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

/// The value last bound to `name` at the top level of the module.
fn module_binding<'t>(inner: Node<'t>, name: &str, src: &[u8]) -> Option<Node<'t>> {
    let mut module = inner;
    while let Some(p) = module.parent() {
        module = p;
    }
    let mut best = None;
    for stmt in named_children(module) {
        if stmt.kind() != "expression_statement" {
            continue;
        }
        for a in named_children(stmt).filter(|c| c.kind() == "assignment") {
            let (Some(left), Some(right)) = (
                a.child_by_field_name("left"),
                a.child_by_field_name("right"),
            ) else {
                continue;
            };
            if left.kind() == "identifier" && text(left, src) == name {
                best = Some(right);
            }
        }
    }
    best
}

/// The dotted module path that the name at the root of `node` (`ET` in
/// `ET.parse`) was imported as (`xml.etree.ElementTree`), found among the
/// file's import statements; the node's own text when the name is not imported.
pub fn import_path(node: Node, src: &[u8]) -> String {
    let mut root = node;
    while root.kind() == "attribute" {
        match root.child_by_field_name("object") {
            Some(o) => root = o,
            None => break,
        }
    }
    let whole = text(node, src).to_owned();
    if root.kind() != "identifier" {
        return whole;
    }
    let name = text(root, src);
    let rest = &whole[root.end_byte() - node.start_byte()..];
    let mut top = node;
    while let Some(p) = top.parent() {
        top = p;
    }
    let mut found: Option<String> = None;
    let mut stack = vec![top];
    while let Some(n) = stack.pop() {
        match n.kind() {
            "import_statement" => {
                for c in named_children(n) {
                    let (path, local) = match c.kind() {
                        "dotted_name" => {
                            let p = text(c, src);
                            (p.to_owned(), p.split('.').next().unwrap_or(p).to_owned())
                        }
                        "aliased_import" => match (
                            c.child_by_field_name("name"),
                            c.child_by_field_name("alias"),
                        ) {
                            (Some(n), Some(a)) => {
                                (text(n, src).to_owned(), text(a, src).to_owned())
                            }
                            _ => continue,
                        },
                        _ => continue,
                    };
                    if local == name {
                        found = Some(if c.kind() == "dotted_name" {
                            local
                        } else {
                            path
                        });
                    }
                }
            }
            "import_from_statement" => {
                let module = n
                    .child_by_field_name("module_name")
                    .map(|m| text(m, src))
                    .unwrap_or("");
                let mut cursor = n.walk();
                for c in n.children_by_field_name("name", &mut cursor) {
                    let (imported, local) = match c.kind() {
                        "dotted_name" => (text(c, src), text(c, src)),
                        "aliased_import" => match (
                            c.child_by_field_name("name"),
                            c.child_by_field_name("alias"),
                        ) {
                            (Some(n), Some(a)) => (text(n, src), text(a, src)),
                            _ => continue,
                        },
                        _ => continue,
                    };
                    if local == name {
                        found = Some(format!("{module}.{imported}"));
                    }
                }
            }
            "function_definition"
            | "class_definition"
            | "decorated_definition"
            | "module"
            | "block"
            | "if_statement"
            | "try_statement"
            | "ERROR"
            | "else_clause"
            | "except_clause"
            | "with_statement"
            | "elif_clause"
            | "finally_clause" => {
                stack.extend(named_children(n));
            }
            _ => {}
        }
    }
    match found {
        Some(path) => format!("{path}{rest}"),
        None => whole,
    }
}

/// The class a statement defines, decorated or not.
pub fn class_of(node: Node) -> Option<Node> {
    definition_of(node, "class_definition")
}

/// The function a statement defines, decorated or not.
pub fn function_of(node: Node) -> Option<Node> {
    definition_of(node, "function_definition")
}

fn definition_of<'t>(node: Node<'t>, kind: &str) -> Option<Node<'t>> {
    match node.kind() {
        "decorated_definition" => node
            .child_by_field_name("definition")
            .filter(|d| d.kind() == kind),
        k if k == kind => Some(node),
        _ => None,
    }
}
