//! The fix for a hard-coded secret in code: read it from the environment.
//! The variable is named for the provider (`OPENAI_API_KEY`) or for the name
//! the value was assigned to.

use super::code::{Literal, Shape};
use super::names;
use crate::finding::{Fix, TextEdit};
use crate::lang::Language;
use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;
use tree_sitter::Tree;

/// `SCREAMING_SNAKE_CASE` of an assignment's name, when it is a usable
/// variable name.
pub fn env_name_from(name: &str) -> Option<String> {
    let segs = names::segments(name);
    if segs.is_empty() || segs.iter().any(|s| s.is_empty()) {
        return None;
    }
    let joined = segs.join("_").to_ascii_uppercase();
    joined
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        .then_some(joined)
}

/// Replace the literal (or the secret inside it) with an environment lookup
/// of `var`. `None` where no lookup can stand (constants, docstrings).
pub fn env_fix(
    lang: Language,
    src: &str,
    tree: &Tree,
    lit: &Literal,
    secret: Range<usize>,
    var: &str,
) -> Option<Fix> {
    if lit.docstring || lit.in_const {
        return None;
    }
    let whole = lit.value(src).trim() == src[secret.clone()].trim();
    let mut edits = Vec::new();
    let new_text = match lang {
        Language::Python => {
            let lookup = match lit.shape {
                Shape::Bytes => format!("os.environ[\"{var}\"].encode()"),
                _ => format!("os.environ[\"{var}\"]"),
            };
            if let Some(at) = python_import_at(src, tree) {
                edits.push(TextEdit {
                    range: at..at,
                    new_text: "import os\n".to_owned(),
                });
            }
            if whole {
                lookup
            } else {
                python_partial(src, lit, &secret, &lookup)?
            }
        }
        Language::Rust => {
            let owned = format!("std::env::var(\"{var}\").expect(\"{var} is not set\")");
            match (lit.shape, whole) {
                (Shape::OwnedString | Shape::Field, true) => owned,
                (Shape::Str, true) => format!("&*{owned}"),
                (Shape::Bytes, true) => format!("&*{owned}.into_bytes()"),
                (Shape::Str | Shape::Field | Shape::OwnedString, false) if lit.plain => {
                    let piece = lit.pieces.first()?.clone();
                    if secret.start < piece.start || secret.end > piece.end {
                        return None;
                    }
                    let pre = escape_braces(&src[piece.start..secret.start]);
                    let post = escape_braces(&src[secret.end..piece.end]);
                    let formatted = format!("format!(\"{pre}{{}}{post}\", {owned})");
                    if matches!(lit.shape, Shape::Str) {
                        format!("&*{formatted}")
                    } else {
                        formatted
                    }
                }
                _ => return None,
            }
        }
        Language::Text => return None,
    };
    edits.push(TextEdit {
        range: lit.target.clone(),
        new_text,
    });
    Some(Fix {
        title: format!("Read the secret from the environment variable {var}"),
        edits,
        file: None,
    })
}

fn escape_braces(s: &str) -> String {
    s.replace('{', "{{").replace('}', "}}")
}

/// `"Bearer " + os.environ["X"]`: keep the text around the secret.
fn python_partial(src: &str, lit: &Literal, secret: &Range<usize>, lookup: &str) -> Option<String> {
    if !lit.plain || lit.pieces.len() != 1 {
        return None;
    }
    let piece = &lit.pieces[0];
    if secret.start < piece.start || secret.end > piece.end {
        return None;
    }
    let open = &src[lit.open.clone()];
    let close = &src[lit.close.clone()];
    let mut parts = Vec::new();
    if secret.start > piece.start {
        parts.push(format!("{open}{}{close}", &src[piece.start..secret.start]));
    }
    parts.push(lookup.to_owned());
    if secret.end < piece.end {
        parts.push(format!("{open}{}{close}", &src[secret.end..piece.end]));
    }
    Some(format!("({})", parts.join(" + ")))
}

/// Where `import os` goes when the module lacks it: after the module
/// docstring and `from __future__` imports. `None` when `os` is imported.
fn python_import_at(src: &str, tree: &Tree) -> Option<usize> {
    static IMPORTED: OnceLock<Regex> = OnceLock::new();
    let imported = IMPORTED.get_or_init(|| {
        Regex::new(
            r"(?m)^import[ \t]+(?:[\w.]+[ \t]*,[ \t]*)*os(?:[ \t]*(?:,|#|$)|[ \t]+as[ \t]+os\b)",
        )
        .expect("import pattern")
    });
    if imported.is_match(src) {
        return None;
    }
    let root = tree.root_node();
    let mut at = 0;
    for (i, child) in crate::lang::named_children(root).enumerate() {
        let docstring = i == 0
            && child.kind() == "expression_statement"
            && child.named_child(0).is_some_and(|c| c.kind() == "string");
        // Leading comments (shebang, encoding), the docstring and
        // `from __future__` imports must stay first.
        if docstring || matches!(child.kind(), "future_import_statement" | "comment") {
            at = line_end(src, child.end_byte());
            continue;
        }
        break;
    }
    Some(at)
}

/// The offset just past the line that `at` is on.
fn line_end(src: &str, at: usize) -> usize {
    src[at..].find('\n').map_or(src.len(), |i| at + i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_names() {
        assert_eq!(env_name_from("apiKey").as_deref(), Some("API_KEY"));
        assert_eq!(env_name_from("db_password").as_deref(), Some("DB_PASSWORD"));
        assert_eq!(env_name_from("X-Api-Key").as_deref(), Some("X_API_KEY"));
        assert_eq!(env_name_from("2fa"), None);
    }

    #[test]
    fn import_goes_after_docstring_and_future() {
        let at = |src: &str| python_import_at(src, &Language::Python.parse(src).unwrap());
        let src = "\"\"\"Doc.\"\"\"\nfrom __future__ import annotations\nx = 1\n";
        assert_eq!(&src[at(src).unwrap()..], "x = 1\n");
        assert_eq!(at("import os\nx = 1\n"), None);
        assert_eq!(at("import sys, os\n"), None);
        assert_eq!(at("import osx\n"), Some(0));
    }
}
