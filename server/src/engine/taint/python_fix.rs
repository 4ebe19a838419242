//! Mechanical fixes for Python taint findings. Each fix applies only to the
//! simple, common shapes it understands and returns `None` otherwise.
//!
//! - `sql-parameterize`: `cur.execute(f"... '{x}'")` (also `%`, `.format()`,
//!   `+`, or a variable bound to one of them) becomes
//!   `cur.execute("... ?", (x,))`, with the driver's placeholder style.
//! - `command-argv`: `os.system(f"ping -c 1 {host}")` and
//!   `subprocess.run(f"...", shell=True)` become an argument list run
//!   without a shell, when the command is a plain template.

use super::ir::{Call, Module};
use crate::finding::{Fix, TextEdit};
use crate::lang::python::resolve_binding;
use tree_sitter::{Node, Tree};

pub fn build(kind: &str, tree: &Tree, text: &str, call: &Call, module: &Module) -> Option<Fix> {
    let node = call_node(tree, call)?;
    match kind {
        "sql-parameterize" => sql_parameterize(node, text, module),
        "command-argv" => command_argv(node, text, module),
        _ => None,
    }
}

fn call_node<'t>(tree: &'t Tree, call: &Call) -> Option<Node<'t>> {
    let mut node = tree
        .root_node()
        .descendant_for_byte_range(call.span.start, call.span.end)?;
    loop {
        if node.kind() == "call" && node.byte_range() == call.span {
            return Some(node);
        }
        node = node.parent()?;
    }
}

fn t<'a>(node: Node, src: &'a str) -> &'a str {
    &src[node.byte_range()]
}

/// A string template: constant pieces (as written in source) and the
/// expressions between them.
#[derive(Debug)]
enum Piece {
    Lit(String),
    Expr(String),
}

/// The template of a string-building expression, with the prefix/quote of
/// its string literal (without `f`).
fn template(node: Node, src: &str) -> Option<(Vec<Piece>, String, String)> {
    match node.kind() {
        "string" => {
            let (open, close) = delimiters(node, src)?;
            let is_f = open.to_ascii_lowercase().contains('f');
            let mut pieces = Vec::new();
            for c in crate::lang::named_children(node) {
                match c.kind() {
                    "string_content" | "escape_sequence" => {
                        let mut s = t(c, src).to_owned();
                        if is_f {
                            s = s.replace("{{", "{").replace("}}", "}");
                        }
                        pieces.push(Piece::Lit(s));
                    }
                    "interpolation" => {
                        if c.child_by_field_name("format_specifier").is_some()
                            || c.child_by_field_name("type_conversion").is_some()
                        {
                            return None;
                        }
                        let e = c.child_by_field_name("expression")?;
                        pieces.push(Piece::Expr(t(e, src).to_owned()));
                    }
                    _ => {}
                }
            }
            Some((pieces, open.replace(['f', 'F'], ""), close))
        }
        "binary_operator" => {
            let op = t(node.child_by_field_name("operator")?, src);
            let left = node.child_by_field_name("left")?;
            let right = node.child_by_field_name("right")?;
            match op {
                "%" => {
                    let (pieces, open, close) = plain_string(left, src)?;
                    let values: Vec<String> = match right.kind() {
                        "tuple" => crate::lang::named_children(right)
                            .map(|v| t(v, src).to_owned())
                            .collect(),
                        "dictionary" => return None,
                        _ => vec![t(right, src).to_owned()],
                    };
                    Some((fill_percent(&pieces, &values)?, open, close))
                }
                "+" => {
                    let mut pieces = Vec::new();
                    let mut quote = None;
                    flatten_plus(node, src, &mut pieces, &mut quote)?;
                    let (open, close) = quote?;
                    Some((pieces, open, close))
                }
                _ => None,
            }
        }
        "call" => {
            let f = node.child_by_field_name("function")?;
            if f.kind() != "attribute" || t(f.child_by_field_name("attribute")?, src) != "format" {
                return None;
            }
            let (pieces, open, close) = plain_string(f.child_by_field_name("object")?, src)?;
            let args = node.child_by_field_name("arguments")?;
            let mut positional = Vec::new();
            let mut named = Vec::new();
            for a in crate::lang::named_children(args) {
                if a.kind() == "keyword_argument" {
                    named.push((
                        t(a.child_by_field_name("name")?, src).to_owned(),
                        t(a.child_by_field_name("value")?, src).to_owned(),
                    ));
                } else if a.kind().ends_with("splat") {
                    return None;
                } else {
                    positional.push(t(a, src).to_owned());
                }
            }
            Some((fill_braces(&pieces, &positional, &named)?, open, close))
        }
        _ => None,
    }
}

fn delimiters(node: Node, src: &str) -> Option<(String, String)> {
    let start = crate::lang::children(node).find(|c| c.kind() == "string_start")?;
    let end = crate::lang::children(node).find(|c| c.kind() == "string_end")?;
    Some((t(start, src).to_owned(), t(end, src).to_owned()))
}

/// A string literal without interpolation: its text as one piece.
fn plain_string(node: Node, src: &str) -> Option<(Vec<Piece>, String, String)> {
    if node.kind() != "string" {
        return None;
    }
    let (pieces, open, close) = template(node, src)?;
    if pieces.iter().any(|p| matches!(p, Piece::Expr(_))) {
        return None;
    }
    let text: String = pieces
        .iter()
        .map(|p| match p {
            Piece::Lit(s) => s.as_str(),
            Piece::Expr(_) => "",
        })
        .collect();
    Some((vec![Piece::Lit(text)], open, close))
}

fn flatten_plus(
    node: Node,
    src: &str,
    out: &mut Vec<Piece>,
    quote: &mut Option<(String, String)>,
) -> Option<()> {
    if node.kind() == "binary_operator" && t(node.child_by_field_name("operator")?, src) == "+" {
        flatten_plus(node.child_by_field_name("left")?, src, out, quote)?;
        return flatten_plus(node.child_by_field_name("right")?, src, out, quote);
    }
    if node.kind() == "string" {
        let (pieces, open, close) = template(node, src)?;
        if quote.is_none() {
            *quote = Some((open, close));
        }
        out.extend(pieces);
        return Some(());
    }
    out.push(Piece::Expr(t(node, src).to_owned()));
    Some(())
}

fn fill_percent(pieces: &[Piece], values: &[String]) -> Option<Vec<Piece>> {
    let Piece::Lit(text) = pieces.first()? else {
        return None;
    };
    let mut out = Vec::new();
    let mut lit = String::new();
    let mut next = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            lit.push(c);
            continue;
        }
        match chars.next()? {
            '%' => lit.push('%'),
            's' | 'd' | 'i' => {
                out.push(Piece::Lit(std::mem::take(&mut lit)));
                out.push(Piece::Expr(values.get(next)?.clone()));
                next += 1;
            }
            _ => return None,
        }
    }
    if next != values.len() {
        return None;
    }
    out.push(Piece::Lit(lit));
    Some(out)
}

fn fill_braces(
    pieces: &[Piece],
    positional: &[String],
    named: &[(String, String)],
) -> Option<Vec<Piece>> {
    let Piece::Lit(text) = pieces.first()? else {
        return None;
    };
    let mut out = Vec::new();
    let mut lit = String::new();
    let mut auto = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                lit.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                lit.push('}');
            }
            '{' => {
                let mut field = String::new();
                for f in chars.by_ref() {
                    if f == '}' {
                        break;
                    }
                    field.push(f);
                }
                let value = if field.is_empty() {
                    auto += 1;
                    positional.get(auto - 1)?.clone()
                } else if let Ok(i) = field.parse::<usize>() {
                    positional.get(i)?.clone()
                } else {
                    named.iter().find(|(k, _)| *k == field)?.1.clone()
                };
                out.push(Piece::Lit(std::mem::take(&mut lit)));
                out.push(Piece::Expr(value));
            }
            _ => lit.push(c),
        }
    }
    out.push(Piece::Lit(lit));
    Some(out)
}

// ---- SQL -------------------------------------------------------------------

/// SQL drivers whose placeholder is `%s`.
const PERCENT_DRIVERS: [&str; 5] = ["psycopg2", "psycopg", "pymysql", "MySQLdb", "mysql"];

/// Import roots the fixes look for anywhere in the module, whether or not
/// the fixed code names them (the incremental analysis keys on these).
pub(super) fn import_roots_read() -> impl Iterator<Item = &'static str> {
    PERCENT_DRIVERS.into_iter().chain(["subprocess"])
}

fn placeholder(module: &Module) -> &'static str {
    let uses = |root: &str| {
        module
            .imports
            .iter()
            .any(|(_, p)| p == root || p.starts_with(&format!("{root}.")))
    };
    if PERCENT_DRIVERS.iter().any(|r| uses(r)) {
        "%s"
    } else {
        "?"
    }
}

fn sql_parameterize(call: Node, src: &str, module: &Module) -> Option<Fix> {
    let f = call.child_by_field_name("function")?;
    if f.kind() != "attribute" {
        return None;
    }
    let method = t(f.child_by_field_name("attribute")?, src);
    if !matches!(method, "execute" | "executemany") {
        return None;
    }
    let args = call.child_by_field_name("arguments")?;
    if args.named_child_count() != 1 {
        return None;
    }
    let arg = args.named_child(0)?;
    let (built, binding) = if arg.kind() == "identifier" {
        let value = resolve_binding(arg, src.as_bytes())?;
        if !used_once(arg, src) {
            return None;
        }
        (value, Some(value))
    } else {
        (arg, None)
    };
    let (pieces, open, close) = template(built, src)?;
    let mark = placeholder(module);
    let mut sql = String::new();
    let mut values = Vec::new();
    let n = pieces.len();
    for (i, p) in pieces.iter().enumerate() {
        match p {
            Piece::Lit(s) => {
                let mut s = s.as_str();
                // Drop the SQL quotes around a placeholder: '{x}' -> ?
                if i + 1 < n && matches!(pieces[i + 1], Piece::Expr(_)) {
                    if let Some(stripped) = s.strip_suffix('\'').or_else(|| s.strip_suffix('"')) {
                        s = stripped;
                    }
                }
                if i > 0 && matches!(pieces[i - 1], Piece::Expr(_)) {
                    if let Some(stripped) = s.strip_prefix('\'').or_else(|| s.strip_prefix('"')) {
                        s = stripped;
                    }
                }
                if mark == "%s" && s.contains('%') {
                    return None;
                }
                sql.push_str(s);
            }
            Piece::Expr(e) => {
                // A placeholder must stand alone, not inside a larger literal.
                let before = match i.checked_sub(1).map(|j| &pieces[j]) {
                    Some(Piece::Lit(s)) => s.chars().last(),
                    _ => None,
                };
                if before.is_some_and(|c| c.is_alphanumeric() || c == '%' || c == '_') {
                    return None;
                }
                sql.push_str(mark);
                values.push(e.clone());
            }
        }
    }
    if values.is_empty() {
        return None;
    }
    let params = if values.len() == 1 {
        format!("({},)", values[0])
    } else {
        format!("({})", values.join(", "))
    };
    let new_string = format!("{open}{sql}{close}");
    let mut edits = Vec::new();
    match binding {
        Some(b) => {
            edits.push(TextEdit {
                range: b.byte_range(),
                new_text: new_string,
            });
            edits.push(TextEdit {
                range: arg.byte_range(),
                new_text: format!("{}, {params}", t(arg, src)),
            });
        }
        None => edits.push(TextEdit {
            range: arg.byte_range(),
            new_text: format!("{new_string}, {params}"),
        }),
    }
    Some(Fix {
        title: "Pass the values as query parameters".into(),
        edits,
        file: None,
    })
}

/// The variable is read only at this use in its function (so rewriting its
/// definition changes nothing else).
fn used_once(use_site: Node, src: &str) -> bool {
    let name = t(use_site, src);
    let scope = crate::lang::enclosing_scope(use_site);
    let mut count = 0;
    let mut stack = vec![scope];
    while let Some(n) = stack.pop() {
        if n.kind() == "identifier" && t(n, src) == name {
            let is_binding = n.parent().is_some_and(|p| {
                p.kind() == "assignment" && p.child_by_field_name("left") == Some(n)
            });
            if !is_binding {
                count += 1;
            }
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    count == 1
}

// ---- commands --------------------------------------------------------------

fn command_argv(call: Node, src: &str, module: &Module) -> Option<Fix> {
    let f = call.child_by_field_name("function")?;
    let args = call.child_by_field_name("arguments")?;
    let first = args.named_child(0)?;
    let path = t(f, src);
    let (pieces, _, _) = template(first, src)?;
    let argv = argv_of(&pieces)?;
    let has_subprocess = module
        .imports
        .iter()
        .any(|(k, p)| k == "subprocess" && p == "subprocess");
    let mut edits = Vec::new();
    if path == "os.system" {
        if args.named_child_count() != 1 {
            return None;
        }
        edits.push(TextEdit {
            range: call.byte_range(),
            new_text: format!("subprocess.run({argv}).returncode"),
        });
        if !has_subprocess {
            edits.push(import_edit(call, src));
        }
    } else {
        // subprocess.*(cmd, shell=True, ...): the list, and no shell.
        let shell = crate::lang::named_children(args).find(|a| {
            a.kind() == "keyword_argument"
                && a.child_by_field_name("name").map(|n| t(n, src)) == Some("shell")
        })?;
        edits.push(TextEdit {
            range: first.byte_range(),
            new_text: argv,
        });
        edits.push(TextEdit {
            range: deletion_range(shell),
            new_text: String::new(),
        });
    }
    Some(Fix {
        title: "Run the command as an argument list, without a shell".into(),
        edits,
        file: None,
    })
}

/// `["ping", "-c", "1", host]` for a template with no shell syntax.
fn argv_of(pieces: &[Piece]) -> Option<String> {
    let mut words: Vec<Vec<Piece>> = Vec::new();
    let mut word: Vec<Piece> = Vec::new();
    let mut lit = String::new();
    for p in pieces {
        match p {
            Piece::Lit(s) => {
                for c in s.chars() {
                    if "|&;<>()$`\\\"'*?[]#~{}".contains(c) {
                        return None;
                    }
                    if c.is_whitespace() {
                        if !lit.is_empty() {
                            word.push(Piece::Lit(std::mem::take(&mut lit)));
                        }
                        if !word.is_empty() {
                            words.push(std::mem::take(&mut word));
                        }
                    } else {
                        lit.push(c);
                    }
                }
            }
            Piece::Expr(e) => {
                if !lit.is_empty() {
                    word.push(Piece::Lit(std::mem::take(&mut lit)));
                }
                word.push(Piece::Expr(e.clone()));
            }
        }
    }
    if !lit.is_empty() {
        word.push(Piece::Lit(lit));
    }
    if !word.is_empty() {
        words.push(word);
    }
    let rendered: Vec<String> = words
        .iter()
        .map(|w| match w.as_slice() {
            [Piece::Lit(s)] => format!("\"{s}\""),
            [Piece::Expr(e)] => e.clone(),
            parts => {
                let mut s = String::from("f\"");
                for p in parts {
                    match p {
                        Piece::Lit(l) => s.push_str(l),
                        Piece::Expr(e) => {
                            s.push('{');
                            s.push_str(e);
                            s.push('}');
                        }
                    }
                }
                s.push('"');
                s
            }
        })
        .collect();
    if rendered.is_empty() || !rendered[0].starts_with('"') {
        return None; // the program itself must be fixed text
    }
    Some(format!("[{}]", rendered.join(", ")))
}

/// Insert `import subprocess` before the first line of the file that is
/// not a comment, docstring or `from __future__` import.
fn import_edit(node: Node, src: &str) -> TextEdit {
    let mut root = node;
    while let Some(p) = root.parent() {
        root = p;
    }
    let mut at = 0;
    let mut cursor = root.walk();
    let top: Vec<Node> = root.named_children(&mut cursor).collect();
    for c in top {
        let docstring = c.kind() == "expression_statement"
            && c.named_child(0).is_some_and(|s| s.kind() == "string");
        if c.kind() == "comment" || c.kind() == "future_import_statement" || docstring {
            at = src[c.end_byte()..]
                .find('\n')
                .map(|i| c.end_byte() + i + 1)
                .unwrap_or(src.len());
            continue;
        }
        break;
    }
    TextEdit {
        range: at..at,
        new_text: "import subprocess\n".into(),
    }
}

fn deletion_range(node: Node) -> std::ops::Range<usize> {
    if let Some(comma) = node.prev_sibling().filter(|n| n.kind() == ",") {
        let start = comma
            .prev_sibling()
            .map(|n| n.end_byte())
            .unwrap_or(comma.start_byte());
        return start..node.end_byte();
    }
    if let Some(comma) = node.next_sibling().filter(|n| n.kind() == ",") {
        let end = comma
            .next_sibling()
            .filter(|n| n.kind() != ")")
            .map(|n| n.start_byte())
            .unwrap_or(comma.end_byte());
        return node.start_byte()..end;
    }
    node.byte_range()
}
