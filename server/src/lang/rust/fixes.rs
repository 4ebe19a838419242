//! Rust: fixes that need more than substituting captures, named by rule files
//! (`[fix] generator = "..."`). Each returns `None` unless the rewrite is
//! mechanical and certain; the engine then offers no fix.

use super::super::text;
use std::ops::Range;
use tree_sitter::Node;

/// Edits for generator `name` applied at the reported node `node`.
pub fn generate(name: &str, node: Node, src: &[u8]) -> Option<Vec<(Range<usize>, String)>> {
    match name {
        "rust-shell-to-args" => shell_to_args(node, src),
        "rust-sql-bind" => sql_bind(node, src),
        _ => None,
    }
}

/// A `format!` call split into its template and argument texts.
struct Format<'a> {
    template: String,
    args: Vec<&'a str>,
}

/// Parse `format!("...", a, b)` (the macro node). Only plain string templates.
fn parse_format<'a>(node: Node, src: &'a [u8]) -> Option<Format<'a>> {
    if node.kind() != "macro_invocation" {
        return None;
    }
    let name = text(node.child_by_field_name("macro")?, src);
    if name.rsplit("::").next() != Some("format") {
        return None;
    }
    let tokens = crate::lang::named_children(node).find(|c| c.kind() == "token_tree")?;
    let inner = text(tokens, src);
    let inner = inner.get(1..inner.len().checked_sub(1)?)?;
    let parts = split_top_level(inner);
    let first = parts.first()?.trim();
    let template = first.strip_prefix('"')?.strip_suffix('"')?;
    if template.contains('\\') || template.contains('"') {
        return None;
    }
    Some(Format {
        template: template.to_owned(),
        args: parts[1..]
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect(),
    })
}

/// Split on commas outside brackets and string literals.
fn split_top_level(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut in_str, mut escaped, mut start) = (0i32, false, false, 0);
    for (i, c) in s.char_indices() {
        if in_str {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_str = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_str = true,
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

/// A template piece: literal text, or the expression filling a placeholder.
#[derive(Debug, PartialEq)]
enum Piece {
    Text(String),
    Value(String),
}

/// The template's pieces with each `{}`/`{name}` resolved to its expression;
/// `None` for format specs (`{:?}`), `{{` escapes or a wrong argument count.
fn pieces(format: &Format) -> Option<Vec<Piece>> {
    let mut out = Vec::new();
    let mut rest = format.template.as_str();
    let mut next_arg = 0;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            out.push(Piece::Text(rest[..open].to_owned()));
        }
        let close = rest[open..].find('}')? + open;
        let inside = &rest[open + 1..close];
        if inside.contains(':') || inside.contains('{') {
            return None;
        }
        let value = if inside.is_empty() {
            let arg = format.args.get(next_arg)?;
            next_arg += 1;
            (*arg).to_owned()
        } else if inside
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            inside.to_owned()
        } else {
            return None;
        };
        out.push(Piece::Value(value));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest.to_owned()));
    }
    (next_arg == format.args.len()).then_some(out)
}

/// `Command::new("sh").arg("-c").arg(format!("tar czf {} {}", out, dir))`
/// becomes `Command::new("tar").arg("czf").arg(out).arg(dir)` when the
/// template is plain words with whole-word placeholders and no shell syntax.
fn shell_to_args(call: Node, src: &[u8]) -> Option<Vec<(Range<usize>, String)>> {
    let whole = text(call, src);
    let script = call.child_by_field_name("arguments")?.named_child(0)?;
    let format = parse_format(super::unwrap(script, src), src)?;
    let prefix = &whole[..script.start_byte() - call.start_byte()];
    let compact: String = prefix.chars().filter(|c| !c.is_whitespace()).collect();
    let shells = ["sh", "bash", "/bin/sh", "/bin/bash", "zsh", "dash"];
    if !shells
        .iter()
        .any(|s| compact.ends_with(&format!("Command::new(\"{s}\").arg(\"-c\").arg(")))
    {
        return None;
    }
    let head = compact.strip_suffix(".arg(")?;
    let head = head.strip_suffix(".arg(\"-c\")")?;
    let command_path = head.split("::new(").next()?;
    if format.template.contains([
        '|', ';', '&', '$', '<', '>', '`', '\'', '*', '?', '(', ')', '~', '\n',
    ]) {
        return None;
    }
    let pieces = pieces(&format)?;
    // Every word must be entirely literal or entirely one placeholder.
    let mut words: Vec<String> = Vec::new();
    let mut current: Option<Piece> = None;
    let flush = |current: &mut Option<Piece>, words: &mut Vec<String>| match current.take() {
        Some(Piece::Text(t)) => words.push(format!("\"{t}\"")),
        Some(Piece::Value(v)) => words.push(v),
        None => {}
    };
    for piece in pieces {
        match piece {
            Piece::Text(t) => {
                for (i, part) in t.split(' ').enumerate() {
                    if i > 0 {
                        flush(&mut current, &mut words);
                    }
                    if part.is_empty() {
                        continue;
                    }
                    match &mut current {
                        Some(Piece::Text(existing)) => existing.push_str(part),
                        Some(Piece::Value(_)) => return None,
                        None => current = Some(Piece::Text(part.to_owned())),
                    }
                }
            }
            Piece::Value(v) => {
                if current.is_some() {
                    return None;
                }
                current = Some(Piece::Value(v));
            }
        }
    }
    flush(&mut current, &mut words);
    let program = words
        .first()?
        .strip_prefix('"')?
        .strip_suffix('"')?
        .to_owned();
    let mut out = format!("{command_path}::new(\"{program}\")");
    for word in &words[1..] {
        out.push_str(&format!(".arg({word})"));
    }
    Some(vec![(call.byte_range(), out)])
}

/// `sqlx::query(&format!("... WHERE name = '{}'", name))` becomes
/// `sqlx::query("... WHERE name = $1").bind(name)` (`?` for MySQL/SQLite),
/// when every placeholder is a whole SQL value. A `let` that only fed the
/// query is removed.
fn sql_bind(call: Node, src: &[u8]) -> Option<Vec<(Range<usize>, String)>> {
    let function = call.child_by_field_name("function")?;
    let callee = text(function, src);
    let is_sqlx = callee.starts_with("sqlx::")
        && ["query", "query_as", "query_scalar"]
            .iter()
            .any(|f| callee.ends_with(f) || callee.contains(&format!("::{f}::<")));
    if !is_sqlx {
        return None;
    }
    let args = call.child_by_field_name("arguments")?;
    if args.named_child_count() != 1 {
        return None;
    }
    let arg = args.named_child(0)?;
    let unwrapped = super::unwrap(arg, src);
    let (macro_node, binding) = if unwrapped.kind() == "identifier" {
        let value = super::resolve_binding(unwrapped, src)?;
        (
            value,
            value.parent().filter(|p| p.kind() == "let_declaration"),
        )
    } else {
        (unwrapped, None)
    };
    let format = parse_format(macro_node, src)?;
    let scope = super::super::enclosing_scope(call);
    let scope_text = text(scope, src);
    let numbered = if scope_text.contains("Pg") || scope_text.contains("Postgres") {
        true
    } else if ["Sqlite", "MySql", "Mysql", "Any"]
        .iter()
        .any(|k| scope_text.contains(k))
    {
        false
    } else {
        return None;
    };
    let mut sql = String::new();
    let mut binds = Vec::new();
    let pieces = pieces(&format)?;
    for (i, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::Text(t) => sql.push_str(t),
            Piece::Value(v) => {
                // Quotes around the placeholder belong to the old literal.
                let quoted_before = sql.ends_with('\'');
                let quoted_after =
                    matches!(pieces.get(i + 1), Some(Piece::Text(t)) if t.starts_with('\''));
                if quoted_before != quoted_after {
                    return None;
                }
                if quoted_before {
                    sql.pop();
                }
                let before_ok = sql
                    .chars()
                    .last()
                    .is_none_or(|c| c.is_whitespace() || "=(,<>".contains(c));
                if !before_ok {
                    return None;
                }
                binds.push(v.clone());
                sql.push_str(&if numbered {
                    format!("${}", binds.len())
                } else {
                    "?".to_owned()
                });
                if quoted_after {
                    // The closing quote is skipped below.
                    sql.push('\u{0}');
                }
            }
        }
    }
    let sql = sql.replace("\u{0}'", "");
    if sql.contains('\u{0}') || binds.is_empty() {
        return None;
    }
    let mut replacement = format!("{callee}(\"{sql}\")");
    for b in &binds {
        replacement.push_str(&format!(".bind({b})"));
    }
    let mut edits = vec![(call.byte_range(), replacement)];
    if let (Some(decl), Some(pattern)) = (
        binding,
        binding.and_then(|d| d.child_by_field_name("pattern")),
    ) {
        let name = text(pattern, src);
        let uses = scope_text
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|w| *w == name)
            .count();
        if uses == 2 {
            let mut start = decl.start_byte();
            while start > 0 && matches!(src[start - 1], b' ' | b'\t') {
                start -= 1;
            }
            let mut end = decl.end_byte();
            if src.get(end) == Some(&b'\n') {
                end += 1;
            }
            edits.push((start..end, String::new()));
        }
    }
    Some(edits)
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::engine::{analyze_text, fix};
    use crate::lang::Language;

    /// The text after applying the fix offered for `rule`, if any.
    fn fixed(src: &str, rule: &str) -> Option<String> {
        let findings = analyze_text(src, Language::Rust, None, &Config::default());
        let finding = findings.iter().find(|f| f.rule_id == rule)?;
        fix::apply_edits(src, &finding.fix.as_ref()?.edits)
    }

    #[test]
    fn shell_template_becomes_arguments() {
        let src = "fn f(dir: &str, out: &str) {\n    std::process::Command::new(\"sh\").arg(\"-c\").arg(format!(\"tar czf {} {dir}\", out)).status();\n}\n";
        let out = fixed(src, "rs-shell-injection").expect("a fix");
        assert!(
            out.contains(
                "std::process::Command::new(\"tar\").arg(\"czf\").arg(out).arg(dir).status()"
            ),
            "{out}"
        );
    }

    #[test]
    fn shell_syntax_in_template_gets_no_fix() {
        let src = "fn f(dir: &str) {\n    Command::new(\"sh\").arg(\"-c\").arg(format!(\"ls {} | wc -l\", dir)).status();\n}\n";
        assert!(fixed(src, "rs-shell-injection").is_none());
        let glued = "fn f(n: &str) {\n    Command::new(\"sh\").arg(\"-c\").arg(format!(\"echo x{}\", n)).status();\n}\n";
        assert!(fixed(glued, "rs-shell-injection").is_none());
    }

    #[test]
    fn sql_placeholders_follow_the_database() {
        let pg = "async fn f(pool: &sqlx::PgPool, name: &str, age: i32) {\n    sqlx::query(&format!(\"SELECT * FROM users WHERE name = '{}' AND age > {}\", name, age)).fetch_all(pool).await;\n}\n";
        let out = fixed(pg, "rs-sql-format").expect("a fix");
        assert!(
            out.contains("sqlx::query(\"SELECT * FROM users WHERE name = $1 AND age > $2\").bind(name).bind(age)"),
            "{out}"
        );
        let lite = "async fn f(pool: &sqlx::SqlitePool, id: &str) {\n    let q = format!(\"DELETE FROM t WHERE id = {id}\");\n    sqlx::query(&q).execute(pool).await;\n}\n";
        let out = fixed(lite, "rs-sql-format").expect("a fix");
        assert!(
            out.contains("sqlx::query(\"DELETE FROM t WHERE id = ?\").bind(id)"),
            "{out}"
        );
        assert!(!out.contains("let q"), "{out}");
    }

    #[test]
    fn sql_fix_refuses_partial_values_and_unknown_databases() {
        let like = "async fn f(pool: &sqlx::PgPool, t: &str) {\n    sqlx::query(&format!(\"SELECT * FROM items WHERE name LIKE '%{}%'\", t)).fetch_all(pool).await;\n}\n";
        assert!(fixed(like, "rs-sql-format").is_none());
        let unknown = "async fn f(pool: &Pool, t: &str) {\n    sqlx::query(&format!(\"SELECT * FROM items WHERE name = '{}'\", t)).fetch_all(pool).await;\n}\n";
        assert!(fixed(unknown, "rs-sql-format").is_none());
    }
}
