//! The document store: one task owns every open document and applies
//! notifications strictly in arrival order. Analysis runs on snapshots in the
//! background; a newer version makes older work a no-op.

use super::position::{self, Encoding};
use super::{analysis, convert, Shared};
use crate::config::Focus;
use crate::document::{Document, Snapshot};
use crate::lang::Language;
use crate::provenance::Committed;
use std::collections::HashMap;
use std::path::PathBuf;
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
    /// The buffer was written to disk.
    Save {
        uri: Uri,
    },
    /// The committed version of a document's file, read off the loop.
    Committed {
        uri: Uri,
        committed: Committed,
    },
    /// Settings changed: analyse every open document again.
    RecheckAll,
    /// Online package answers arrived: analyse again the open documents of
    /// these files (`None`: a buffer without a file, so every document).
    Reanalyse {
        files: Vec<Option<PathBuf>>,
    },
    Snapshot {
        uri: Uri,
        reply: oneshot::Sender<Option<Snapshot>>,
    },
}

/// Run the store until the sender side is dropped. `me` lets background work
/// (reading git) report back through the same ordered queue.
pub async fn run(
    mut rx: mpsc::UnboundedReceiver<Msg>,
    me: mpsc::WeakUnboundedSender<Msg>,
    shared: Arc<Shared>,
    client: Client,
) {
    let mut docs: HashMap<Uri, Document> = HashMap::new();
    // Documents over the size limit, held as plain text, with their language.
    let mut oversized: HashMap<Uri, Language> = HashMap::new();
    // A message taken early, while looking for more edits of the same document.
    let mut next: Option<Msg> = None;
    loop {
        let msg = match next.take() {
            Some(msg) => msg,
            None => match rx.recv().await {
                Some(msg) => msg,
                None => break,
            },
        };
        match msg {
            Msg::Open {
                uri,
                language_id,
                version,
                text,
            } => {
                let path = uri.to_file_path().map(|p| p.into_owned());
                let language = Language::detect(Some(&language_id), path.as_deref());
                oversized.remove(&uri);
                // Not even parsed once when over the limit.
                let held_as = if text.len() > analysis::MAX_DOCUMENT_BYTES {
                    oversized.insert(uri.clone(), language);
                    Language::Text
                } else {
                    language
                };
                super::prepare_rules(held_as);
                let mut doc = Document::new(&text, held_as, version, path.clone());
                doc.provenance_mut()
                    .set_min_chars(shared.config().new_code_min_chars);
                read_committed(&uri, path, &me);
                schedule(&uri, &mut doc, &shared, &client, &me);
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
                doc.provenance_mut()
                    .set_min_chars(shared.config().new_code_min_chars);
                for change in changes {
                    apply_change(doc, change, encoding, &uri, &client);
                }
                fit_size_limit(&uri, doc, &mut oversized);
                doc.set_version(version);
                // More edits of this document already queued (typing faster
                // than we parse, a burst): apply them all, then parse once.
                if let Ok(queued) = rx.try_recv() {
                    next = Some(queued);
                }
                if matches!(&next, Some(Msg::Change { uri: same, .. }) if *same == uri) {
                    continue;
                }
                doc.reparse();
                schedule(&uri, doc, &shared, &client, &me);
            }
            Msg::Close { uri } => {
                docs.remove(&uri);
                oversized.remove(&uri);
                shared.forget(&uri);
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
            Msg::Save { uri } => {
                if let Some(doc) = docs.get_mut(&uri) {
                    doc.provenance_mut().saved();
                    // A commit may have happened since the file was opened.
                    read_committed(&uri, uri.to_file_path().map(|p| p.into_owned()), &me);
                }
            }
            Msg::Committed { uri, committed } => {
                if let Some(doc) = docs.get_mut(&uri) {
                    doc.provenance_mut().set_committed(committed);
                    if shared.config().focus == Focus::ChangedSinceHead {
                        schedule(&uri, doc, &shared, &client, &me);
                    }
                }
            }
            Msg::RecheckAll => {
                for (uri, doc) in &mut docs {
                    schedule(uri, doc, &shared, &client, &me);
                }
            }
            Msg::Reanalyse { files } => {
                let every = files.iter().any(Option::is_none);
                let affected: Vec<Uri> = docs
                    .iter()
                    .filter(|(_, d)| {
                        every
                            || d.path()
                                .is_some_and(|p| files.iter().flatten().any(|f| f == p))
                    })
                    .map(|(uri, _)| uri.clone())
                    .collect();
                for uri in &affected {
                    if let Some(doc) = docs.get_mut(uri) {
                        schedule(uri, doc, &shared, &client, &me);
                    }
                }
                if shared.pull_diagnostics() && !affected.is_empty() {
                    // Pulled results of these documents are stale: drop them
                    // and ask the client to pull again.
                    let (shared, client) = (shared.clone(), client.clone());
                    tokio::spawn(async move {
                        let mut published = shared.published.lock().await;
                        for uri in &affected {
                            published.remove(uri);
                        }
                        drop(published);
                        if shared
                            .supports_diagnostic_refresh
                            .load(std::sync::atomic::Ordering::Relaxed)
                        {
                            let _ = client.workspace_diagnostic_refresh().await;
                        }
                    });
                }
            }
            Msg::Snapshot { uri, reply } => {
                let _ = reply.send(docs.get_mut(&uri).and_then(Document::snapshot));
            }
        }
    }
}

/// Hold a document over [`analysis::MAX_DOCUMENT_BYTES`] as plain text (no
/// parser, so edits stay cheap; analysis shows one note instead), and give it
/// its language back once edits bring it under the limit.
fn fit_size_limit(uri: &Uri, doc: &mut Document, oversized: &mut HashMap<Uri, Language>) {
    let len = doc.rope().len_bytes();
    let rebuild = |doc: &Document, language| {
        let mut new = Document::new(
            &doc.rope().to_string(),
            language,
            doc.version(),
            doc.path().map(Into::into),
        );
        *new.provenance_mut() = doc.provenance().clone();
        new
    };
    if len > analysis::MAX_DOCUMENT_BYTES {
        if !oversized.contains_key(uri) {
            oversized.insert(uri.clone(), doc.language());
            *doc = rebuild(doc, Language::Text);
        }
    } else if let Some(language) = oversized.remove(uri) {
        *doc = rebuild(doc, language);
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

/// Read the committed version of `path` on a blocking thread and report it
/// to the store. Documents without a file have none.
fn read_committed(uri: &Uri, path: Option<PathBuf>, me: &mpsc::WeakUnboundedSender<Msg>) {
    let (uri, me) = (uri.clone(), me.clone());
    tokio::spawn(async move {
        let committed = match path {
            Some(path) => {
                tokio::task::spawn_blocking(move || match crate::gitdiff::committed_text(&path) {
                    Some(text) => Committed::Text(Arc::from(text)),
                    None => Committed::Absent,
                })
                .await
                .unwrap_or(Committed::Absent)
            }
            None => Committed::Absent,
        };
        if let Some(me) = me.upgrade() {
            let _ = me.send(Msg::Committed { uri, committed });
        }
    });
}

fn log(client: &Client, typ: MessageType, message: String) {
    let client = client.clone();
    tokio::spawn(async move { client.log_message(typ, message).await });
}

/// Analyse `doc` after the debounce delay, unless a newer version arrives first.
/// Under the `changed-since-head` focus, analysis waits for the committed
/// version (the store schedules again when it arrives).
fn schedule(
    uri: &Uri,
    doc: &mut Document,
    shared: &Arc<Shared>,
    client: &Client,
    me: &mpsc::WeakUnboundedSender<Msg>,
) {
    let generation = shared.bump_generation(uri);
    let Some(snapshot) = doc.snapshot() else {
        return; // the parse gave up; keep the last findings until the next edit
    };
    if shared.config().focus == Focus::ChangedSinceHead
        && matches!(snapshot.provenance.committed(), Committed::Unknown)
    {
        return;
    }
    let uri = uri.clone();
    let shared = shared.clone();
    let client = client.clone();
    let me = me.clone();
    let debounce = Duration::from_millis(shared.config().debounce_ms);
    tokio::spawn(async move {
        if !debounce.is_zero() {
            tokio::time::sleep(debounce).await;
        }
        if !shared.is_current(&uri, generation) {
            return;
        }
        let lock = shared.analysis_lock(&uri);
        let _running = lock.lock().await;
        if !shared.is_current(&uri, generation) {
            return; // a newer version arrived while the last analysis ran
        }
        let config_generation = shared.config_generation();
        let config = shared.config();
        let analysed = snapshot.clone();
        let online = config.clone();
        let watched = (shared.clone(), uri.clone());
        let stale = move || !watched.0.is_current(&watched.1, generation);
        let Ok(Some(result)) = tokio::task::spawn_blocking(move || {
            analysis::analyse_until(&analysed, &config, &stale)
        })
        .await
        else {
            return; // superseded by a newer version (or the task failed)
        };
        shared.dispatch_lookups(&online, &me);
        let encoding = shared.encoding();
        let mut published = shared.published.lock().await;
        if !shared.is_current(&uri, generation) {
            return;
        }
        let diagnostics = convert::diagnostics(&result, &uri, &snapshot.rope, encoding);
        let pull = shared.pull_diagnostics();
        published.insert(
            uri.clone(),
            super::Published {
                version: snapshot.version,
                config_generation,
                rope: snapshot.rope.clone(),
                findings: result.shown.clone(),
                diagnostics: pull.then(|| diagnostics.clone()),
            },
        );
        if !pull {
            client
                .publish_diagnostics(uri.clone(), diagnostics, Some(snapshot.version))
                .await;
        }
        drop(published);
        // After the first diagnostics, not competing with them.
        super::warm_up(snapshot.language);
        report(&uri, &snapshot, &result, &shared, &client).await;
    });
}

/// After publishing: the insertion summaries due (at most one per insertion)
/// and, when the client traces verbosely, one log line.
async fn report(
    uri: &Uri,
    snapshot: &Snapshot,
    result: &analysis::Analysis,
    shared: &Shared,
    client: &Client,
) {
    let config = shared.config();
    let due: Vec<_> = snapshot
        .provenance
        .insertions()
        .iter()
        .filter(|i| shared.first_summary(i.id))
        .collect();
    if config.insertion_summary {
        for insertion in due {
            if let Some(message) = analysis::insertion_summary(snapshot, insertion, result) {
                client.show_message(MessageType::WARNING, message).await;
            }
        }
    }
    if shared.verbose() {
        let name = uri.as_str().rsplit('/').next().unwrap_or_default();
        let focus = match config.focus {
            Focus::All => "all",
            Focus::NewCode => "new-code",
            Focus::ChangedSinceHead => "changed-since-head",
        };
        let message = format!(
            "analysed {name} v{} in {} ms: {} shown of {} (focus {focus})",
            snapshot.version,
            result.elapsed.as_millis(),
            result.shown.len(),
            result.total
        );
        client.log_message(MessageType::INFO, message).await;
    }
}
