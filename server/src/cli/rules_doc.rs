//! `rules --format markdown`: the rule reference, docs/rules.md. Generated
//! from the rule files so the page cannot drift from what the tool does (a
//! test compares the checked-in page with this output).

use crate::rules::{Rule, RuleLanguage, RuleSet};
use std::fmt::Write;

/// The command that regenerates the page, written at its top.
pub const REGENERATE: &str = "cargo run --quiet -- rules --format markdown > docs/rules.md";

fn group(lang: RuleLanguage) -> (u8, &'static str, &'static str) {
    match lang {
        RuleLanguage::Python => (0, "Python", "python"),
        RuleLanguage::Rust => (1, "Rust", "rust"),
        RuleLanguage::Any => (2, "Any file", ""),
    }
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The whole page.
pub fn markdown(rules: &RuleSet) -> String {
    let mut sorted: Vec<&Rule> = rules.iter().map(|r| &**r).collect();
    sorted.sort_by(|a, b| (group(a.language).0, &a.id).cmp(&(group(b.language).0, &b.id)));
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<!-- Generated from rules/ by `suggestguard rules --format markdown`; do not edit.\n     Regenerate with: {REGENERATE} -->\n"
    );
    let _ = writeln!(out, "# Rules\n");
    let _ = writeln!(
        out,
        "{} rules. Every finding names its rule id; `suggestguard explain RULE` prints the \
         lesson, and settings can turn a rule off or change its severity.\n",
        sorted.len()
    );
    let _ = writeln!(out, "| id | language | severity | CWE | title |");
    let _ = writeln!(out, "|---|---|---|---|---|");
    for r in &sorted {
        let lang = match r.language {
            RuleLanguage::Any => "any",
            other => group(other).2,
        };
        let _ = writeln!(
            out,
            "| [`{id}`](#{id}) | {lang} | {} | {} | {} |",
            r.severity,
            r.cwe_tags().join(", "),
            cell(&r.title),
            id = r.id
        );
    }
    let mut current = None;
    for r in &sorted {
        let (order, heading, fence) = group(r.language);
        if current != Some(order) {
            current = Some(order);
            let _ = writeln!(out, "\n## {heading}");
        }
        rule_section(&mut out, r, fence);
    }
    out
}

fn rule_section(out: &mut String, r: &Rule, fence: &str) {
    let d = &r.docs;
    let cwe = if r.cwe.is_empty() {
        "no CWE".to_owned()
    } else {
        r.cwe
            .iter()
            .map(|c| format!("[CWE-{c}](https://cwe.mitre.org/data/definitions/{c}.html)"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = writeln!(out, "\n### {}\n", r.id);
    let _ = writeln!(
        out,
        "**{}** · severity: {} · {cwe}\n",
        r.title.trim(),
        r.severity
    );
    let _ = writeln!(out, "> {}\n", r.message.trim());
    for (label, text) in [
        ("What it finds", &d.what),
        ("Why it matters", &d.why),
        ("How it is exploited", &d.exploit),
        ("What to write instead", &d.fix),
    ] {
        if !text.trim().is_empty() {
            let _ = writeln!(out, "**{label}.** {}\n", text.trim());
        }
    }
    for (label, code) in [("Flagged", &d.example), ("Instead", &d.instead)] {
        let code = code.trim_matches('\n').trim_end();
        if !code.trim().is_empty() {
            let _ = writeln!(out, "{label}:\n\n```{fence}\n{code}\n```\n");
        }
    }
    if !d.references.is_empty() {
        let links: Vec<String> = d.references.iter().map(|u| format!("<{u}>")).collect();
        let _ = writeln!(out, "References: {}", links.join(", "));
    }
}
