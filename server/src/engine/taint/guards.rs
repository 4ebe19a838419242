//! Conditions that validate names: allow-list membership, comparisons with
//! constants, validator calls (`x.isdigit()`), and their negations.

use super::ir::{Expr, Test};
use super::value::{Text, Value};
use super::{Analysis, Env};
use std::rc::Rc;

impl Analysis<'_> {
    /// Clear the names that `cond` proves safe when it evaluates to `when`.
    pub(super) fn validate(&self, env: &mut Env, cond: &Expr, when: bool) {
        let mut keys = Vec::new();
        self.guards(env, cond, when, &mut keys);
        keys.extend(checked_urls(env, &keys));
        for key in keys {
            let mut v = env.get(key.as_str()).cloned().unwrap_or_default();
            v.src = None;
            v.params = 0;
            v.text = Some(Rc::new(Text {
                literal: String::new(),
                dynamic: false,
                span: cond.span(),
            }));
            env.insert(Rc::from(key.as_str()), v);
        }
    }

    pub(super) fn guards(&self, env: &Env, cond: &Expr, when: bool, out: &mut Vec<String>) {
        match cond {
            Expr::Test(test, _) => match &**test {
                Test::In {
                    item,
                    container,
                    negated,
                } if when != *negated && self.is_allow_list(env, container) => {
                    out.extend(guard_key(item));
                }
                Test::Eq {
                    left,
                    right,
                    negated,
                } if when != *negated => {
                    if is_literal(right) {
                        out.extend(guard_key(left));
                    } else if is_literal(left) {
                        out.extend(guard_key(right));
                    }
                }
                Test::Not(inner) => self.guards(env, inner, !when, out),
                Test::And(parts) if when => {
                    for p in parts {
                        self.guards(env, p, true, out);
                    }
                }
                Test::Or(parts) if !when => {
                    for p in parts {
                        self.guards(env, p, false, out);
                    }
                }
                _ => {}
            },
            Expr::Call(c) if when => {
                let Some(path) = self.path_of(&c.func, env) else {
                    return;
                };
                if self.model().validators.first(&path).is_none() {
                    return;
                }
                // `x.isdigit()`, `p.is_relative_to(BASE)` validate the receiver;
                // `re.fullmatch(P, x)`, `is_safe_url(x)` their arguments.
                let module_function = match &c.func {
                    Expr::Attr { base, .. } => match &**base {
                        Expr::Name { name, .. } => {
                            self.imports.contains_key(name.as_str())
                                || matches!(name.as_str(), "re" | "os" | "validators")
                        }
                        _ => false,
                    },
                    _ => true,
                };
                match &c.func {
                    Expr::Attr { base, .. } if !module_function => out.extend(guard_key(base)),
                    // Positional or by keyword: `url_has_allowed_host_and_scheme(url=next)`.
                    _ => {
                        for a in c.args.iter().chain(c.kwargs.iter().map(|(_, v)| v)) {
                            out.extend(guard_key(a));
                        }
                    }
                }
            }
            Expr::Walrus { name, value, .. } => {
                self.guards(env, value, when, out);
                if out.iter().any(|k| guard_key(value).as_ref() == Some(k)) {
                    out.push(name.clone());
                }
            }
            _ => {}
        }
    }

    /// A container that does not itself carry untrusted data (`ALLOWED`,
    /// `{"a", "b"}`, `settings.HOSTS`): membership in it validates.
    pub(super) fn is_allow_list(&self, env: &Env, container: &Expr) -> bool {
        match container {
            Expr::Collection { items, .. } => items.iter().all(is_literal),
            Expr::Name { name, .. } => !env.get(name.as_str()).is_some_and(Value::is_tainted),
            Expr::Attr { .. } => attr_key_expr(container)
                .is_none_or(|k| !env.get(k.as_str()).is_some_and(Value::is_tainted)),
            Expr::Call(c) => matches!(&c.func, Expr::Attr { name, .. } if name == "keys"),
            _ => false,
        }
    }
}

/// `parsed = urlparse(url)`, then `parsed.hostname in ALLOWED`: the host
/// of the URL is checked, so the names holding the same untrusted input (the
/// URL itself) are validated too.
fn checked_urls(env: &Env, keys: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for key in keys {
        let Some((base, attr)) = key.split_once('.') else {
            continue;
        };
        if !matches!(attr, "hostname" | "netloc" | "host") {
            continue;
        }
        let Some(parsed) = env.get(base) else {
            continue;
        };
        let is_url = parsed.origin.as_deref().is_some_and(|o| {
            ["urlparse()", "urlsplit()", "URL()"]
                .iter()
                .any(|p| o.ends_with(p))
        });
        let Some(input) = parsed.src.as_ref().filter(|_| is_url) else {
            continue;
        };
        out.extend(
            env.iter()
                .filter(|(_, v)| v.src.as_ref().is_some_and(|s| s.span == input.span))
                .map(|(name, _)| name.to_string()),
        );
    }
    out
}

/// `self.x` style keys for attributes of plain names.
pub(super) fn attr_key(base: &Expr, name: &str) -> Option<String> {
    match base {
        Expr::Name { name: b, .. } => Some(format!("{b}.{name}")),
        _ => None,
    }
}

pub(super) fn attr_key_expr(e: &Expr) -> Option<String> {
    match e {
        Expr::Attr { base, name, .. } => attr_key(base, name),
        _ => None,
    }
}

pub(super) fn root_name(e: &Expr) -> Option<&str> {
    match e {
        Expr::Name { name, .. } => Some(name),
        Expr::Attr { base, .. } | Expr::Index { base, .. } => root_name(base),
        _ => None,
    }
}

/// The name a condition on `e` validates: `x` in `x`, `x.lower()`,
/// `int(x)`, `urlparse(x).netloc`, `self.x`.
pub(super) fn guard_key(e: &Expr) -> Option<String> {
    match e {
        Expr::Name { name, .. } => Some(name.clone()),
        Expr::Attr { base, name, .. } => match &**base {
            Expr::Name { .. } => attr_key(base, name),
            other => guard_key(other),
        },
        Expr::Call(c) => match &c.func {
            Expr::Attr { base, .. }
                if !matches!(**base, Expr::Name { .. }) || c.args.is_empty() =>
            {
                guard_key(base)
            }
            _ => c.args.first().and_then(guard_key),
        },
        Expr::Walrus { name, .. } => Some(name.clone()),
        _ => None,
    }
}

pub(super) fn is_literal(e: &Expr) -> bool {
    matches!(e, Expr::Str { .. } | Expr::Const { .. })
}

/// `ALLOWED_HOSTS`, `MAX_LEN`: module constants by convention.
pub(super) fn is_constant_name(name: &str) -> bool {
    name.len() > 1
        && name
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
        && name.bytes().any(|b| b.is_ascii_uppercase())
}
