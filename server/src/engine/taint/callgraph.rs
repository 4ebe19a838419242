//! Which helpers of the same file a function calls (the calls whose
//! summaries the core looks up), to analyse callees before their callers.

use super::ir::{Expr, Stmt, Target, Test};

pub(super) fn called_names_stmt<'a>(s: &'a Stmt, out: &mut Vec<&'a str>) {
    match s {
        Stmt::Assign { targets, value, .. } => {
            for t in targets {
                called_names_target(t, out);
            }
            called_names(value, out);
        }
        Stmt::AugAssign { target, value, .. } => {
            called_names_target(target, out);
            called_names(value, out);
        }
        Stmt::Expr(e) | Stmt::Return(Some(e), _) | Stmt::Exit(Some(e)) => called_names(e, out),
        Stmt::Return(None, _) | Stmt::Exit(None) => {}
        Stmt::If {
            cond,
            then,
            otherwise,
        } => {
            called_names(cond, out);
            for s in then.iter().chain(otherwise) {
                called_names_stmt(s, out);
            }
        }
        Stmt::Loop {
            bind,
            cond,
            body,
            otherwise,
        } => {
            if let Some((_, e)) = bind {
                called_names(e, out);
            }
            if let Some(e) = cond {
                called_names(e, out);
            }
            for s in body.iter().chain(otherwise) {
                called_names_stmt(s, out);
            }
        }
        Stmt::Try {
            body,
            handlers,
            otherwise,
            finally,
        } => {
            for s in body
                .iter()
                .chain(handlers.iter().flatten())
                .chain(otherwise)
                .chain(finally)
            {
                called_names_stmt(s, out);
            }
        }
    }
}

fn called_names_target<'a>(t: &'a Target, out: &mut Vec<&'a str>) {
    match t {
        Target::Attr { base, .. } => called_names(base, out),
        Target::Index { base, index, .. } => {
            called_names(base, out);
            called_names(index, out);
        }
        Target::Tuple(ts) => {
            for t in ts {
                called_names_target(t, out);
            }
        }
        _ => {}
    }
}

fn called_names<'a>(e: &'a Expr, out: &mut Vec<&'a str>) {
    match e {
        Expr::Call(c) => {
            match &c.func {
                Expr::Name { name, .. } => out.push(name),
                Expr::Attr { name, base, .. } => {
                    // Only `self.f()`/`cls.f()` resolve to a helper of this
                    // file (see `local_summary`); `obj.get()` does not.
                    if matches!(&**base, Expr::Name { name: b, .. } if b == "self" || b == "cls") {
                        out.push(name);
                    }
                    called_names(base, out);
                }
                other => called_names(other, out),
            }
            for a in &c.args {
                called_names(a, out);
            }
            for (_, a) in &c.kwargs {
                called_names(a, out);
            }
        }
        Expr::Attr { base, .. } => called_names(base, out),
        Expr::Index { base, index, .. } => {
            called_names(base, out);
            called_names(index, out);
        }
        Expr::Format { parts, .. } | Expr::Op { parts, .. } => {
            for p in parts {
                called_names(p, out);
            }
        }
        Expr::Collection { items, .. } => {
            for p in items {
                called_names(p, out);
            }
        }
        Expr::Comprehension {
            generators,
            element,
            ..
        } => {
            for g in generators {
                called_names(&g.iter, out);
                for c in &g.conditions {
                    called_names(c, out);
                }
            }
            called_names(element, out);
        }
        Expr::Walrus { value, .. } => called_names(value, out),
        Expr::Test(t, _) => match &**t {
            Test::In {
                item, container, ..
            } => {
                called_names(item, out);
                called_names(container, out);
            }
            Test::Eq { left, right, .. } => {
                called_names(left, out);
                called_names(right, out);
            }
            Test::Not(e) => called_names(e, out),
            Test::And(ps) | Test::Or(ps) | Test::Other(ps) => {
                for p in ps {
                    called_names(p, out);
                }
            }
        },
        Expr::Const { .. } | Expr::Str { .. } | Expr::Name { .. } => {}
    }
}
