//! The document store: one task owns every open document and applies
//! notifications strictly in arrival order. Analysis runs on snapshots in the
//! background; a newer version makes older work a no-op.

use super::position::{self, Encoding};
use super::{convert, Shared};
use crate::document::{Document, Snapshot};
use crate::engine::{Engine, Source};
use crate::lang::Language;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};
use tower_lsp_server::lsp_types::{MessageType, TextDocumentContentChangeEvent, Uri};
use tower_lsp_server::{Client, UriExt};

/// Everything that changes the store, plus reads that must see all earlier changes.
pub enum Msg {
    Open {
        uri: Uri,
        language_id: String,
        version: i32,
        text: String,
    },
    Change {
        uri: Uri,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
    },
    Close {
        uri: Uri,
    },
    /// Settings changed: analyse every open document again.
    RecheckAll,
    Snapshot {
        uri: Uri,
        reply: oneshot::Sender<Option<Snapshot>>,
    },
}

/// Run the store until the sender side is dropped.
pub async fn run(mut rx: mpsc::UnboundedReceiver<Msg>, shared: Arc<Shared>, client: Client) {
    let mut docs: HashMap<Uri, Document> = HashMap::new();
    while let Some(msg) = rx.recv().await {
        match msg {
            Msg::Open {
                uri,
                language_id,
                version,
                text,
            } => {
                let path = uri.to_file_path().map(|p| p.into_owned());
                let language = Language::detect(Some(&language_id), path.as_deref());
                let doc = Document::new(&text, language, version, path);
                schedule(&uri, &doc, &shared, &client);
                docs.insert(uri, doc);
            }
            Msg::Change {
                uri,
                version,
                changes,
            } => {
                let Some(doc) = docs.get_mut(&uri) else {
                    log(
                        &client,
                        MessageType::ERROR,
                        format!("change for a document that is not open: {}", uri.as_str()),
                    );
                    continue;
                };
                if version <= doc.version() {
                    log(
                        &client,
                        MessageType::WARNING,
                        format!(
                            "version of {} went from {} to {version}",
                            uri.as_str(),
                            doc.version()
                        ),
                    );
                }
                let encoding = shared.encoding();
                for change in changes {
                    apply_change(doc, change, encoding, &uri, &client);
                }
                doc.reparse();
                doc.set_version(version);
                schedule(&uri, doc, &shared, &client);
            }
            Msg::Close { uri } => {
                docs.remove(&uri);
                shared.bump_generation(&uri);
                let client = client.clone();
                let shared = shared.clone();
                tokio::spawn(async move {
                    shared.published.lock().await.remove(&uri);
                    if !shared.pull_diagnostics() {
                        client.publish_diagnostics(uri, Vec::new(), None).await;
                    }
                });
            }
            Msg::RecheckAll => {
                for (uri, doc) in &docs {
                    schedule(uri, doc, &shared, &client);
                }
            }
            Msg::Snapshot { uri, reply } => {
                let _ = reply.send(docs.get(&uri).and_then(Document::snapshot));
            }
        }
    }
}

fn apply_change(
    doc: &mut Document,
    change: TextDocumentContentChangeEvent,
    encoding: Encoding,
    uri: &Uri,
    client: &Client,
) {
    let Some(range) = change.range else {
        doc.replace_all(&change.text);
        return;
    };
    let result = position::to_byte_range(doc.rope(), range, encoding)
        .ok_or_else(|| "the range is outside the document".to_owned())
        .and_then(|bytes| doc.edit(bytes, &change.text).map_err(|e| e.to_string()));
    if let Err(e) = result {
        log(
            client,
            MessageType::ERROR,
            format!(
                "ignored a change to {} at {}:{}-{}:{}: {e}",
                uri.as_str(),
                range.start.line,
                range.start.character,
                range.end.line,
                range.end.character
            ),
        );
    }
}

fn log(client: &Client, typ: MessageType, message: String) {
    let client = client.clone();
    tokio::spawn(async move { client.log_message(typ, message).await });
}

/// Analyse `doc` after the debounce delay, unless a newer version arrives first.
fn schedule(uri: &Uri, doc: &Document, shared: &Arc<Shared>, client: &Client) {
    let generation = shared.bump_generation(uri);
    let Some(snapshot) = doc.snapshot() else {
        return; // the parse gave up; keep the last findings until the next edit
    };
    let uri = uri.clone();
    let shared = shared.clone();
    let client = client.clone();
    let debounce = Duration::from_millis(shared.config().debounce_ms);
    tokio::spawn(async move {
        if !debounce.is_zero() {
            tokio::time::sleep(debounce).await;
        }
        if !shared.is_current(&uri, generation) {
            return;
        }
        let config = shared.config();
        let analysed = snapshot.clone();
        let findings = tokio::task::spawn_blocking(move || {
            let s = &analysed;
            Engine::builtin().analyze_guarded(
                &Source {
                    text: &s.text,
                    tree: s.tree.as_ref(),
                    language: s.language,
                    path: s.path.as_deref(),
                },
                &config,
            )
        })
        .await
        .unwrap_or_default();
        let encoding = shared.encoding();
        let rules = Engine::builtin().rules();
        let mut published = shared.published.lock().await;
        if !shared.is_current(&uri, generation) {
            return;
        }
        let diagnostics: Vec<_> = findings
            .iter()
            .map(|f| convert::diagnostic(f, &uri, &snapshot.rope, encoding, rules))
            .collect();
        published.insert(
            uri.clone(),
            super::Published {
                version: snapshot.version,
                rope: snapshot.rope.clone(),
                findings,
                diagnostics: diagnostics.clone(),
            },
        );
        if !shared.pull_diagnostics() {
            client
                .publish_diagnostics(uri, diagnostics, Some(snapshot.version))
                .await;
        }
        drop(published);
    });
}
