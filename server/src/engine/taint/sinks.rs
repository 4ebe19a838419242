//! Sinks: arguments of dangerous calls, stores into trusted state, handler
//! return values; and the findings they produce.

use super::eval::CallSite;
use super::ir::{Call, Expr};
use super::model::{SinkDef, SourceKind};
use super::value::{Trace, Value};
use super::{Analysis, Env, Frame, Summary, SummarySink};
use crate::finding::{Finding, Related};
use std::ops::Range;

impl<'a> Analysis<'a> {
    // ---- sinks -----------------------------------------------------------

    pub(super) fn check_sinks(
        &mut self,
        frame: &mut Frame<'a>,
        path: &str,
        site: &CallSite<'a, '_>,
    ) {
        let model = self.model();
        for sink in model.sinks.lookup(path) {
            if !sink_applies(sink, site.call) {
                continue;
            }
            let rule = sink.rule;
            for r in &sink.args {
                for (_, value) in site.pairs(r) {
                    if sink.program && value.first_clean {
                        continue;
                    }
                    if let Some(re) = &sink.literal {
                        let text = match sink.literal_arg {
                            Some(i) => site.args.get(i).and_then(|v| v.text.clone()),
                            None => value.text.clone(),
                        };
                        let any_text = self.imports_any(&sink.html_by_default);
                        if !text.is_some_and(|t| any_text || re.is_match(&t.literal)) {
                            continue;
                        }
                    }
                    let shown = short_path(path);
                    self.report_value(frame, rule, value, site.call, &shown, None);
                }
            }
        }
    }

    /// Report `value` reaching a sink of `rule` at `call`: a finding when it
    /// carries a source, a summary entry when it carries parameters, and a
    /// lower-confidence finding when it is a string built from non-constants.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn report_value(
        &mut self,
        frame: &mut Frame<'a>,
        rule: usize,
        value: &Value,
        call: &'a Call,
        shown: &str,
        inner: Option<(&Range<usize>, &str)>,
    ) {
        let model = self.model();
        let trule = &model.rules[rule];
        if let Some(src) = value.source_for(rule, &trule.kinds, trule.direct_only) {
            let src = src.clone();
            self.emit_taint(rule, &src, call.report.clone(), Some(call), inner);
            return;
        }
        let params = value.params_for(rule);
        if params != 0 {
            let (site, what) = match inner {
                Some((s, w)) => (s.clone(), w.to_owned()),
                None => (call.report.clone(), shown.to_owned()),
            };
            frame.summary.sinks.push(SummarySink {
                params,
                rule,
                site,
                what,
            });
        }
        if inner.is_some() {
            return;
        }
        let Some((regex, severity, message)) = &trule.heuristic else {
            return;
        };
        let Some(text) = value.text.as_ref().filter(|t| t.dynamic) else {
            return;
        };
        if value.src.is_some() && value.cleared & (1 << rule) != 0 {
            return; // sanitized for this rule
        }
        if !regex.is_match(&text.literal) || !self.seen.insert((rule, call.report.start)) {
            return;
        }
        let r = &trule.rule;
        let mut related = Vec::new();
        if text.span != call.span {
            related.push(Related {
                range: text.span.clone(),
                message: "the string is built here from values of unknown origin".into(),
            });
        }
        self.findings.push(Finding {
            rule_id: r.id.clone(),
            range: call.report.clone(),
            severity: *severity,
            cwe: r.cwe.clone(),
            message: message.clone(),
            fix: trule.fix.as_deref().and_then(|k| (self.fixer)(k, call)),
            related,
        });
    }

    pub(super) fn emit_taint(
        &mut self,
        rule: usize,
        src: &Trace,
        range: Range<usize>,
        call: Option<&Call>,
        inner: Option<(&Range<usize>, &str)>,
    ) {
        // Data passed to a helper is reported where the helper uses it (the
        // line a reader must change), with the call that passed it as
        // related information. Several callers may reach one such line, from
        // this segment or others: the file's findings keep one of them
        // (`dedup`), so it is not decided here by the order of analysis.
        let (range, call_site) = match inner {
            Some((site, _)) => (site.clone(), Some(range)),
            None => (range, None),
        };
        if call_site.is_none() && !self.seen.insert((rule, range.start)) {
            return;
        }
        let trule = &self.model().rules[rule];
        let r = &trule.rule;
        let source = format!("{} `{}`", src.label, src.shown);
        let message = capitalize(&trule.taint_message.replace("{source}", &source));
        let mut related = vec![Related {
            range: src.span.clone(),
            message: format!("untrusted data enters here: {source}"),
        }];
        for (span, step) in &src.steps {
            related.push(Related {
                range: span.clone(),
                message: step.clone(),
            });
        }
        if let (Some((_, what)), Some(call_site)) = (inner, call_site) {
            related.push(Related {
                range: call_site,
                message: format!("passed on here, to reach `{what}`"),
            });
        }
        let severity = if src.kind == SourceKind::Env {
            trule.env_severity.min(r.severity)
        } else {
            r.severity
        };
        let fix = match (call, &trule.fix) {
            (Some(c), Some(kind)) if inner.is_none() => (self.fixer)(kind, c),
            _ => None,
        };
        self.findings.push(Finding {
            rule_id: r.id.clone(),
            range,
            severity,
            cwe: r.cwe.clone(),
            message,
            fix,
            related,
        });
    }

    pub(super) fn apply_summary_sinks(
        &mut self,
        frame: &mut Frame<'a>,
        summary: &Summary,
        site: &CallSite<'a, '_>,
    ) {
        for sink in &summary.sinks {
            for (i, value) in site.param_values(summary) {
                if sink.params & (1 << i) == 0 {
                    continue;
                }
                let inner = Some((&sink.site, sink.what.as_str()));
                self.report_value(frame, sink.rule, value, site.call, "", inner);
            }
        }
    }

    /// `session[k] = v`, `response.headers[k] = v`: stores into trusted state.
    pub(super) fn check_store(
        &mut self,
        frame: &mut Frame<'a>,
        env: &Env,
        base: &Expr,
        value: &Value,
        span: &Range<usize>,
    ) {
        let Some(path) = self.path_of(base, env) else {
            return;
        };
        let rules: Vec<usize> = self.model().stores.lookup(&path).copied().collect();
        for rule in rules {
            let trule = &self.model().rules[rule];
            if let Some(src) = value.source_for(rule, &trule.kinds, trule.direct_only) {
                let src = src.clone();
                self.emit_taint(rule, &src, span.clone(), None, None);
            } else if value.params_for(rule) != 0 {
                frame.summary.sinks.push(SummarySink {
                    params: value.params_for(rule),
                    rule,
                    site: span.clone(),
                    what: short_path(&path),
                });
            }
        }
    }

    /// Does the module import any of these top-level packages?
    fn imports_any(&self, roots: &[String]) -> bool {
        !roots.is_empty()
            && self.module.imports.iter().any(|(_, path)| {
                let root = path.split('.').next().unwrap_or("");
                roots.iter().any(|r| r == root)
            })
    }

    pub(super) fn check_handler_return(&mut self, v: &Value, span: &Range<usize>) {
        let model = self.model();
        for (i, rule) in model.rules.iter().enumerate() {
            let Some(re) = &rule.handler_return else {
                continue;
            };
            // Where a returned string is HTML by default (Flask, Django), any
            // string built from request data is markup; elsewhere it must look
            // like HTML.
            let any_text = self.imports_any(&rule.html_by_default);
            if !v
                .text
                .as_ref()
                .is_some_and(|t| any_text || re.is_match(&t.literal))
            {
                continue;
            }
            if let Some(src) = v.source_for(i, &rule.kinds, rule.direct_only) {
                let src = src.clone();
                self.emit_taint(i, &src, span.clone(), None, None);
            }
        }
    }
}

fn sink_applies(sink: &SinkDef, call: &Call) -> bool {
    if let Some((name, re)) = &sink.requires_kwarg {
        let ok = call.kwargs.iter().any(|(k, e)| {
            k == name
                && match e {
                    Expr::Const { text, .. } | Expr::Str { text, .. } => re.is_match(text),
                    _ => false,
                }
        });
        if !ok {
            return false;
        }
    }
    if let Some(name) = &sink.unless_kwarg {
        if call.kwargs.iter().any(|(k, _)| k == name) {
            return false;
        }
    }
    true
}

pub(super) fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The callee for messages: `cursor.execute`, not the whole resolved chain.
pub(super) fn short_path(path: &str) -> String {
    let segments: Vec<&str> = path.split('.').collect();
    let n = segments.len();
    let s = if n >= 2 {
        format!("{}.{}", segments[n - 2], segments[n - 1])
    } else {
        path.to_owned()
    };
    s.replace("()", "")
}
