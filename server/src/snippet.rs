//! Checking a snippet before it is accepted: analyse it as if it were inserted
//! at a place in a document, so the document's imports, helpers and path (and
//! through the path, the project's manifests) count; report the findings that
//! lie in the snippet, in the snippet's own byte offsets.

use crate::config::Config;
use crate::engine::analyze_text;
use crate::finding::{Finding, Fix, Related, TextEdit};
use crate::lang::Language;
use std::ops::Range;
use std::path::Path;

/// Where the snippet would go.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub text: &'a str,
    pub path: Option<&'a Path>,
    /// Byte offset of the insertion point (moved back to a character boundary).
    pub at: usize,
}

/// The findings in `snippet`, analysed in `context` when given. Ranges are
/// relative to the snippet; related places and fixes outside it are dropped.
pub fn check(
    snippet: &str,
    language: Language,
    context: Option<Context>,
    config: &Config,
) -> Vec<Finding> {
    let (text, path, at) = match context {
        Some(c) => {
            let mut at = c.at.min(c.text.len());
            while !c.text.is_char_boundary(at) {
                at -= 1;
            }
            let mut text = String::with_capacity(c.text.len() + snippet.len());
            text.push_str(&c.text[..at]);
            text.push_str(snippet);
            text.push_str(&c.text[at..]);
            (text, c.path, at)
        }
        None => (snippet.to_owned(), None, 0),
    };
    let span = at..at + snippet.len();
    let inside = |r: &Range<usize>| span.start <= r.start && r.end <= span.end;
    let local = |r: &Range<usize>| r.start - at..r.end - at;
    analyze_text(&text, language, path, config)
        .into_iter()
        .filter(|f| span.start <= f.range.start && f.range.start < span.end.max(span.start + 1))
        .map(|f| Finding {
            range: local(&(f.range.start..f.range.end.min(span.end))),
            related: f
                .related
                .iter()
                .filter(|r| inside(&r.range))
                .map(|r| Related {
                    range: local(&r.range),
                    message: r.message.clone(),
                })
                .collect(),
            fix: f.fix.as_ref().and_then(|fix| {
                (fix.file.is_none() && fix.edits.iter().all(|e| inside(&e.range))).then(|| Fix {
                    title: fix.title.clone(),
                    edits: fix
                        .edits
                        .iter()
                        .map(|e| TextEdit {
                            range: local(&e.range),
                            new_text: e.new_text.clone(),
                        })
                        .collect(),
                    file: None,
                })
            }),
            ..f
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_in_context_have_snippet_relative_ranges_and_fixes() {
        let config = Config::default();
        let snippet = "    return yaml.load(f)\n";
        let context = "import yaml\n\ndef load(f):\n    pass\n";
        let at = context.find("    pass").unwrap();
        let found = check(
            snippet,
            Language::Python,
            Some(Context {
                text: context,
                path: None,
                at,
            }),
            &config,
        );
        let f = found
            .iter()
            .find(|f| f.rule_id == "py-yaml-load")
            .expect("finding in the snippet");
        assert_eq!(&snippet[f.range.clone()], "yaml.load(f)");
        let fix = f.fix.as_ref().expect("fix inside the snippet");
        assert!(fix.edits.iter().all(|e| e.range.end <= snippet.len()));
    }

    #[test]
    fn findings_of_the_surrounding_document_are_not_reported() {
        let config = Config::default();
        let context = "import yaml\nyaml.load(open('a'))\n";
        let found = check(
            "x = 1\n",
            Language::Python,
            Some(Context {
                text: context,
                path: None,
                at: context.len(),
            }),
            &config,
        );
        assert!(found.is_empty(), "{found:?}");
        let alone = check("eval(data)\n", Language::Python, None, &config);
        assert_eq!(alone[0].rule_id, "py-eval-injection");
    }
}
