//! `check`: findings for a snippet read from standard input, optionally as if
//! inserted into a file of the project (its imports and manifests count).

use super::scan::{Content, FileReport};
use crate::config::Config;
use crate::lang::Language;
use crate::snippet::{self, Context};
use std::path::{Path, PathBuf};

/// The report of one snippet, named `<stdin>`. With `file`, the snippet goes
/// before its 1-based `line` (default: after its last line).
pub fn check(
    snippet: &str,
    language: Language,
    file: Option<&Path>,
    line: Option<usize>,
    config: &Config,
) -> Result<FileReport, String> {
    let findings = match file {
        Some(file) => {
            let mut text =
                std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
            let at = match line {
                Some(line) => {
                    let starts: Vec<usize> = std::iter::once(0)
                        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                        .collect();
                    *starts
                        .get(line.saturating_sub(1))
                        .ok_or_else(|| format!("{}: has no line {line}", file.display()))?
                }
                None => {
                    if !text.is_empty() && !text.ends_with('\n') {
                        text.push('\n');
                    }
                    text.len()
                }
            };
            let context = Context {
                text: &text,
                path: Some(file),
                at,
            };
            snippet::check(snippet, language, Some(context), config)
        }
        None => snippet::check(snippet, language, None, config),
    };
    Ok(FileReport {
        path: PathBuf::from("<stdin>"),
        content: Content::Text(snippet.to_owned()),
        language,
        tree: None,
        findings,
        fixes_checked: false,
    })
}
