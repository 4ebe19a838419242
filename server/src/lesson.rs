//! Lessons: what a finding teaches, in Markdown. The full lesson says what was
//! found, why it matters, how an attacker uses it (two sentences), the secure
//! version of this very code (from the fix when there is one), the concrete
//! path for dataflow findings, and links. The short form is the message and
//! the way out. Which one a developer sees is decided by the caller.

use crate::finding::Finding;
use crate::rules::{Rule, RuleLanguage};
use ropey::Rope;

/// How much of a lesson to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Full,
    Short,
}

/// Lines of secure code shown at most.
const MAX_CODE_LINES: usize = 12;

/// The lesson for `finding` in `text`. `rule` is `None` for findings of
/// unknown rules: the message alone is shown.
pub fn render(rule: Option<&Rule>, finding: &Finding, text: &str, level: Level) -> String {
    let Some(rule) = rule else {
        return finding.message.clone();
    };
    let rope = Rope::from_str(text);
    let cwe = rule.cwe_tags().join(", ");
    let head = if cwe.is_empty() {
        format!("**{}** (`{}`)", rule.title, rule.id)
    } else {
        format!("**{}** (`{}`, {cwe})", rule.title, rule.id)
    };
    let secure = secure_version(rule, finding, text);
    let lang = fence_language(rule.language);
    let mut out = format!("{head}: {}\n", finding.message.trim());
    match level {
        Level::Short => {
            if let Some(code) = secure.filter(|_| finding.fix.is_some()) {
                out.push_str(&format!("\nSecure version:\n```{lang}\n{code}\n```\n"));
            } else if !rule.docs.fix.trim().is_empty() {
                out.push_str(&format!(
                    "\n**Instead:** {}\n",
                    first_sentences(&rule.docs.fix, 1)
                ));
            }
            out.push_str(&format!(
                "\n_Full lesson: the `suggestguard.explain` command, or `suggestguard explain {}`._\n",
                rule.id
            ));
        }
        Level::Full => {
            let d = &rule.docs;
            out.push_str(&format!("\n**What was found.** {}\n", d.what.trim()));
            out.push_str(&format!("\n**Why it matters.** {}\n", d.why.trim()));
            out.push_str(&format!(
                "\n**How an attacker exploits it.** {}\n",
                first_sentences(&d.exploit, 2)
            ));
            if !finding.related.is_empty() {
                out.push_str("\n**The path in this file.**\n");
                let mut steps: Vec<(usize, String)> = finding
                    .related
                    .iter()
                    .map(|r| (r.range.start, r.message.clone()))
                    .collect();
                steps.push((finding.range.start, "reaches the sink here".to_owned()));
                for (i, (at, message)) in steps.iter().enumerate() {
                    let line = rope.byte_to_line((*at).min(rope.len_bytes()));
                    let code = rope.line(line).to_string();
                    out.push_str(&format!(
                        "{}. line {}: `{}` — {}\n",
                        i + 1,
                        line + 1,
                        code.trim().replace('`', "'"),
                        message.trim()
                    ));
                }
            }
            out.push_str(&format!("\n**What to write instead.** {}\n", d.fix.trim()));
            if let Some(code) = secure {
                out.push_str(&format!("\n```{lang}\n{code}\n```\n"));
            }
            let mut links: Vec<String> = rule
                .cwe_url()
                .into_iter()
                .zip(rule.cwe.first())
                .map(|(url, c)| format!("[CWE-{c}]({url})"))
                .collect();
            links.extend(d.references.iter().map(|url| {
                if url.contains("cheatsheetseries.owasp.org") {
                    format!("[OWASP cheat sheet]({url})")
                } else {
                    format!("<{url}>")
                }
            }));
            if !links.is_empty() {
                out.push_str(&format!("\n**Learn more:** {}\n", links.join(" · ")));
            }
        }
    }
    out
}

/// The secure version of the flagged code: the finding's lines with its fix
/// applied when it has one, else the rule's documented secure example.
pub fn secure_version(rule: &Rule, finding: &Finding, text: &str) -> Option<String> {
    if let Some(fix) = &finding.fix {
        if let Some(code) = fixed_lines(text, finding, fix) {
            return Some(code);
        }
    }
    let instead = rule.docs.instead.trim_matches('\n');
    (!instead.trim().is_empty()).then(|| instead.trim_end().to_owned())
}

fn fixed_lines(text: &str, finding: &Finding, fix: &crate::finding::Fix) -> Option<String> {
    let mut edits = fix.edits.clone();
    edits.sort_by_key(|e| e.range.start);
    if edits.windows(2).any(|w| w[0].range.end > w[1].range.start)
        || edits.iter().any(|e| {
            e.range.end > text.len()
                || !text.is_char_boundary(e.range.start)
                || !text.is_char_boundary(e.range.end)
        })
    {
        return None;
    }
    let first = edits
        .first()
        .map_or(finding.range.start, |e| e.range.start)
        .min(finding.range.start);
    let last = edits
        .last()
        .map_or(finding.range.end, |e| e.range.end)
        .max(finding.range.end)
        .min(text.len());
    let start = crate::text::line_start(text.as_bytes(), first);
    let end = text[last..].find('\n').map_or(text.len(), |i| last + i);
    let mut fixed = String::new();
    let mut at = start;
    for e in &edits {
        fixed.push_str(&text[at..e.range.start]);
        fixed.push_str(&e.new_text);
        at = e.range.end;
    }
    fixed.push_str(&text[at..end]);
    Some(dedent(&fixed))
}

/// Remove the indentation common to all non-blank lines; keep at most
/// [`MAX_CODE_LINES`] lines.
fn dedent(code: &str) -> String {
    let indent = code
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut lines: Vec<&str> = code
        .lines()
        .map(|l| l.get(indent..).unwrap_or(l.trim_start()))
        .collect();
    if lines.len() > MAX_CODE_LINES {
        lines.truncate(MAX_CODE_LINES);
        lines.push("...");
    }
    lines.join("\n")
}

/// The first `n` sentences of `text` (a sentence ends with `.`, `!` or `?`
/// followed by a space).
pub fn first_sentences(text: &str, n: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut count = 0;
    let bytes = text.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        let abbreviation = text[..=i].ends_with("e.g.") || text[..=i].ends_with("i.e.");
        if matches!(b, b'.' | b'!' | b'?')
            && !abbreviation
            && bytes.get(i + 1).is_none_or(|c| *c == b' ')
        {
            count += 1;
            if count == n {
                return text[..=i].to_owned();
            }
        }
    }
    text
}

fn fence_language(lang: RuleLanguage) -> &'static str {
    match lang {
        RuleLanguage::Python => "python",
        RuleLanguage::Rust => "rust",
        RuleLanguage::Any => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::engine::analyze_text;
    use crate::finding::Related;
    use crate::lang::Language;
    use crate::rules::RuleSet;

    const YAML: &str = "import yaml\n\ndef load(f):\n    return yaml.load(f)\n";

    #[test]
    fn full_lesson_has_every_section_and_the_fixed_code() {
        let findings = analyze_text(YAML, Language::Python, None, &Config::default());
        let f = findings
            .iter()
            .find(|f| f.rule_id == "py-yaml-load")
            .unwrap();
        let rule = RuleSet::builtin().get("py-yaml-load").map(|r| &**r);
        let full = render(rule, f, YAML, Level::Full);
        for part in [
            "**What was found.**",
            "**Why it matters.**",
            "**How an attacker exploits it.**",
            "**What to write instead.**",
            "return yaml.safe_load(f)",
            "[CWE-502](https://cwe.mitre.org/data/definitions/502.html)",
            "[OWASP cheat sheet](",
        ] {
            assert!(full.contains(part), "{part} missing in\n{full}");
        }
        let short = render(rule, f, YAML, Level::Short);
        assert!(short.contains("yaml.safe_load(f)") && short.contains("CWE-502"));
        assert!(!short.contains("**Why it matters.**"));
        assert!(short.len() < full.len());
    }

    #[test]
    fn dataflow_findings_walk_their_path() {
        let text = "q = input()\nx = 1\neval(q)\n";
        let rule = RuleSet::builtin().get("py-eval-injection").map(|r| &**r);
        let f = Finding {
            rule_id: "py-eval-injection".into(),
            range: 24..31,
            severity: crate::finding::Severity::Error,
            cwe: vec![95],
            message: "eval of user input".into(),
            fix: None,
            related: vec![Related {
                range: 4..11,
                message: "user input enters here".into(),
            }],
        };
        let full = render(rule, &f, text, Level::Full);
        assert!(
            full.contains("1. line 1: `q = input()` — user input enters here"),
            "{full}"
        );
        assert!(full.contains("2. line 3: `eval(q)` — reaches the sink here"));
    }

    #[test]
    fn sentences_are_cut_after_the_count() {
        assert_eq!(
            first_sentences("One. Two, e.g. x. Three.", 2),
            "One. Two, e.g. x."
        );
        assert_eq!(first_sentences("No end", 2), "No end");
        assert_eq!(first_sentences("A? B! C.", 2), "A? B!");
    }
}
