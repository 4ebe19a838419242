//! Rust: where a value comes from, looked up syntactically inside one file.
//!
//! These are the questions pattern rules ask about a captured expression:
//! does it trace back (through a few local bindings) to untrusted input, is it
//! fixed data written in the source, was it checked before use. The answers
//! are deliberately local and bounded so they work on fragments that lack
//! their `use` lines or do not fully parse.

use super::super::{named_children, text};
use regex::Regex;
use std::sync::LazyLock;
use tree_sitter::Node;

/// Expressions whose value comes from outside the program: the command line,
/// stdin, CLI parsers, web request accessors, bodies of HTTP responses.
/// Environment variables are left out: paths and URLs taken from them are
/// configuration far more often than attacks.
static SOURCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\benv::args(_os)?\s*\(|\bargs(_os)?\(\)\s*\.|\bstd::env::args|",
        r"\bstdin\s*\(\s*\)|\bstdin\b|",
        r"\bget_one::<|\bget_many::<|\bget_raw\(|\bvalue_of\(|\bvalues_of\(|\bremove_one::<|",
        r"\b[A-Z]\w*::(try_)?parse(_from)?\(\s*\)|",
        r"\.match_info\(\)|\.query_string\(\)|\.headers\(\)\s*\.get|\bheaders\.get\(|\.uri\(\)|",
        r"\.path_params\(|\.query_params\(|\.param\(|",
        r"\.text\(\)\s*\.await|\.json::<|\.bytes\(\)\s*\.await|\bto_bytes\(",
    ))
    .expect("valid regex")
});

/// Function parameters that carry request data (axum, actix-web, rocket,
/// warp, hyper extractors and request types).
static EXTRACTOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\b(Query|Path|Json|Form|TypedHeader|LenientForm|Request|Valid|ValidatedJson|Multipart)\s*<|",
        r"^\s*(mut\s+)?(Query|Path|Json|Form|TypedHeader|Multipart|RawQuery|RawForm)\s*\(|",
        r":\s*&?\s*(mut\s+)?(\w+::)*",
        r"(HeaderMap|RawQuery|RawForm|Bytes|Multipart|OriginalUri|Uri|Payload|HttpRequest|ServiceRequest|RawPathParams)\s*$"
    ))
    .expect("valid regex")
});

/// Extractor types whose every value is a number, boolean or UUID: they
/// cannot carry text an attacker shapes.
static INERT_TYPE: LazyLock<Regex> = LazyLock::new(|| {
    let scalar = r"(?:[ui](?:8|16|32|64|128|size)|f32|f64|bool|(?:uuid::)?Uuid|char)";
    Regex::new(&format!(
        r"^[\w:]*<\s*\(?\s*{scalar}(?:\s*,\s*{scalar})*\s*,?\s*\)?\s*>$"
    ))
    .expect("valid regex")
});

/// Binding values that turn input into something harmless for string sinks.
static CONVERTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(\.len\(\)|\.is_empty\(\)|\.exists\(\)|\.is_some\(\)|\.is_none\(\)|\.is_ok\(\)|",
        r"\.count\(\)|parse::<\s*(?:[ui](?:8|16|32|64|128|size)|f32|f64|bool|Uuid)\s*>\(\))",
        r"[\s?]*(\.\w+\(\))?[\s?;]*$"
    ))
    .expect("valid regex")
});

/// Scalar types: a value of one carries no text (shared with `warp`).
pub(super) static SCALAR_ANNOTATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[ui](?:8|16|32|64|128|size)|f32|f64|bool|char|Uuid)$").expect("valid regex")
});

/// A value that is the size of an existing allocation.
static SIZE_OF_ALLOCATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\w.]*\.(len|capacity)\(\)$|^(std::)?(mem::)?size_of(_val)?(::<.*>)?\(")
        .expect("valid regex")
});

/// How many bindings a trace follows before giving up.
const MAX_DEPTH: usize = 5;

/// Does `node` carry untrusted input: is it, or a variable it uses (through up
/// to a few bindings), a source expression or a request-handler parameter?
/// A binding whose text matches `sanitizer` stops the trace.
pub fn is_input(node: Node, src: &[u8], sanitizer: Option<&Regex>) -> bool {
    let mut seen = Vec::new();
    traces(node, src, sanitizer, 0, &mut seen)
}

fn traces(
    node: Node,
    src: &[u8],
    sanitizer: Option<&Regex>,
    depth: usize,
    seen: &mut Vec<usize>,
) -> bool {
    if depth > MAX_DEPTH || seen.contains(&node.start_byte()) {
        return false;
    }
    seen.push(node.start_byte());
    let body = text(node, src);
    if sanitizer.is_some_and(|s| s.is_match(body)) || CONVERTS.is_match(body) {
        return false;
    }
    if SOURCE.is_match(body) {
        return true;
    }
    for (site, name) in used_identifiers(node, src) {
        if param_is_input(site, &name, src) {
            return true;
        }
        for origin in origins_named(site, &name, src) {
            if traces(origin, src, sanitizer, depth + 1, seen) {
                return true;
            }
        }
    }
    false
}

/// Identifiers read by `node`: variables, not path segments, field or method
/// names, nor names of called functions or macros. `format!` arguments count.
fn used_identifiers<'t>(node: Node<'t>, src: &[u8]) -> Vec<(Node<'t>, String)> {
    let mut out = Vec::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if n.kind() == "identifier" {
            let parent = n.parent();
            let is_path = parent.is_some_and(|p| {
                p.kind() == "scoped_identifier" || p.kind() == "scoped_type_identifier"
            });
            let is_callee = parent.is_some_and(|p| {
                p.kind() == "call_expression"
                    && p.child_by_field_name("function").is_some_and(|f| f == n)
            });
            let is_macro = parent.is_some_and(|p| p.kind() == "macro_invocation");
            let name = text(n, src);
            let looks_const = name.chars().next().is_some_and(|c| c.is_ascii_uppercase());
            if !is_path && !is_callee && !is_macro && !looks_const {
                out.push((n, name.to_owned()));
            }
            continue;
        }
        if n.kind() == "closure_expression" && n != node {
            continue;
        }
        {
            let at = stack.len();
            stack.extend(named_children(n));
            stack[at..].reverse();
        }
    }
    // Inline captures in format strings: `format!("{name}")`.
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if n.kind() == "string_literal" {
            for name in inline_names(text(n, src)) {
                out.push((n, name.to_owned()));
            }
            continue;
        }
        stack.extend(named_children(n));
    }
    out
}

fn inline_names(s: &str) -> Vec<&str> {
    static INLINE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\{([a-z_][a-z0-9_]*)(?::[^}]*)?\}").expect("valid regex"));
    INLINE
        .captures_iter(s)
        .filter_map(|c| c.get(1))
        .map(|m| m.as_str())
        .collect()
}

/// The function-like nodes around `node`, innermost first.
fn scopes(node: Node) -> impl Iterator<Item = Node> {
    std::iter::successors(node.parent(), |n| n.parent())
        .filter(|n| matches!(n.kind(), "function_item" | "closure_expression"))
}

/// The innermost `fn` around `node` (closures are looked through).
pub fn enclosing_fn(node: Node) -> Option<Node> {
    std::iter::successors(node.parent(), |n| n.parent()).find(|n| n.kind() == "function_item")
}

/// Is identifier `id` a parameter of an enclosing function or closure that
/// carries request data?
fn param_is_input(id: Node, name: &str, src: &[u8]) -> bool {
    for scope in scopes(id) {
        let Some(params) = scope.child_by_field_name("parameters") else {
            continue;
        };
        for param in named_children(params) {
            let pattern = param.child_by_field_name("pattern").unwrap_or(param);
            if !binds(pattern, name, src) {
                continue;
            }
            let ty = param.child_by_field_name("type").map(|t| text(t, src));
            if ty.is_some_and(|t| INERT_TYPE.is_match(t) || SCALAR_ANNOTATION.is_match(t)) {
                return false;
            }
            let whole = text(param, src);
            if EXTRACTOR.is_match(whole) {
                return true;
            }
            if scope.kind() == "function_item" {
                return rocket_segment(scope, name, src)
                    || body_string(scope, param, src)
                    || (super::warp::is_handler(scope, src)
                        && ty.is_some_and(super::warp::is_request_type));
            }
            return warp_closure(scope, src);
        }
    }
    false
}

/// Rocket routes name their dynamic segments in the attribute: `<name>`.
fn rocket_segment(function: Node, name: &str, src: &[u8]) -> bool {
    attributes(function).any(|a| {
        let a = text(a, src);
        a.contains(&format!("<{name}>")) || a.contains(&format!("<{name}..>"))
    })
}

/// `async fn h(body: String)`: axum hands the request body to a `String`.
fn body_string(function: Node, param: Node, src: &[u8]) -> bool {
    let whole = text(param, src);
    let is_async = text(function, src).contains("async fn");
    static BODY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(body|payload|raw_body|input)\s*:\s*String$").expect("valid regex")
    });
    is_async && BODY.is_match(whole)
}

/// A closure handed to a warp filter chain receives the filter's values.
fn warp_closure(closure: Node, src: &[u8]) -> bool {
    let Some(call) = closure.parent().and_then(|args| args.parent()) else {
        return false;
    };
    call.kind() == "call_expression"
        && call
            .child_by_field_name("function")
            .is_some_and(|f| text(f, src).contains("warp::"))
}

/// The attribute items written just before `item`.
pub fn attributes(item: Node) -> impl Iterator<Item = Node> {
    std::iter::successors(item.prev_named_sibling(), |n| n.prev_named_sibling())
        .take_while(|n| {
            matches!(
                n.kind(),
                "attribute_item" | "line_comment" | "block_comment"
            )
        })
        .filter(|n| n.kind() == "attribute_item")
}

/// Does `pattern` bind `name` (plain, destructured, `mut`, `ref`)?
pub(super) fn binds(pattern: Node, name: &str, src: &[u8]) -> bool {
    if pattern.kind() == "identifier" {
        return text(pattern, src) == name;
    }
    let mut stack = vec![pattern];
    while let Some(n) = stack.pop() {
        if n.kind() == "identifier" && text(n, src) == name {
            // In `Query(p)` the first identifier is the type, not a binding.
            let is_type = n.parent().is_some_and(|p| {
                p.kind() == "tuple_struct_pattern"
                    && p.child_by_field_name("type").is_some_and(|t| t == n)
            });
            if !is_type {
                return true;
            }
        }
        if n.kind() == "field_pattern" && n.child_by_field_name("pattern").is_none() {
            // `Params { name, .. }` binds `name` by shorthand.
            if n.child_by_field_name("name")
                .is_some_and(|f| text(f, src) == name)
            {
                return true;
            }
        }
        stack.extend(named_children(n));
    }
    false
}

/// Values bound to `name` before `use_site`: `let` (also destructuring),
/// `for`, `if let`/`while let`, assignments, and calls that fill it through
/// `&mut name` (`stdin().read_line(&mut name)`).
fn origins_named<'t>(use_site: Node<'t>, name: &str, src: &[u8]) -> Vec<Node<'t>> {
    let mut out = Vec::new();
    let Some(scope) = scopes(use_site)
        .last()
        .or_else(|| std::iter::successors(Some(use_site), |n| n.parent()).last())
    else {
        return out;
    };
    let mut stack = vec![scope];
    while let Some(n) = stack.pop() {
        if n.start_byte() >= use_site.start_byte() {
            continue;
        }
        match n.kind() {
            "let_declaration" | "for_expression" | "let_condition" => {
                if let (Some(p), Some(v)) = (
                    n.child_by_field_name("pattern"),
                    n.child_by_field_name("value"),
                ) {
                    let scalar = n
                        .child_by_field_name("type")
                        .is_some_and(|t| SCALAR_ANNOTATION.is_match(text(t, src)));
                    if binds(p, name, src) && !scalar && v.end_byte() <= use_site.start_byte() {
                        out.push(v);
                    }
                }
            }
            "assignment_expression" => {
                if let (Some(l), Some(r)) = (
                    n.child_by_field_name("left"),
                    n.child_by_field_name("right"),
                ) {
                    if l.kind() == "identifier" && text(l, src) == name {
                        out.push(r);
                    }
                }
            }
            "call_expression" => {
                if fills(n, name, src) {
                    out.push(n);
                } else if let Some(args) = appends_to(n, name, src) {
                    out.push(args);
                }
            }
            _ => {}
        }
        if n.kind() == "function_item" && n != scope {
            continue;
        }
        stack.extend(named_children(n));
    }
    out
}

/// For `name.push(x)`, `name.push_str(x)` and similar in-place appends, the
/// argument list (what flows into `name`).
fn appends_to<'t>(call: Node<'t>, name: &str, src: &[u8]) -> Option<Node<'t>> {
    let function = call.child_by_field_name("function")?;
    let receiver = function.child_by_field_name("value")?;
    let method = text(function.child_by_field_name("field")?, src);
    let appends = matches!(
        method,
        "push" | "push_str" | "extend" | "insert_str" | "set_file_name" | "extend_from_slice"
    );
    (appends && text(receiver, src) == name)
        .then(|| call.child_by_field_name("arguments"))
        .flatten()
}

/// Is `call` a read that writes into `&mut name`?
fn fills(call: Node, name: &str, src: &[u8]) -> bool {
    let Some(function) = call.child_by_field_name("function") else {
        return false;
    };
    let method = function
        .child_by_field_name("field")
        .map(|f| text(f, src))
        .unwrap_or("");
    if !matches!(
        method,
        "read_line" | "read_to_string" | "read_to_end" | "read_exact" | "read"
    ) {
        return false;
    }
    let Some(args) = call.child_by_field_name("arguments") else {
        return false;
    };
    named_children(args).any(|a| {
        let t = text(a, src).replace(' ', "");
        t == format!("&mut{name}")
    })
}

/// Is `node` data fixed in the source: a string or byte-string literal, an
/// array of literals, or a `const`/`static` (or local) bound to one? Looks
/// through `&`, `*`, `.as_bytes()`, `.as_ref()`, `.to_vec()`, `into()` and
/// `from_slice`-style wrappers.
pub fn is_constant_data(node: Node, src: &[u8]) -> bool {
    constant_data(node, src, 0)
}

fn constant_data(node: Node, src: &[u8], depth: usize) -> bool {
    if depth > 3 {
        return false;
    }
    let node = super::unwrap(node, src);
    match node.kind() {
        "string_literal" | "raw_string_literal" => true,
        "array_expression" => {
            let children: Vec<Node> = named_children(node).collect();
            !children.is_empty()
                && children
                    .iter()
                    .all(|c| matches!(c.kind(), "integer_literal" | "char_literal"))
        }
        "unary_expression" => node
            .named_child(0)
            .is_some_and(|c| constant_data(c, src, depth + 1)),
        "call_expression" => {
            let Some(function) = node.child_by_field_name("function") else {
                return false;
            };
            let args = node.child_by_field_name("arguments");
            let first = args.and_then(|a| a.named_child(0));
            let callee = text(function, src);
            let wraps = callee.ends_with("from_slice")
                || callee.ends_with("from")
                || callee.ends_with("clone_from_slice")
                || callee.ends_with("from_secret")
                || callee.ends_with("from_base64_secret");
            if wraps {
                return first.is_some_and(|a| constant_data(a, src, depth + 1));
            }
            // `b"...".to_vec()`, `KEY.as_ref()`.
            function.kind() == "field_expression"
                && args.is_some_and(|a| a.named_child_count() == 0)
                && function
                    .child_by_field_name("value")
                    .is_some_and(|v| constant_data(v, src, depth + 1))
        }
        "macro_invocation" => {
            let name = node
                .child_by_field_name("macro")
                .map(|m| text(m, src))
                .unwrap_or("");
            name == "hex_literal::hex" || name == "hex" || name == "include_bytes"
        }
        "identifier" => {
            if let Some(bound) = super::resolve_binding(node, src) {
                // `let mut buf = [0u8; 32]; rng.fill_bytes(&mut buf);` is filled later.
                let mutable = bound.parent().is_some_and(|decl| {
                    named_children(decl).any(|c| c.kind() == "mutable_specifier")
                });
                return !mutable && constant_data(bound, src, depth + 1);
            }
            named_item_value(node, src).is_some_and(|v| constant_data(v, src, depth + 1))
        }
        _ => false,
    }
}

/// The value of a `const` or `static` item named like `id`, anywhere in the file.
fn named_item_value<'t>(id: Node<'t>, src: &[u8]) -> Option<Node<'t>> {
    named_item(id, text(id, src), src)
}

/// The value of a `const` or `static` item called `name` anywhere in the file of `at`.
pub fn named_item<'t>(at: Node<'t>, name: &str, src: &[u8]) -> Option<Node<'t>> {
    let root = std::iter::successors(Some(at), |n| n.parent()).last()?;
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        if matches!(n.kind(), "const_item" | "static_item")
            && n.child_by_field_name("name")
                .is_some_and(|x| text(x, src) == name)
        {
            return n.child_by_field_name("value");
        }
        if matches!(
            n.kind(),
            "source_file"
                | "mod_item"
                | "declaration_list"
                | "block"
                | "function_item"
                | "impl_item"
        ) || n.kind() == "expression_statement"
        {
            stack.extend(named_children(n));
        }
    }
    None
}

/// The names of the file's `static mut` items (at any depth of modules,
/// blocks and functions), for the tree under `root`.
pub fn static_mut_names(root: Node, src: &[u8]) -> Vec<String> {
    let mut names = Vec::new();
    if !may_declare_static_mut(src) {
        return names;
    }
    let mut stack = vec![root];
    let mut cursor = root.walk();
    while let Some(n) = stack.pop() {
        if n.kind() == "static_item" {
            let is_mut = n
                .named_children(&mut cursor)
                .any(|c| c.kind() == "mutable_specifier");
            if let Some(name) = n.child_by_field_name("name").filter(|_| is_mut) {
                names.push(text(name, src).to_owned());
            }
            continue;
        }
        if matches!(
            n.kind(),
            "source_file" | "mod_item" | "declaration_list" | "block" | "function_item"
        ) {
            stack.extend(n.named_children(&mut cursor));
        }
    }
    names
}

/// False when the text cannot hold a `static mut` item: no `static` is
/// followed by `mut` (or by a comment). Most files have no mutable static at
/// all, so this saves a walk of the whole tree.
fn may_declare_static_mut(src: &[u8]) -> bool {
    let Ok(src) = std::str::from_utf8(src) else {
        return true;
    };
    src.match_indices("static").any(|(at, word)| {
        let rest = src[at + word.len()..].trim_start();
        rest.len() < src.len() - at - word.len()
            && (rest.starts_with("mut") || rest.starts_with("/*") || rest.starts_with("//"))
    })
}

/// Was a variable used by `node` checked before this use: named in an
/// `if`/`while`/match-guard condition, an `assert!`, or bound through
/// `.min()`/`.clamp()`/`checked_*`? Also true inside the branch of an `if`
/// that tests it.
///
/// The check must name the variable itself (`buf.len()` does not check a
/// variable `len`) and come after the value it checks was bound: a check of
/// a header's size before `let len = ..` reads it does not bound `len`.
pub fn is_guarded(node: Node, src: &[u8]) -> bool {
    // Each name, and where the value it holds at `node` was bound.
    let names: Vec<(String, usize)> = used_identifiers(node, src)
        .into_iter()
        .map(|(site, name)| {
            let since = bound_since(site, &name, src);
            (name, since)
        })
        .collect();
    if names.is_empty() {
        return false;
    }
    // `let cap = v.capacity(); let len = v.len(); .. cap - len`: sizes of
    // the allocation itself need no check.
    let sizes = used_identifiers(node, src).into_iter().all(|(site, name)| {
        super::resolve_named(site, &name, src)
            .is_some_and(|v| SIZE_OF_ALLOCATION.is_match(text(v, src)))
    });
    if sizes {
        return true;
    }
    let Some(scope) = enclosing_fn(node) else {
        return false;
    };
    let mentions_at = |t: &str, at: usize| {
        names
            .iter()
            .any(|(name, since)| at >= *since && names_variable(t, name))
    };
    let mut stack = vec![scope];
    while let Some(n) = stack.pop() {
        if n.start_byte() >= node.start_byte() {
            continue;
        }
        let mentions = |t: &str| mentions_at(t, n.start_byte());
        let checked = match n.kind() {
            "if_expression" | "while_expression" => n
                .child_by_field_name("condition")
                .is_some_and(|c| mentions(text(c, src))),
            "match_arm" => n
                .child_by_field_name("pattern")
                .is_some_and(|p| text(p, src).contains(" if ") && mentions(text(p, src))),
            "macro_invocation" => {
                let name = n
                    .child_by_field_name("macro")
                    .map(|m| text(m, src))
                    .unwrap_or("");
                name.contains("assert") && mentions(text(n, src))
            }
            "let_declaration" => {
                let t = text(n, src);
                (t.contains(".min(") || t.contains(".clamp(") || t.contains("checked_"))
                    && n.child_by_field_name("pattern")
                        .is_some_and(|p| mentions(text(p, src)))
            }
            _ => false,
        };
        if checked {
            return true;
        }
        stack.extend(named_children(n));
    }
    false
}

/// Does `t` read the variable `name`: the word, not a field or method of
/// that name (`buf.len()`, `self.len`) nor a path segment or call (`len(x)`)?
fn names_variable(t: &str, name: &str) -> bool {
    let bytes = t.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    t.match_indices(name).any(|(at, _)| {
        let end = at + name.len();
        let before = t[..at].trim_end();
        let after = t[end..].trim_start();
        (at == 0 || !is_word(bytes[at - 1]))
            && bytes.get(end).is_none_or(|&b| !is_word(b))
            && !before.ends_with('.')
            && !before.ends_with("::")
            && !after.starts_with('(')
            && !after.starts_with("::")
    })
}

/// Where the value `name` holds at `site` was bound: the start of its
/// `let`, looking through rebindings from itself (`let len = len as usize;`).
/// 0 when it is a parameter or not found.
fn bound_since(site: Node, name: &str, src: &[u8]) -> usize {
    let mut at = site;
    for _ in 0..MAX_DEPTH {
        let Some(decl) = super::resolve_named(at, name, src).and_then(|v| v.parent()) else {
            return 0;
        };
        let rebinds_itself = decl
            .child_by_field_name("value")
            .is_some_and(|v| names_variable(text(v, src), name));
        if !rebinds_itself {
            return decl.start_byte();
        }
        at = decl;
    }
    0
}

/// Does `node` decide something: is it in an `if`/`while` condition or a
/// `match` scrutinee, or bound by `let` to a name such a condition reads?
pub fn feeds_condition(node: Node, src: &[u8]) -> bool {
    let in_condition = |n: Node| {
        std::iter::successors(Some(n), |x| x.parent())
            .take_while(|x| !matches!(x.kind(), "block" | "function_item"))
            .any(|x| {
                x.parent().is_some_and(|p| {
                    let field = |f: &str| p.child_by_field_name(f).is_some_and(|c| c == x);
                    (matches!(p.kind(), "if_expression" | "while_expression") && field("condition"))
                        || (p.kind() == "match_expression" && field("value"))
                })
            })
    };
    if in_condition(node) {
        return true;
    }
    let Some(decl) = std::iter::successors(Some(node), |x| x.parent())
        .take_while(|x| !matches!(x.kind(), "block" | "function_item"))
        .find(|x| x.kind() == "let_declaration")
    else {
        return false;
    };
    let Some(pattern) = decl.child_by_field_name("pattern") else {
        return false;
    };
    let names: Vec<String> = {
        let mut v = Vec::new();
        let mut stack = vec![pattern];
        while let Some(n) = stack.pop() {
            if n.kind() == "identifier" {
                v.push(text(n, src).to_owned());
            }
            stack.extend(named_children(n));
        }
        v
    };
    let Some(scope) = decl.parent() else {
        return false;
    };
    let mut stack = vec![scope];
    while let Some(n) = stack.pop() {
        if n.start_byte() >= decl.end_byte()
            && n.kind() == "identifier"
            && names.iter().any(|x| x == text(n, src))
            && in_condition(n)
        {
            return true;
        }
        stack.extend(named_children(n));
    }
    false
}

/// Is the variable `node` names built up piece by piece before this use:
/// `s.push_str(x)`, `s += x`, `write!(s, "{}", x)`, or `s = format!(..)` with
/// a value that is not a literal?
pub fn is_built_up(node: Node, src: &[u8]) -> bool {
    let node = super::unwrap(node, src);
    if node.kind() != "identifier" {
        return false;
    }
    let name = text(node, src);
    let Some(scope) = scopes(node).last() else {
        return false;
    };
    let mut stack = vec![scope];
    while let Some(n) = stack.pop() {
        if n.start_byte() >= node.start_byte() {
            continue;
        }
        let built = match n.kind() {
            "call_expression" => {
                let function = n.child_by_field_name("function");
                let receiver = function.and_then(|f| f.child_by_field_name("value"));
                let method = function
                    .and_then(|f| f.child_by_field_name("field"))
                    .map(|f| text(f, src));
                let arg = n
                    .child_by_field_name("arguments")
                    .and_then(|a| a.named_child(0));
                receiver.is_some_and(|r| text(r, src) == name)
                    && matches!(method, Some("push_str" | "extend" | "insert_str"))
                    && arg.is_some_and(|a| !super::constant::is_constant_text(a, src))
            }
            "compound_assignment_expr" | "assignment_expression" => {
                let left = n.child_by_field_name("left");
                let right = n.child_by_field_name("right");
                left.is_some_and(|l| text(l, src) == name)
                    && right.is_some_and(|r| {
                        let r = super::unwrap(r, src);
                        if n.kind() == "assignment_expression" {
                            super::is_formatted_string(r, src)
                        } else {
                            !super::constant::is_constant_text(r, src)
                        }
                    })
            }
            "macro_invocation" => {
                let mac = n
                    .child_by_field_name("macro")
                    .map(|m| text(m, src))
                    .unwrap_or("");
                let body = text(n, src);
                matches!(mac, "write" | "writeln")
                    && body
                        .split_once('(')
                        .is_some_and(|(_, rest)| rest.trim_start().starts_with(name))
                    && (body.matches(',').count() >= 2 || !inline_names(body).is_empty())
                    && !super::constant::format_args_constant(n, src, 2)
            }
            _ => false,
        };
        if built {
            return true;
        }
        stack.extend(named_children(n));
    }
    false
}

#[cfg(test)]
mod tests {
    use super::may_declare_static_mut;

    #[test]
    fn the_static_mut_prefilter_keeps_every_possible_declaration() {
        for src in [
            "static mut N: u8 = 0;",
            "pub(crate) static\n    mut N: u8 = 0;",
            "static /* counter */ mut N: u8 = 0;",
            "fn f(x: &'static mut u8) {}",
        ] {
            assert!(may_declare_static_mut(src.as_bytes()), "{src}");
        }
        for src in ["static N: u8 = 0;", "let mut x = 1; // static", "staticmut"] {
            assert!(!may_declare_static_mut(src.as_bytes()), "{src}");
        }
    }
}
