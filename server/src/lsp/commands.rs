//! `workspace/executeCommand` handlers beyond `explain`: checking a snippet
//! before it is accepted, and scanning the whole workspace with progress.

use super::position::{self, Encoding};
use super::Backend;
use crate::cli::scan;
use crate::engine::Engine;
use crate::finding::Finding;
use crate::lang::Language;
use crate::snippet::{self, Context};
use ropey::Rope;
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tower_lsp_server::jsonrpc::{Error as RpcError, Result};
use tower_lsp_server::lsp_types::request::WorkDoneProgressCreate;
use tower_lsp_server::lsp_types::{
    Position, ProgressToken, TextEdit, Uri, WorkDoneProgressCreateParams,
};
use tower_lsp_server::UriExt;

/// The argument of `suggestguard.checkSnippet`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CheckSnippetArgs {
    language_id: String,
    text: String,
    /// The document the snippet would go into (open, or read from disk).
    #[serde(default)]
    uri: Option<Uri>,
    /// Where in it; default: the end.
    #[serde(default)]
    position: Option<Position>,
}

impl Backend {
    /// Findings for a snippet as if inserted at `position` in `uri`; ranges
    /// are positions in the snippet itself.
    pub(super) async fn check_snippet(&self, arguments: Vec<Value>) -> Result<Value> {
        let args: CheckSnippetArgs = arguments
            .into_iter()
            .next()
            .and_then(|a| serde_json::from_value(a).ok())
            .ok_or_else(|| {
                RpcError::invalid_params(
                    "expected { languageId, text, uri?, position? } as the first argument",
                )
            })?;
        let encoding = self.shared.encoding();
        let path = args
            .uri
            .as_ref()
            .and_then(|u| u.to_file_path().map(|p| p.into_owned()));
        let context_text = match &args.uri {
            Some(uri) => match self.snapshot(uri).await {
                Some(snapshot) => Some(snapshot.text.to_string()),
                // Not open: the file on disk; at least its path (for the
                // project's manifests) when it cannot be read.
                None => path
                    .as_ref()
                    .map(|p| std::fs::read_to_string(p).unwrap_or_default()),
            },
            None => None,
        };
        // Appended at the end, the snippet starts on a line of its own.
        let context_text = context_text.map(|mut text| {
            if args.position.is_none() && !text.is_empty() && !text.ends_with('\n') {
                text.push('\n');
            }
            text
        });
        let at = match (&context_text, args.position) {
            (Some(text), Some(pos)) => Some(
                position::to_byte(&Rope::from_str(text), pos, encoding)
                    .ok_or_else(|| RpcError::invalid_params("position is outside the document"))?,
            ),
            (Some(text), None) => Some(text.len()),
            (None, _) => None,
        };
        let language = Language::detect(Some(&args.language_id), path.as_deref());
        let config = self.shared.config();
        let snippet_text = args.text;
        let findings = tokio::task::spawn_blocking(move || {
            let context = context_text.as_deref().zip(at).map(|(text, at)| Context {
                text,
                path: path.as_deref(),
                at,
            });
            let findings = snippet::check(&snippet_text, language, context, &config);
            snippet_json(&snippet_text, &findings, encoding)
        })
        .await
        .map_err(|_| RpcError::internal_error())?;
        Ok(json!({ "findings": findings }))
    }

    /// Scan the workspace root with the CLI's walker, reporting `$/progress`.
    pub(super) async fn scan_workspace(&self, token: Option<ProgressToken>) -> Result<Value> {
        let root = self
            .shared
            .root
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
            .ok_or_else(|| RpcError::invalid_params("there is no workspace folder to scan"))?;
        let token = match token {
            Some(token) => Some(token),
            None if self.shared.work_done_progress.load(Ordering::Relaxed) => {
                static NEXT: AtomicU64 = AtomicU64::new(1);
                let token = ProgressToken::String(format!(
                    "suggestguard/scan/{}",
                    NEXT.fetch_add(1, Ordering::Relaxed)
                ));
                let created = self
                    .client
                    .send_request::<WorkDoneProgressCreate>(WorkDoneProgressCreateParams {
                        token: token.clone(),
                    })
                    .await;
                created.is_ok().then_some(token)
            }
            None => None,
        };
        let progress = match token {
            Some(token) => Some(
                self.client
                    .progress(token, "suggestguard: scanning the workspace")
                    .with_message("0 files")
                    .begin()
                    .await,
            ),
            None => None,
        };
        let config = self.shared.config();
        let done = Arc::new(AtomicUsize::new(0));
        let counter = done.clone();
        let mut task = tokio::task::spawn_blocking(move || {
            scan::scan_counted(
                &[root],
                &config,
                Engine::builtin(),
                scan::Keep::Positions,
                &counter,
            )
        });
        let outcome = loop {
            match tokio::time::timeout(Duration::from_millis(200), &mut task).await {
                Ok(joined) => break joined,
                Err(_) => {
                    if let Some(p) = &progress {
                        p.report(format!("{} files", done.load(Ordering::Relaxed)))
                            .await;
                    }
                }
            }
        };
        let result = match outcome {
            Ok(Ok(result)) => result,
            Ok(Err(e)) => {
                if let Some(p) = progress {
                    p.finish_with_message("failed").await;
                }
                return Err(RpcError::invalid_params(format!("cannot scan: {e}")));
            }
            Err(_) => return Err(RpcError::internal_error()),
        };
        let findings: usize = result.files.iter().map(|f| f.findings.len()).sum();
        if let Some(p) = progress {
            p.finish_with_message(format!("{} files, {findings} findings", result.scanned))
                .await;
        }
        Ok(json!({ "files": result.scanned, "findings": findings }))
    }
}

/// Findings in snippet coordinates, as JSON for the command's answer.
fn snippet_json(snippet: &str, findings: &[Finding], encoding: Encoding) -> Vec<Value> {
    let rope = Rope::from_str(snippet);
    let rules = Engine::builtin().rules();
    findings
        .iter()
        .map(|f| {
            let fix = f.fix.as_ref().map(|fix| {
                let edits: Vec<TextEdit> = fix
                    .edits
                    .iter()
                    .map(|e| {
                        TextEdit::new(
                            position::to_range(&rope, e.range.clone(), encoding),
                            e.new_text.clone(),
                        )
                    })
                    .collect();
                json!({ "title": fix.title, "edits": edits })
            });
            json!({
                "ruleId": f.rule_id,
                "title": rules.get(&f.rule_id).map(|r| r.title.clone()),
                "severity": f.severity,
                "cwe": f.cwe.iter().map(|c| format!("CWE-{c}")).collect::<Vec<_>>(),
                "message": f.message,
                "range": position::to_range(&rope, f.range.clone(), encoding),
                "fix": fix,
            })
        })
        .collect()
}
