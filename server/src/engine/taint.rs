//! Taint analysis: does untrusted data reach a dangerous call?
//!
//! The core here is language-neutral. A language adapter (see [`python`], [`rust`])
//! lowers a syntax tree into the small program shape of [`ir`]; what counts
//! as a source, sink, sanitizer, propagator, validator or request handler is
//! data ([`model`]), read from rule files. The core then walks each function
//! once, in call order (callees first), keeping `name -> value facts`:
//!
//! - flow-sensitive within a function: assignments replace, branches merge,
//!   a branch that ends in `return`/`raise`/`abort()` does not reach the code
//!   after it, and a condition such as `x in ALLOWED` validates `x` where it
//!   holds;
//! - per-file summaries: which parameters flow to the return value and which
//!   reach a sink, so a call to a helper defined in the same file behaves like
//!   the helper's body (the finding is at the call, the sink is related);
//! - besides taint, a value remembers whether it is a string built by
//!   formatting non-constants, for rules that also report such strings at
//!   lower confidence when no source is known (SQL text built from a
//!   parameter whose caller is unseen).

mod callgraph;
mod eval;
mod guards;
mod incremental;
pub mod ir;
pub mod model;
pub mod python;
mod python_fix;
pub mod rust;
pub use incremental::LowerWhere;
mod sinks;
mod value;

use crate::finding::{Finding, Fix};
use crate::rules::{RuleLanguage, RuleSet};
use callgraph::called_names_stmt;
use eval::is_clean_type;
use guards::{attr_key, root_name};
use ir::{Call, Expr, Function, Module, Stmt, Target};
use model::{Model, SourceKind};
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::rc::Rc;
use std::sync::Arc;
use value::{add_step, built_text, concat_limited, merge, stronger, Text, Trace, Value};

/// Builds the fix of kind `kind` (named by a rule's `taint_fix`) for a sink call.
pub type Fixer<'a> = dyn Fn(&str, &Call) -> Option<Fix> + 'a;

/// The taint rules and models of one language, compiled once.
#[derive(Debug, Default)]
pub struct TaintSet {
    model: Model,
    errors: Vec<String>,
    /// Per-segment results of large files ([`incremental`]).
    caches: incremental::Caches,
}

impl TaintSet {
    pub fn compile(rules: &RuleSet, language: RuleLanguage, family: &str) -> TaintSet {
        let models = crate::rules::builtin_models(family);
        let (model, errors) = Model::compile(rules, language, &models);
        TaintSet {
            model,
            errors,
            caches: Default::default(),
        }
    }

    /// Problems in rule or model files (the rest still works).
    pub fn errors(&self) -> &[String] {
        &self.errors
    }

    pub fn is_empty(&self) -> bool {
        self.model.rules.is_empty()
    }

    /// Every taint finding in `module`, lowered from `text`.
    pub fn analyze(&self, module: &Module, text: &str, fixer: &Fixer) -> Vec<Finding> {
        if self.is_empty() {
            return Vec::new();
        }
        Analysis::new(self, module, text, fixer).run()
    }
}

/// A helper's behaviour, as seen from its callers.
#[derive(Clone, Debug, Default)]
struct Summary {
    param_names: Vec<String>,
    /// The first parameter is `self`/`cls` (skipped for `self.f(...)` calls).
    bound: bool,
    ret_params: u64,
    ret_cleared: u32,
    ret_src: Option<Rc<Trace>>,
    sinks: Vec<SummarySink>,
}

#[derive(Clone, Debug)]
struct SummarySink {
    params: u64,
    rule: usize,
    /// The sink inside the helper (or deeper).
    site: Range<usize>,
    what: String,
}

type Env = HashMap<Rc<str>, Value>;

struct Analysis<'a> {
    set: &'a TaintSet,
    text: &'a str,
    module: &'a Module,
    fixer: &'a Fixer<'a>,
    imports: HashMap<&'a str, &'a str>,
    globals: HashMap<&'a str, Value>,
    summaries: HashMap<String, Summary>,
    findings: Vec<Finding>,
    seen: HashSet<(usize, usize)>,
}

/// The state of the function being walked.
struct Frame<'f> {
    function: &'f Function,
    handler: bool,
    summary: Summary,
}

impl<'a> Analysis<'a> {
    fn new(
        set: &'a TaintSet,
        module: &'a Module,
        text: &'a str,
        fixer: &'a Fixer<'a>,
    ) -> Analysis<'a> {
        let imports = module
            .imports
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let mut globals = HashMap::new();
        for stmt in &module.top.body {
            if let Stmt::Assign { targets, value, .. } = stmt {
                let v = match value {
                    Expr::Str { text, span } => Value::constant(text, span.clone()),
                    Expr::Const { span, .. } => Value::constant("", span.clone()),
                    _ => continue,
                };
                for t in targets {
                    if let Target::Name { name, .. } = t {
                        globals.insert(name.as_str(), v.clone());
                    }
                }
            }
        }
        Analysis {
            set,
            text,
            module,
            fixer,
            imports,
            globals,
            summaries: HashMap::new(),
            findings: Vec::new(),
            seen: HashSet::new(),
        }
    }

    fn model(&self) -> &'a Model {
        &self.set.model
    }

    fn run(mut self) -> Vec<Finding> {
        for index in self.call_order() {
            let function = &self.module.functions[index];
            let summary = self.walk_function(function);
            let key = summary_key(function);
            if function.class.is_some() {
                self.summaries
                    .entry(function.name.clone())
                    .or_insert_with(|| summary.clone());
            }
            self.summaries.insert(key, summary);
        }
        let top = &self.module.top;
        self.walk_function(top);
        self.findings
    }

    /// Functions ordered so that callees come before their callers.
    fn call_order(&self) -> Vec<usize> {
        let functions = &self.module.functions;
        let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, f) in functions.iter().enumerate() {
            by_name.entry(f.name.as_str()).or_default().push(i);
        }
        let callees: Vec<Vec<usize>> = functions
            .iter()
            .map(|f| {
                let mut names = Vec::new();
                for s in &f.body {
                    called_names_stmt(s, &mut names);
                }
                let mut out: Vec<usize> = names
                    .iter()
                    .filter_map(|n| by_name.get(n))
                    .flatten()
                    .copied()
                    .collect();
                out.sort_unstable();
                out.dedup();
                out
            })
            .collect();
        let mut state = vec![0u8; functions.len()]; // 0 new, 1 open, 2 done
        let mut order = Vec::with_capacity(functions.len());
        for start in 0..functions.len() {
            if state[start] != 0 {
                continue;
            }
            let mut stack = vec![(start, 0usize)];
            state[start] = 1;
            while let Some((node, next)) = stack.pop() {
                if let Some(&callee) = callees[node].get(next) {
                    stack.push((node, next + 1));
                    if state[callee] == 0 {
                        state[callee] = 1;
                        stack.push((callee, 0));
                    }
                } else {
                    state[node] = 2;
                    order.push(node);
                }
            }
        }
        order
    }

    fn walk_function(&mut self, function: &'a Function) -> Summary {
        let handler = self.is_handler(function);
        let mut env = Env::new();
        let summary = Summary {
            param_names: function.params.iter().map(|p| p.name.clone()).collect(),
            bound: function.class.is_some()
                && function
                    .params
                    .first()
                    .is_some_and(|p| p.name == "self" || p.name == "cls"),
            ..Summary::default()
        };
        let route_params = if handler {
            self.route_params(function)
        } else {
            Vec::new()
        };
        for (i, p) in function.params.iter().enumerate().take(64) {
            let mut v = Value {
                params: 1 << i,
                ..Value::default()
            };
            if route_params.contains(&i) {
                v.src = Some(Rc::new(Trace {
                    kind: SourceKind::Remote,
                    label: Arc::from("request parameter"),
                    shown: p.name.clone(),
                    span: p.span.clone(),
                    steps: Vec::new(),
                }));
            }
            env.insert(Rc::from(p.name.as_str()), v);
        }
        let mut frame = Frame {
            function,
            handler,
            summary,
        };
        self.walk_block(&mut frame, &mut env, &function.body);
        frame.summary
    }

    /// Is `function` a request handler (its parameters come from the request)?
    fn is_handler(&self, function: &Function) -> bool {
        let handlers = &self.model().handlers;
        let env = Env::new();
        for d in &function.decorators {
            let (callee, called) = match d {
                Expr::Call(c) => (&c.func, true),
                other => (other, false),
            };
            if let Some(path) = self.path_of(callee, &env) {
                if handlers
                    .decorators
                    .first(&path)
                    .is_some_and(|&needs_call| called || !needs_call)
                {
                    return true;
                }
            }
        }
        let first = function
            .params
            .iter()
            .find(|p| p.name != "self" && p.name != "cls");
        if let Some(first) = first {
            for (name, import) in &handlers.first_param {
                if first.name == *name
                    && import.as_ref().is_none_or(|root| {
                        self.module
                            .imports
                            .iter()
                            .any(|(_, path)| path.split('.').next() == Some(root))
                    })
                {
                    return true;
                }
            }
        }
        false
    }

    /// Indexes of a handler's parameters that carry request data.
    fn route_params(&self, function: &Function) -> Vec<usize> {
        let handlers = &self.model().handlers;
        let env = Env::new();
        let mut out = Vec::new();
        let mut seen_request = false;
        for (i, p) in function.params.iter().enumerate() {
            if p.name == "self" || p.name == "cls" || p.variadic {
                continue;
            }
            if handlers.skip_params.contains(&p.name) {
                seen_request = true;
                continue;
            }
            let needs_request = handlers.first_param.iter().any(|(_, i)| i.is_some())
                && function.decorators.is_empty();
            if needs_request && !seen_request {
                continue;
            }
            if let Some(a) = &p.annotation {
                if is_clean_type(a, &handlers.clean_types) {
                    continue;
                }
            }
            if let Some(Expr::Call(c)) = &p.default {
                if let Some(path) = self.path_of(&c.func, &env) {
                    if handlers.clean_defaults.first(&path).is_some() {
                        continue;
                    }
                }
            }
            out.push(i);
        }
        out
    }

    // ---- statements ----------------------------------------------------

    /// Walk `stmts`; true when control cannot continue past them.
    fn walk_block(&mut self, frame: &mut Frame<'a>, env: &mut Env, stmts: &'a [Stmt]) -> bool {
        for stmt in stmts {
            if self.walk_stmt(frame, env, stmt) {
                return true;
            }
        }
        false
    }

    fn walk_stmt(&mut self, frame: &mut Frame<'a>, env: &mut Env, stmt: &'a Stmt) -> bool {
        match stmt {
            Stmt::Assign {
                targets,
                value,
                span,
            } => {
                let v = self.eval(frame, env, value);
                for t in targets {
                    // `a, b = x, y` pairs elements when the shapes agree.
                    if let (Target::Tuple(ts), Expr::Collection { items, .. }) = (t, value) {
                        if ts.len() == items.len() {
                            for (t, item) in ts.iter().zip(items) {
                                let iv = self.eval_quiet(frame, env, item);
                                self.bind(frame, env, t, iv, span);
                            }
                            continue;
                        }
                    }
                    self.bind(frame, env, t, v.clone(), span);
                }
                false
            }
            Stmt::AugAssign {
                target,
                value,
                span,
            } => {
                let old = self.read_target(frame, env, target);
                let v = self.eval(frame, env, value);
                let mut new = old.taint_only();
                new.join(&v);
                if let (Some(a), Some(b)) = (&old.text, &v.text) {
                    new.text = Some(Rc::new(Text {
                        literal: concat_limited(&a.literal, &b.literal),
                        dynamic: a.dynamic || b.dynamic || v.is_tainted(),
                        span: value.span(),
                    }));
                } else if old.text.is_some() {
                    new.text = Some(Rc::new(built_text("", &[&old, &v], value.span())));
                }
                self.bind(frame, env, target, new, span);
                false
            }
            Stmt::Expr(e) => {
                self.eval(frame, env, e);
                if let Expr::Call(c) = e {
                    if let Some(path) = self.path_of(&c.func, env) {
                        if self.model().exits.first(&path).is_some() {
                            return true;
                        }
                    }
                }
                false
            }
            Stmt::Return(value, span) => {
                if let Some(e) = value {
                    let v = self.eval(frame, env, e);
                    if frame.handler {
                        self.check_handler_return(&v, span);
                    }
                    let s = &mut frame.summary;
                    if v.params != 0 {
                        s.ret_cleared = if s.ret_params == 0 {
                            v.cleared
                        } else {
                            s.ret_cleared & v.cleared
                        };
                    }
                    s.ret_params |= v.params;
                    s.ret_src = stronger(s.ret_src.take(), v.src.clone());
                }
                true
            }
            Stmt::Exit(e) => {
                if let Some(e) = e {
                    self.eval(frame, env, e);
                }
                true
            }
            Stmt::If {
                cond,
                then,
                otherwise,
            } => {
                self.eval(frame, env, cond);
                let mut then_env = env.clone();
                let mut else_env = env.clone();
                self.validate(&mut then_env, cond, true);
                self.validate(&mut else_env, cond, false);
                let t1 = self.walk_block(frame, &mut then_env, then);
                let t2 = self.walk_block(frame, &mut else_env, otherwise);
                match (t1, t2) {
                    (true, true) => {
                        *env = merge(then_env, &else_env);
                        true
                    }
                    (true, false) => {
                        *env = else_env;
                        false
                    }
                    (false, true) => {
                        *env = then_env;
                        false
                    }
                    (false, false) => {
                        *env = merge(then_env, &else_env);
                        false
                    }
                }
            }
            Stmt::Loop {
                bind,
                cond,
                body,
                otherwise,
            } => {
                let mut body_env = env.clone();
                if let Some((target, iter)) = bind {
                    let v = self.eval(frame, env, iter).taint_only();
                    let span = iter.span();
                    self.bind(frame, &mut body_env, target, v, &span);
                }
                if let Some(c) = cond {
                    self.eval(frame, env, c);
                    self.validate(&mut body_env, c, true);
                }
                self.walk_block(frame, &mut body_env, body);
                *env = merge(std::mem::take(env), &body_env);
                self.walk_block(frame, env, otherwise)
            }
            Stmt::Try {
                body,
                handlers,
                otherwise,
                finally,
            } => {
                let before = env.clone();
                let mut ends = Vec::new();
                let body_ends =
                    self.walk_block(frame, env, body) || self.walk_block(frame, env, otherwise);
                let handler_start = merge(before, env);
                for h in handlers {
                    let mut h_env = handler_start.clone();
                    if !self.walk_block(frame, &mut h_env, h) {
                        ends.push(h_env);
                    }
                }
                let mut terminated = body_ends && ends.is_empty();
                if body_ends {
                    if let Some(first) = ends.pop() {
                        *env = first;
                    }
                }
                for e in ends {
                    *env = merge(std::mem::take(env), &e);
                }
                if self.walk_block(frame, env, finally) {
                    terminated = true;
                }
                terminated
            }
        }
    }

    fn read_target(&mut self, frame: &mut Frame<'a>, env: &mut Env, target: &'a Target) -> Value {
        match target {
            Target::Name { name, .. } => env.get(name.as_str()).cloned().unwrap_or_default(),
            Target::Attr { base, name, .. } => {
                let key = attr_key(base, name);
                match key.and_then(|k| env.get(k.as_str()).cloned()) {
                    Some(v) => v,
                    None => self.eval_quiet(frame, env, base).taint_only(),
                }
            }
            Target::Index { base, .. } => self.eval_quiet(frame, env, base).taint_only(),
            _ => Value::default(),
        }
    }

    /// Store `v` into `target`.
    fn bind(
        &mut self,
        frame: &mut Frame<'a>,
        env: &mut Env,
        target: &'a Target,
        mut v: Value,
        span: &Range<usize>,
    ) {
        match target {
            Target::Name { name, .. } => {
                add_step(&mut v, span, name);
                env.insert(Rc::from(name.as_str()), v);
            }
            Target::Attr {
                base,
                name,
                span: tspan,
            } => {
                self.check_store(frame, env, base, &v, tspan);
                if let Some(key) = attr_key(base, name) {
                    add_step(&mut v, span, &key);
                    env.insert(Rc::from(key.as_str()), v);
                }
            }
            Target::Index {
                base,
                index,
                span: tspan,
            } => {
                self.eval(frame, env, index);
                self.check_store(frame, env, base, &v, tspan);
                // A weak update: the container keeps what it had.
                if let Some(root) = root_name(base) {
                    let mut old = env.get(root).cloned().unwrap_or_default();
                    if v.is_tainted() {
                        add_step(&mut v, span, root);
                        old.join(&v);
                        old.text = None;
                        env.insert(Rc::from(root), old);
                    }
                }
            }
            Target::Tuple(ts) => {
                let element = v.taint_only();
                for t in ts {
                    self.bind(frame, env, t, element.clone(), span);
                }
            }
            Target::Other => {}
        }
    }
}

fn summary_key(f: &Function) -> String {
    match &f.class {
        Some(c) => format!("{c}.{}", f.name),
        None => f.name.clone(),
    }
}
