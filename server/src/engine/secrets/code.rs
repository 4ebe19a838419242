//! String literals of Python and Rust, found through the syntax tree, with
//! what a reader would use to judge them: the name they are assigned to,
//! passed as or keyed by, and the expression a fix replaces.

use crate::lang::{named_children, text, Language};
use std::ops::Range;
use tree_sitter::{Node, Tree};

/// How a literal's value can be replaced by an environment lookup.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// A Python `str` (or a Rust `&str` literal).
    Str,
    /// A Python `bytes` or Rust `b"..."` literal.
    Bytes,
    /// A Rust literal already turned into a `String` (`"..".to_string()`).
    OwnedString,
    /// A Rust literal in a struct field initialiser (most often a `String`).
    Field,
}

/// One string literal (or a concatenation of literals) in code.
#[derive(Clone, Debug)]
pub struct Literal {
    /// The expression a fix replaces.
    pub target: Range<usize>,
    /// The literal pieces: the quotes' insides, in order.
    pub pieces: Vec<Range<usize>>,
    /// The opening and closing delimiters of the first piece (`rb"`, `"`).
    pub open: Range<usize>,
    pub close: Range<usize>,
    pub shape: Shape,
    /// Raw strings and f-strings cannot take a partial rewrite.
    pub plain: bool,
    /// Rust `const`/`static`: no runtime lookup can stand there.
    pub in_const: bool,
    /// Python docstrings: documentation, never rewritten.
    pub docstring: bool,
    /// The name the value is assigned to, passed as or keyed by.
    pub name: Option<String>,
}

impl Literal {
    /// The literal's value as written (escapes kept), pieces joined.
    pub fn value(&self, src: &str) -> String {
        self.pieces.iter().map(|r| &src[r.clone()]).collect()
    }
}

/// Every constant string literal in the tree, concatenations joined. Names
/// are looked up only for values `wanted` accepts (the lookup walks parents).
/// Every literal holds a quote, so the walk enters only nodes holding one of
/// the quotes inside `within` (most statements hold none), and keeps its own
/// list of ancestors: tree-sitter finds a node's parent by searching down
/// from the root, too slow to ask for every literal of a file.
pub fn literals(
    lang: Language,
    tree: &Tree,
    src: &str,
    within: Range<usize>,
    wanted: impl Fn(&str) -> bool,
) -> Vec<Literal> {
    let mut out = Vec::new();
    let Some(part) = src.as_bytes().get(within.clone()) else {
        return out;
    };
    let quotes: Vec<usize> = memchr::memchr2_iter(b'"', b'\'', part)
        .map(|at| within.start + at)
        .collect();
    let first_quote = |node: Node| {
        let i = quotes.partition_point(|&q| q < node.start_byte());
        quotes.get(i).copied().filter(|&q| q < node.end_byte())
    };
    let mut cursor = tree.walk();
    let mut ancestors: Vec<Node> = Vec::new();
    if first_quote(cursor.node()).is_none() {
        return out;
    }
    'walk: loop {
        // Here the cursor's node holds a quote.
        let node = cursor.node();
        let is_literal = matches!(
            node.kind(),
            "string" | "concatenated_string" | "string_literal" | "raw_string_literal"
        );
        let found = is_literal
            .then(|| literal_of(lang, node, &ancestors, src, &wanted))
            .flatten();
        match found {
            Some(lit) => out.push(lit),
            None => {
                let quote = first_quote(node).unwrap_or(node.start_byte());
                if cursor.goto_first_child_for_byte(quote).is_some() {
                    ancestors.push(node);
                    if first_quote(cursor.node()).is_some() {
                        continue 'walk;
                    }
                }
            }
        }
        // The next sibling holding a quote, else up; done when no quote is
        // left after the cursor.
        loop {
            if !cursor.goto_next_sibling() {
                if ancestors.pop().is_none() || !cursor.goto_parent() {
                    break 'walk;
                }
                continue;
            }
            let node = cursor.node();
            match quotes.get(quotes.partition_point(|&q| q < node.start_byte())) {
                None => break 'walk,
                Some(&q) if q < node.end_byte() => continue 'walk,
                Some(_) => {}
            }
        }
    }
    out.sort_by_key(|l| l.target.start);
    out
}

/// The literal containing byte range `span`, if it lies in one.
pub fn literal_at(lang: Language, tree: &Tree, src: &str, span: Range<usize>) -> Option<Literal> {
    let mut chain = vec![tree
        .root_node()
        .descendant_for_byte_range(span.start, span.end)?];
    while let Some(parent) = chain.last().and_then(Node::parent) {
        chain.push(parent);
    }
    chain.reverse(); // root first
    (0..chain.len())
        .rev()
        .find_map(|i| literal_of(lang, chain[i], &chain[..i], src, &|_| true))
}

/// Is `span` inside a comment?
pub fn in_comment(lang: Language, tree: &Tree, src: &str, span: Range<usize>) -> bool {
    // A Python comment ends its line: without a `#` before `span` on its
    // line there is none to look up (most pairs in code are assignments).
    if lang == Language::Python {
        let line_start = crate::text::line_start(src.as_bytes(), span.start);
        if !src[line_start..span.start].contains('#') {
            return false;
        }
    }
    let mut node = tree
        .root_node()
        .descendant_for_byte_range(span.start, span.end);
    while let Some(n) = node {
        if lang.is_comment(n) {
            return true;
        }
        node = n.parent();
    }
    false
}

/// The literal at `node`, whose ancestors are `ancestors` (the root first).
fn literal_of(
    lang: Language,
    node: Node,
    ancestors: &[Node],
    src: &str,
    wanted: &dyn Fn(&str) -> bool,
) -> Option<Literal> {
    let parent = ancestors.last().copied();
    match (lang, node.kind()) {
        (Language::Python, "string") => {
            if parent.is_some_and(|p| p.kind() == "concatenated_string") {
                return None; // handled as part of the concatenation
            }
            python_literal(node, parent, &[node], src, wanted)
        }
        (Language::Python, "concatenated_string") => {
            let parts: Vec<Node> = named_children(node)
                .filter(|c| c.kind() == "string")
                .collect();
            python_literal(node, parent, &parts, src, wanted)
        }
        (Language::Rust, "string_literal" | "raw_string_literal") => {
            let grandparent = ancestors.len().checked_sub(2).map(|i| ancestors[i]);
            rust_literal(node, parent, grandparent, src, wanted)
        }
        _ => None,
    }
}

fn python_literal(
    node: Node,
    parent: Option<Node>,
    parts: &[Node],
    src: &str,
    wanted: &dyn Fn(&str) -> bool,
) -> Option<Literal> {
    let mut pieces = Vec::new();
    let (mut open, mut close) = (0..0, 0..0);
    let mut shape = Shape::Str;
    let mut plain = parts.len() == 1;
    for (i, part) in parts.iter().enumerate() {
        let mut start = None;
        let mut end = None;
        for child in named_children(*part) {
            match child.kind() {
                "string_start" => start = Some(child),
                "string_end" => end = Some(child),
                "interpolation" => return None,
                _ => {}
            }
        }
        let (start, end) = (start?, end?);
        let prefix = text(start, src.as_bytes()).to_ascii_lowercase();
        if prefix.contains('b') {
            shape = Shape::Bytes;
        }
        if prefix.contains('r') || prefix.contains('f') {
            plain = false;
        }
        if i == 0 {
            open = start.byte_range();
            close = end.byte_range();
        }
        pieces.push(start.end_byte()..end.start_byte());
    }
    let docstring =
        parent.is_some_and(|p| p.kind() == "expression_statement" && p.named_child_count() == 1);
    let value: String = pieces.iter().map(|r| &src[r.clone()]).collect();
    let look_up = !docstring && wanted(&value);
    Some(Literal {
        target: node.byte_range(),
        pieces,
        open,
        close,
        shape,
        plain,
        in_const: false,
        docstring,
        name: if look_up {
            python_name(node, src)
        } else {
            None
        },
    })
}

fn rust_literal<'t>(
    node: Node<'t>,
    parent: Option<Node<'t>>,
    grandparent: Option<Node<'t>>,
    src: &str,
    wanted: &dyn Fn(&str) -> bool,
) -> Option<Literal> {
    let body = text(node, src.as_bytes());
    let first = body.find('"')?;
    let last = body.rfind('"')?;
    if last <= first {
        return None;
    }
    let base = node.start_byte();
    let raw = node.kind() == "raw_string_literal";
    let bytes = body[..first].contains('b');
    let (target, owned) = rust_target(node, parent, grandparent, src);
    let inside = base + first + 1..base + last;
    let (name, in_const, field) = if wanted(&src[inside.clone()]) {
        rust_name(target, src)
    } else {
        (None, false, false)
    };
    let shape = if bytes {
        Shape::Bytes
    } else if owned {
        Shape::OwnedString
    } else if field {
        Shape::Field
    } else {
        Shape::Str
    };
    Some(Literal {
        target: target.byte_range(),
        pieces: vec![inside],
        open: base..base + first + 1,
        close: base + last..node.end_byte(),
        shape,
        plain: !raw && !bytes,
        in_const,
        docstring: false,
        name,
    })
}

/// The name of what the (unwrapped) value at `node` is bound to.
fn python_name(node: Node, src: &str) -> Option<String> {
    let src_b = src.as_bytes();
    let mut cur = node;
    let mut in_tuple = false;
    for _ in 0..6 {
        let parent = cur.parent()?;
        match parent.kind() {
            "parenthesized_expression" => {}
            // `"...".encode()`: the call stands for the literal.
            "attribute" => {
                let method = parent
                    .child_by_field_name("attribute")
                    .map(|a| text(a, src_b));
                let call = parent.parent().filter(|c| c.kind() == "call")?;
                if parent.child_by_field_name("object") != Some(cur)
                    || !matches!(method, Some("encode" | "strip"))
                {
                    return None;
                }
                cur = call;
                continue;
            }
            "tuple" => {
                in_tuple = parent.named_child_count() == 2 && parent.named_child(1) == Some(cur);
            }
            "keyword_argument" => {
                let name = text(parent.child_by_field_name("name")?, src_b);
                return Some(auth_pair_name(name, in_tuple));
            }
            "pair" => {
                if parent.child_by_field_name("value") != Some(cur) {
                    return None;
                }
                let key = parent.child_by_field_name("key")?;
                return Some(python_key_text(key, src));
            }
            "assignment" | "augmented_assignment" => {
                if parent.child_by_field_name("right") != Some(cur) {
                    return None;
                }
                let left = parent.child_by_field_name("left")?;
                let name = python_target_name(left, src)?;
                return Some(auth_pair_name(&name, in_tuple));
            }
            "default_parameter" | "typed_default_parameter" => {
                return Some(text(parent.child_by_field_name("name")?, src_b).to_owned());
            }
            "comparison_operator" => {
                let other = named_children(parent).find(|c| *c != cur)?;
                return python_target_name(other, src);
            }
            "argument_list" => {
                if let Some(key) = preceding_string(cur, src, "string") {
                    return Some(key);
                }
                let call = parent.parent()?;
                let function = call.child_by_field_name("function")?;
                let name = python_target_name(function, src)?;
                if super::names::secret_setter(&name) {
                    return Some(name);
                }
                if !is_wrapper(&name) {
                    return None;
                }
                cur = call;
                continue;
            }
            _ => return None,
        }
        cur = parent;
    }
    None
}

/// `auth=("user", "pw")`: the tuple's second item is a password.
fn auth_pair_name(name: &str, in_tuple: bool) -> String {
    if in_tuple && name.to_ascii_lowercase().contains("auth") {
        "password".to_owned()
    } else {
        name.to_owned()
    }
}

/// Calls that hand on their argument unchanged, for naming purposes.
fn is_wrapper(name: &str) -> bool {
    matches!(
        name,
        "str" | "bytes" | "SecretStr" | "SecretBytes" | "Secret"
    )
}

/// A dict key's text: a string's inside, or an identifier.
fn python_key_text(key: Node, src: &str) -> String {
    let raw = text(key, src.as_bytes());
    raw.trim_matches(['"', '\'']).to_owned()
}

/// `x`, `self.x`, `cfg["x"]`, `os.environ["X"]` -> the name part.
fn python_target_name(node: Node, src: &str) -> Option<String> {
    let src_b = src.as_bytes();
    match node.kind() {
        "identifier" => Some(text(node, src_b).to_owned()),
        "attribute" => Some(text(node.child_by_field_name("attribute")?, src_b).to_owned()),
        "subscript" => {
            let index = node.child_by_field_name("subscript")?;
            (index.kind() == "string").then(|| python_key_text(index, src))
        }
        _ => None,
    }
}

/// For the second of two arguments, the first when it is a string that reads
/// like a key: `setdefault("API_KEY", "...")`, `.header("X-Api-Key", "...")`.
fn preceding_string(arg: Node, src: &str, kind: &str) -> Option<String> {
    if arg.parent().is_none_or(|p| p.named_child_count() != 2) {
        return None;
    }
    let prev = arg.prev_named_sibling()?;
    if prev.kind() != kind {
        return None;
    }
    let key = text(prev, src.as_bytes())
        .trim_start_matches(['b', 'r', 'f', 'u', 'B', 'R', 'F', 'U'])
        .trim_matches(['"', '\'', '#'])
        .to_owned();
    super::names::secret_name(&key).map(|_| key)
}

/// The expression standing for a Rust literal's value: the literal itself, or
/// `"..".to_string()` / `.to_owned()` / `.into()` / `String::from("..")`
/// (second: whether that expression is an owned `String`).
fn rust_target<'t>(
    node: Node<'t>,
    parent: Option<Node<'t>>,
    grandparent: Option<Node<'t>>,
    src: &str,
) -> (Node<'t>, bool) {
    let src_b = src.as_bytes();
    let Some(parent) = parent else {
        return (node, false);
    };
    if parent.kind() == "field_expression" {
        let method = parent
            .child_by_field_name("field")
            .map(|f| text(f, src_b))
            .unwrap_or("");
        if let Some(call) = grandparent.filter(|c| c.kind() == "call_expression") {
            let no_args = call
                .child_by_field_name("arguments")
                .is_some_and(|a| a.named_child_count() == 0);
            if no_args && matches!(method, "to_string" | "to_owned" | "into") {
                return (call, true);
            }
        }
    }
    if parent.kind() == "arguments" && parent.named_child_count() == 1 {
        if let Some(call) = grandparent.filter(|c| c.kind() == "call_expression") {
            let function = call
                .child_by_field_name("function")
                .map(|f| text(f, src_b))
                .unwrap_or("");
            if function == "String::from" {
                return (call, true);
            }
        }
    }
    (node, false)
}

/// The name a Rust value is bound to: (name, inside a const/static, is a
/// struct field initialiser).
fn rust_name(node: Node, src: &str) -> (Option<String>, bool, bool) {
    let src_b = src.as_bytes();
    let mut cur = node;
    for _ in 0..6 {
        let Some(parent) = cur.parent() else {
            break;
        };
        match parent.kind() {
            "reference_expression" | "parenthesized_expression" | "tuple_expression" => {}
            "let_declaration" => {
                let name = parent
                    .child_by_field_name("pattern")
                    .map(|p| last_identifier(p, src));
                return (name, false, false);
            }
            "const_item" | "static_item" => {
                let name = parent
                    .child_by_field_name("name")
                    .map(|n| text(n, src_b).to_owned());
                return (name, true, false);
            }
            "field_initializer" => {
                let name = parent
                    .child_by_field_name("field")
                    .map(|n| text(n, src_b).to_owned());
                return (name, false, true);
            }
            "assignment_expression" => {
                let name = parent
                    .child_by_field_name("left")
                    .map(|l| last_identifier(l, src));
                return (name, false, false);
            }
            "arguments" => {
                if let Some(key) = preceding_string(cur, src, "string_literal") {
                    return (Some(key), false, false);
                }
                let Some(call) = parent.parent() else {
                    break;
                };
                let function = call
                    .child_by_field_name("function")
                    .map(|f| last_identifier(f, src))
                    .unwrap_or_default();
                if super::names::secret_setter(&function) {
                    return (Some(function), false, false);
                }
                if !matches!(
                    function.as_str(),
                    "Some" | "from" | "new" | "Secret" | "SecretString"
                ) {
                    break;
                }
                cur = call;
                continue;
            }
            "token_tree" => {
                // `json!({"password": "..."})`: the string before the colon.
                let colon = cur.prev_sibling().filter(|p| text(*p, src_b) == ":");
                let key = colon.and_then(|c| c.prev_sibling());
                let name = key.map(|k| text(k, src_b).trim_matches('"').to_owned());
                return (name, false, false);
            }
            _ => break,
        }
        cur = parent;
    }
    (None, false, false)
}

/// `mut api_key` -> `api_key`; `self.config.token` -> `token`.
fn last_identifier(node: Node, src: &str) -> String {
    let raw = text(node, src.as_bytes());
    raw.rsplit(|c: char| !(c.is_alphanumeric() || c == '_'))
        .find(|s| !s.is_empty())
        .unwrap_or(raw)
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(lang: Language, src: &str) -> Vec<(String, Option<String>)> {
        let tree = lang.parse(src).unwrap();
        literals(lang, &tree, src, 0..src.len(), |_| true)
            .into_iter()
            .map(|l| (l.value(src), l.name))
            .collect()
    }

    #[test]
    fn python_names() {
        let src = r#"
API_KEY = "a1"
client = Client(api_key="a2", timeout=3)
cfg = {"password": "a3"}
self.token = ("a" "4")
os.environ.setdefault("DB_PASSWORD", "a5")
requests.get(u, auth=("bob", "a6"))
if password == "a7": pass
password = password.encode("latin1")
key = "a9".encode()
def f(secret="a8"): pass
"""doc"""
"#;
        let got = names(Language::Python, src);
        let want = [
            ("a1", Some("API_KEY")),
            ("a2", Some("api_key")),
            ("a3", Some("password")),
            ("a4", Some("token")),
            ("DB_PASSWORD", None),
            ("a5", Some("DB_PASSWORD")),
            ("bob", Some("auth")),
            ("a6", Some("password")),
            ("a7", Some("password")),
            ("a8", Some("secret")),
            ("latin1", None),
            ("a9", Some("key")),
            ("doc", None),
        ];
        for (value, name) in want {
            assert!(
                got.iter().any(|(v, n)| v == value && n.as_deref() == name),
                "{value}: {got:?}"
            );
        }
    }

    #[test]
    fn rust_names() {
        let src = r#"
const API_TOKEN: &str = "r1";
fn main() {
    let password = "r2".to_string();
    let c = Config { secret: String::from("r3") };
    req.header("X-Api-Key", "r4");
    let v = json!({"client_secret": "r5"});
}
"#;
        let tree = Language::Rust.parse(src).unwrap();
        let lits = literals(Language::Rust, &tree, src, 0..src.len(), |_| true);
        let find = |v: &str| lits.iter().find(|l| l.value(src) == v).unwrap();
        assert_eq!(find("r1").name.as_deref(), Some("API_TOKEN"));
        assert!(find("r1").in_const);
        assert_eq!(find("r2").name.as_deref(), Some("password"));
        assert_eq!(find("r2").shape, Shape::OwnedString);
        assert_eq!(find("r3").name.as_deref(), Some("secret"));
        assert_eq!(find("r4").name.as_deref(), Some("X-Api-Key"));
        assert_eq!(find("r5").name.as_deref(), Some("client_secret"));
    }

    /// The walk enters only the nodes overlapping the range asked for: the
    /// literals of the top-level nodes, one by one, are those of the file,
    /// and `literal_at` (which walks parents) finds each of them again.
    #[test]
    fn literals_by_part_are_the_literals_of_the_whole() {
        // Statements without quotes around and between the literals, quotes
        // in comments and Rust's lifetimes and character literals: the walk
        // skips what holds no quote, and must not lose its place doing so.
        let python = "A = 'k1'\nn = 1\nclass C:\n    y = 2  # don't\n    def f(self, x=\"k2\" \"k3\"):\n        z = x + 1\n        return f\"{x['k4']}\" + b'k5'\n    w = 3\n\"\"\"doc\"\"\"\nm = n\n";
        let rust = "const K: &str = \"k1\";\nfn g<'a>(s: &'a str) -> char { 'c' } // it's\nfn f() -> String {\n    let n = 1;\n    let a = String::from(\"k2\");\n    format!(\"{}\", r#\"k3\"#).to_owned() + \"k4\"\n}\nstatic N: u8 = 0;\n";
        for (lang, src) in [(Language::Python, python), (Language::Rust, rust)] {
            let tree = lang.parse(src).unwrap();
            let key = |l: &Literal| (l.target.clone(), l.pieces.clone(), l.name.clone());
            let whole: Vec<_> = literals(lang, &tree, src, 0..src.len(), |_| true)
                .iter()
                .map(key)
                .collect();
            let parts: Vec<_> = named_children(tree.root_node())
                .flat_map(|n| literals(lang, &tree, src, n.byte_range(), |_| true))
                .map(|l| key(&l))
                .collect();
            assert_eq!(whole, parts, "{src}");
            assert!(whole.len() >= 4, "{whole:?}");
            for (target, pieces, name) in &whole {
                let inside = pieces[0].start;
                let at = literal_at(lang, &tree, src, inside..inside + 1).unwrap();
                assert_eq!((&at.target, &at.name), (target, name), "{pieces:?}");
            }
        }
    }
}
