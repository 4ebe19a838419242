//! What the engine reports. Plain data: byte offsets, no editor or protocol types.

use serde::{Deserialize, Serialize};
use std::ops::Range;

/// How serious a finding is. Ordered from least to most serious, so that
/// `severity >= threshold` reads naturally.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Hint,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Hint => "hint",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        match text.to_ascii_lowercase().as_str() {
            "hint" | "note" => Some(Severity::Hint),
            "info" | "information" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One replacement of the bytes in `range` by `new_text`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextEdit {
    pub range: Range<usize>,
    pub new_text: String,
}

/// A mechanical, secure rewrite of the flagged code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    /// Shown as the code action's title.
    pub title: String,
    /// Non-overlapping edits, in any order.
    pub edits: Vec<TextEdit>,
    /// The file the edits apply to when it is not the analysed one (adding a
    /// dependency to a manifest); byte offsets are then in that file's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<std::path::PathBuf>,
}

/// A second place that explains a finding (where tainted data entered, the sink
/// inside a helper, ...).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Related {
    pub range: Range<usize>,
    pub message: String,
}

/// One problem found in one file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable rule id; never changes once released.
    pub rule_id: String,
    /// Byte range in the analysed text.
    pub range: Range<usize>,
    pub severity: Severity,
    /// CWE numbers of the weakness, most specific first (copied from the rule).
    pub cwe: Vec<u32>,
    /// One sentence: the danger and the way out. Never empty, never a secret in full.
    pub message: String,
    pub fix: Option<Fix>,
    pub related: Vec<Related>,
}

impl Finding {
    /// Sort key that gives reports a stable, readable order.
    pub fn sort_key(&self) -> (usize, usize, &str) {
        (self.range.start, self.range.end, &self.rule_id)
    }
}
