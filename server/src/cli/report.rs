//! Text and JSON reports, and the line/column arithmetic they share with SARIF.

use super::scan::FileReport;
use crate::engine::fix;
use crate::finding::{Finding, Severity};
use serde::Serialize;
use std::borrow::Cow;
use std::io::Write;
use std::path::Path;

/// Where lines start in a text, for 1-based line and column numbers.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

/// How columns are counted.
#[derive(Clone, Copy)]
pub enum Columns {
    /// Unicode scalar values (text and JSON reports).
    Chars,
    /// UTF-16 code units (SARIF's default `columnKind`).
    Utf16,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    /// 1-based line and column of a byte offset.
    pub fn line_col(&self, byte: usize, columns: Columns) -> (usize, usize) {
        let byte = byte.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= byte) - 1;
        let mut start = self.starts[line];
        while !self.text.is_char_boundary(start) {
            start += 1;
        }
        let mut end = byte;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let prefix = &self.text[start..end.max(start)];
        let col = match columns {
            Columns::Chars => prefix.chars().count(),
            Columns::Utf16 => prefix.encode_utf16().count(),
        };
        (line + 1, col + 1)
    }
}

/// A path as reports show it: without a leading `./`.
pub fn display_path(path: &std::path::Path) -> String {
    let text = path.display().to_string();
    match text.strip_prefix("./") {
        Some(rest) => rest.to_owned(),
        None => text,
    }
}

/// One finding as the JSON report shows it.
#[derive(Serialize)]
pub struct JsonFinding {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub rule: String,
    pub severity: Severity,
    pub cwe: Vec<String>,
    pub message: String,
    /// The fixed text of the whole file is not included; the edits are.
    pub fix: Option<JsonFix>,
}

#[derive(Serialize)]
pub struct JsonFix {
    pub title: String,
    /// The file the edits apply to when it is not the finding's own (the
    /// manifest a dependency is added to); lines and columns are in it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    pub edits: Vec<JsonEdit>,
}

#[derive(Serialize)]
pub struct JsonEdit {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub new_text: String,
}

/// The fix of `finding` when it keeps the file parseable.
pub fn checked_fix<'a>(
    report: &FileReport,
    finding: &'a Finding,
) -> Option<&'a crate::finding::Fix> {
    finding.fix.as_ref().filter(|f| {
        f.file.is_none()
            && (report.fixes_checked
                || fix::fix_keeps_syntax_in(report.language, &report.text, report.tree.as_ref(), f))
    })
}

/// A fix that edits another file, with that file's current text, when its
/// edits still fit the text (it may have changed since the analysis).
pub fn other_file_fix(finding: &Finding) -> Option<(&Path, String, &crate::finding::Fix)> {
    let fix = finding.fix.as_ref()?;
    let file = fix.file.as_deref()?;
    let text = std::fs::read_to_string(file).ok()?;
    let fits = fix.edits.iter().all(|e| {
        e.range.start <= e.range.end
            && text.is_char_boundary(e.range.start)
            && text.is_char_boundary(e.range.end)
    });
    fits.then_some((file, text, fix))
}

/// The fix a report shows for `finding`: the file it edits (`None`: the
/// finding's own), that file's text, and the fix.
pub fn report_fix<'a>(
    report: &'a FileReport,
    finding: &'a Finding,
) -> Option<(Option<&'a Path>, Cow<'a, str>, &'a crate::finding::Fix)> {
    if let Some(fix) = checked_fix(report, finding) {
        return Some((None, Cow::Borrowed(report.text.as_str()), fix));
    }
    other_file_fix(finding).map(|(file, text, fix)| (Some(file), Cow::Owned(text), fix))
}

pub fn json_findings(files: &[FileReport], keep: impl Fn(&Finding) -> bool) -> Vec<JsonFinding> {
    let mut out = Vec::new();
    for report in files {
        let index = LineIndex::new(&report.text);
        for f in report.findings.iter().filter(|f| keep(f)) {
            let (line, column) = index.line_col(f.range.start, Columns::Chars);
            let (end_line, end_column) = index.line_col(f.range.end, Columns::Chars);
            let fix = report_fix(report, f).map(|(file, text, fix)| {
                let index = LineIndex::new(&text);
                JsonFix {
                    title: fix.title.clone(),
                    file: file.map(display_path),
                    edits: fix
                        .edits
                        .iter()
                        .map(|e| {
                            let (line, column) = index.line_col(e.range.start, Columns::Chars);
                            let (end_line, end_column) =
                                index.line_col(e.range.end, Columns::Chars);
                            JsonEdit {
                                line,
                                column,
                                end_line,
                                end_column,
                                new_text: e.new_text.clone(),
                            }
                        })
                        .collect(),
                }
            });
            out.push(JsonFinding {
                file: display_path(&report.path),
                line,
                column,
                end_line,
                end_column,
                rule: f.rule_id.clone(),
                severity: f.severity,
                cwe: f.cwe.iter().map(|c| format!("CWE-{c}")).collect(),
                message: f.message.clone(),
                fix,
            });
        }
    }
    out
}

/// `file:line:col: severity rule-id message`, one line a finding.
pub fn write_text(
    out: &mut impl Write,
    files: &[FileReport],
    keep: impl Fn(&Finding) -> bool,
    color: bool,
) -> std::io::Result<()> {
    for f in json_findings(files, keep) {
        let (on, off) = if color {
            let code = match f.severity {
                Severity::Error => "\x1b[1;31m",
                Severity::Warning => "\x1b[1;33m",
                Severity::Info => "\x1b[1;34m",
                Severity::Hint => "\x1b[2m",
            };
            (code, "\x1b[0m")
        } else {
            ("", "")
        };
        writeln!(
            out,
            "{}:{}:{}: {on}{}{off} {} {}",
            f.file, f.line, f.column, f.severity, f.rule, f.message
        )?;
    }
    Ok(())
}
