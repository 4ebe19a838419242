//! Taint specifications as data: sources, sinks, sanitizers, propagators,
//! validators and request handlers, read from rule files and from the model
//! files under `rules/<lang>/models/`, compiled into lookup tables once.
//!
//! Callees and sources are dotted paths after import resolution
//! (`subprocess.run`, `flask.request.args`); an object made by a call carries
//! the call's path with `()` (`requests.Session().get`). A leading `*.`
//! matches any receiver (`*.execute`).

use crate::finding::Severity;
use crate::rules::{Rule, RuleSet};
use regex::Regex;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::Arc;

/// Dotted paths -> values, with `*.suffix` patterns.
#[derive(Debug)]
pub struct PathTable<T> {
    exact: HashMap<String, Vec<T>>,
    /// Keyed by the last segment; holds the whole suffix (`.cursor().execute`).
    suffix: HashMap<String, Vec<(String, T)>>,
}

impl<T> Default for PathTable<T> {
    fn default() -> Self {
        PathTable {
            exact: HashMap::new(),
            suffix: HashMap::new(),
        }
    }
}

impl<T: Clone> PathTable<T> {
    /// Every value in the table.
    pub fn values(&self) -> impl Iterator<Item = &T> {
        self.exact
            .values()
            .flatten()
            .chain(self.suffix.values().flatten().map(|(_, v)| v))
    }

    pub fn insert(&mut self, pattern: &str, value: T) {
        if let Some(rest) = pattern.strip_prefix("*.") {
            let last = last_segment(rest).to_owned();
            self.suffix
                .entry(last)
                .or_default()
                .push((format!(".{rest}"), value));
        } else {
            self.exact
                .entry(pattern.to_owned())
                .or_default()
                .push(value);
        }
    }

    /// Every value whose pattern matches the whole of `path`.
    pub fn lookup<'a>(&'a self, path: &'a str) -> impl Iterator<Item = &'a T> + 'a {
        let exact = self.exact.get(path).into_iter().flatten();
        let suffix = self
            .suffix
            .get(last_segment(path))
            .into_iter()
            .flatten()
            .filter(move |(s, _)| path.ends_with(s.as_str()))
            .map(|(_, v)| v);
        exact.chain(suffix)
    }

    pub fn first<'a>(&'a self, path: &'a str) -> Option<&'a T> {
        self.lookup(path).next()
    }

    /// The first value whose pattern matches `path` or one of its prefixes
    /// ending at a segment boundary, shortest prefix first; with the prefix.
    pub fn prefix_match<'a>(&'a self, path: &'a str) -> Option<(&'a str, &'a T)> {
        let bytes = path.as_bytes();
        for end in 1..=bytes.len() {
            let at_boundary = end == bytes.len() || matches!(bytes[end], b'.' | b'(' | b'[');
            if at_boundary && bytes[end - 1] != b'.' {
                let prefix = &path[..end];
                if let Some(v) = self.first(prefix) {
                    return Some((prefix, v));
                }
            }
        }
        None
    }
}

impl PathTable<u32> {
    /// The union of every matching mask (several rules may list one callee).
    pub fn mask(&self, path: &str) -> Option<u32> {
        self.lookup(path).copied().reduce(|a, b| a | b)
    }
}

fn last_segment(path: &str) -> &str {
    let trimmed = path.trim_end_matches("()");
    let start = trimmed.rfind('.').map(|i| i + 1).unwrap_or(0);
    &trimmed[start..]
}

/// Where untrusted data comes from; rules choose which kinds they accept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// Web requests, sockets: anyone on the network.
    Remote,
    /// Command line, standard input, interactive input: the local user.
    Local,
    /// Environment variables: whoever configures the process.
    Env,
}

#[derive(Clone, Debug)]
pub struct SourceDef {
    pub kind: SourceKind,
    pub label: Arc<str>,
}

/// Which argument of a call a sink or propagator looks at.
#[derive(Clone, Debug, PartialEq)]
pub enum ArgRef {
    Pos(usize),
    /// Every positional argument.
    AllPos,
    Kw(String),
    /// Every keyword argument.
    AllKw,
    /// The object a method is called on.
    Receiver,
}

#[derive(Debug)]
pub struct SinkDef {
    pub rule: usize,
    pub args: Vec<ArgRef>,
    /// The sink applies only when this keyword argument is given and matches.
    pub requires_kwarg: Option<(String, Regex)>,
    /// The sink applies only when this keyword argument is absent.
    pub unless_kwarg: Option<String>,
    /// For argument lists (`subprocess.run([prog, ...])`): only the program,
    /// the first element, counts.
    pub program: bool,
    /// The argument's constant text must match (HTML markup, `|safe`, ...).
    pub literal: Option<Regex>,
    /// The positional argument whose constant text `literal` is matched
    /// against (default: the tainted argument itself).
    pub literal_arg: Option<usize>,
    /// In modules importing one of these, any built string passes `literal`
    /// (their responses are HTML unless told otherwise).
    pub html_by_default: Vec<String>,
}

/// One taint rule with what the engine needs of it.
#[derive(Debug)]
pub struct TaintRule {
    pub rule: Arc<Rule>,
    pub taint_message: String,
    pub kinds: Vec<SourceKind>,
    /// Severity when the source is only the environment.
    pub env_severity: Severity,
    /// Report a string built by formatting non-constants whose constant text
    /// matches this, even when no source is known (lower confidence).
    pub heuristic: Option<(Regex, Severity, String)>,
    /// Handler return values whose constant text matches this are sinks.
    pub handler_return: Option<Regex>,
    /// Frameworks whose string responses are HTML by default (see [`SinkDef`]).
    pub html_by_default: Vec<String>,
    pub fix: Option<String>,
    /// Ignore values whose taint passed through an unknown call.
    pub direct_only: bool,
}

#[derive(Debug, Default)]
pub struct HandlerModel {
    /// Decorators that make a function a request handler; `true` when
    /// only a call of it does (`@app.post("/items")`, not `@post`).
    pub decorators: PathTable<bool>,
    /// First parameter names that make a function a view (`request`), with
    /// the import root the module must use (`django`).
    pub first_param: Vec<(String, Option<String>)>,
    pub skip_params: Vec<String>,
    pub clean_types: Vec<String>,
    pub clean_defaults: PathTable<()>,
}

/// Everything the taint core knows about one language.
#[derive(Debug, Default)]
pub struct Model {
    pub rules: Vec<TaintRule>,
    pub sources: PathTable<SourceDef>,
    pub sinks: PathTable<Arc<SinkDef>>,
    /// Assignments into these objects (`session[...] = v`) are sinks.
    pub stores: PathTable<usize>,
    /// Callee -> the rules (bit mask) its result is safe for; `u32::MAX`
    /// means every rule (the result carries no attacker data at all).
    pub sanitizers: PathTable<u32>,
    pub propagators: PathTable<Arc<Vec<ArgRef>>>,
    /// Calls that, used as a condition, prove their argument safe.
    pub validators: PathTable<()>,
    /// Calls after which control does not continue (`abort`, `sys.exit`).
    pub exits: PathTable<()>,
    pub handlers: HandlerModel,
}

pub const ALL_RULES: u32 = u32::MAX;

// ---- The file formats -------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleSpec {
    taint_message: String,
    #[serde(default)]
    sources: Option<Vec<SourceKind>>,
    #[serde(default)]
    env_severity: Option<Severity>,
    #[serde(default)]
    sanitizers: Vec<String>,
    #[serde(default)]
    sink: Vec<SinkSpec>,
    #[serde(default)]
    store: Vec<String>,
    #[serde(default)]
    heuristic: Option<HeuristicSpec>,
    #[serde(default)]
    handler_return: Option<String>,
    #[serde(default)]
    html_by_default: Vec<String>,
    #[serde(default)]
    taint_fix: Option<String>,
    #[serde(default)]
    direct: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HeuristicSpec {
    literal: String,
    #[serde(default)]
    severity: Option<Severity>,
    message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SinkSpec {
    callee: Vec<String>,
    #[serde(default)]
    args: Vec<toml::Value>,
    #[serde(default)]
    kwargs: Vec<String>,
    #[serde(default)]
    requires_kwarg: Option<KwargSpec>,
    #[serde(default)]
    unless_kwarg: Option<String>,
    #[serde(default)]
    program: bool,
    #[serde(default)]
    literal: Option<String>,
    #[serde(default)]
    literal_arg: Option<usize>,
    #[serde(default)]
    html_by_default: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KwargSpec {
    name: String,
    value: String,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ModelFile {
    #[serde(default)]
    source: Vec<SourceSpec>,
    #[serde(default)]
    sanitizer: Vec<CalleeSpec>,
    #[serde(default)]
    propagator: Vec<PropagatorSpec>,
    #[serde(default)]
    validator: Vec<CalleeSpec>,
    #[serde(default)]
    exit: Vec<CalleeSpec>,
    #[serde(default)]
    handler: Vec<HandlerSpec>,
    #[serde(default)]
    handler_params: Option<HandlerParamsSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceSpec {
    kind: SourceKind,
    label: String,
    paths: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CalleeSpec {
    callee: Vec<String>,
    /// Only for these rules (sanitizers); every rule when absent.
    #[serde(default)]
    rules: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PropagatorSpec {
    callee: Vec<String>,
    from: Vec<toml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HandlerSpec {
    #[serde(default)]
    decorators: Vec<String>,
    /// The decorators declare routes only when called (`@app.post("/items")`):
    /// used bare (`@post`) they are some other registry (hooks, events).
    #[serde(default)]
    called: bool,
    #[serde(default)]
    first_param: Vec<String>,
    #[serde(default)]
    requires_import: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HandlerParamsSpec {
    #[serde(default)]
    skip: Vec<String>,
    #[serde(default)]
    clean_types: Vec<String>,
    #[serde(default)]
    clean_defaults: Vec<String>,
}

fn arg_ref(value: &toml::Value) -> Result<ArgRef, String> {
    match value {
        toml::Value::Integer(i) if *i >= 0 => Ok(ArgRef::Pos(*i as usize)),
        toml::Value::String(s) if s == "*" => Ok(ArgRef::AllPos),
        toml::Value::String(s) if s == "**" => Ok(ArgRef::AllKw),
        toml::Value::String(s) if s == "receiver" => Ok(ArgRef::Receiver),
        toml::Value::String(s) => match s.strip_prefix("kw:") {
            Some(name) => Ok(ArgRef::Kw(name.to_owned())),
            None => Err(format!("unknown argument reference `{s}`")),
        },
        other => Err(format!("unknown argument reference `{other}`")),
    }
}

fn regex(text: &str) -> Result<Regex, String> {
    Regex::new(text).map_err(|e| format!("bad regex `{text}`: {e}"))
}

impl Model {
    /// Compile the taint rules of `rules` for `lang` with the model files
    /// `models` (name, text). Problems are returned; what compiled is kept.
    pub fn compile(
        rules: &RuleSet,
        lang: crate::rules::RuleLanguage,
        models: &[(String, &str)],
    ) -> (Model, Vec<String>) {
        let mut model = Model::default();
        let mut errors = Vec::new();
        let mut rule_sanitizers: Vec<(String, String)> = Vec::new();
        for rule in rules.iter() {
            if rule.engine != "taint" || rule.language != lang {
                continue;
            }
            if model.rules.len() >= 32 {
                errors.push(format!("{}: at most 32 taint rules per language", rule.id));
                continue;
            }
            match compile_rule(&mut model, rule) {
                Ok(sanitizers) => {
                    rule_sanitizers.extend(sanitizers.into_iter().map(|s| (s, rule.id.clone())))
                }
                Err(e) => errors.push(format!("{}: {e}", rule.id)),
            }
        }
        for (path, rule_id) in rule_sanitizers {
            let mask = model.rule_mask(&[rule_id]);
            model.sanitizers.insert(&path, mask);
        }
        for (name, text) in models {
            match toml::from_str::<ModelFile>(text) {
                Ok(file) => {
                    if let Err(e) = model.add_file(file) {
                        errors.push(format!("{name}: {e}"));
                    }
                }
                Err(e) => errors.push(format!("{name}: {}", e.message())),
            }
        }
        (model, errors)
    }

    fn rule_mask(&self, ids: &[String]) -> u32 {
        if ids.is_empty() {
            return ALL_RULES;
        }
        let mut mask = 0;
        for (i, r) in self.rules.iter().enumerate() {
            if ids.iter().any(|id| *id == r.rule.id) {
                mask |= 1 << i;
            }
        }
        mask
    }

    fn add_file(&mut self, file: ModelFile) -> Result<(), String> {
        for s in file.source {
            let def = SourceDef {
                kind: s.kind,
                label: Arc::from(s.label.as_str()),
            };
            for p in &s.paths {
                self.sources.insert(p, def.clone());
            }
        }
        for s in file.sanitizer {
            let mask = self.rule_mask(&s.rules);
            for c in &s.callee {
                self.sanitizers.insert(c, mask);
            }
        }
        for p in file.propagator {
            let from = p.from.iter().map(arg_ref).collect::<Result<Vec<_>, _>>()?;
            let from = Arc::new(from);
            for c in &p.callee {
                self.propagators.insert(c, from.clone());
            }
        }
        for v in file.validator {
            for c in &v.callee {
                self.validators.insert(c, ());
            }
        }
        for v in file.exit {
            for c in &v.callee {
                self.exits.insert(c, ());
            }
        }
        for h in file.handler {
            for d in &h.decorators {
                self.handlers.decorators.insert(d, h.called);
            }
            for p in &h.first_param {
                self.handlers
                    .first_param
                    .push((p.clone(), h.requires_import.clone()));
            }
        }
        if let Some(p) = file.handler_params {
            self.handlers.skip_params.extend(p.skip);
            self.handlers.clean_types.extend(p.clean_types);
            for d in &p.clean_defaults {
                self.handlers.clean_defaults.insert(d, ());
            }
        }
        Ok(())
    }
}

/// Add one rule's sinks; returns its own sanitizers.
fn compile_rule(model: &mut Model, rule: &Arc<Rule>) -> Result<Vec<String>, String> {
    let spec: RuleSpec = toml::Value::Table(rule.extra.clone())
        .try_into()
        .map_err(|e: toml::de::Error| e.message().to_owned())?;
    let index = model.rules.len();
    let mut sinks = Vec::new();
    for s in &spec.sink {
        let mut args = s.args.iter().map(arg_ref).collect::<Result<Vec<_>, _>>()?;
        args.extend(s.kwargs.iter().map(|k| {
            if k == "*" {
                ArgRef::AllKw
            } else {
                ArgRef::Kw(k.clone())
            }
        }));
        if args.is_empty() {
            args.push(ArgRef::Pos(0));
        }
        let def = Arc::new(SinkDef {
            rule: index,
            args,
            requires_kwarg: match &s.requires_kwarg {
                Some(k) => Some((k.name.clone(), regex(&k.value)?)),
                None => None,
            },
            unless_kwarg: s.unless_kwarg.clone(),
            program: s.program,
            literal: s.literal.as_deref().map(regex).transpose()?,
            literal_arg: s.literal_arg,
            html_by_default: s.html_by_default.clone(),
        });
        for c in &s.callee {
            sinks.push((c.clone(), def.clone()));
        }
    }
    let heuristic = match spec.heuristic {
        Some(h) => Some((
            regex(&h.literal)?,
            h.severity.unwrap_or(Severity::Warning),
            h.message,
        )),
        None => None,
    };
    let handler_return = spec.handler_return.as_deref().map(regex).transpose()?;
    model.rules.push(TaintRule {
        rule: rule.clone(),
        taint_message: spec.taint_message,
        kinds: spec
            .sources
            .unwrap_or_else(|| vec![SourceKind::Remote, SourceKind::Local, SourceKind::Env]),
        env_severity: spec.env_severity.unwrap_or(Severity::Warning),
        heuristic,
        handler_return,
        html_by_default: spec.html_by_default,
        fix: spec.taint_fix,
        direct_only: spec.direct,
    });
    for (callee, def) in sinks {
        model.sinks.insert(&callee, def);
    }
    for s in &spec.store {
        model.stores.insert(s, index);
    }
    Ok(spec.sanitizers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffix_patterns_match_any_receiver() {
        let mut t = PathTable::default();
        t.insert("*.execute", 1);
        t.insert("os.system", 2);
        assert_eq!(t.first("sqlite3.connect().cursor().execute"), Some(&1));
        assert_eq!(t.first("cur.execute"), Some(&1));
        assert_eq!(t.first("execute"), None);
        assert_eq!(t.first("os.system"), Some(&2));
        assert_eq!(t.first("os.systems"), None);
    }

    #[test]
    fn prefixes_stop_at_segment_boundaries() {
        let mut t = PathTable::default();
        t.insert("flask.request.args", 1);
        t.insert("input", 2);
        assert_eq!(
            t.prefix_match("flask.request.args.get()")
                .map(|(p, v)| (p, *v)),
            Some(("flask.request.args", 1))
        );
        assert_eq!(t.prefix_match("input()").map(|(_, v)| *v), Some(2));
        assert!(t.prefix_match("input_file.read()").is_none());
        assert!(t.prefix_match("flask.request.argsx").is_none());
    }
}
