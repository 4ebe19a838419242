//! Expressions: the value of each, sources, calls, and import-resolved paths.

use super::guards::{attr_key, is_constant_name};
use super::ir::{Call, Expr, Test};
use super::model::{ArgRef, ALL_RULES};
use super::value::{add_step, built_text, stronger, Text, Trace, Value};
use super::{Analysis, Env, Frame, Summary};
use std::ops::Range;
use std::rc::Rc;

impl<'a> Analysis<'a> {
    // ---- expressions ---------------------------------------------------

    /// Evaluate without reporting (a second look at an already checked expression).
    pub(super) fn eval_quiet(
        &mut self,
        frame: &mut Frame<'a>,
        env: &mut Env,
        e: &'a Expr,
    ) -> Value {
        let before = self.findings.len();
        let v = self.eval(frame, env, e);
        self.findings.truncate(before);
        v
    }

    pub(super) fn eval(&mut self, frame: &mut Frame<'a>, env: &mut Env, e: &'a Expr) -> Value {
        match e {
            Expr::Const { text, span } => Value::constant(text, span.clone()),
            Expr::Str { text, span } => Value::constant(text, span.clone()),
            Expr::Name { name, span } => {
                if let Some(v) = env.get(name.as_str()) {
                    return v.clone();
                }
                if let Some(v) = self.source_at(e, env, span) {
                    return v;
                }
                if let Some(v) = self.globals.get(name.as_str()) {
                    return v.clone();
                }
                if is_constant_name(name) {
                    return Value::constant("", span.clone());
                }
                let origin = self.imports.get(name.as_str()).map(|p| Rc::from(*p));
                Value {
                    origin,
                    ..Value::default()
                }
            }
            Expr::Attr { base, name, span } => {
                if let Some(key) = attr_key(base, name) {
                    if let Some(v) = env.get(key.as_str()) {
                        return v.clone();
                    }
                }
                if let Some(v) = self.source_at(e, env, span) {
                    self.eval(frame, env, base);
                    return v;
                }
                let b = self.eval(frame, env, base);
                let mut v = b.taint_only();
                if is_constant_name(name) && !b.is_tainted() {
                    v = Value::constant("", span.clone());
                }
                let path = self.path_of(e, env);
                // Attributes can sanitize too (`Path(name).name`).
                if let Some(mask) = path
                    .as_deref()
                    .and_then(|p| self.model().sanitizers.mask(p))
                {
                    if mask == ALL_RULES {
                        return Value::constant("", span.clone());
                    }
                    v.cleared |= mask;
                }
                v.origin = path.map(|p| Rc::from(p.as_str()));
                v
            }
            Expr::Index { base, index, span } => {
                let b = self.eval(frame, env, base);
                self.eval(frame, env, index);
                let mut v = b.taint_only();
                // `request.args["q"]`: show the whole access as the source.
                if let Some(src) = &b.src {
                    if src.span == base.span() && src.steps.is_empty() {
                        v.src = Some(Rc::new(Trace {
                            kind: src.kind,
                            label: src.label.clone(),
                            shown: self.shown(span, &src.shown),
                            span: span.clone(),
                            steps: Vec::new(),
                        }));
                    }
                }
                v
            }
            Expr::Call(call) => self.eval_call(frame, env, call),
            Expr::Format {
                parts,
                literal,
                span,
            } => {
                let values: Vec<Value> = parts.iter().map(|p| self.eval(frame, env, p)).collect();
                let mut v = Value::joined(&values);
                let refs: Vec<&Value> = values.iter().collect();
                v.text = Some(Rc::new(built_text(literal, &refs, span.clone())));
                v
            }
            Expr::Op { parts, span } => {
                let values: Vec<Value> = parts.iter().map(|p| self.eval(frame, env, p)).collect();
                let mut v = Value::joined(&values);
                if !values.is_empty() && values.iter().all(|p| p.text.is_some()) {
                    let refs: Vec<&Value> = values.iter().collect();
                    v.text = Some(Rc::new(built_text("", &refs, span.clone())));
                }
                // `[sys.executable] + sys.argv`: the list keeps its clean
                // program. A binary operator has two parts; a conditional
                // expression (`[a] if c else args`) has its test as a third.
                let leading_list = matches!(
                    parts.first(),
                    Some(Expr::Collection { items, .. }) if !items.is_empty()
                ) || matches!(parts.first(), Some(Expr::Op { .. }));
                v.first_clean = parts.len() == 2
                    && leading_list
                    && !matches!(parts[1], Expr::Test(..))
                    && values[0].first_clean;
                v
            }
            Expr::Collection { items, span } => {
                let values: Vec<Value> = items.iter().map(|p| self.eval(frame, env, p)).collect();
                let mut v = Value::joined(&values);
                // `["sh", "-c", cmd]` runs `cmd` through a shell: the program
                // is effectively the command string.
                let shell = matches!(items.first(), Some(Expr::Str { text, .. })
                    if matches!(text.rsplit('/').next().unwrap_or(""), "sh" | "bash" | "zsh" | "dash" | "ksh" | "cmd" | "cmd.exe" | "powershell" | "pwsh"));
                v.first_clean = !shell && values.first().is_some_and(|f| !f.is_tainted());
                if values.iter().all(Value::is_constant) {
                    v.text = Some(Rc::new(Text {
                        literal: String::new(),
                        dynamic: false,
                        span: span.clone(),
                    }));
                }
                v
            }
            Expr::Comprehension {
                generators,
                element,
                ..
            } => {
                let mut inner = env.clone();
                for g in generators {
                    let it = self.eval(frame, &mut inner, &g.iter).taint_only();
                    let span = g.iter.span();
                    self.bind(frame, &mut inner, &g.target, it, &span);
                    for c in &g.conditions {
                        self.eval(frame, &mut inner, c);
                        self.validate(&mut inner, c, true);
                    }
                }
                let el = self.eval(frame, &mut inner, element);
                let mut v = el.taint_only();
                if el.is_constant() {
                    v.text = el.text.clone();
                }
                v
            }
            Expr::Walrus { name, value, span } => {
                let v = self.eval(frame, env, value);
                let mut stored = v.clone();
                add_step(&mut stored, span, name);
                env.insert(Rc::from(name.as_str()), stored);
                v
            }
            Expr::Test(test, span) => {
                match &**test {
                    Test::In {
                        item, container, ..
                    } => {
                        self.eval(frame, env, item);
                        self.eval(frame, env, container);
                    }
                    Test::Eq { left, right, .. } => {
                        self.eval(frame, env, left);
                        self.eval(frame, env, right);
                    }
                    Test::Not(inner) => {
                        self.eval(frame, env, inner);
                    }
                    // `a or b` is a or b: the value joins its operands.
                    Test::And(parts) | Test::Or(parts) => {
                        let values: Vec<Value> =
                            parts.iter().map(|p| self.eval(frame, env, p)).collect();
                        let mut v = Value::joined(&values);
                        if values.iter().all(|p| p.text.is_some()) {
                            let refs: Vec<&Value> = values.iter().collect();
                            v.text = Some(Rc::new(built_text("", &refs, span.clone())));
                        }
                        return v;
                    }
                    Test::Other(parts) => {
                        for p in parts {
                            self.eval(frame, env, p);
                        }
                    }
                }
                Value::constant("", span.clone())
            }
        }
    }

    /// A source value if the path of `e` (or a prefix of it) is a source.
    pub(super) fn source_at(&self, e: &Expr, env: &Env, span: &Range<usize>) -> Option<Value> {
        let path = self.path_of(e, env)?;
        let (prefix, def) = self.model().sources.prefix_match(&path)?;
        Some(Value {
            src: Some(Rc::new(Trace {
                kind: def.kind,
                label: def.label.clone(),
                shown: self.shown(span, prefix),
                span: span.clone(),
                steps: Vec::new(),
            })),
            origin: Some(Rc::from(path.as_str())),
            ..Value::default()
        })
    }

    pub(super) fn eval_call(
        &mut self,
        frame: &mut Frame<'a>,
        env: &mut Env,
        call: &'a Call,
    ) -> Value {
        let path = self.path_of(&call.func, env);
        let receiver = match &call.func {
            Expr::Attr { base, .. } => Some(self.eval(frame, env, base)),
            other => {
                self.eval(frame, env, other);
                None
            }
        };
        let args: Vec<Value> = call.args.iter().map(|a| self.eval(frame, env, a)).collect();
        let kwargs: Vec<Value> = call
            .kwargs
            .iter()
            .map(|(_, a)| self.eval(frame, env, a))
            .collect();
        let site = CallSite {
            call,
            receiver: receiver.as_ref(),
            args: &args,
            kwargs: &kwargs,
        };
        if let Some(path) = &path {
            self.check_sinks(frame, path, &site);
        }
        let local = self.local_summary(frame, &call.func, env);
        if let Some(summary) = &local {
            self.apply_summary_sinks(frame, summary, &site);
        }

        // The call's own value.
        let Some(path) = path else {
            return Value::joined(&args);
        };
        // A method that makes a number or a boolean of a source
        // (`args().nth(1)?.parse::<u32>()`, `.len()`) clears it.
        if self.cleared_in_chain(&path) {
            return Value::constant("", call.span.clone());
        }
        if let Some(v) = self.source_at(&call.func, env, &call.span) {
            return Value {
                origin: Some(Rc::from(format!("{path}()").as_str())),
                ..v
            };
        }
        if let Some(mask) = self.model().sanitizers.mask(&path) {
            if mask == ALL_RULES {
                return Value::constant("", call.span.clone());
            }
            let mut v = default_result(&site);
            v.cleared |= mask;
            return v;
        }
        if let Some(from) = self.model().propagators.first(&path) {
            let inputs: Vec<&Value> = from.iter().flat_map(|r| site.values(r)).collect();
            if inputs.iter().all(|x| x.is_constant()) {
                return Value::constant("", call.span.clone());
            }
            let mut v = Value::default();
            for x in inputs {
                v.join(x);
            }
            return v;
        }
        if let Some(summary) = local {
            let mut v = Value::default();
            for (i, a) in site.param_values(&summary) {
                if summary.ret_params & (1 << i) != 0 {
                    v.join(a);
                }
            }
            if v.is_tainted() {
                v.cleared |= summary.ret_cleared;
            }
            if let Some(src) = &summary.ret_src {
                v.src = stronger(v.src.take(), Some(src.clone()));
            }
            return v;
        }
        let mut v = default_result(&site);
        if !site.receiver.is_some_and(Value::is_tainted) {
            v.indirect = true;
        }
        v.origin = Some(Rc::from(format!("{path}()").as_str()));
        v
    }

    /// Does a call along the chain `path` (itself included) turn its value
    /// into a number or a boolean? The source, if any, sits before it.
    fn cleared_in_chain(&self, path: &str) -> bool {
        let model = self.model();
        let clears = |p: &str| {
            model.sanitizers.mask(p) == Some(ALL_RULES) && model.sources.first(p).is_none()
        };
        clears(path)
            || path.match_indices("()").any(|(i, _)| {
                model.sources.prefix_match(&path[..i]).is_some() && clears(&path[..i])
            })
    }

    /// The summary of a helper defined in this file, when `func` names one.
    pub(super) fn local_summary(
        &self,
        frame: &Frame<'a>,
        func: &Expr,
        env: &Env,
    ) -> Option<Summary> {
        match func {
            Expr::Name { name, .. } if !env.contains_key(name.as_str()) => {
                self.summaries.get(name.as_str()).cloned()
            }
            Expr::Attr { base, name, .. } => match &**base {
                Expr::Name { name: b, .. } if b == "self" || b == "cls" => {
                    let class = frame.function.class.as_deref().unwrap_or("");
                    self.summaries
                        .get(&format!("{class}.{name}"))
                        .or_else(|| self.summaries.get(name.as_str()))
                        .filter(|s| s.bound)
                        .cloned()
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// The source as written (`request.args.get("q")`), kept short.
    pub(super) fn shown(&self, span: &Range<usize>, fallback: &str) -> String {
        let written = self.text.get(span.clone()).unwrap_or(fallback);
        let one_line = written.lines().next().unwrap_or(written).trim();
        if one_line.len() <= 60 && one_line == written.trim() {
            one_line.to_owned()
        } else {
            let mut s: String = one_line.chars().take(57).collect();
            s.push_str("...");
            s
        }
    }

    // ---- paths -----------------------------------------------------------

    /// The dotted path of an expression after import resolution, with the
    /// path of the call that made a local object (`requests.Session().get`).
    pub(super) fn path_of(&self, e: &Expr, env: &Env) -> Option<String> {
        match e {
            Expr::Name { name, .. } => {
                if let Some(origin) = env.get(name.as_str()).and_then(|v| v.origin.as_ref()) {
                    return Some(origin.to_string());
                }
                if env.contains_key(name.as_str()) {
                    return Some(name.clone());
                }
                Some(
                    self.imports
                        .get(name.as_str())
                        .map(|p| p.to_string())
                        .unwrap_or_else(|| name.clone()),
                )
            }
            Expr::Attr { base, name, .. } => {
                if let Some(key) = attr_key(base, name) {
                    if let Some(origin) = env.get(key.as_str()).and_then(|v| v.origin.as_ref()) {
                        return Some(origin.to_string());
                    }
                }
                // An unnamed receiver (`(base / name).read_text()`) still
                // lets `*.method` patterns match.
                let mut p = self.path_of(base, env).unwrap_or_else(|| "?".to_owned());
                p.push('.');
                p.push_str(name);
                Some(p)
            }
            Expr::Call(c) => {
                let mut p = self.path_of(&c.func, env)?;
                p.push_str("()");
                Some(p)
            }
            Expr::Str { .. } => Some("str".to_owned()),
            Expr::Format { .. } => Some("str".to_owned()),
            Expr::Index { base, .. } => {
                let mut p = self.path_of(base, env)?;
                p.push_str("[]");
                Some(p)
            }
            _ => None,
        }
    }
}

/// A call being checked: its arguments' values, positionally and by keyword.
pub(super) struct CallSite<'a, 'v> {
    pub(super) call: &'a Call,
    pub(super) receiver: Option<&'v Value>,
    pub(super) args: &'v [Value],
    pub(super) kwargs: &'v [Value],
}

impl<'a, 'v> CallSite<'a, 'v> {
    pub(super) fn pairs(&self, r: &ArgRef) -> Vec<(Option<&'a Expr>, &'v Value)> {
        let call = self.call;
        match r {
            ArgRef::Pos(i) => {
                let positional = call
                    .args
                    .get(*i)
                    .map(|e| (Some(e), &self.args[*i]))
                    .into_iter()
                    .collect();
                positional
            }
            ArgRef::AllPos => call.args.iter().map(Some).zip(self.args.iter()).collect(),
            ArgRef::Kw(name) => call
                .kwargs
                .iter()
                .zip(self.kwargs.iter())
                .filter(|((k, _), _)| k == name)
                .map(|((_, e), v)| (Some(e), v))
                .collect(),
            ArgRef::AllKw => call
                .kwargs
                .iter()
                .zip(self.kwargs.iter())
                .map(|((_, e), v)| (Some(e), v))
                .collect(),
            ArgRef::Receiver => self.receiver.map(|v| (None, v)).into_iter().collect(),
        }
    }

    pub(super) fn values(&self, r: &ArgRef) -> Vec<&'v Value> {
        self.pairs(r).into_iter().map(|(_, v)| v).collect()
    }

    /// (parameter index, argument value) for a call of a helper.
    pub(super) fn param_values(&self, summary: &Summary) -> Vec<(usize, &'v Value)> {
        let offset = usize::from(summary.bound && matches!(self.call.func, Expr::Attr { .. }));
        let mut out: Vec<(usize, &Value)> = self
            .args
            .iter()
            .enumerate()
            .map(|(i, v)| (i + offset, v))
            .filter(|(i, _)| *i < 64)
            .collect();
        for ((name, _), v) in self.call.kwargs.iter().zip(self.kwargs.iter()) {
            if let Some(i) = summary.param_names.iter().position(|p| p == name) {
                if i < 64 {
                    out.push((i, v));
                }
            }
        }
        out
    }
}

/// The value of a call nothing is known about: it carries what went in, and
/// a string method on a string keeps the string's facts.
pub(super) fn default_result(site: &CallSite) -> Value {
    let mut v = Value::joined(site.args);
    for k in site.kwargs {
        v.join(k);
    }
    if let Some(r) = site.receiver {
        v.join(r);
        if let Some(t) = &r.text {
            let mut parts: Vec<&Value> = vec![r];
            parts.extend(site.args.iter());
            let mut text = built_text("", &parts, t.span.clone());
            text.dynamic = text.dynamic || t.dynamic;
            v.text = Some(Rc::new(text));
        }
    }
    v
}

pub(super) fn is_clean_type(annotation: &str, clean: &[String]) -> bool {
    let mut a = annotation.trim();
    for wrapper in ["Optional[", "Annotated["] {
        if let Some(rest) = a.strip_prefix(wrapper) {
            a = rest.split([',', ']']).next().unwrap_or(rest).trim();
        }
    }
    let a = a.split('|').next().unwrap_or(a).trim();
    let base = a.rsplit('.').next().unwrap_or(a);
    clean.iter().any(|c| c == base)
}
