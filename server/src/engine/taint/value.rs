//! What the analysis knows about a value: its taint, its string facts, and
//! the object it was made by; and how branches merge.

use super::model::SourceKind;
use super::Env;
use std::ops::Range;
use std::rc::Rc;
use std::sync::Arc;

/// Where untrusted data came from, and the steps it took.
#[derive(Debug)]
pub(super) struct Trace {
    pub(super) kind: SourceKind,
    pub(super) label: Arc<str>,
    pub(super) shown: String,
    pub(super) span: Range<usize>,
    pub(super) steps: Vec<(Range<usize>, String)>,
}

/// The constant text of a string and whether non-constants were formatted in.
#[derive(Debug)]
pub(super) struct Text {
    pub(super) literal: String,
    pub(super) dynamic: bool,
    pub(super) span: Range<usize>,
}

pub(super) const MAX_LITERAL: usize = 2048;
pub(super) const MAX_STEPS: usize = 8;

/// What the analysis knows about one value.
#[derive(Clone, Debug, Default)]
pub(super) struct Value {
    /// The untrusted source it carries, if any.
    pub(super) src: Option<Rc<Trace>>,
    /// Parameters of the current function it carries (bit i = parameter i).
    pub(super) params: u64,
    /// Rules (bits) for which it has been sanitized.
    pub(super) cleared: u32,
    /// String facts, when it is a string built from known parts.
    pub(super) text: Option<Rc<Text>>,
    /// The path of the call that made the object (`requests.Session()`).
    pub(super) origin: Option<Rc<str>>,
    /// A list whose first element (the program, for argument lists) is clean.
    pub(super) first_clean: bool,
    /// The taint reached this value only as an argument of a call nothing is
    /// known about (`authenticate(user, pw)`); rules may ignore such values.
    pub(super) indirect: bool,
}

impl Value {
    pub(super) fn constant(literal: &str, span: Range<usize>) -> Value {
        Value {
            text: Some(Rc::new(Text {
                literal: literal.to_owned(),
                dynamic: false,
                span,
            })),
            ..Value::default()
        }
    }

    pub(super) fn is_tainted(&self) -> bool {
        self.src.is_some() || self.params != 0
    }

    pub(super) fn is_constant(&self) -> bool {
        !self.is_tainted() && self.text.as_ref().is_some_and(|t| !t.dynamic)
    }

    /// Taint only: no string or object facts.
    pub(super) fn taint_only(&self) -> Value {
        Value {
            src: self.src.clone(),
            params: self.params,
            cleared: self.cleared,
            indirect: self.indirect,
            ..Value::default()
        }
    }

    pub(super) fn join(&mut self, other: &Value) {
        if !other.is_tainted() {
            return;
        }
        if !self.is_tainted() {
            self.src = other.src.clone();
            self.params = other.params;
            self.cleared = other.cleared;
            self.indirect = other.indirect;
            return;
        }
        self.src = stronger(self.src.take(), other.src.clone());
        self.params |= other.params;
        self.cleared &= other.cleared;
        self.indirect &= other.indirect;
    }

    pub(super) fn joined(values: &[Value]) -> Value {
        let mut out = Value::default();
        for v in values {
            out.join(v);
        }
        out
    }

    pub(super) fn source_for(
        &self,
        rule: usize,
        kinds: &[SourceKind],
        direct_only: bool,
    ) -> Option<&Rc<Trace>> {
        if self.cleared & (1 << rule) != 0 || (direct_only && self.indirect) {
            return None;
        }
        self.src.as_ref().filter(|s| kinds.contains(&s.kind))
    }

    pub(super) fn params_for(&self, rule: usize) -> u64 {
        if self.cleared & (1 << rule) != 0 {
            0
        } else {
            self.params
        }
    }
}

pub(super) fn kind_rank(k: SourceKind) -> u8 {
    match k {
        SourceKind::Remote => 3,
        SourceKind::Local => 2,
        SourceKind::Env => 1,
    }
}

pub(super) fn stronger(a: Option<Rc<Trace>>, b: Option<Rc<Trace>>) -> Option<Rc<Trace>> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if kind_rank(b.kind) > kind_rank(a.kind) {
            b
        } else {
            a
        }),
        (a, b) => a.or(b),
    }
}

/// Text facts of a string built from `parts` with template text `literal`.
pub(super) fn built_text(literal: &str, parts: &[&Value], span: Range<usize>) -> Text {
    let mut text = String::from(literal);
    let mut dynamic = false;
    for p in parts {
        match &p.text {
            Some(t) => {
                dynamic |= t.dynamic;
                if text.len() + t.literal.len() <= MAX_LITERAL {
                    text.push(' ');
                    text.push_str(&t.literal);
                }
            }
            None => dynamic = true,
        }
        if p.is_tainted() {
            dynamic = true;
        }
    }
    Text {
        literal: text,
        dynamic,
        span,
    }
}

pub(super) fn add_step(v: &mut Value, span: &Range<usize>, name: &str) {
    if let Some(src) = &v.src {
        if src.steps.len() < MAX_STEPS && !src.steps.iter().any(|(s, _)| s == span) {
            let mut steps = src.steps.clone();
            steps.push((span.clone(), format!("flows into `{name}`")));
            v.src = Some(Rc::new(Trace {
                kind: src.kind,
                label: src.label.clone(),
                shown: src.shown.clone(),
                span: src.span.clone(),
                steps,
            }));
        }
    }
}

pub(super) fn concat_limited(a: &str, b: &str) -> String {
    let mut s = String::with_capacity(a.len() + b.len() + 1);
    s.push_str(a);
    if s.len() + b.len() < MAX_LITERAL {
        s.push(' ');
        s.push_str(b);
    }
    s
}

/// Merge the facts of two branches.
pub(super) fn merge(mut a: Env, b: &Env) -> Env {
    for (k, bv) in b {
        match a.get_mut(k) {
            Some(av) => {
                let text = match (&av.text, &bv.text) {
                    (Some(x), Some(y)) => Some(Rc::new(Text {
                        literal: concat_limited(&x.literal, &y.literal),
                        dynamic: x.dynamic || y.dynamic,
                        span: x.span.clone(),
                    })),
                    _ => None,
                };
                av.join(bv);
                av.text = text;
                if av.origin != bv.origin && av.origin.is_none() {
                    av.origin = bv.origin.clone();
                }
                av.first_clean &= bv.first_clean;
            }
            None => {
                a.insert(k.clone(), bv.clone());
            }
        }
    }
    a
}
