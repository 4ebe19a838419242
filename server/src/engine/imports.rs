//! What a source file imports, read from its syntax tree: Python modules
//! (`import`, `from ... import`, `importlib.import_module("...")`,
//! `__import__("...")`) and the first segments of Rust paths (`use`,
//! `extern crate`, paths in expressions, types, attributes and macro bodies).

use super::regions::{per_segment, Memo, Spanned};
use crate::lang::text;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;
use tree_sitter::{Node, Tree};

impl Spanned for PyImport {
    fn span_mut(&mut self) -> Option<&mut Range<usize>> {
        Some(&mut self.range)
    }
}

impl Spanned for RustRef {
    fn span_mut(&mut self) -> Option<&mut Range<usize>> {
        Some(&mut self.range)
    }
}

/// One imported Python module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PyImport {
    /// The dotted module path (`google.cloud.storage`).
    pub module: String,
    /// Range of the first segment (what a did-you-mean fix replaces).
    pub range: Range<usize>,
    /// Inside a `try:` block: an optional import.
    pub optional: bool,
}

fn walk<'t>(root: Node<'t>, mut visit: impl FnMut(Node<'t>)) {
    let mut cursor = root.walk();
    'outer: loop {
        visit(cursor.node());
        if cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                continue 'outer;
            }
            if !cursor.goto_parent() {
                return;
            }
        }
    }
}

fn inside_try(mut node: Node) -> bool {
    while let Some(parent) = node.parent() {
        if parent.kind() == "try_statement" {
            return true;
        }
        node = parent;
    }
    false
}

fn dotted(node: Node, src: &[u8], optional: bool, out: &mut Vec<PyImport>) {
    let module = text(node, src).split_whitespace().collect::<String>();
    let first = node.named_child(0).unwrap_or(node);
    out.push(PyImport {
        module,
        range: first.byte_range(),
        optional,
    });
}

/// The imports of a Python tree (relative imports are left out).
pub fn python_imports(tree: &Tree, src: &str) -> Vec<PyImport> {
    static MEMO: LazyLock<Memo<u64, Vec<PyImport>>> = LazyLock::new(Memo::default);
    per_segment(&MEMO, tree, src, |node| {
        // Every form read below (`import`, `from ... import`, `__import__`,
        // `import_module`) has `import` in its text: most segments do not,
        // and need no walk (a file's first analysis walked them all).
        if src
            .get(node.byte_range())
            .is_some_and(|t| t.contains("import"))
        {
            python_imports_in(node, src)
        } else {
            Vec::new()
        }
    })
}

fn python_imports_in(top: Node, src: &str) -> Vec<PyImport> {
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    walk(top, |node| match node.kind() {
        "import_statement" => {
            let optional = inside_try(node);
            let mut c = node.walk();
            for child in node.named_children(&mut c) {
                let name = match child.kind() {
                    "dotted_name" => Some(child),
                    "aliased_import" => child.child_by_field_name("name"),
                    _ => None,
                };
                if let Some(name) = name.filter(|n| n.kind() == "dotted_name") {
                    dotted(name, bytes, optional, &mut out);
                }
            }
        }
        "import_from_statement" => {
            if let Some(m) = node
                .child_by_field_name("module_name")
                .filter(|m| m.kind() == "dotted_name")
            {
                dotted(m, bytes, inside_try(node), &mut out);
            }
        }
        "call" => {
            let Some(function) = node.child_by_field_name("function") else {
                return;
            };
            let callee = text(function, bytes);
            if !matches!(
                callee,
                "__import__" | "importlib.import_module" | "import_module"
            ) {
                return;
            }
            let Some(arg) = node
                .child_by_field_name("arguments")
                .and_then(|a| a.named_child(0))
                .filter(|a| a.kind() == "string")
            else {
                return;
            };
            let mut c = arg.walk();
            let parts: Vec<Node> = arg.named_children(&mut c).collect();
            if parts.iter().any(|p| p.kind() == "interpolation") {
                return;
            }
            let Some(content) = parts.iter().find(|p| p.kind() == "string_content") else {
                return;
            };
            let module = text(*content, bytes);
            if module.starts_with('.') || module.is_empty() {
                return;
            }
            let first_len = module.find('.').unwrap_or(module.len());
            let start = content.start_byte();
            out.push(PyImport {
                module: module.to_owned(),
                range: start..start + first_len,
                optional: inside_try(node),
            });
        }
        _ => {}
    });
    out
}

/// How a Rust path's first segment was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RustRefKind {
    /// `use name::...` or `extern crate name`: an explicit import.
    Use,
    /// A path elsewhere: `name::f()`, `#[name::attr]`, a type, a macro body.
    Path,
}

/// A first path segment that may name a crate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RustRef {
    pub name: String,
    pub range: Range<usize>,
    pub kind: RustRefKind,
}

/// Names the file binds itself: items, modules, `use` imports and aliases.
pub fn rust_local_names(tree: &Tree, src: &str) -> HashSet<String> {
    static MEMO: LazyLock<Memo<u64, Vec<String>>> = LazyLock::new(Memo::default);
    per_segment(&MEMO, tree, src, |node| rust_local_names_in(node, src))
        .into_iter()
        .collect()
}

fn rust_local_names_in(top: Node, src: &str) -> Vec<String> {
    let bytes = src.as_bytes();
    let mut names = HashSet::new();
    walk(top, |node| match node.kind() {
        "function_item"
        | "struct_item"
        | "enum_item"
        | "union_item"
        | "trait_item"
        | "type_item"
        | "const_item"
        | "static_item"
        | "mod_item"
        | "macro_definition"
        | "function_signature_item" => {
            if let Some(n) = node.child_by_field_name("name") {
                names.insert(text(n, bytes).to_owned());
            }
        }
        "use_declaration" => {
            // Every identifier after the first segment may be bound here.
            walk(node, |n| {
                // `use core::ptr::{self, NonNull}` binds `ptr`.
                if n.kind() == "self" {
                    let bound = n
                        .parent()
                        .filter(|l| l.kind() == "use_list")
                        .and_then(|l| l.parent())
                        .filter(|p| p.kind() == "scoped_use_list")
                        .and_then(|p| p.child_by_field_name("path"))
                        .map(|path| path.child_by_field_name("name").unwrap_or(path));
                    if let Some(b) = bound {
                        names.insert(text(b, bytes).to_owned());
                    }
                }
                if n.kind() == "identifier" {
                    let is_first = n.parent().is_some_and(|p| {
                        matches!(p.kind(), "scoped_identifier" | "scoped_use_list")
                            && p.child_by_field_name("path")
                                .is_some_and(|x| x.id() == n.id())
                    }) || n.parent().is_some_and(|p| p.kind() == "use_declaration");
                    if !is_first {
                        names.insert(text(n, bytes).to_owned());
                    }
                }
            });
            let mut c = node.walk();
            for child in node.named_children(&mut c) {
                if child.kind() == "use_as_clause" {
                    if let Some(a) = child.child_by_field_name("alias") {
                        names.insert(text(a, bytes).to_owned());
                    }
                }
            }
        }
        "token_tree" => {
            // Items inside macro invocations (`cfg_if! { mod imp; }`) are
            // tokens: an item keyword or `as`, then the name it binds.
            let mut c = node.walk();
            let tokens: Vec<Node> = node.children(&mut c).collect();
            for pair in tokens.windows(2) {
                let binds = matches!(
                    pair[0].kind(),
                    "mod"
                        | "fn"
                        | "struct"
                        | "enum"
                        | "union"
                        | "trait"
                        | "type"
                        | "const"
                        | "static"
                        | "as"
                );
                if binds && pair[1].kind() == "identifier" {
                    names.insert(text(pair[1], bytes).to_owned());
                }
            }
        }
        "extern_crate_declaration" => {
            if let Some(a) = node.child_by_field_name("alias") {
                names.insert(text(a, bytes).to_owned());
            }
        }
        "type_parameters" => {
            walk(node, |n| {
                if n.kind() == "type_identifier" {
                    names.insert(text(n, bytes).to_owned());
                }
            });
        }
        _ => {}
    });
    names.into_iter().collect()
}

fn inside_use(node: Node) -> bool {
    has_ancestor(node, &["use_declaration"])
}

/// Whether an ancestor of `node` has one of `kinds`.
fn has_ancestor(mut node: Node, kinds: &[&str]) -> bool {
    while let Some(p) = node.parent() {
        if kinds.contains(&p.kind()) {
            return true;
        }
        node = p;
    }
    false
}

/// Whether `node` is a path inside the braces of a `use` that follow a path
/// (`string` in `use alloc::{string::String}`): it continues that path, so
/// its first segment is no crate. (Braces right after `use` hold roots.)
fn inside_use_list(mut node: Node) -> bool {
    while let Some(p) = node.parent() {
        match p.kind() {
            "use_list" if p.parent().is_some_and(|b| b.kind() == "scoped_use_list") => return true,
            "use_declaration" => return false,
            _ => node = p,
        }
    }
    false
}

/// Tool namespaces of attributes (`#[allow(clippy::...)]`, `#[rustfmt::skip]`,
/// `#[diagnostic::on_unimplemented]`): their paths name no crate.
const TOOL_NAMESPACES: &[&str] = &[
    "clippy",
    "rustfmt",
    "rustdoc",
    "diagnostic",
    "miri",
    "rust_analyzer",
];

/// Whether `tree` is the body of `quote!` (or a relative): code generated
/// for the crate that uses a procedural macro, whose paths are that crate's.
fn is_quoted_code(tree: Node, bytes: &[u8]) -> bool {
    let mut node = tree;
    while let Some(p) = node.parent() {
        if p.kind() == "macro_invocation" {
            let name = p.child_by_field_name("macro").map_or("", |m| {
                let last = m.child_by_field_name("name").unwrap_or(m);
                text(last, bytes)
            });
            if matches!(
                name,
                "quote" | "quote_spanned" | "parse_quote" | "parse_quote_spanned"
            ) {
                return true;
            }
        }
        node = p;
    }
    false
}

fn is_tool_path(first: Node, bytes: &[u8]) -> bool {
    TOOL_NAMESPACES.contains(&text(first, bytes))
        && has_ancestor(first, &["attribute_item", "inner_attribute_item"])
}

/// First segments of every path in a Rust tree that could name a crate.
pub fn rust_refs(tree: &Tree, src: &str) -> Vec<RustRef> {
    static MEMO: LazyLock<Memo<u64, Vec<RustRef>>> = LazyLock::new(Memo::default);
    per_segment(&MEMO, tree, src, |node| rust_refs_in(node, src))
}

fn rust_refs_in(top: Node, src: &str) -> Vec<RustRef> {
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    let mut push = |n: Node, kind| {
        out.push(RustRef {
            name: text(n, bytes).to_owned(),
            range: n.byte_range(),
            kind,
        })
    };
    walk(top, |node| match node.kind() {
        "scoped_identifier" | "scoped_type_identifier" | "scoped_use_list" => {
            if let Some(path) = node
                .child_by_field_name("path")
                .filter(|p| p.kind() == "identifier")
                .filter(|p| !inside_use_list(node) && !is_tool_path(*p, bytes))
            {
                let kind = if inside_use(node) {
                    RustRefKind::Use
                } else {
                    RustRefKind::Path
                };
                push(path, kind);
            }
        }
        "use_declaration" => {
            let arg = node.child_by_field_name("argument");
            let arg = match arg {
                Some(a) if a.kind() == "use_as_clause" => a.child_by_field_name("path"),
                a => a,
            };
            if let Some(a) = arg.filter(|a| a.kind() == "identifier") {
                push(a, RustRefKind::Use);
            }
        }
        "extern_crate_declaration" => {
            if let Some(n) = node
                .child_by_field_name("name")
                .filter(|n| n.kind() == "identifier")
            {
                push(n, RustRefKind::Use);
            }
        }
        "token_tree" if !is_quoted_code(node, bytes) => {
            // Macro bodies are token trees: `name :: ident` not preceded by
            // `::` (a turbofish, `size_of::<T>`, is no path).
            let mut c = node.walk();
            let kids: Vec<Node> = node.children(&mut c).collect();
            for (i, k) in kids.iter().enumerate() {
                if k.kind() == "identifier"
                    && kids.get(i + 1).is_some_and(|n| n.kind() == "::")
                    && kids.get(i + 2).is_some_and(|n| n.kind() == "identifier")
                    && !(i > 0 && kids[i - 1].kind() == "::")
                    && !TOOL_NAMESPACES.contains(&text(*k, bytes))
                {
                    push(*k, RustRefKind::Path);
                }
            }
        }
        _ => {}
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Language;

    #[test]
    fn python_forms() {
        let src = "import os, yaml as y\nfrom google.cloud import storage\nfrom . import local\nimport importlib\nm = importlib.import_module(\"requests.adapters\")\n__import__('numpy')\ntry:\n    import ujson\nexcept ImportError:\n    ujson = None\n";
        let tree = Language::Python.parse(src).unwrap();
        let got: Vec<_> = python_imports(&tree, src)
            .into_iter()
            .map(|i| (i.module, i.optional))
            .collect();
        let names: Vec<_> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(
            names,
            [
                "os",
                "yaml",
                "google.cloud",
                "importlib",
                "requests.adapters",
                "numpy",
                "ujson"
            ]
        );
        assert!(got[6].1 && !got[0].1);
    }

    #[test]
    fn rust_forms() {
        let src = "use serde_json::Value;\nuse std::fs;\nextern crate rand;\nmod util;\n#[tokio::main]\nasync fn main() { let v = anyhow::anyhow!(\"x\"); fs::read(\"a\"); println!(\"{}\", itertools::join(&[1], \",\")); util::f(); }\n";
        let tree = Language::Rust.parse(src).unwrap();
        let refs: Vec<_> = rust_refs(&tree, src).into_iter().map(|r| r.name).collect();
        for n in [
            "serde_json",
            "rand",
            "tokio",
            "anyhow",
            "itertools",
            "fs",
            "util",
        ] {
            assert!(refs.contains(&n.to_owned()), "{n} in {refs:?}");
        }
        let local = rust_local_names(&tree, src);
        assert!(local.contains("fs") && local.contains("util") && local.contains("Value"));
        assert!(!local.contains("serde_json"));
    }

    #[test]
    fn rust_paths_that_name_no_crate() {
        // Paths inside braces continue the path before them; attribute tool
        // namespaces and turbofish calls inside macros are no crates. Braces
        // right after `use` hold roots.
        let src = "use alloc::{string::String, sync::{atomic, Arc}};\n\
                   use crate::{util::{error::E, int::U32}};\n\
                   use {regex::Regex, log};\n\
                   #[allow(clippy::all)]\n\
                   #[rustfmt::skip]\n\
                   fn f() { assert_eq!(size_of::<u8>(), 1); let _ = v.iter().collect::<Vec<_>>(); }\n\
                   macro_rules! m { () => { #[cfg_attr(x, clippy::inline_always)] fn g() {} } }\n\
                   fn gen() -> T { quote!(Some(clap::Id::new())) }\n";
        let tree = Language::Rust.parse(src).unwrap();
        let refs: Vec<_> = rust_refs(&tree, src).into_iter().map(|r| r.name).collect();
        for absent in [
            "string", "sync", "util", "error", "int", "clippy", "rustfmt", "size_of", "collect",
            "clap",
        ] {
            assert!(!refs.contains(&absent.to_owned()), "{absent} in {refs:?}");
        }
        for present in ["alloc", "regex"] {
            assert!(
                refs.contains(&present.to_owned()),
                "{present} missing from {refs:?}"
            );
        }
        let src = "use core::{mem::MaybeUninit, ptr::{self, NonNull}};\n";
        let tree = Language::Rust.parse(src).unwrap();
        assert!(rust_local_names(&tree, src).contains("ptr"));
        // Items declared inside macro invocations bind their names too.
        let src = "cfg_if::cfg_if! {\n    if #[cfg(unix)] {\n        #[path = \"unix.rs\"]\n        mod imp;\n        use self::imp as sys;\n    }\n}\nfn f() -> usize { m! { fn helper() {} } 1 }\n";
        let tree = Language::Rust.parse(src).unwrap();
        let local = rust_local_names(&tree, src);
        for bound in ["imp", "sys", "helper"] {
            assert!(local.contains(bound), "{bound} missing from {local:?}");
        }
        assert!(
            !local.contains("unix") && !local.contains("cfg_if"),
            "{local:?}"
        );
    }
}
