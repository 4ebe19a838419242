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

/// The names a file binds by `import` and `from ... import` at module level,
/// each with the dotted path it stands for (`h` -> `hashlib`, `md5` ->
/// `hashlib.md5`). Built once per pattern run from the top-level statements
/// only; a function's own imports are read when a node in it is resolved.
pub struct Imports {
    bindings: HashMap<String, String>,
}

impl Imports {
    /// The module-level imports of the file of `root` (inside top-level
    /// `if`/`try`/`with` too, not inside functions or classes).
    pub fn of(root: Node, src: &[u8]) -> Imports {
        let mut bindings = HashMap::new();
        imports_in(root, src, &mut |local, path| {
            bindings.insert(local.to_owned(), path);
        });
        Imports { bindings }
    }

    /// The dotted path that `node` (`ET.parse`, `md5`) stands for once the
    /// name at its root is resolved (`xml.etree.ElementTree.parse`,
    /// `hashlib.md5`); the node's own text when that name is not imported.
    /// An import in an enclosing function wins over the module's.
    pub fn path_of(&self, node: Node, src: &[u8]) -> String {
        let mut root = node;
        while root.kind() == "attribute" {
            match root.child_by_field_name("object") {
                Some(o) => root = o,
                None => break,
            }
        }
        let whole = text(node, src);
        if root.kind() != "identifier" {
            return whole.to_owned();
        }
        let name = text(root, src);
        let mut local = None;
        let mut scope = node.parent();
        while let (Some(s), None) = (scope, &local) {
            if s.kind() == "function_definition" {
                if let Some(body) = s.child_by_field_name("body") {
                    imports_in(body, src, &mut |bound, path| {
                        if bound == name {
                            local = Some(path);
                        }
                    });
                }
            }
            scope = s.parent();
        }
        match local.as_ref().or_else(|| self.bindings.get(name)) {
            Some(path) => format!("{path}{}", &whole[root.end_byte() - node.start_byte()..]),
            None => whole.to_owned(),
        }
    }
}

/// Call `bind(local name, dotted path)` for each import statement among the
/// statements of `block`, looking into compound statements but not into
/// function or class bodies (their own scopes). Later imports come later.
fn imports_in(block: Node, src: &[u8], bind: &mut dyn FnMut(&str, String)) {
    let mut pending = vec![block];
    while let Some(n) = pending.pop() {
        match n.kind() {
            "import_statement" => {
                for c in named_children(n) {
                    match c.kind() {
                        // `import a.b` binds `a`, standing for `a`.
                        "dotted_name" => {
                            let p = text(c, src);
                            let first = p.split('.').next().unwrap_or(p);
                            bind(first, first.to_owned());
                        }
                        "aliased_import" => {
                            if let (Some(n), Some(a)) = (
                                c.child_by_field_name("name"),
                                c.child_by_field_name("alias"),
                            ) {
                                bind(text(a, src), text(n, src).to_owned());
                            }
                        }
                        _ => {}
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
                    bind(local, format!("{module}.{imported}"));
                }
            }
            "module" | "block" | "if_statement" | "try_statement" | "ERROR" | "else_clause"
            | "except_clause" | "with_statement" | "elif_clause" | "finally_clause" => {
                // Reversed onto the stack, so statements are seen in order.
                let children: Vec<Node> = named_children(n).collect();
                pending.extend(children.into_iter().rev());
            }
            _ => {}
        }
    }
}

/// Is every non-constant piece of the shell command `node` passed through a
/// quoting function (`shlex.quote`, `shlex.join`), directly or through a
/// local variable bound to one? Literal pieces are safe as written.
pub fn is_shell_quoted(node: Node, src: &[u8]) -> bool {
    // An explicit stack and a budget: commands nest without bound in
    // generated code (`x + y + ...` 10,000 deep).
    let mut pending = vec![(node, 3u8)];
    let mut budget = 256;
    while let Some((node, hops)) = pending.pop() {
        budget -= 1;
        if budget == 0 {
            return false;
        }
        match node.kind() {
            "integer" | "float" => {}
            "string" => pending.extend(
                named_children(node)
                    .filter(|c| c.kind() == "interpolation")
                    .filter_map(|i| named_children(i).next())
                    .map(|e| (e, hops)),
            ),
            "concatenated_string" | "parenthesized_expression" | "tuple" => {
                pending.extend(named_children(node).map(|c| (c, hops)));
            }
            "binary_operator" => {
                let op = node.child_by_field_name("operator").map(|o| text(o, src));
                if !matches!(op, Some("+" | "%")) {
                    return false;
                }
                pending.extend(named_children(node).map(|c| (c, hops)));
            }
            "keyword_argument" => match node.child_by_field_name("value") {
                Some(v) => pending.push((v, hops)),
                None => return false,
            },
            "call" => {
                let (Some(function), Some(args)) = (
                    node.child_by_field_name("function"),
                    node.child_by_field_name("arguments"),
                ) else {
                    return false;
                };
                let name = text(function, src);
                match name.rsplit('.').next().unwrap_or(name) {
                    "quote" | "shlex_quote" => {}
                    // `shlex.join(args)`, `" ".join(shlex.quote(a) for a in args)`
                    "join" if name.starts_with("shlex.") || text(args, src).contains("quote(") => {}
                    // `"tar czf {} {}".format(quote(a), quote(b))`
                    "format" => match function.child_by_field_name("object") {
                        Some(object) => {
                            pending.push((object, hops));
                            pending.extend(named_children(args).map(|a| (a, hops)));
                        }
                        None => return false,
                    },
                    _ => return false,
                }
            }
            "identifier" if hops > 0 => match resolve_binding(node, src) {
                Some(value) => pending.push((unwrap(value), hops - 1)),
                None => return false,
            },
            _ => return false,
        }
    }
    true
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

#[cfg(test)]
mod tests {
    use super::{is_shell_quoted, Imports};
    use crate::lang::Language;

    #[test]
    fn names_resolve_through_module_and_function_imports() {
        let src = "\
import hashlib as h
from random import choice as pick
try:
    from yaml import CLoader as Loader
except ImportError:
    from yaml import Loader

def a(x):
    from pickle import loads as h
    return h(x)

def b(x):
    return h.md5(x), pick(x), Loader, md5(x)
";
        let tree = Language::Python.parse(src).unwrap();
        let bytes = src.as_bytes();
        let imports = Imports::of(tree.root_node(), bytes);
        // The node spanning the last occurrence of `text` in the source.
        let path = |text: &str| {
            let start = src.rfind(text).unwrap();
            let node = tree
                .root_node()
                .descendant_for_byte_range(start, start + text.len())
                .unwrap();
            imports.path_of(node, bytes)
        };
        assert_eq!(path("h(x)"), "h(x)", "a call is not a name");
        assert_eq!(path("h.md5"), "hashlib.md5");
        assert_eq!(path("pick"), "random.choice");
        assert_eq!(path("Loader"), "yaml.Loader", "the later import");
        assert_eq!(path("md5(x)"), "md5(x)");
        let local = src.find("h(x)").unwrap();
        let callee = tree
            .root_node()
            .descendant_for_byte_range(local, local + 1)
            .unwrap();
        assert_eq!(
            imports.path_of(callee, bytes),
            "pickle.loads",
            "a function's own import wins"
        );
    }

    #[test]
    fn shell_commands_are_quoted_only_when_every_piece_is() {
        let cases = [
            ("cmd = 'ls ' + shlex.quote(p)", true),
            ("q = shlex.quote(p)\ncmd = f'grep x {q}'", true),
            ("cmd = 'tar {} {}'.format(quote(a), quote(b))", true),
            ("cmd = ' '.join(shlex.quote(a) for a in args)", true),
            ("cmd = 'cp ' + shlex.quote(a) + ' ' + b", false),
            ("cmd = f'grep x {p}'", false),
            ("cmd = 'rm ' + p.strip()", false),
        ];
        for (code, quoted) in cases {
            let src = format!("{code}\nrun(cmd)\n");
            let tree = Language::Python.parse(&src).unwrap();
            let bytes = src.as_bytes();
            let last = tree
                .root_node()
                .named_child(tree.root_node().named_child_count() - 2)
                .unwrap();
            // The value of the assignment to `cmd`.
            let value = last
                .named_child(0)
                .unwrap()
                .child_by_field_name("right")
                .unwrap();
            assert_eq!(is_shell_quoted(value, bytes), quoted, "{code}");
        }
    }
}
