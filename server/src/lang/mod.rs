//! Languages the engine understands: their grammars and the few syntactic
//! facts the generic engine needs (comment markers, what a constant string is).

pub mod python;
pub mod rust;

use serde::{Deserialize, Serialize};
use std::path::Path;
use tree_sitter::{Node, Parser, Tree, TreeCursor};

/// The language of a document. `Text` covers every other file: it has no tree,
/// but text-level checks (secrets, manifests) still run on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Python,
    Rust,
    Text,
}

impl Language {
    /// From an LSP language id (`python`, `rust`, ...).
    pub fn from_language_id(id: &str) -> Option<Language> {
        match id {
            "python" | "py" => Some(Language::Python),
            "rust" | "rs" => Some(Language::Rust),
            _ => None,
        }
    }

    /// From a file name's extension.
    pub fn from_path(path: &Path) -> Language {
        match path.extension().and_then(|e| e.to_str()) {
            Some("py" | "pyi") => Language::Python,
            Some("rs") => Language::Rust,
            _ => Language::Text,
        }
    }

    /// The language id, then the file name, decide; ids win because editors
    /// know about shebangs and unsaved buffers.
    pub fn detect(language_id: Option<&str>, path: Option<&Path>) -> Language {
        language_id
            .and_then(Language::from_language_id)
            .or_else(|| path.map(Language::from_path))
            .unwrap_or(Language::Text)
    }

    pub fn name(self) -> &'static str {
        match self {
            Language::Python => "python",
            Language::Rust => "rust",
            Language::Text => "text",
        }
    }

    /// The tree-sitter grammar, for languages that have one.
    pub fn grammar(self) -> Option<tree_sitter::Language> {
        match self {
            Language::Python => Some(tree_sitter_python::LANGUAGE.into()),
            Language::Rust => Some(tree_sitter_rust::LANGUAGE.into()),
            Language::Text => None,
        }
    }

    /// The marker that starts a line comment.
    pub fn line_comment(self) -> &'static str {
        match self {
            Language::Rust => "//",
            Language::Python | Language::Text => "#",
        }
    }

    /// A parser set up for this language.
    pub fn parser(self) -> Option<Parser> {
        let grammar = self.grammar()?;
        let mut parser = Parser::new();
        parser.set_language(&grammar).ok()?;
        Some(parser)
    }

    /// Parse `text` from scratch.
    pub fn parse(self, text: &str) -> Option<Tree> {
        self.parser()?.parse(text, None)
    }

    /// Is `node` a string literal whose value is fixed in the source (no
    /// interpolation, no formatting)? Concatenations of such literals count.
    pub fn is_constant_string(self, node: Node, src: &[u8]) -> bool {
        match self {
            Language::Python => python::is_constant_string(node, src),
            Language::Rust => rust::is_constant_string(node),
            Language::Text => false,
        }
    }

    /// Is `node` a string built by formatting or concatenating values that
    /// are not all constants (f-string, `%`, `.format()`, `+`, `format!`)?
    pub fn is_formatted_string(self, node: Node, src: &[u8]) -> bool {
        match self {
            Language::Python => python::is_formatted_string(node, src),
            Language::Rust => rust::is_formatted_string(node, src),
            Language::Text => false,
        }
    }

    /// Is `node` a comment?
    pub fn is_comment(self, node: Node) -> bool {
        matches!(node.kind(), "comment" | "line_comment" | "block_comment")
    }
}

/// The text of `node`, or "" when it is not valid UTF-8 (never for our inputs).
pub fn text<'a>(node: Node, src: &'a [u8]) -> &'a str {
    node.utf8_text(src).unwrap_or("")
}

/// For an identifier, the value most recently bound to that name before
/// `node` in the same function (or module), looked up syntactically: one step,
/// no alias chains. Lets rules see through `q = f"..."; run(q)`.
pub fn resolve_binding<'t>(lang: Language, node: Node<'t>, src: &[u8]) -> Option<Node<'t>> {
    match lang {
        Language::Python => python::resolve_binding(node, src),
        Language::Rust => rust::resolve_binding(node, src),
        Language::Text => None,
    }
}

/// The node itself, or when it is an identifier, the value bound to it.
pub fn value_of<'t>(lang: Language, node: Node<'t>, src: &[u8]) -> Node<'t> {
    let node = lang_unwrap(lang, node, src);
    if is_identifier(node) {
        if let Some(bound) = resolve_binding(lang, node, src) {
            return lang_unwrap(lang, bound, src);
        }
    }
    node
}

/// Does `node` carry untrusted input (command line, stdin, request data),
/// traced through a few local bindings? A binding matching `sanitizer` stops
/// the trace. Languages without a tracer answer `false`.
pub fn is_input(lang: Language, node: Node, src: &[u8], sanitizer: Option<&regex::Regex>) -> bool {
    match lang {
        Language::Rust => rust::flow::is_input(node, src, sanitizer),
        Language::Python | Language::Text => false,
    }
}

/// Is the variable `node` built up by appending non-constant pieces
/// (`push_str`, `+=`, `write!`) before this use?
pub fn is_built_up(lang: Language, node: Node, src: &[u8]) -> bool {
    match lang {
        Language::Rust => rust::flow::is_built_up(node, src),
        Language::Python | Language::Text => false,
    }
}

/// Is `node` data written in the source (literal bytes or strings, arrays of
/// literals, constants bound to them)?
pub fn is_constant_data(lang: Language, node: Node, src: &[u8]) -> bool {
    match lang {
        Language::Rust => rust::flow::is_constant_data(node, src),
        Language::Python => python::is_constant_string(value_of(lang, node, src), src),
        Language::Text => false,
    }
}

/// Was a variable that `node` reads checked (condition, assertion, clamp)
/// before this use?
pub fn is_guarded(lang: Language, node: Node, src: &[u8]) -> bool {
    match lang {
        Language::Rust => rust::flow::is_guarded(node, src),
        Language::Python | Language::Text => false,
    }
}

/// Is `node` where unsafe operations are allowed: in an `unsafe` block or
/// the body of an `unsafe fn` (Rust)? Unsafe functions can only be called
/// there, so a call elsewhere is a safe function of the same name.
pub fn in_unsafe_context(lang: Language, node: Node) -> bool {
    match lang {
        Language::Rust => rust::in_unsafe_context(node),
        Language::Python | Language::Text => false,
    }
}

/// Is every non-constant piece of the shell command `node` quoted for the
/// shell? Languages without a quoting idiom answer `false`.
pub fn is_shell_quoted(lang: Language, node: Node, src: &[u8]) -> bool {
    match lang {
        Language::Python => python::is_shell_quoted(value_of(lang, node, src), src),
        Language::Rust | Language::Text => false,
    }
}

/// Is `node` in a branch of an `if`/`elif`/`while` or of a conditional
/// expression (`a if c else b`; Rust: `if`, `while`) whose condition
/// matches `regex`?
pub fn under_condition(node: Node, src: &[u8], regex: &regex::Regex) -> bool {
    let mut child = node;
    while let Some(parent) = child.parent() {
        let condition = match parent.kind() {
            "if_statement" | "elif_clause" | "while_statement" | "if_expression"
            | "while_expression" => parent.child_by_field_name("condition"),
            // Python's `body if condition else other` names no fields.
            "conditional_expression" => parent.named_child(1),
            _ => None,
        };
        if let Some(condition) = condition {
            let in_condition = condition.start_byte() <= child.start_byte()
                && child.end_byte() <= condition.end_byte();
            if !in_condition && regex.is_match(text(condition, src)) {
                return true;
            }
        }
        child = parent;
    }
    false
}

/// The comments (and attributes) on the lines right above the statement or
/// item holding `node`, and right above `node`'s own line, with the text of
/// those two lines: where authors justify the code there.
pub fn comment_above(node: Node, src: &[u8]) -> String {
    let mut holder = node;
    while let Some(parent) = holder.parent() {
        if matches!(
            parent.kind(),
            "block" | "declaration_list" | "source_file" | "module"
        ) {
            break;
        }
        holder = parent;
    }
    let mut out = Vec::new();
    for start in [holder.start_byte(), node.start_byte()] {
        let line_start = crate::text::line_start(src, start);
        let line_end = memchr::memchr(b'\n', &src[start..]).map_or(src.len(), |i| start + i);
        out.extend_from_slice(&src[line_start..line_end]);
        out.push(b'\n');
        for line in src[..line_start].split(|&b| b == b'\n').rev().skip(1) {
            let line = line.trim_ascii_start();
            let commentary = [&b"//"[..], b"/*", b"*", b"#"]
                .iter()
                .any(|p| line.starts_with(p));
            if !commentary {
                break;
            }
            out.extend_from_slice(line);
            out.push(b'\n');
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Does `node` feed a decision (a condition, directly or through a binding)?
pub fn feeds_condition(lang: Language, node: Node, src: &[u8]) -> bool {
    match lang {
        Language::Rust => rust::flow::feeds_condition(node, src),
        Language::Python | Language::Text => false,
    }
}

/// The names of the file's mutable globals (Rust's `static mut` items), for
/// the tree under `root`.
pub fn mutable_globals(lang: Language, root: Node, src: &[u8]) -> Vec<String> {
    match lang {
        Language::Rust => rust::flow::static_mut_names(root, src),
        Language::Python | Language::Text => Vec::new(),
    }
}

/// Edits of a fix that only code can write (`[fix] generator = "name"`),
/// for the reported `node`; `None` when the rewrite is not certain.
pub fn generate_fix(
    lang: Language,
    name: &str,
    node: Node,
    src: &[u8],
) -> Option<Vec<(std::ops::Range<usize>, String)>> {
    match lang {
        Language::Rust => rust::fixes::generate(name, node, src),
        Language::Python | Language::Text => None,
    }
}

/// The text of the function around `node`, with its attributes or
/// decorators; the whole file when `node` is at top level.
pub fn enclosing_function_text<'a>(node: Node, src: &'a [u8]) -> &'a str {
    let function = std::iter::successors(node.parent(), |n| n.parent())
        .find(|n| matches!(n.kind(), "function_item" | "function_definition"));
    match function {
        Some(f) => {
            let start = match f.parent() {
                Some(p) if p.kind() == "decorated_definition" => p.start_byte(),
                _ => rust::flow::attributes(f)
                    .last()
                    .map_or(f.start_byte(), |a| a.start_byte()),
            };
            std::str::from_utf8(&src[start..f.end_byte()]).unwrap_or("")
        }
        None => std::str::from_utf8(src).unwrap_or(""),
    }
}

fn is_identifier(node: Node) -> bool {
    node.kind() == "identifier"
}

/// Look through wrappers that do not change a value: parentheses, `&`, `.as_str()`.
fn lang_unwrap<'t>(lang: Language, node: Node<'t>, src: &[u8]) -> Node<'t> {
    match lang {
        Language::Python => python::unwrap(node),
        Language::Rust => rust::unwrap(node, src),
        Language::Text => node,
    }
}

/// The innermost function (or the module) that contains `node`.
pub fn enclosing_scope(node: Node) -> Node {
    let mut current = node;
    while let Some(parent) = current.parent() {
        if matches!(
            parent.kind(),
            "function_definition" | "function_item" | "closure_expression" | "lambda"
        ) {
            return parent;
        }
        current = parent;
    }
    current
}

/// The children of a node, walked with one cursor: `Node::child(i)` and
/// `named_child(i)` are linear in `i`, so indexing in a loop is quadratic on
/// a long block or module.
pub struct Children<'t> {
    cursor: Option<TreeCursor<'t>>,
    started: bool,
    named_only: bool,
    /// Only children overlapping these bytes (all when `None`).
    span: Option<std::ops::Range<usize>>,
}

impl<'t> Iterator for Children<'t> {
    type Item = Node<'t>;

    fn next(&mut self) -> Option<Node<'t>> {
        loop {
            let cursor = self.cursor.as_mut()?;
            let moved = if self.started {
                cursor.goto_next_sibling()
            } else {
                self.started = true;
                match &self.span {
                    Some(span) => cursor.goto_first_child_for_byte(span.start).is_some(),
                    None => cursor.goto_first_child(),
                }
            };
            let node = cursor.node();
            let past = |span: &std::ops::Range<usize>| node.start_byte() >= span.end;
            if !moved || self.span.as_ref().is_some_and(past) {
                self.cursor = None;
                return None;
            }
            if node.is_named() || !self.named_only {
                return Some(node);
            }
        }
    }
}

/// Every child of `node`, in order.
pub fn children(node: Node) -> Children {
    Children {
        cursor: Some(node.walk()),
        started: false,
        named_only: false,
        span: None,
    }
}

/// The named children of `node`, in order.
pub fn named_children(node: Node) -> Children {
    Children {
        cursor: Some(node.walk()),
        started: false,
        named_only: true,
        span: None,
    }
}

/// The named children of `node` that overlap `span`, in order; the first is
/// found by byte, not by walking the ones before it.
pub fn named_children_within(node: Node, span: std::ops::Range<usize>) -> Children {
    Children {
        cursor: Some(node.walk()),
        started: false,
        named_only: true,
        span: Some(span),
    }
}
