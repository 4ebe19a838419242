//! Text and JSON reports, and the line/column arithmetic they share with SARIF.

use super::scan::FileReport;
use crate::engine::fix;
use crate::finding::{Finding, Severity};
use serde::Serialize;
use std::io::Write;
use std::path::Path;

/// 1-based line and column numbers of byte offsets of a file: from its
/// text, or from the positions kept for it when the text was dropped.
pub enum LineIndex<'a> {
    Text { text: &'a str, starts: Vec<usize> },
    Kept(&'a Positions),
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
        LineIndex::Text { text, starts }
    }

    /// 1-based line and column of a byte offset.
    pub fn line_col(&self, byte: usize, columns: Columns) -> (usize, usize) {
        let (text, starts) = match self {
            LineIndex::Text { text, starts } => (text, starts),
            LineIndex::Kept(positions) => return positions.line_col(byte, columns),
        };
        let byte = byte.min(text.len());
        let line = starts.partition_point(|&s| s <= byte) - 1;
        let mut start = starts[line];
        while !text.is_char_boundary(start) {
            start += 1;
        }
        let mut end = byte;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let prefix = &text[start..end.max(start)];
        let col = match columns {
            Columns::Chars => prefix.chars().count(),
            Columns::Utf16 => prefix.encode_utf16().count(),
        };
        (line + 1, col + 1)
    }
}

/// The line and column numbers (both ways of counting columns) of the
/// offsets a report of one file asks for, computed while its text was at
/// hand: a scan of a large tree then keeps these instead of every text.
#[derive(Debug, Default)]
pub struct Positions {
    /// Sorted by offset: (offset, line, column in chars, column in UTF-16).
    known: Vec<(usize, usize, usize, usize)>,
}

impl Positions {
    pub fn of(text: &str, offsets: impl IntoIterator<Item = usize>) -> Positions {
        let index = LineIndex::new(text);
        let mut offsets: Vec<usize> = offsets.into_iter().collect();
        offsets.sort_unstable();
        offsets.dedup();
        let known = offsets
            .into_iter()
            .map(|at| {
                let (line, chars) = index.line_col(at, Columns::Chars);
                let (_, utf16) = index.line_col(at, Columns::Utf16);
                (at, line, chars, utf16)
            })
            .collect();
        Positions { known }
    }

    /// The position of `byte`, which must be one of the offsets given to
    /// [`Positions::of`] (else the nearest one before it).
    fn line_col(&self, byte: usize, columns: Columns) -> (usize, usize) {
        let i = self.known.partition_point(|k| k.0 <= byte);
        debug_assert!(
            i > 0 && self.known[i - 1].0 == byte,
            "offset {byte} not kept"
        );
        let Some(&(_, line, chars, utf16)) = self.known.get(i.saturating_sub(1)) else {
            return (1, 1);
        };
        match columns {
            Columns::Chars => (line, chars),
            Columns::Utf16 => (line, utf16),
        }
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
                || report.text().is_some_and(|text| {
                    fix::fix_keeps_syntax_in(report.language, text, report.tree.as_ref(), f)
                }))
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

/// The fix a report shows for `finding`: the file it edits with that file's
/// text (`None`: the finding's own file), and the fix.
pub fn report_fix<'a>(
    report: &'a FileReport,
    finding: &'a Finding,
) -> Option<(Option<(&'a Path, String)>, &'a crate::finding::Fix)> {
    if let Some(fix) = checked_fix(report, finding) {
        return Some((None, fix));
    }
    other_file_fix(finding).map(|(file, text, fix)| (Some((file, text)), fix))
}

/// The line index for a fix's edits: the other file's, or the report's own.
pub fn fix_index<'a>(report: &'a FileReport, other: &'a Option<(&Path, String)>) -> LineIndex<'a> {
    match other {
        Some((_, text)) => LineIndex::new(text),
        None => report.index(),
    }
}

/// The findings of `files` that `keep` lets through, as the JSON report
/// shows them, made one file at a time as they are consumed (a report of a
/// large tree is written without holding all of it).
pub fn json_findings<'a>(
    files: &'a [FileReport],
    keep: impl Fn(&Finding) -> bool + 'a,
) -> impl Iterator<Item = JsonFinding> + 'a {
    files
        .iter()
        .flat_map(move |report| file_json_findings(report, &keep))
}

fn file_json_findings(report: &FileReport, keep: impl Fn(&Finding) -> bool) -> Vec<JsonFinding> {
    let index = report.index();
    let mut out = Vec::new();
    for f in report.findings.iter().filter(|f| keep(f)) {
        let (line, column) = index.line_col(f.range.start, Columns::Chars);
        let (end_line, end_column) = index.line_col(f.range.end, Columns::Chars);
        let fix = report_fix(report, f).map(|(other, fix)| {
            let index = fix_index(report, &other);
            JsonFix {
                title: fix.title.clone(),
                file: other.as_ref().map(|(file, _)| display_path(file)),
                edits: fix
                    .edits
                    .iter()
                    .map(|e| {
                        let (line, column) = index.line_col(e.range.start, Columns::Chars);
                        let (end_line, end_column) = index.line_col(e.range.end, Columns::Chars);
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
