//! The Rust adapter of the taint core: lowers a tree-sitter Rust tree into
//! [`ir`](super::ir). Paths are dotted (`std::fs::read` -> `std.fs.read`)
//! and resolved through `use` declarations by the core.
//!
//! Rust-specific shapes and how they are lowered:
//! - `if`/`match`/block expressions used as values become statements that
//!   assign a temporary, so `let p = match t { "a" => "x", _ => return };`
//!   keeps the flow of each arm;
//! - `x?` and `x.await` are `x`; `&x`, `&mut x`, `*x` are `x`;
//! - `reader.read_line(&mut s)` and the other readers that fill a buffer
//!   passed as `&mut` add the call's value to `s`; `s.push_str(x)`,
//!   `v.push(x)`, `write!(s, ..)` add `x` to `s`;
//! - `format!` and the other formatting macros build strings, inline
//!   `{name}` arguments included;
//! - request-handler parameters: a parameter of an extractor type
//!   (`Query(q): Query<T>`, `web::Json<T>`, `HeaderMap`, ...) is bound at
//!   the top of the function to `<Type>.from_request()`, which the source
//!   models list; `String`/`Bytes` bodies count in functions that take an
//!   extractor. Rocket and actix route attributes become decorators;
//! - the request-data parameters of a warp handler (see
//!   [`crate::lang::rust::warp`]) are bound to `warp.filter.from_request()`;
//! - a parameter whose type is an object (`client: &reqwest::Client`) is
//!   bound to `<Type>()` so its methods resolve (`reqwest.Client().get`);
//! - `s.parse::<u16>()` keeps its turbofish in the method name so models can
//!   list numeric parses; a `let` annotated with a number type holds no text;
//! - `format!("https://fixed.host/{}", x)` is wrapped in a call of
//!   [`FIXED_HOST_URL`]: the caller picks a path, not a server;
//! - `#[derive(Parser)] struct Cli` makes `Cli` resolve to `clap.Parser`.

use super::ir::{
    assign_call, is_stringy, literal_of, Call, Expr, Function, Module, Param, Stmt, Target, Test,
};
use super::TaintSet;
use crate::engine::patterns::report_range;
use crate::engine::regions::Layout;
use crate::engine::Stop;
use crate::finding::Finding;
use crate::lang::{children, named_children, named_children_within};
use std::ops::Range;
use tree_sitter::{Node, Tree};

/// Taint findings for a Rust file.
pub fn analyze(set: &TaintSet, tree: &Tree, text: &str) -> Vec<Finding> {
    if set.is_empty() {
        return Vec::new();
    }
    let module = lower(tree, text);
    set.analyze(&module, text, &|_, _| None)
}

/// Taint findings for a large Rust file, re-analysing only the top-level
/// items whose result may have changed ([`TaintSet::analyze_segments`]).
pub fn analyze_layout(
    set: &TaintSet,
    tree: &Tree,
    text: &str,
    layout: &Layout,
    stop: &Stop<'_>,
) -> Option<Vec<Finding>> {
    set.analyze_segments(
        layout,
        text,
        stop,
        &|spans, keep| lower_where(tree, text, spans, keep),
        &|module| set.analyze(module, text, &|_, _| None),
    )
}

/// Lower a whole file.
pub fn lower(tree: &Tree, text: &str) -> Module {
    lower_where(tree, text, std::slice::from_ref(&(0..text.len())), &|_| {
        true
    })
}

/// Lower the top-level items overlapping `spans` whose byte range passes
/// `keep`, and of an impl block that does not, the items that do (its
/// methods, when the block is cut into one segment per method).
pub fn lower_where(
    tree: &Tree,
    text: &str,
    spans: &[Range<usize>],
    keep: &dyn Fn(&Range<usize>) -> bool,
) -> Module {
    let mut l = Lowerer {
        src: text.as_bytes(),
        module: Module::default(),
        depth: 0,
        temps: 0,
    };
    let root = tree.root_node();
    let top_level = || {
        spans
            .iter()
            .flat_map(move |span| named_children_within(root, span.clone()))
    };
    l.collect_cli_structs(top_level().filter(|c| keep(&c.byte_range())));
    let mut top = Vec::new();
    for child in top_level() {
        l.item(child, None, &mut top, keep);
    }
    l.module.top = Function {
        name: "<module>".into(),
        body: top,
        span: root.byte_range(),
        ..Function::default()
    };
    l.module
}

const MAX_DEPTH: usize = 100;

/// Extractor types whose value is the request's data.
const EXTRACTORS: &[&str] = &[
    "Query",
    "Json",
    "Form",
    "RawQuery",
    "RawForm",
    "HeaderMap",
    "Multipart",
    "TypedHeader",
    "LenientForm",
    "HttpRequest",
    "Payload",
    "RawPathParams",
    "OriginalUri",
    "Uri",
];

/// Types whose values carry no attacker-shaped text.
const SCALARS: &[&str] = &[
    "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize", "f32",
    "f64", "bool", "char", "Uuid",
];

/// Types that hold text or bytes: parameters of these types are data, not
/// objects whose methods the models name.
const DATA_TYPES: &[&str] = &[
    "str", "String", "OsStr", "OsString", "Path", "PathBuf", "Option", "Vec", "Cow", "Box", "Rc",
    "Arc", "Bytes", "Value", "HashMap", "BTreeMap", "Url", "Self",
];

/// Methods that read into the buffer passed as their first argument.
const FILLS_ARGUMENT: &[&str] = &[
    "read_line",
    "read_to_string",
    "read_to_end",
    "read",
    "read_exact",
    "read_buf",
    "read_until",
];

/// Methods that add their argument to the receiver.
const APPENDS: &[&str] = &[
    "push_str",
    "push",
    "extend",
    "extend_from_slice",
    "insert_str",
    "append",
];

struct Lowerer<'s> {
    src: &'s [u8],
    module: Module,
    depth: usize,
    temps: usize,
}

fn konst(span: std::ops::Range<usize>) -> Expr {
    Expr::Const {
        text: String::new(),
        span,
    }
}

/// The outer type's last segment without references and generics
/// (`&web::Query<T>` -> `Query`), and whether it has type arguments.
fn type_head(text: &str) -> (&str, bool) {
    let t = text
        .trim()
        .trim_start_matches('&')
        .trim_start()
        .trim_start_matches("mut ")
        .trim_start_matches("dyn ")
        .trim_start_matches("impl ")
        .trim();
    let (head, generic) = match t.find('<') {
        Some(i) => (&t[..i], true),
        None => (t, false),
    };
    let last = head.rsplit("::").next().unwrap_or(head).trim();
    (last, generic)
}

/// `Query<u32>`, `Path<(u32, Uuid)>`: every value is a number or id.
fn inert_arguments(text: &str) -> bool {
    let Some(start) = text.find('<') else {
        return false;
    };
    let inner = text[start + 1..].trim_end().trim_end_matches('>');
    let inner = inner.trim().trim_start_matches('(').trim_end_matches(')');
    inner
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .all(|s| {
            let last = s.rsplit("::").next().unwrap_or(s);
            SCALARS.contains(&last)
        })
        && !inner.trim().is_empty()
}

impl<'s> Lowerer<'s> {
    fn text(&self, node: Node) -> &'s str {
        node.utf8_text(self.src).unwrap_or("")
    }

    fn temp(&mut self) -> String {
        self.temps += 1;
        format!("%t{}", self.temps)
    }

    /// `#[derive(Parser)] struct Cli`: `Cli::parse()` reads the command line.
    /// Looks at `top_level` and, through modules, the items below them.
    fn collect_cli_structs<'t>(&mut self, top_level: impl Iterator<Item = Node<'t>>) {
        let mut stack = Vec::new();
        self.cli_structs_among(top_level, &mut stack);
        while let Some(node) = stack.pop() {
            self.cli_structs_among(named_children(node), &mut stack);
        }
    }

    fn cli_structs_among<'t>(
        &mut self,
        children: impl Iterator<Item = Node<'t>>,
        stack: &mut Vec<Node<'t>>,
    ) {
        for child in children {
            match child.kind() {
                "struct_item" | "enum_item" => {
                    let mut prev = child.prev_named_sibling();
                    while let Some(p) = prev.filter(|p| p.kind() == "attribute_item") {
                        let t = self.text(p);
                        let root = if t.contains("Parser") {
                            Some("clap.Parser")
                        } else if t.contains("StructOpt") {
                            Some("structopt.StructOpt")
                        } else {
                            None
                        };
                        if let (Some(r), Some(name)) = (root, child.child_by_field_name("name")) {
                            if t.contains("derive") {
                                self.module
                                    .imports
                                    .push((self.text(name).to_owned(), r.to_owned()));
                            }
                        }
                        prev = p.prev_named_sibling();
                    }
                }
                "mod_item" | "declaration_list" => stack.push(child),
                _ => {}
            }
        }
    }

    /// Items of a file, module or impl block.
    /// `keep` filters the items by byte range (the whole file is not always
    /// lowered: see [`lower_where`]).
    fn items(
        &mut self,
        node: Node,
        class: Option<&str>,
        top: &mut Vec<Stmt>,
        keep: &dyn Fn(&Range<usize>) -> bool,
    ) {
        for child in named_children(node) {
            self.item(child, class, top, keep);
        }
    }

    /// One item of a file, module or impl block, if it passes `keep`.
    fn item(
        &mut self,
        child: Node,
        class: Option<&str>,
        top: &mut Vec<Stmt>,
        keep: &dyn Fn(&Range<usize>) -> bool,
    ) {
        if !keep(&child.byte_range()) {
            // An impl cut into one segment per method: the methods wanted.
            if child.kind() == "impl_item" {
                self.impl_items(child, top, keep);
            }
            return;
        }
        match child.kind() {
            "function_item" => self.function(child, class),
            "impl_item" => self.impl_items(child, top, &|_| true),
            "trait_item" | "mod_item" => {
                if let Some(body) = child.child_by_field_name("body") {
                    self.items(body, None, top, &|_| true);
                }
            }
            "use_declaration" => {
                if let Some(arg) = child.child_by_field_name("argument") {
                    self.use_tree(arg, "");
                }
            }
            "const_item" | "static_item" => {
                if let (Some(name), Some(value)) = (
                    child.child_by_field_name("name"),
                    child.child_by_field_name("value"),
                ) {
                    let value = self.expr(value, top);
                    top.push(Stmt::Assign {
                        targets: vec![Target::Name {
                            name: self.text(name).to_owned(),
                            span: name.byte_range(),
                        }],
                        value,
                        span: child.byte_range(),
                    });
                }
            }
            "ERROR" => self.items(child, class, top, &|_| true),
            "expression_statement" | "let_declaration" => self.stmt(child, top),
            _ => {}
        }
    }

    /// The items of an impl block that pass `keep`, as methods of its type.
    fn impl_items(
        &mut self,
        node: Node,
        top: &mut Vec<Stmt>,
        keep: &dyn Fn(&Range<usize>) -> bool,
    ) {
        let name = node
            .child_by_field_name("type")
            .map(|t| type_head(self.text(t)).0.to_owned());
        if let Some(body) = node.child_by_field_name("body") {
            self.items(body, name.as_deref(), top, keep);
        }
    }

    fn use_tree(&mut self, node: Node, prefix: &str) {
        let join = |p: &str, s: &str| {
            if p.is_empty() {
                s.to_owned()
            } else {
                format!("{p}.{s}")
            }
        };
        match node.kind() {
            "scoped_identifier" | "identifier" => {
                let path = self.text(node).replace("::", ".");
                let full = join(prefix, &path);
                let last = full.rsplit('.').next().unwrap_or(&full).to_owned();
                if last == "self" {
                    let parent = full.trim_end_matches(".self").to_owned();
                    let name = parent.rsplit('.').next().unwrap_or(&parent).to_owned();
                    self.push_import(name, parent);
                } else if full.contains('.') {
                    self.push_import(last, full);
                }
            }
            "use_as_clause" => {
                if let (Some(path), Some(alias)) = (
                    node.child_by_field_name("path"),
                    node.child_by_field_name("alias"),
                ) {
                    let full = join(prefix, &self.text(path).replace("::", "."));
                    self.push_import(self.text(alias).to_owned(), full);
                }
            }
            "scoped_use_list" => {
                let p = node
                    .child_by_field_name("path")
                    .map(|p| join(prefix, &self.text(p).replace("::", ".")))
                    .unwrap_or_else(|| prefix.to_owned());
                if let Some(list) = node.child_by_field_name("list") {
                    self.use_tree(list, &p);
                }
            }
            "use_list" => {
                for c in named_children(node) {
                    if c.kind() == "self" {
                        let name = prefix.rsplit('.').next().unwrap_or(prefix).to_owned();
                        self.push_import(name, prefix.to_owned());
                    } else {
                        self.use_tree(c, prefix);
                    }
                }
            }
            _ => {}
        }
    }

    fn push_import(&mut self, name: String, path: String) {
        // Local modules resolve to themselves: `crate::db::run` is `run`.
        let path = path
            .trim_start_matches("crate.")
            .trim_start_matches("super.")
            .trim_start_matches("self.")
            .to_owned();
        if !name.is_empty() && name != path {
            self.module.imports.push((name, path));
        }
    }

    fn function(&mut self, node: Node, class: Option<&str>) {
        let name = node
            .child_by_field_name("name")
            .map(|n| self.text(n).to_owned())
            .unwrap_or_default();
        let mut decorators = Vec::new();
        let mut prev = node.prev_named_sibling();
        while let Some(p) = prev.filter(|p| p.kind() == "attribute_item") {
            if let Some(attr) = p.named_child(0) {
                if let Some(path) = attr.named_child(0) {
                    let func = self.path_expr(path);
                    decorators.push(Expr::Call(Box::new(Call {
                        func,
                        args: Vec::new(),
                        kwargs: Vec::new(),
                        span: attr.byte_range(),
                        report: attr.byte_range(),
                    })));
                }
            }
            prev = p.prev_named_sibling();
        }
        let mut params = Vec::new();
        let mut prologue = Vec::new();
        if let Some(ps) = node.child_by_field_name("parameters") {
            self.params(ps, &mut params, &mut prologue);
        }
        let mut body = prologue;
        if let Some(b) = node.child_by_field_name("body") {
            self.block_into(b, &mut body, true);
        }
        self.module.functions.push(Function {
            name,
            class: class.map(str::to_owned),
            params,
            decorators,
            body,
            span: node.byte_range(),
        });
    }

    fn params(&mut self, node: Node, params: &mut Vec<Param>, prologue: &mut Vec<Stmt>) {
        let list: Vec<Node> = named_children(node)
            .filter(|c| matches!(c.kind(), "parameter" | "self_parameter"))
            .collect();
        let is_extractor = |l: &Self, p: &Node| {
            p.child_by_field_name("type").is_some_and(|t| {
                let text = l.text(t);
                let (head, generic) = type_head(text);
                EXTRACTORS.contains(&head) || (head == "Path" && generic)
            })
        };
        let handler = list.iter().any(|p| is_extractor(self, p));
        let warp = node
            .parent()
            .is_some_and(|f| crate::lang::rust::warp::is_handler(f, self.src));
        for (i, p) in list.iter().enumerate() {
            let span = p.byte_range();
            if p.kind() == "self_parameter" {
                params.push(Param {
                    name: "self".into(),
                    span,
                    annotation: None,
                    default: None,
                    variadic: false,
                });
                continue;
            }
            let pattern = p.child_by_field_name("pattern");
            let type_text = p
                .child_by_field_name("type")
                .map(|t| self.text(t))
                .unwrap_or("");
            let (head, generic) = type_head(type_text);
            let target = pattern.map(|n| self.target(n)).unwrap_or(Target::Other);
            let name = match &target {
                Target::Name { name, .. } => name.clone(),
                _ => format!("%p{i}"),
            };
            params.push(Param {
                name: name.clone(),
                span: span.clone(),
                annotation: Some(head.to_owned()),
                default: None,
                variadic: false,
            });
            let type_node = p.child_by_field_name("type");
            let extractor = EXTRACTORS.contains(&head)
                || (head == "Path" && generic)
                || (handler && matches!(head, "String" | "Bytes"));
            if warp && !extractor && crate::lang::rust::warp::is_request_type(type_text) {
                // What a warp filter extracted: `warp.filter.from_request()`.
                let warp_filter = Expr::Attr {
                    base: Box::new(Expr::Name {
                        name: "warp".into(),
                        span: span.clone(),
                    }),
                    name: "filter".into(),
                    span: span.clone(),
                };
                let func = Expr::Attr {
                    base: Box::new(warp_filter),
                    name: "from_request".into(),
                    span: span.clone(),
                };
                prologue.push(assign_call(target, func, span));
            } else if extractor && !inert_arguments(type_text) {
                let func = Expr::Attr {
                    base: Box::new(type_node.map(|t| self.type_path(t)).unwrap_or(Expr::Name {
                        name: head.to_owned(),
                        span: span.clone(),
                    })),
                    name: "from_request".into(),
                    span: span.clone(),
                };
                prologue.push(assign_call(target, func, span));
            } else if !extractor
                && head.starts_with(|c: char| c.is_ascii_uppercase())
                && !DATA_TYPES.contains(&head)
                && !SCALARS.contains(&head)
                && matches!(target, Target::Name { .. })
            {
                // An object parameter: its methods resolve through its type.
                let func = type_node.map(|t| self.type_path(t)).unwrap_or(Expr::Name {
                    name: head.to_owned(),
                    span: span.clone(),
                });
                prologue.push(assign_call(target, func, span));
            } else if !matches!(target, Target::Name { .. }) {
                prologue.push(Stmt::Assign {
                    targets: vec![target],
                    value: Expr::Name { name, span },
                    span: p.byte_range(),
                });
            }
        }
    }

    /// A type as a path expression, without references and generics.
    fn type_path(&mut self, node: Node) -> Expr {
        match node.kind() {
            "reference_type" | "generic_type" | "pointer_type" => {
                match node.child_by_field_name("type") {
                    Some(t) => self.type_path(t),
                    None => konst(node.byte_range()),
                }
            }
            "scoped_type_identifier" => {
                let name = node
                    .child_by_field_name("name")
                    .map(|n| self.text(n).to_owned())
                    .unwrap_or_default();
                let base = match node.child_by_field_name("path") {
                    Some(p) => self.path_expr(p),
                    None => konst(node.byte_range()),
                };
                Expr::Attr {
                    base: Box::new(base),
                    name,
                    span: node.byte_range(),
                }
            }
            _ => Expr::Name {
                name: type_head(self.text(node)).0.to_owned(),
                span: node.byte_range(),
            },
        }
    }

    /// `std::fs::read` -> nested attributes; `Self::f`, `crate::x::f` -> `f`.
    fn path_expr(&mut self, node: Node) -> Expr {
        let span = node.byte_range();
        match node.kind() {
            "scoped_identifier" | "scoped_type_identifier" => {
                let name = node
                    .child_by_field_name("name")
                    .map(|n| self.text(n).to_owned())
                    .unwrap_or_default();
                let Some(path) = node.child_by_field_name("path") else {
                    return Expr::Name { name, span };
                };
                let ptext = self.text(path);
                if matches!(ptext, "Self" | "crate" | "super" | "self")
                    || ptext.starts_with("crate::")
                    || ptext.starts_with("super::")
                {
                    return Expr::Name { name, span };
                }
                let base = if path.kind() == "generic_type" {
                    self.type_path(path)
                } else {
                    self.path_expr(path)
                };
                Expr::Attr {
                    base: Box::new(base),
                    name,
                    span,
                }
            }
            "generic_type" | "generic_function" => {
                let inner = node
                    .child_by_field_name("type")
                    .or_else(|| node.child_by_field_name("function"));
                match inner {
                    Some(i) => self.path_expr(i),
                    None => konst(span),
                }
            }
            _ => Expr::Name {
                name: self.text(node).to_owned(),
                span,
            },
        }
    }

    // ---- statements ------------------------------------------------------

    /// Lower a block's statements into `out`; with `tail_returns`, the tail
    /// expression is the function's return value.
    fn block_into(&mut self, node: Node, out: &mut Vec<Stmt>, tail_returns: bool) {
        let tail = self.block_stmts(node, out);
        if let Some(t) = tail {
            if tail_returns {
                let span = t.span();
                out.push(Stmt::Return(Some(t), span));
            } else {
                out.push(Stmt::Expr(t));
            }
        }
    }

    /// Lower the statements of a block; returns its tail expression's value.
    fn block_stmts(&mut self, node: Node, out: &mut Vec<Stmt>) -> Option<Expr> {
        if self.depth >= MAX_DEPTH {
            return None;
        }
        self.depth += 1;
        let mut tail = None;
        let kids: Vec<Node> = named_children(node)
            .filter(|c| !matches!(c.kind(), "line_comment" | "block_comment" | "label"))
            .collect();
        for (i, child) in kids.iter().enumerate() {
            let last = i + 1 == kids.len();
            if last && is_expression(child.kind()) && !ends_with_semicolon(*child) {
                tail = Some(self.expr(*child, out));
            } else {
                self.stmt(*child, out);
            }
        }
        self.depth -= 1;
        tail
    }

    fn stmt(&mut self, node: Node, out: &mut Vec<Stmt>) {
        match node.kind() {
            "let_declaration" => {
                let target = node
                    .child_by_field_name("pattern")
                    .map(|p| self.target(p))
                    .unwrap_or(Target::Other);
                let scalar = node
                    .child_by_field_name("type")
                    .is_some_and(|t| SCALARS.contains(&type_head(self.text(t)).0));
                let Some(v) = node.child_by_field_name("value") else {
                    return;
                };
                let mut value = self.expr(v, out);
                if scalar {
                    out.push(Stmt::Expr(value));
                    value = konst(v.byte_range());
                }
                if let Some(alt) = node.child_by_field_name("alternative") {
                    // `let Some(x) = v else { return };`
                    let mut otherwise = Vec::new();
                    self.block_into(alt, &mut otherwise, false);
                    out.push(Stmt::If {
                        cond: konst(alt.byte_range()),
                        then: Vec::new(),
                        otherwise,
                    });
                }
                out.push(Stmt::Assign {
                    targets: vec![target],
                    value,
                    span: node.byte_range(),
                });
            }
            "expression_statement" => {
                for c in named_children(node) {
                    self.stmt(c, out);
                }
            }
            "function_item" => self.function(node, None),
            "use_declaration" => {
                if let Some(arg) = node.child_by_field_name("argument") {
                    self.use_tree(arg, "");
                }
            }
            "line_comment" | "block_comment" | "empty_statement" | "attribute_item" => {}
            k if is_expression(k) => {
                let e = self.expr(node, out);
                if !matches!(e, Expr::Const { .. }) {
                    out.push(Stmt::Expr(e));
                }
            }
            _ => {}
        }
    }

    fn target(&mut self, node: Node) -> Target {
        let span = node.byte_range();
        match node.kind() {
            "identifier" => Target::Name {
                name: self.text(node).to_owned(),
                span,
            },
            "mut_pattern" | "ref_pattern" | "reference_pattern" | "captured_pattern" => node
                .named_children(&mut node.walk())
                .filter(|c| c.kind() != "mutable_specifier")
                .last()
                .map(|c| self.target(c))
                .unwrap_or(Target::Other),
            "tuple_pattern" | "tuple_struct_pattern" | "slice_pattern" | "struct_pattern" => {
                let mut ts = Vec::new();
                for c in named_children(node) {
                    if node.kind() == "tuple_struct_pattern"
                        && node.child_by_field_name("type") == Some(c)
                    {
                        continue;
                    }
                    if node.kind() == "struct_pattern"
                        && node.child_by_field_name("type") == Some(c)
                    {
                        continue;
                    }
                    match c.kind() {
                        "field_pattern" => {
                            let inner = c.child_by_field_name("pattern").or_else(|| {
                                named_children(c).find(|x| {
                                    matches!(x.kind(), "shorthand_field_identifier" | "identifier")
                                })
                            });
                            if let Some(i) = inner {
                                ts.push(self.target(i));
                            }
                        }
                        "shorthand_field_identifier" => ts.push(Target::Name {
                            name: self.text(c).to_owned(),
                            span: c.byte_range(),
                        }),
                        _ => ts.push(self.target(c)),
                    }
                }
                if ts.len() == 1 && node.kind() == "tuple_struct_pattern" {
                    ts.pop().unwrap_or(Target::Other)
                } else {
                    Target::Tuple(ts)
                }
            }
            "shorthand_field_identifier" => Target::Name {
                name: self.text(node).to_owned(),
                span,
            },
            "field_expression" => {
                let base = match node.child_by_field_name("value") {
                    Some(v) => self.expr(v, &mut Vec::new()),
                    None => konst(span.clone()),
                };
                let name = node
                    .child_by_field_name("field")
                    .map(|f| self.text(f).to_owned())
                    .unwrap_or_default();
                Target::Attr { base, name, span }
            }
            "index_expression" => {
                let mut kids = named_children(node);
                let base = kids.next().map(|b| self.expr(b, &mut Vec::new()));
                let index = kids.next().map(|b| self.expr(b, &mut Vec::new()));
                match (base, index) {
                    (Some(base), Some(index)) => Target::Index { base, index, span },
                    _ => Target::Other,
                }
            }
            "unary_expression" | "parenthesized_expression" => match node.named_child(0) {
                Some(c) => self.target(c),
                None => Target::Other,
            },
            _ => Target::Other,
        }
    }

    // ---- expressions -----------------------------------------------------

    /// Lower an expression; statements it contains (blocks, `if`, `match`
    /// used as values) are appended to `out` before it.
    fn expr(&mut self, node: Node, out: &mut Vec<Stmt>) -> Expr {
        if self.depth >= MAX_DEPTH {
            return konst(node.byte_range());
        }
        self.depth += 1;
        let e = self.expr_inner(node, out);
        self.depth -= 1;
        e
    }

    fn field_expr(&mut self, node: Node, field: &str, out: &mut Vec<Stmt>) -> Expr {
        match node.child_by_field_name(field) {
            Some(c) => self.expr(c, out),
            None => konst(node.byte_range()),
        }
    }

    fn expr_inner(&mut self, node: Node, out: &mut Vec<Stmt>) -> Expr {
        let span = node.byte_range();
        match node.kind() {
            "identifier" | "self" => Expr::Name {
                name: self.text(node).to_owned(),
                span,
            },
            "scoped_identifier" => self.path_expr(node),
            "string_literal" | "raw_string_literal" => Expr::Str {
                text: self.string_content(node),
                span,
            },
            "integer_literal" | "float_literal" | "boolean_literal" | "char_literal"
            | "unit_expression" | "closure_expression" | "range_expression" => Expr::Const {
                text: self.text(node).to_owned(),
                span,
            },
            "field_expression" => {
                let base = self.field_expr(node, "value", out);
                let name = node
                    .child_by_field_name("field")
                    .map(|f| self.text(f).to_owned())
                    .unwrap_or_default();
                Expr::Attr {
                    base: Box::new(base),
                    name,
                    span,
                }
            }
            "reference_expression" => self.field_expr(node, "value", out),
            "try_expression" | "await_expression" | "parenthesized_expression" => {
                match node.named_child(0) {
                    Some(c) => self.expr(c, out),
                    None => konst(span),
                }
            }
            "type_cast_expression" => {
                let value = self.field_expr(node, "value", out);
                let to_scalar = node
                    .child_by_field_name("type")
                    .is_some_and(|t| SCALARS.contains(&type_head(self.text(t)).0));
                if to_scalar {
                    out.push(Stmt::Expr(value));
                    konst(span)
                } else {
                    value
                }
            }
            "unary_expression" => {
                let inner = node.named_child(0).map(|c| self.expr(c, out));
                let inner = inner.unwrap_or_else(|| konst(span.clone()));
                if self.text(node).starts_with('!') {
                    Expr::Test(Box::new(Test::Not(inner)), span)
                } else {
                    inner
                }
            }
            "binary_expression" => self.binary(node, out),
            "index_expression" => {
                let mut kids = named_children(node);
                let base = kids.next().map(|b| self.expr(b, out));
                let index = kids.next().map(|b| self.expr(b, out));
                match (base, index) {
                    (Some(base), Some(index)) => Expr::Index {
                        base: Box::new(base),
                        index: Box::new(index),
                        span,
                    },
                    (Some(base), None) => base,
                    _ => konst(span),
                }
            }
            "call_expression" => self.call(node, out),
            "macro_invocation" => self.macro_call(node, out),
            "tuple_expression" | "array_expression" => {
                let items = named_children(node)
                    .filter(|c| is_expression(c.kind()))
                    .map(|c| self.expr(c, out))
                    .collect();
                Expr::Collection { items, span }
            }
            "struct_expression" => {
                let mut items = Vec::new();
                if let Some(body) = node.child_by_field_name("body") {
                    for f in named_children(body) {
                        match f.kind() {
                            "field_initializer" => {
                                items.push(self.field_expr(f, "value", out));
                            }
                            "shorthand_field_initializer" => {
                                if let Some(i) = f.named_child(0) {
                                    items.push(self.expr(i, out));
                                }
                            }
                            "base_field_initializer" => {
                                if let Some(i) = f.named_child(0) {
                                    items.push(self.expr(i, out));
                                }
                            }
                            _ => {}
                        }
                    }
                }
                Expr::Collection { items, span }
            }
            "assignment_expression" => {
                let target = node
                    .child_by_field_name("left")
                    .map(|l| self.target(l))
                    .unwrap_or(Target::Other);
                let value = self.field_expr(node, "right", out);
                out.push(Stmt::Assign {
                    targets: vec![target],
                    value,
                    span: span.clone(),
                });
                konst(span)
            }
            "compound_assignment_expr" => {
                let target = node
                    .child_by_field_name("left")
                    .map(|l| self.target(l))
                    .unwrap_or(Target::Other);
                let value = self.field_expr(node, "right", out);
                out.push(Stmt::AugAssign {
                    target,
                    value,
                    span: span.clone(),
                });
                konst(span)
            }
            "return_expression" => {
                let value = node.named_child(0).map(|c| self.expr(c, out));
                out.push(Stmt::Return(value, span.clone()));
                konst(span)
            }
            "break_expression" | "continue_expression" => {
                let value = node
                    .named_children(&mut node.walk())
                    .find(|c| is_expression(c.kind()))
                    .map(|c| self.expr(c, out));
                out.push(Stmt::Exit(value));
                konst(span)
            }
            "block" | "unsafe_block" | "async_block" | "const_block" => {
                let b = if node.kind() == "block" {
                    Some(node)
                } else {
                    named_children(node).find(|c| c.kind() == "block")
                };
                match b {
                    Some(b) => self.block_stmts(b, out).unwrap_or_else(|| konst(span)),
                    None => konst(span),
                }
            }
            "if_expression" => self.if_expr(node, out),
            "match_expression" => self.match_expr(node, out),
            "for_expression" => {
                let target = node
                    .child_by_field_name("pattern")
                    .map(|p| self.target(p))
                    .unwrap_or(Target::Other);
                let iter = self.field_expr(node, "value", out);
                let mut body = Vec::new();
                if let Some(b) = node.child_by_field_name("body") {
                    self.block_into(b, &mut body, false);
                }
                out.push(Stmt::Loop {
                    bind: Some((target, iter)),
                    cond: None,
                    body,
                    otherwise: Vec::new(),
                });
                konst(span)
            }
            "while_expression" | "loop_expression" => {
                let mut body = Vec::new();
                let mut bind = None;
                let mut cond = None;
                if let Some(c) = node.child_by_field_name("condition") {
                    if c.kind() == "let_condition" {
                        let t = c
                            .child_by_field_name("pattern")
                            .map(|p| self.target(p))
                            .unwrap_or(Target::Other);
                        let v = self.field_expr(c, "value", out);
                        bind = Some((t, v));
                    } else {
                        cond = Some(self.expr(c, out));
                    }
                }
                if let Some(b) = node.child_by_field_name("body") {
                    self.block_into(b, &mut body, false);
                }
                // `while let Some(x) = it.next()`: `x` gets the value each
                // time, not one element of it.
                if let Some((t, v)) = bind {
                    let vspan = v.span();
                    body.insert(
                        0,
                        Stmt::Assign {
                            targets: vec![t],
                            value: v,
                            span: vspan,
                        },
                    );
                }
                out.push(Stmt::Loop {
                    bind: None,
                    cond,
                    body,
                    otherwise: Vec::new(),
                });
                konst(span)
            }
            "let_condition" => {
                let value = self.field_expr(node, "value", out);
                if let Some(p) = node.child_by_field_name("pattern") {
                    let target = self.target(p);
                    let vspan = value.span();
                    // The binding is made where the condition holds; callers
                    // that branch on it move it into the `then` block.
                    out.push(Stmt::Assign {
                        targets: vec![target],
                        value,
                        span: vspan,
                    });
                }
                konst(span)
            }
            "generic_function" => self.path_expr(node),
            "let_chain" => {
                for c in named_children(node) {
                    let e = self.expr(c, out);
                    if !matches!(e, Expr::Const { .. }) {
                        out.push(Stmt::Expr(e));
                    }
                }
                konst(span)
            }
            "ERROR" => {
                let parts = named_children(node)
                    .filter(|c| is_expression(c.kind()))
                    .map(|c| self.expr(c, out))
                    .collect();
                Expr::Op { parts, span }
            }
            _ => konst(span),
        }
    }

    fn binary(&mut self, node: Node, out: &mut Vec<Stmt>) -> Expr {
        let span = node.byte_range();
        let op = node
            .child_by_field_name("operator")
            .map(|o| self.text(o))
            .unwrap_or("");
        let left = self.field_expr(node, "left", out);
        let right = self.field_expr(node, "right", out);
        match op {
            "==" | "!=" => Expr::Test(
                Box::new(Test::Eq {
                    left,
                    right,
                    negated: op == "!=",
                }),
                span,
            ),
            "&&" => Expr::Test(Box::new(Test::And(vec![left, right])), span),
            "||" => Expr::Test(Box::new(Test::Or(vec![left, right])), span),
            "<" | ">" | "<=" | ">=" => Expr::Test(Box::new(Test::Other(vec![left, right])), span),
            "+" if is_stringy(&left) || is_stringy(&right) => {
                let literal = format!("{} {}", literal_of(&left), literal_of(&right));
                Expr::Format {
                    parts: vec![left, right],
                    literal,
                    span,
                }
            }
            _ => Expr::Op {
                parts: vec![left, right],
                span,
            },
        }
    }

    /// `if` as a statement or a value: a temporary holds each branch's value.
    fn if_expr(&mut self, node: Node, out: &mut Vec<Stmt>) -> Expr {
        let span = node.byte_range();
        let tmp = self.temp();
        let mut then = Vec::new();
        let cond_node = node.child_by_field_name("condition");
        let cond = match cond_node {
            // `if let P = v`: the binding holds in the `then` block only.
            Some(c) if matches!(c.kind(), "let_condition" | "let_chain") => {
                let mut pre = Vec::new();
                let e = self.expr(c, &mut pre);
                then.extend(pre);
                e
            }
            Some(c) => self.expr(c, out),
            None => konst(span.clone()),
        };
        if let Some(b) = node.child_by_field_name("consequence") {
            if let Some(v) = self.block_stmts(b, &mut then) {
                then.push(assign_temp(&tmp, v));
            }
        }
        let mut otherwise = Vec::new();
        if let Some(alt) = node.child_by_field_name("alternative") {
            if let Some(inner) = alt.named_child(0) {
                let v = self.expr(inner, &mut otherwise);
                otherwise.push(assign_temp(&tmp, v));
            }
        }
        out.push(Stmt::If {
            cond,
            then,
            otherwise,
        });
        Expr::Name { name: tmp, span }
    }

    /// `match` as a chain of branches, each arm assigning the temporary.
    fn match_expr(&mut self, node: Node, out: &mut Vec<Stmt>) -> Expr {
        let span = node.byte_range();
        let tmp = self.temp();
        let subject = self.field_expr(node, "value", out);
        let arms = crate::lang::rust::match_arms(node);
        let mut chain: Vec<Stmt> = Vec::new();
        for arm in arms.iter().rev() {
            let mut body = Vec::new();
            // Bindings in the pattern (`Some(x)`, `Ok(v)`) take the subject.
            if let Some(p) = arm.child_by_field_name("pattern") {
                let binds = p.named_child(0).is_some_and(|c| {
                    !matches!(
                        c.kind(),
                        "string_literal" | "integer_literal" | "boolean_literal" | "char_literal"
                    ) && c.kind() != "_"
                });
                if binds {
                    if let Some(inner) = p.named_child(0) {
                        let t = self.target(inner);
                        if !matches!(t, Target::Other) {
                            body.push(Stmt::Assign {
                                targets: vec![t],
                                value: clone_shallow(&subject),
                                span: p.byte_range(),
                            });
                        }
                    }
                }
            }
            if let Some(v) = arm.child_by_field_name("value") {
                let e = self.expr(v, &mut body);
                body.push(assign_temp(&tmp, e));
            }
            chain = vec![Stmt::If {
                cond: konst(arm.byte_range()),
                then: body,
                otherwise: chain,
            }];
        }
        out.push(Stmt::Expr(subject));
        out.extend(chain);
        Expr::Name { name: tmp, span }
    }

    fn call(&mut self, node: Node, out: &mut Vec<Stmt>) -> Expr {
        let span = node.byte_range();
        let func_node = node.child_by_field_name("function");
        let mut args = Vec::new();
        let mut mut_refs = Vec::new();
        if let Some(arguments) = node.child_by_field_name("arguments") {
            for a in named_children(arguments) {
                if !is_expression(a.kind()) {
                    continue;
                }
                if a.kind() == "reference_expression"
                    && children(a).any(|c| c.kind() == "mutable_specifier")
                {
                    if let Some(v) = a.child_by_field_name("value") {
                        mut_refs.push(v);
                    }
                }
                args.push(self.expr(a, out));
            }
        }
        // `Some(x)`, `Ok(x)` are `x` (so `host != Some("a.example")` compares
        // with a constant).
        let wrapper = func_node.is_some_and(|f| {
            f.kind() == "identifier" && matches!(self.text(f), "Some" | "Ok" | "Err")
        });
        if wrapper && args.len() == 1 {
            return args.pop().unwrap_or_else(|| konst(span));
        }
        let (func, method) = match func_node {
            Some(f) if f.kind() == "field_expression" => {
                let name = f
                    .child_by_field_name("field")
                    .map(|n| self.text(n).to_owned())
                    .unwrap_or_default();
                (self.expr(f, out), Some(name))
            }
            Some(f) if f.kind() == "generic_function" => {
                let inner = f.child_by_field_name("function");
                match inner {
                    Some(i) if i.kind() == "field_expression" => {
                        let mut name = i
                            .child_by_field_name("field")
                            .map(|n| self.text(n).to_owned())
                            .unwrap_or_default();
                        if name == "parse" {
                            if let Some(t) = f.child_by_field_name("type_arguments") {
                                name = format!("parse::{}", self.text(t).replace(' ', ""));
                            }
                        }
                        let base = self.field_expr(i, "value", out);
                        (
                            Expr::Attr {
                                base: Box::new(base),
                                name: name.clone(),
                                span: i.byte_range(),
                            },
                            Some(name),
                        )
                    }
                    _ => (self.path_expr(f), None),
                }
            }
            Some(f) => (self.expr(f, out), None),
            None => (konst(span.clone()), None),
        };
        let call = Expr::Call(Box::new(Call {
            func,
            args,
            kwargs: Vec::new(),
            span: span.clone(),
            report: report_range(node),
        }));
        let Some(method) = method else {
            return call;
        };
        // `ALLOWED.contains(&x)` is Rust for `x in ALLOWED`.
        if method == "contains" {
            if let Expr::Call(c) = call {
                let Call { func, mut args, .. } = *c;
                if let (Expr::Attr { base, .. }, Some(item)) = (func, args.pop()) {
                    // `if name.contains("..") { return }`: where it is false,
                    // the name holds no parent-directory step.
                    if matches!(&item, Expr::Str { text, .. } if text == ".." || text == "../") {
                        return Expr::Test(
                            Box::new(Test::Eq {
                                left: *base,
                                right: item,
                                negated: true,
                            }),
                            span,
                        );
                    }
                    if args.is_empty() {
                        return Expr::Test(
                            Box::new(Test::In {
                                item,
                                container: *base,
                                negated: false,
                            }),
                            span,
                        );
                    }
                }
                return konst(span);
            }
        }
        // `stdin.read_line(&mut s)`: the buffer receives the call's data.
        if FILLS_ARGUMENT.contains(&method.as_str()) {
            if let Some(buf) = mut_refs.first() {
                let target = self.target(*buf);
                out.push(Stmt::AugAssign {
                    target,
                    value: call,
                    span: span.clone(),
                });
                return konst(span);
            }
        }
        // `s.push_str(x)`: the receiver gains the argument.
        if APPENDS.contains(&method.as_str()) {
            if let (Some(f), Expr::Call(c)) = (func_node, &call) {
                if let Some(recv) = f.child_by_field_name("value") {
                    let target = self.target(recv);
                    if !matches!(target, Target::Other) {
                        let parts: Vec<Expr> = c.args.iter().map(clone_shallow).collect();
                        let literal = parts.iter().map(literal_of).collect::<Vec<_>>().join(" ");
                        out.push(Stmt::Expr(call));
                        out.push(Stmt::AugAssign {
                            target,
                            value: Expr::Format {
                                parts,
                                literal,
                                span: span.clone(),
                            },
                            span: span.clone(),
                        });
                        return konst(span);
                    }
                }
            }
        }
        call
    }

    /// Formatting macros build strings; `write!` appends to its first
    /// argument; `vec!` is a collection; other macros join their arguments.
    fn macro_call(&mut self, node: Node, out: &mut Vec<Stmt>) -> Expr {
        let span = node.byte_range();
        let name = node
            .child_by_field_name("macro")
            .map(|m| {
                let t = self.text(m);
                t.rsplit("::").next().unwrap_or(t).to_owned()
            })
            .unwrap_or_default();
        let Some(tree) = named_children(node).find(|c| c.kind() == "token_tree") else {
            return konst(span);
        };
        let groups = self.macro_args(tree);
        match name.as_str() {
            "format" | "format_args" | "print" | "println" | "eprint" | "eprintln" | "panic"
            | "write" | "writeln" | "concat" | "anyhow" | "bail" => {
                let mut groups = groups.into_iter();
                let dest = if matches!(name.as_str(), "write" | "writeln") {
                    groups.next()
                } else {
                    None
                };
                let mut parts = Vec::new();
                let mut literal = String::new();
                for (i, g) in groups.enumerate() {
                    if i == 0 {
                        if let Some(Expr::Str { text, span: s }) = g.first() {
                            literal = text.clone();
                            parts.extend(self.inline_args(text, s));
                            continue;
                        }
                    }
                    parts.push(group_expr(g, span.clone()));
                }
                let fixed_host = fixed_host_url(&literal);
                let mut value = Expr::Format {
                    parts,
                    literal,
                    span: span.clone(),
                };
                if fixed_host {
                    value = Expr::Call(Box::new(Call {
                        func: Expr::Name {
                            name: FIXED_HOST_URL.into(),
                            span: span.clone(),
                        },
                        args: vec![value],
                        kwargs: Vec::new(),
                        span: span.clone(),
                        report: span.clone(),
                    }));
                }
                if name == "bail" {
                    out.push(Stmt::Exit(Some(value)));
                    return konst(span);
                }
                if let Some(dest) = dest.and_then(|g| g.into_iter().next()) {
                    if let Some(target) = expr_target(dest) {
                        out.push(Stmt::AugAssign {
                            target,
                            value,
                            span: span.clone(),
                        });
                        return konst(span);
                    }
                    return konst(span);
                }
                match name.as_str() {
                    "panic" => {
                        out.push(Stmt::Exit(Some(value)));
                        konst(span)
                    }
                    "print" | "println" | "eprint" | "eprintln" => {
                        out.push(Stmt::Expr(value));
                        konst(span)
                    }
                    _ => value,
                }
            }
            "vec" => Expr::Collection {
                items: groups
                    .into_iter()
                    .map(|g| group_expr(g, span.clone()))
                    .collect(),
                span,
            },
            // Checked at compile time against the schema; the SQL is fixed.
            "query" | "query_as" | "query_scalar" | "query_file" | "include_str"
            | "include_bytes" | "env" | "option_env" | "concat_idents" | "stringify" | "line"
            | "file" | "column" | "matches" | "debug_assert" | "assert" | "assert_eq"
            | "assert_ne" | "todo" | "unimplemented" | "unreachable" => konst(span),
            _ => Expr::Op {
                parts: groups
                    .into_iter()
                    .map(|g| group_expr(g, span.clone()))
                    .collect(),
                span,
            },
        }
    }

    /// A macro's arguments: the token tree split at top-level commas, each
    /// part re-read as an expression where its tokens allow.
    fn macro_args(&mut self, tree: Node) -> Vec<Vec<Expr>> {
        let mut groups: Vec<Vec<Node>> = vec![Vec::new()];
        let toks: Vec<Node> = children(tree).collect();
        let inner = toks.len().saturating_sub(1);
        for t in toks.iter().take(inner).skip(1) {
            if t.kind() == "," || t.kind() == ";" || t.kind() == "=>" {
                groups.push(Vec::new());
            } else if let Some(g) = groups.last_mut() {
                g.push(*t);
            }
        }
        groups
            .into_iter()
            .filter(|g| !g.is_empty())
            .map(|g| self.token_group(&g))
            .collect()
    }

    /// Names used by a run of tokens (`a.trim()`, `&q.url`, `x + 1`): every
    /// identifier not preceded by `.` or `::`, with its field accesses.
    fn token_group(&mut self, toks: &[Node]) -> Vec<Expr> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            let t = toks[i];
            match t.kind() {
                "string_literal" | "raw_string_literal" => out.push(Expr::Str {
                    text: self.string_content(t),
                    span: t.byte_range(),
                }),
                "identifier" | "self" => {
                    let after_dot = i > 0 && matches!(toks[i - 1].kind(), "." | "::");
                    if !after_dot {
                        // `a::b::c(..)`: a path call, kept as one path.
                        let mut e = Expr::Name {
                            name: self.text(t).to_owned(),
                            span: t.byte_range(),
                        };
                        let mut j = i + 1;
                        while j + 1 < toks.len()
                            && matches!(toks[j].kind(), "::" | ".")
                            && toks[j + 1].kind() == "identifier"
                        {
                            let name = self.text(toks[j + 1]).to_owned();
                            let end = toks[j + 1].end_byte();
                            e = Expr::Attr {
                                base: Box::new(e),
                                name,
                                span: t.start_byte()..end,
                            };
                            j += 2;
                            if j < toks.len() && toks[j].kind() == "token_tree" {
                                let end = toks[j].end_byte();
                                let args = self
                                    .macro_args(toks[j])
                                    .into_iter()
                                    .map(|g| group_expr(g, toks[j].byte_range()))
                                    .collect();
                                e = Expr::Call(Box::new(Call {
                                    func: e,
                                    args,
                                    kwargs: Vec::new(),
                                    span: t.start_byte()..end,
                                    report: t.start_byte()..end,
                                }));
                                j += 1;
                            }
                        }
                        i = j;
                        out.push(e);
                        continue;
                    }
                }
                "token_tree" => {
                    for g in self.macro_args(t) {
                        out.extend(g);
                    }
                }
                _ => {}
            }
            i += 1;
        }
        out
    }

    /// `{name}` and `{name:?}` inside a format string.
    fn inline_args(&self, template: &str, span: &std::ops::Range<usize>) -> Vec<Expr> {
        let mut out = Vec::new();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            if let Some(escaped) = after.strip_prefix('{') {
                rest = escaped;
                continue;
            }
            let end = after.find('}').unwrap_or(after.len());
            let inner = &after[..end];
            let name = inner.split(':').next().unwrap_or("").trim();
            if !name.is_empty()
                && name.chars().all(|c| c.is_alphanumeric() || c == '_')
                && !name.starts_with(|c: char| c.is_ascii_digit())
            {
                out.push(Expr::Name {
                    name: name.to_owned(),
                    span: span.clone(),
                });
            }
            rest = &after[end.min(after.len())..];
        }
        out
    }

    fn string_content(&self, node: Node) -> String {
        let t = self.text(node);
        let t = t.trim_start_matches(['r', 'b', 'c']).trim_matches('#');
        t.strip_prefix('"')
            .and_then(|s| s.strip_suffix('"'))
            .unwrap_or(t)
            .to_owned()
    }
}

/// The callee a URL built on a fixed `scheme://host/` is wrapped in, so that
/// models can treat it as safe for request-forgery rules (`%` cannot occur
/// in a Rust name).
pub const FIXED_HOST_URL: &str = "%url_with_fixed_host";

/// `"https://api.example.com/users/{}"`: the host is not formatted in.
fn fixed_host_url(template: &str) -> bool {
    let Some((scheme, rest)) = template.split_once("://") else {
        return false;
    };
    let host = rest.split('/').next().unwrap_or("");
    !scheme.is_empty()
        && scheme.chars().all(|c| c.is_ascii_alphabetic())
        && !host.is_empty()
        && !host.contains(['{', '}'])
        && rest.len() > host.len()
}

fn assign_temp(tmp: &str, value: Expr) -> Stmt {
    let span = value.span();
    Stmt::Assign {
        targets: vec![Target::Name {
            name: tmp.to_owned(),
            span: span.clone(),
        }],
        value,
        span,
    }
}

/// One macro argument's value.
fn group_expr(mut g: Vec<Expr>, span: std::ops::Range<usize>) -> Expr {
    if g.len() == 1 {
        g.pop().unwrap_or_else(|| konst(span))
    } else if g.is_empty() {
        konst(span)
    } else {
        Expr::Op { parts: g, span }
    }
}

fn expr_target(e: Expr) -> Option<Target> {
    match e {
        Expr::Name { name, span } => Some(Target::Name { name, span }),
        Expr::Attr { base, name, span } => Some(Target::Attr {
            base: *base,
            name,
            span,
        }),
        _ => None,
    }
}

/// A copy of a simple expression (names and attribute paths); anything
/// else is replaced by its names joined.
fn clone_shallow(e: &Expr) -> Expr {
    match e {
        Expr::Name { name, span } => Expr::Name {
            name: name.clone(),
            span: span.clone(),
        },
        Expr::Str { text, span } => Expr::Str {
            text: text.clone(),
            span: span.clone(),
        },
        Expr::Const { text, span } => Expr::Const {
            text: text.clone(),
            span: span.clone(),
        },
        Expr::Attr { base, name, span } => Expr::Attr {
            base: Box::new(clone_shallow(base)),
            name: name.clone(),
            span: span.clone(),
        },
        Expr::Index { base, span, .. } => clone_shallow_op(base, span),
        Expr::Format {
            parts,
            literal,
            span,
        } => Expr::Format {
            parts: parts.iter().map(clone_shallow).collect(),
            literal: literal.clone(),
            span: span.clone(),
        },
        Expr::Op { parts, span } => Expr::Op {
            parts: parts.iter().map(clone_shallow).collect(),
            span: span.clone(),
        },
        Expr::Collection { items, span } => Expr::Collection {
            items: items.iter().map(clone_shallow).collect(),
            span: span.clone(),
        },
        // A call is not re-run: its receiver and arguments stand for it.
        Expr::Call(c) => {
            let mut parts: Vec<Expr> = c.args.iter().map(clone_shallow).collect();
            if let Expr::Attr { base, .. } = &c.func {
                parts.push(clone_shallow(base));
            }
            Expr::Op {
                parts,
                span: c.span.clone(),
            }
        }
        other => konst(other.span()),
    }
}

fn clone_shallow_op(base: &Expr, span: &std::ops::Range<usize>) -> Expr {
    Expr::Op {
        parts: vec![clone_shallow(base)],
        span: span.clone(),
    }
}

fn ends_with_semicolon(node: Node) -> bool {
    node.next_sibling().is_some_and(|s| s.kind() == ";")
}

fn is_expression(kind: &str) -> bool {
    !matches!(
        kind,
        "let_declaration"
            | "expression_statement"
            | "function_item"
            | "use_declaration"
            | "line_comment"
            | "block_comment"
            | "attribute_item"
            | "empty_statement"
            | "struct_item"
            | "enum_item"
            | "impl_item"
            | "trait_item"
            | "mod_item"
            | "const_item"
            | "static_item"
            | "type_item"
            | "macro_definition"
            | "mutable_specifier"
            | "label"
            | "type_identifier"
            | "primitive_type"
            | "generic_type"
            | "reference_type"
            | "scoped_type_identifier"
    ) && !kind.ends_with("_pattern")
}
