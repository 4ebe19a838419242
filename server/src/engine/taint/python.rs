//! The Python adapter of the taint core: lowers a tree-sitter Python tree
//! into [`ir`](super::ir). Fragments that do not parse completely are lowered
//! as far as their subtrees allow (ERROR nodes are entered).

use super::ir::{
    is_stringy, literal_of, string_expr, Call, Expr, Function, Generator, Module, Param, Stmt,
    Target, Test,
};
use super::TaintSet;
use crate::engine::patterns::report_range;
use crate::engine::regions::Layout;
use crate::engine::Stop;
use crate::finding::Finding;
use crate::lang::python::PythonFields;
use crate::lang::{named_children, named_children_within};
use std::ops::Range;
use tree_sitter::{Node, Tree};

/// Taint findings for a Python file.
pub fn analyze(set: &TaintSet, tree: &Tree, text: &str) -> Vec<Finding> {
    if set.is_empty() {
        return Vec::new();
    }
    let module = lower(tree, text);
    let fixer = |kind: &str, call: &Call| super::python_fix::build(kind, tree, text, call, &module);
    set.analyze(&module, text, &fixer)
}

/// Taint findings for a large Python file, re-analysing only the top-level
/// nodes whose result may have changed ([`TaintSet::analyze_segments`]).
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
        &|module| {
            let fixer =
                |kind: &str, call: &Call| super::python_fix::build(kind, tree, text, call, module);
            set.analyze(module, text, &fixer)
        },
    )
}

/// Lower a whole file.
pub fn lower(tree: &Tree, text: &str) -> Module {
    lower_where(tree, text, std::slice::from_ref(&(0..text.len())), &|_| {
        true
    })
}

/// Lower the top-level nodes overlapping `spans` whose byte range passes
/// `keep`, and of a class that does not, the statements of its body that do
/// (its methods, when the class is cut into one segment per method).
pub fn lower_where(
    tree: &Tree,
    text: &str,
    spans: &[Range<usize>],
    keep: &dyn Fn(&Range<usize>) -> bool,
) -> Module {
    let mut l = Lowerer {
        src: text.as_bytes(),
        module: Module::default(),
        depth: 1,
        class: Vec::new(),
    };
    let root = tree.root_node();
    let mut body = Vec::new();
    for span in spans {
        for child in named_children_within(root, span.clone()) {
            if keep(&child.byte_range()) {
                l.stmt(child, &mut body);
            } else if let Some(class) = crate::lang::python::class_of(child) {
                l.class_where(class, span.clone(), keep);
            }
        }
    }
    l.module.top = Function {
        name: "<module>".into(),
        body,
        span: root.byte_range(),
        ..Function::default()
    };
    l.module
}

/// Low enough for unoptimised builds on 2 MB thread stacks (a nesting level
/// costs up to three frames of a few KB each); real code nests far less.
const MAX_DEPTH: usize = 100;

struct Lowerer<'s> {
    src: &'s [u8],
    module: Module,
    /// Expression nesting, bounded so that pathological inputs (a generated
    /// 10,000-term concatenation) cannot exhaust the stack.
    depth: usize,
    /// Enclosing class names (the innermost last); reset inside functions.
    class: Vec<Option<String>>,
}

impl<'s> Lowerer<'s> {
    fn text(&self, node: Node) -> &'s str {
        node.utf8_text(self.src).unwrap_or("")
    }

    fn block(&mut self, node: Node) -> Vec<Stmt> {
        if self.depth >= MAX_DEPTH {
            return Vec::new();
        }
        self.depth += 1;
        let mut out = Vec::new();
        for child in named_children(node) {
            self.stmt(child, &mut out);
        }
        self.depth -= 1;
        out
    }

    fn field_block(&mut self, node: Node, field: &str) -> Vec<Stmt> {
        match node.py_field(field) {
            Some(b) => self.block(b),
            None => Vec::new(),
        }
    }

    fn stmt(&mut self, node: Node, out: &mut Vec<Stmt>) {
        match node.kind() {
            "expression_statement" => {
                for child in named_children(node) {
                    self.expression_statement(child, out);
                }
            }
            "return_statement" => {
                let value = node.named_child(0).map(|c| self.expr(c));
                out.push(Stmt::Return(value, node.byte_range()));
            }
            "raise_statement" => {
                let value = node.named_child(0).map(|c| self.expr(c));
                out.push(Stmt::Exit(value));
            }
            "break_statement" | "continue_statement" => out.push(Stmt::Exit(None)),
            "if_statement" => out.push(self.if_chain(node)),
            "for_statement" => {
                let target = node
                    .py_field("left")
                    .map(|t| self.target(t))
                    .unwrap_or(Target::Other);
                let iter = self.field_expr(node, "right");
                let body = self.field_block(node, "body");
                let otherwise = self.else_of(node);
                out.push(Stmt::Loop {
                    bind: Some((target, iter)),
                    cond: None,
                    body,
                    otherwise,
                });
            }
            "while_statement" => {
                let cond = self.field_expr(node, "condition");
                let body = self.field_block(node, "body");
                let otherwise = self.else_of(node);
                out.push(Stmt::Loop {
                    bind: None,
                    cond: Some(cond),
                    body,
                    otherwise,
                });
            }
            "try_statement" => {
                let body = self.field_block(node, "body");
                let mut handlers = Vec::new();
                let mut otherwise = Vec::new();
                let mut finally = Vec::new();
                for child in named_children(node) {
                    match child.kind() {
                        "except_clause" | "except_group_clause" => {
                            let mut h = Vec::new();
                            if let Some(alias) = child.py_field("alias") {
                                h.push(Stmt::Assign {
                                    targets: vec![self.target(alias)],
                                    value: Expr::Const {
                                        text: String::new(),
                                        span: alias.byte_range(),
                                    },
                                    span: alias.byte_range(),
                                });
                            }
                            for c in named_children(child) {
                                if c.kind() == "block" {
                                    h.extend(self.block(c));
                                }
                            }
                            handlers.push(h);
                        }
                        "else_clause" => otherwise = self.field_block(child, "body"),
                        "finally_clause" => {
                            for c in named_children(child) {
                                if c.kind() == "block" {
                                    finally.extend(self.block(c));
                                }
                            }
                        }
                        _ => {}
                    }
                }
                out.push(Stmt::Try {
                    body,
                    handlers,
                    otherwise,
                    finally,
                });
            }
            "with_statement" => {
                for child in named_children(node) {
                    if child.kind() == "with_clause" {
                        for item in named_children(child) {
                            self.with_item(item, out);
                        }
                    }
                }
                if let Some(body) = node.py_field("body") {
                    out.extend(self.block(body));
                }
            }
            "function_definition" => self.function(node, Vec::new()),
            "class_definition" => self.class(node),
            "decorated_definition" => {
                let decorators: Vec<Expr> = named_children(node)
                    .filter(|c| c.kind() == "decorator")
                    .filter_map(|d| d.named_child(0))
                    .map(|e| self.expr(e))
                    .collect();
                if let Some(def) = node.py_field("definition") {
                    match def.kind() {
                        "function_definition" => self.function(def, decorators),
                        "class_definition" => self.class(def),
                        _ => {}
                    }
                }
            }
            "import_statement" | "import_from_statement" => self.import(node),
            "match_statement" => {
                let subject =
                    node.py_field("subject")
                        .map(|s| self.expr(s))
                        .unwrap_or(Expr::Const {
                            text: String::new(),
                            span: node.byte_range(),
                        });
                out.push(Stmt::Expr(subject));
                let mut cases = Vec::new();
                if let Some(body) = node.py_field("body") {
                    for case in named_children(body) {
                        if case.kind() == "case_clause" {
                            cases.push(self.field_block(case, "consequence"));
                        }
                    }
                }
                let mut chain: Vec<Stmt> = Vec::new();
                for case in cases.into_iter().rev() {
                    chain = vec![Stmt::If {
                        cond: Expr::Const {
                            text: String::new(),
                            span: node.byte_range(),
                        },
                        then: case,
                        otherwise: chain,
                    }];
                }
                out.extend(chain);
            }
            "block" | "module" | "ERROR" => {
                for child in named_children(node) {
                    self.stmt(child, out);
                }
            }
            "assert_statement" | "print_statement" | "exec_statement" | "delete_statement" => {
                for child in named_children(node) {
                    out.push(Stmt::Expr(self.expr(child)));
                }
            }
            "pass_statement"
            | "global_statement"
            | "nonlocal_statement"
            | "future_import_statement"
            | "comment"
            | "type_alias_statement" => {}
            _ if is_expression(node.kind()) => self.expression_statement(node, out),
            _ => {}
        }
    }

    fn expression_statement(&mut self, node: Node, out: &mut Vec<Stmt>) {
        match node.kind() {
            "assignment" => self.assignment(node, out),
            "augmented_assignment" => {
                let target = node
                    .py_field("left")
                    .map(|t| self.target(t))
                    .unwrap_or(Target::Other);
                let value = self.field_expr(node, "right");
                out.push(Stmt::AugAssign {
                    target,
                    value,
                    span: node.byte_range(),
                });
            }
            _ => out.push(Stmt::Expr(self.expr(node))),
        }
    }

    fn assignment(&mut self, node: Node, out: &mut Vec<Stmt>) {
        let mut targets = Vec::new();
        let mut current = node;
        loop {
            if let Some(left) = current.py_field("left") {
                targets.push(self.target(left));
            }
            match current.py_field("right") {
                Some(r) if r.kind() == "assignment" => current = r,
                Some(r) => {
                    let value = self.expr(r);
                    out.push(Stmt::Assign {
                        targets,
                        value,
                        span: node.byte_range(),
                    });
                    return;
                }
                None => return, // `x: int` declares without a value
            }
        }
    }

    fn with_item(&mut self, item: Node, out: &mut Vec<Stmt>) {
        let Some(value) = item.py_field("value") else {
            return;
        };
        if value.kind() == "as_pattern" {
            let expr = named_children(value)
                .find(|c| c.kind() != "as_pattern_target")
                .map(|e| self.expr(e));
            let alias = value
                .py_field("alias")
                .and_then(|a| a.named_child(0).or(Some(a)));
            if let (Some(expr), Some(alias)) = (expr, alias) {
                out.push(Stmt::Assign {
                    targets: vec![self.target(alias)],
                    value: expr,
                    span: item.byte_range(),
                });
                return;
            }
        }
        out.push(Stmt::Expr(self.expr(value)));
    }

    fn if_chain(&mut self, node: Node) -> Stmt {
        let cond = self.field_expr(node, "condition");
        let then = self.field_block(node, "consequence");
        let mut alternatives: Vec<Node> = Vec::new();
        let mut cursor = node.walk();
        for alt in node.children_by_field_name("alternative", &mut cursor) {
            alternatives.push(alt);
        }
        let mut otherwise = Vec::new();
        for alt in alternatives.into_iter().rev() {
            otherwise = match alt.kind() {
                "elif_clause" => vec![Stmt::If {
                    cond: self.field_expr(alt, "condition"),
                    then: self.field_block(alt, "consequence"),
                    otherwise,
                }],
                "else_clause" => self.field_block(alt, "body"),
                _ => otherwise,
            };
        }
        Stmt::If {
            cond,
            then,
            otherwise,
        }
    }

    fn else_of(&mut self, node: Node) -> Vec<Stmt> {
        match node.py_field("alternative") {
            Some(e) => self.field_block(e, "body"),
            None => Vec::new(),
        }
    }

    fn function(&mut self, node: Node, decorators: Vec<Expr>) {
        let name = node
            .py_field("name")
            .map(|n| self.text(n).to_owned())
            .unwrap_or_default();
        let params = node
            .py_field("parameters")
            .map(|p| self.params(p))
            .unwrap_or_default();
        let class = self.class.last().cloned().flatten();
        self.class.push(None);
        let body = self.field_block(node, "body");
        self.class.pop();
        self.module.functions.push(Function {
            name,
            class,
            params,
            decorators,
            body,
            span: node.byte_range(),
        });
    }

    fn class(&mut self, node: Node) {
        let name = node.py_field("name").map(|n| self.text(n).to_owned());
        self.class.push(name);
        // Class bodies hold methods; other statements there are not analysed.
        let _ = self.field_block(node, "body");
        self.class.pop();
    }

    /// [`Lowerer::class`], lowering only the body statements `keep` accepts.
    fn class_where(
        &mut self,
        node: Node,
        span: Range<usize>,
        keep: &dyn Fn(&Range<usize>) -> bool,
    ) {
        let name = node.py_field("name").map(|n| self.text(n).to_owned());
        self.class.push(name);
        if let Some(body) = node.py_field("body") {
            let mut ignored = Vec::new();
            for child in named_children_within(body, span).filter(|c| keep(&c.byte_range())) {
                self.stmt(child, &mut ignored);
            }
        }
        self.class.pop();
    }

    fn params(&mut self, node: Node) -> Vec<Param> {
        let mut out = Vec::new();
        for p in named_children(node) {
            let (name_node, annotation, default, variadic) = match p.kind() {
                "identifier" => (Some(p), None, None, false),
                "typed_parameter" => {
                    let inner = p.named_child(0);
                    let variadic = inner.is_some_and(|i| {
                        matches!(i.kind(), "list_splat_pattern" | "dictionary_splat_pattern")
                    });
                    let name = inner.map(|i| {
                        if variadic {
                            i.named_child(0).unwrap_or(i)
                        } else {
                            i
                        }
                    });
                    (name, p.py_field("type"), None, variadic)
                }
                "default_parameter" | "typed_default_parameter" => (
                    p.py_field("name"),
                    p.py_field("type"),
                    p.py_field("value"),
                    false,
                ),
                "list_splat_pattern" | "dictionary_splat_pattern" => {
                    (p.named_child(0), None, None, true)
                }
                _ => continue,
            };
            let Some(name_node) = name_node else { continue };
            out.push(Param {
                name: self.text(name_node).to_owned(),
                span: p.byte_range(),
                annotation: annotation.map(|a| self.text(a).to_owned()),
                default: default.map(|d| self.expr(d)),
                variadic,
            });
        }
        out
    }

    fn import(&mut self, node: Node) {
        let imports = &mut self.module.imports;
        let text = |n: Node| n.utf8_text(self.src).unwrap_or("").to_owned();
        if node.kind() == "import_statement" {
            for c in named_children(node) {
                match c.kind() {
                    "dotted_name" => {
                        let full = text(c);
                        let root = full.split('.').next().unwrap_or("").to_owned();
                        imports.push((root.clone(), root));
                    }
                    "aliased_import" => {
                        if let (Some(n), Some(a)) = (c.py_field("name"), c.py_field("alias")) {
                            imports.push((text(a), text(n)));
                        }
                    }
                    _ => {}
                }
            }
            return;
        }
        let Some(module) = node.py_field("module_name") else {
            return;
        };
        if module.kind() != "dotted_name" {
            return; // relative imports name files of this project
        }
        let module = text(module);
        let mut cursor = node.walk();
        for c in node.children_by_field_name("name", &mut cursor) {
            match c.kind() {
                "dotted_name" => {
                    let name = text(c);
                    imports.push((name.clone(), format!("{module}.{name}")));
                }
                "aliased_import" => {
                    if let (Some(n), Some(a)) = (c.py_field("name"), c.py_field("alias")) {
                        imports.push((text(a), format!("{module}.{}", text(n))));
                    }
                }
                _ => {}
            }
        }
    }

    // ---- targets and expressions -------------------------------------------

    fn target(&mut self, node: Node) -> Target {
        match node.kind() {
            "identifier" => Target::Name {
                name: self.text(node).to_owned(),
                span: node.byte_range(),
            },
            "attribute" => {
                let base = self.field_expr(node, "object");
                let name = node
                    .py_field("attribute")
                    .map(|a| self.text(a).to_owned())
                    .unwrap_or_default();
                Target::Attr {
                    base,
                    name,
                    span: node.byte_range(),
                }
            }
            "subscript" => Target::Index {
                base: self.field_expr(node, "value"),
                index: self.field_expr(node, "subscript"),
                span: node.byte_range(),
            },
            "pattern_list" | "tuple_pattern" | "list_pattern" | "tuple" | "list"
            | "expression_list" => {
                Target::Tuple(named_children(node).map(|c| self.target(c)).collect())
            }
            "list_splat_pattern" | "list_splat" | "parenthesized_expression" => {
                match node.named_child(0) {
                    Some(inner) => self.target(inner),
                    None => Target::Other,
                }
            }
            _ => Target::Other,
        }
    }

    fn field_expr(&mut self, node: Node, field: &str) -> Expr {
        match node.py_field(field) {
            Some(n) => self.expr(n),
            None => Expr::Const {
                text: String::new(),
                span: node.byte_range(),
            },
        }
    }

    fn children_exprs(&mut self, node: Node) -> Vec<Expr> {
        named_children(node)
            .filter(|c| c.kind() != "comment")
            .map(|c| self.expr(c))
            .collect()
    }

    fn expr(&mut self, node: Node) -> Expr {
        if self.depth >= MAX_DEPTH {
            return Expr::Const {
                text: String::new(),
                span: node.byte_range(),
            };
        }
        self.depth += 1;
        let e = self.expr_inner(node);
        self.depth -= 1;
        e
    }

    fn expr_inner(&mut self, node: Node) -> Expr {
        let span = node.byte_range();
        match node.kind() {
            "identifier" => Expr::Name {
                name: self.text(node).to_owned(),
                span,
            },
            "attribute" => {
                let base = self.field_expr(node, "object");
                let name = node
                    .py_field("attribute")
                    .map(|a| self.text(a).to_owned())
                    .unwrap_or_default();
                Expr::Attr {
                    base: Box::new(base),
                    name,
                    span,
                }
            }
            "subscript" => Expr::Index {
                base: Box::new(self.field_expr(node, "value")),
                index: Box::new(self.field_expr(node, "subscript")),
                span,
            },
            "call" => self.call(node),
            "string" => self.string(node),
            "concatenated_string" => {
                let mut literal = String::new();
                let mut parts = Vec::new();
                for c in named_children(node) {
                    literal.push_str(&self.string_literal(c));
                    parts.extend(self.interpolations(c));
                }
                string_expr(literal, parts, span)
            }
            "integer" | "float" | "true" | "false" | "none" | "ellipsis" | "lambda" | "type" => {
                Expr::Const {
                    text: self.text(node).to_owned(),
                    span,
                }
            }
            "binary_operator" => {
                let left = node.py_field("left");
                let right = node.py_field("right");
                let op = node
                    .py_field("operator")
                    .map(|o| self.text(o))
                    .unwrap_or("");
                let (Some(left), Some(right)) = (left, right) else {
                    return Expr::Op {
                        parts: self.children_exprs(node),
                        span,
                    };
                };
                let l = self.expr(left);
                if op == "%" && is_stringy(&l) {
                    let literal = literal_of(&l);
                    let parts = match right.kind() {
                        "tuple" | "parenthesized_expression" | "dictionary" => {
                            let r = self.expr(right);
                            match r {
                                Expr::Collection { items, .. } => items,
                                other => vec![other],
                            }
                        }
                        _ => vec![self.expr(right)],
                    };
                    let mut all = vec![l];
                    all.extend(parts);
                    return Expr::Format {
                        parts: all,
                        literal,
                        span,
                    };
                }
                let r = self.expr(right);
                if op == "+" && (is_stringy(&l) || is_stringy(&r)) {
                    return Expr::Format {
                        parts: vec![l, r],
                        literal: String::new(),
                        span,
                    };
                }
                Expr::Op {
                    parts: vec![l, r],
                    span,
                }
            }
            "not_operator" => {
                let inner = self.field_expr(node, "argument");
                Expr::Test(Box::new(Test::Not(inner)), span)
            }
            "boolean_operator" => {
                let op = node
                    .py_field("operator")
                    .map(|o| self.text(o))
                    .unwrap_or("");
                let l = self.field_expr(node, "left");
                let r = self.field_expr(node, "right");
                let and = op == "and";
                let mut parts = Vec::new();
                for side in [l, r] {
                    match side {
                        Expr::Test(t, s) => match *t {
                            Test::And(ps) if and => parts.extend(ps),
                            Test::Or(ps) if !and => parts.extend(ps),
                            other => parts.push(Expr::Test(Box::new(other), s)),
                        },
                        other => parts.push(other),
                    }
                }
                let test = if and {
                    Test::And(parts)
                } else {
                    Test::Or(parts)
                };
                Expr::Test(Box::new(test), span)
            }
            "comparison_operator" => self.comparison(node),
            "parenthesized_expression" | "await" | "keyword_argument" => {
                let inner = match node.kind() {
                    "keyword_argument" => node.py_field("value"),
                    _ => named_children(node).find(|c| c.kind() != "comment"),
                };
                match inner {
                    Some(i) => self.expr(i),
                    None => Expr::Const {
                        text: String::new(),
                        span,
                    },
                }
            }
            "list" | "tuple" | "set" | "expression_list" => Expr::Collection {
                items: self.children_exprs(node),
                span,
            },
            "dictionary" => {
                let mut items = Vec::new();
                for c in named_children(node) {
                    match c.kind() {
                        "pair" => {
                            items.push(self.field_expr(c, "key"));
                            items.push(self.field_expr(c, "value"));
                        }
                        "comment" => {}
                        _ => items.push(self.expr(c)),
                    }
                }
                Expr::Collection { items, span }
            }
            "list_comprehension"
            | "set_comprehension"
            | "generator_expression"
            | "dictionary_comprehension" => self.comprehension(node),
            "named_expression" => {
                let name = node
                    .py_field("name")
                    .map(|n| self.text(n).to_owned())
                    .unwrap_or_default();
                Expr::Walrus {
                    name,
                    value: Box::new(self.field_expr(node, "value")),
                    span,
                }
            }
            "conditional_expression" => {
                // `a if cond else b`: the value is a or b.
                let mut parts = self.children_exprs(node);
                if parts.len() == 3 {
                    let cond = parts.remove(1);
                    parts.push(Expr::Test(Box::new(Test::Other(vec![cond])), span.clone()));
                }
                Expr::Op { parts, span }
            }
            _ => Expr::Op {
                parts: self.children_exprs(node),
                span,
            },
        }
    }

    fn comparison(&mut self, node: Node) -> Expr {
        let span = node.byte_range();
        let operands: Vec<Node> = named_children(node).collect();
        let mut cursor = node.walk();
        let ops: Vec<String> = node
            .children_by_field_name("operators", &mut cursor)
            .map(|o| {
                self.text(o)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        if operands.len() == 2 && ops.len() == 1 {
            let left = self.expr(operands[0]);
            let right = self.expr(operands[1]);
            let test = match ops[0].as_str() {
                "in" | "not in" => Test::In {
                    item: left,
                    container: right,
                    negated: ops[0] == "not in",
                },
                "==" | "!=" | "is" | "is not" => Test::Eq {
                    left,
                    right,
                    negated: ops[0] == "!=" || ops[0] == "is not",
                },
                _ => Test::Other(vec![left, right]),
            };
            return Expr::Test(Box::new(test), span);
        }
        let parts = operands.into_iter().map(|o| self.expr(o)).collect();
        Expr::Test(Box::new(Test::Other(parts)), span)
    }

    fn comprehension(&mut self, node: Node) -> Expr {
        let span = node.byte_range();
        let mut generators: Vec<Generator> = Vec::new();
        let mut element = None;
        for c in named_children(node) {
            match c.kind() {
                "for_in_clause" => {
                    let target = c
                        .py_field("left")
                        .map(|t| self.target(t))
                        .unwrap_or(Target::Other);
                    let iter = self.field_expr(c, "right");
                    generators.push(Generator {
                        target,
                        iter,
                        conditions: Vec::new(),
                    });
                }
                "if_clause" => {
                    let cond = match c.named_child(0) {
                        Some(e) => self.expr(e),
                        None => continue,
                    };
                    if let Some(g) = generators.last_mut() {
                        g.conditions.push(cond);
                    }
                }
                "pair" if element.is_none() => {
                    let key = self.field_expr(c, "key");
                    let value = self.field_expr(c, "value");
                    element = Some(Expr::Collection {
                        items: vec![key, value],
                        span: c.byte_range(),
                    });
                }
                "comment" => {}
                _ if element.is_none() => element = Some(self.expr(c)),
                _ => {}
            }
        }
        Expr::Comprehension {
            generators,
            element: Box::new(element.unwrap_or(Expr::Const {
                text: String::new(),
                span: span.clone(),
            })),
            span,
        }
    }

    fn call(&mut self, node: Node) -> Expr {
        let span = node.byte_range();
        let func_node = node.py_field("function");
        let mut args = Vec::new();
        let mut kwargs = Vec::new();
        if let Some(arguments) = node.py_field("arguments") {
            if arguments.kind() == "generator_expression" {
                args.push(self.expr(arguments));
            } else {
                for a in named_children(arguments) {
                    match a.kind() {
                        "keyword_argument" => {
                            let name = a
                                .py_field("name")
                                .map(|n| self.text(n).to_owned())
                                .unwrap_or_default();
                            kwargs.push((name, self.field_expr(a, "value")));
                        }
                        "dictionary_splat" => {
                            let inner = match a.named_child(0) {
                                Some(i) => self.expr(i),
                                None => continue,
                            };
                            kwargs.push(("**".to_owned(), inner));
                        }
                        "list_splat" => {
                            if let Some(i) = a.named_child(0) {
                                args.push(self.expr(i));
                            }
                        }
                        "comment" => {}
                        _ => args.push(self.expr(a)),
                    }
                }
            }
        }
        // `"...".format(a, b)` builds a string like an f-string.
        if let Some(f) = func_node.filter(|f| f.kind() == "attribute") {
            let method = f.py_field("attribute").map(|a| self.text(a)).unwrap_or("");
            if matches!(method, "format" | "format_map") {
                if let Some(obj) = f.py_field("object") {
                    let o = self.expr(obj);
                    if is_stringy(&o) {
                        let literal = literal_of(&o);
                        let mut parts = vec![o];
                        parts.extend(args);
                        parts.extend(kwargs.into_iter().map(|(_, v)| v));
                        return Expr::Format {
                            parts,
                            literal,
                            span,
                        };
                    }
                }
            }
        }
        let func = match func_node {
            Some(f) => self.expr(f),
            None => Expr::Const {
                text: String::new(),
                span: span.clone(),
            },
        };
        Expr::Call(Box::new(Call {
            func,
            args,
            kwargs,
            span,
            report: report_range(node),
        }))
    }

    fn string(&mut self, node: Node) -> Expr {
        let span = node.byte_range();
        let literal = self.string_literal(node);
        let parts = self.interpolations(node);
        string_expr(literal, parts, span)
    }

    /// The constant text of a string literal (escapes kept as written).
    fn string_literal(&self, node: Node) -> String {
        let mut out = String::new();
        for c in named_children(node) {
            if matches!(c.kind(), "string_content" | "escape_sequence") {
                out.push_str(self.text(c));
            } else if c.kind() == "interpolation" {
                out.push_str("{}");
            }
        }
        out
    }

    fn interpolations(&mut self, node: Node) -> Vec<Expr> {
        let mut out = Vec::new();
        for c in named_children(node) {
            if c.kind() == "interpolation" {
                if let Some(e) = c.py_field("expression") {
                    out.push(self.expr(e));
                }
            }
        }
        out
    }
}

fn is_expression(kind: &str) -> bool {
    matches!(
        kind,
        "call"
            | "identifier"
            | "attribute"
            | "subscript"
            | "assignment"
            | "augmented_assignment"
            | "await"
            | "named_expression"
            | "binary_operator"
            | "string"
            | "concatenated_string"
    )
}
