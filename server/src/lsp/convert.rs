//! Findings to LSP diagnostics and code-action edits: the LSP edge, where byte
//! offsets become positions in the client's encoding.

use super::position::{self, Encoding};
use crate::engine::suppress::UNUSED_RULE;
use crate::finding::{Finding, Severity};
use crate::provenance::Origin;
use crate::rules::RuleSet;
use ropey::Rope;
use serde::{Deserialize, Serialize};
use tower_lsp_server::lsp_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag,
    Location, NumberOrString, Range, TextEdit, Uri,
};
use tower_lsp_server::UriExt;

pub const SOURCE: &str = "suggestguard";

/// Starts the message of a finding in freshly inserted code.
pub const NEW_CODE_TAG: &str = "[new code] ";

/// What a diagnostic carries in `data`: its rule and where its code came
/// from. Its fix is not sent with it: a code action looks the finding up
/// among the document's current findings, so each publish (every edit) stays
/// small and no manifest is read for a fix nobody asked for.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DiagnosticData {
    pub rule_id: String,
    /// The finding lies in a block inserted by one large edit (a suggestion
    /// or a paste); `insertion` names that block.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub new_code: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insertion: Option<u64>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub changed_since_open: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub changed_since_save: bool,
    /// Absent while the committed version is not known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed_since_head: Option<bool>,
}

/// A finding's fix in positions of the client's encoding.
#[derive(Clone, Debug)]
pub struct FixData {
    pub title: String,
    pub edits: Vec<TextEdit>,
    /// The file the edits apply to, when it is not the diagnostic's document
    /// (adding a dependency to a manifest).
    pub uri: Option<Uri>,
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// The diagnostics of an analysis of the document whose text `rope` holds.
pub fn diagnostics(
    analysis: &super::analysis::Analysis,
    uri: &Uri,
    rope: &Rope,
    encoding: Encoding,
) -> Vec<Diagnostic> {
    let rules = crate::engine::Engine::builtin().rules();
    analysis
        .shown
        .iter()
        .zip(&analysis.origins)
        .map(|(f, o)| diagnostic(f, Some(o), uri, rope, encoding, rules))
        .collect()
}

/// The diagnostic for `finding`; `origin` (where its code came from) tags the
/// message and fills the provenance fields of `data`.
pub fn diagnostic(
    finding: &Finding,
    origin: Option<&Origin>,
    uri: &Uri,
    rope: &Rope,
    encoding: Encoding,
    rules: &RuleSet,
) -> Diagnostic {
    let rule = rules.get(&finding.rule_id);
    let mut message = if finding.message.trim().is_empty() {
        rule.map(|r| r.title.clone())
            .unwrap_or_else(|| finding.rule_id.clone())
    } else {
        finding.message.clone()
    };
    let insertion = origin.and_then(|o| o.insertion.as_ref()).map(|i| i.id);
    if insertion.is_some() {
        message.insert_str(0, NEW_CODE_TAG);
    }
    let href = finding
        .cwe
        .first()
        .map(|c| format!("https://cwe.mitre.org/data/definitions/{c}.html"))
        .and_then(|h| h.parse::<Uri>().ok());
    let related: Vec<DiagnosticRelatedInformation> = finding
        .related
        .iter()
        .map(|r| DiagnosticRelatedInformation {
            location: Location::new(
                uri.clone(),
                position::to_range(rope, r.range.clone(), encoding),
            ),
            message: r.message.clone(),
        })
        .collect();
    let data = DiagnosticData {
        rule_id: finding.rule_id.clone(),
        new_code: insertion.is_some(),
        insertion,
        changed_since_open: origin.is_some_and(|o| o.changed_since_open),
        changed_since_save: origin.is_some_and(|o| o.changed_since_save),
        changed_since_head: origin.and_then(|o| o.changed_since_head),
    };
    Diagnostic {
        range: position::to_range(rope, finding.range.clone(), encoding),
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(finding.rule_id.clone())),
        code_description: href.map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: (finding.rule_id == UNUSED_RULE).then(|| vec![DiagnosticTag::UNNECESSARY]),
        data: serde_json::to_value(data).ok(),
    }
}

/// The fix of `finding`, in the document `rope` holds (or in the file it
/// edits, read now).
pub fn fix_data(finding: &Finding, rope: &Rope, encoding: Encoding) -> Option<FixData> {
    finding.fix.as_ref().and_then(|f| {
        // A fix for another file (a manifest) is positioned in that file's text.
        let (target_rope, target_uri) = match &f.file {
            None => (rope.clone(), None),
            Some(path) => {
                let text = std::fs::read_to_string(path).ok()?;
                (Rope::from_str(&text), Some(Uri::from_file_path(path)?))
            }
        };
        Some(FixData {
            title: f.title.clone(),
            edits: f
                .edits
                .iter()
                .map(|e| {
                    TextEdit::new(
                        position::to_range(&target_rope, e.range.clone(), encoding),
                        e.new_text.clone(),
                    )
                })
                .collect(),
            uri: target_uri,
        })
    })
}

/// Does `inner` lie within `outer` (or touch it, for empty ranges)?
pub fn overlaps(a: &Range, b: &Range) -> bool {
    let before = |p: &tower_lsp_server::lsp_types::Position,
                  q: &tower_lsp_server::lsp_types::Position| {
        (p.line, p.character) < (q.line, q.character)
    };
    !(before(&a.end, &b.start) || before(&b.end, &a.start))
}
