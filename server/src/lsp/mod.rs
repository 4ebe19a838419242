#![allow(clippy::mutable_key_type)] // `Uri` caches parsed parts inside; its Hash and Eq use only the text.

//! The language server: lifecycle, configuration, and the requests that read
//! findings (hover, code actions, pull diagnostics). Documents live in
//! [`store`], owned by one task.

pub mod analysis;
pub mod commands;
pub mod convert;
pub mod lessons;
pub mod online;
pub mod position;
pub mod store;
pub mod transport;

use crate::config::Config;
use crate::document::Snapshot;
use crate::engine::{fix, Engine};
use crate::finding::Finding;
use crate::lesson;
use convert::{DiagnosticData, SOURCE};
use position::Encoding;
use ropey::Rope;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use tokio::sync::{mpsc, oneshot};
use tower_lsp_server::jsonrpc::{Error as RpcError, Result};
use tower_lsp_server::lsp_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService, Server, UriExt};

/// Commands the server executes.
pub const EXPLAIN_COMMAND: &str = "suggestguard.explain";
pub const CHECK_SNIPPET_COMMAND: &str = "suggestguard.checkSnippet";
pub const SCAN_WORKSPACE_COMMAND: &str = "suggestguard.scanWorkspace";

/// What was last published for a document.
pub struct Published {
    pub version: i32,
    /// The settings generation the findings were computed under.
    pub config_generation: u64,
    pub rope: Rope,
    pub findings: Arc<[Finding]>,
    /// Kept only when the client pulls diagnostics; pushed ones are handed
    /// over to the client, not copied.
    pub diagnostics: Option<Vec<Diagnostic>>,
}

/// Start `work` on a thread of its own, the first time it is asked for
/// `language` only (one slot per language in `started`).
fn once_per_language(
    language: crate::lang::Language,
    started: &'static [std::sync::Once; 2],
    work: impl FnOnce() + Send + 'static,
) {
    use crate::lang::Language;
    let once = match language {
        Language::Python => &started[0],
        Language::Rust => &started[1],
        Language::Text => return,
    };
    once.call_once(|| drop(std::thread::spawn(work)));
}

/// Compile the rules of `language` when its first document opens: the
/// compilation (20-40 ms per language, mostly the secret and taint rules)
/// then overlaps the document's first parse instead of following it.
pub fn prepare_rules(language: crate::lang::Language) {
    static STARTED: [std::sync::Once; 2] = [const { std::sync::Once::new() }; 2];
    once_per_language(language, &STARTED, move || {
        Engine::builtin().prepare(language);
    });
}

/// Load, off the message loop, the package data the first unknown import of
/// `language` needs (the near-name tables, cargo's registry cache: a few
/// hundred ms), once per language, before anyone types one.
pub fn warm_up(language: crate::lang::Language) {
    use crate::index::names::Ecosystem;
    static STARTED: [std::sync::Once; 2] = [const { std::sync::Once::new() }; 2];
    let eco = match language {
        crate::lang::Language::Rust => Ecosystem::Crates,
        _ => Ecosystem::PyPI,
    };
    once_per_language(language, &STARTED, move || {
        let index = crate::index::PackageIndex::global();
        if eco == Ecosystem::Crates {
            crate::index::cargo_cache::known_crates();
        }
        crate::index::verdict::judge(index, eco, "suggestguard-warm-up-name");
    });
}

/// State shared between the message handlers, the store and analysis tasks.
#[derive(Default)]
pub struct Shared {
    encoding: RwLock<Encoding>,
    config: RwLock<Config>,
    pull: AtomicBool,
    supports_configuration: AtomicBool,
    /// Bumped after each settings change; results of older settings are stale.
    config_generation: AtomicU64,
    /// The client can be asked to pull diagnostics again (`workspace/diagnostic/refresh`).
    supports_diagnostic_refresh: AtomicBool,
    root: RwLock<Option<PathBuf>>,
    generations: Mutex<HashMap<Uri, u64>>,
    /// One analysis per document at a time: during a burst of edits the
    /// versions that arrive while one runs are skipped, not analysed side by side.
    analysing: Mutex<HashMap<Uri, Arc<tokio::sync::Mutex<()>>>>,
    next_generation: AtomicU64,
    pub published: tokio::sync::Mutex<HashMap<Uri, Published>>,
    /// The client asked for verbose traces (`initialize`'s `trace`, `$/setTrace`).
    verbose: AtomicBool,
    /// The client can show progress the server starts.
    work_done_progress: AtomicBool,
    /// Insertions whose summary is done (shown, or nothing to say).
    summarized: Mutex<HashSet<u64>>,
    /// Loaded at the first hover.
    seen_lessons: Mutex<Option<lessons::SeenRules>>,
    /// `shutdown` was received: ending now is orderly.
    shut_down: AtomicBool,
    /// Online package lookups running at once.
    online_permits: online::Permits,
}

impl Shared {
    pub fn encoding(&self) -> Encoding {
        *self.encoding.read().unwrap_or_else(|e| e.into_inner())
    }

    pub fn config(&self) -> Config {
        self.config
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The settings generation, read *before* the settings it tags.
    pub fn config_generation(&self) -> u64 {
        self.config_generation.load(Ordering::SeqCst)
    }

    pub fn pull_diagnostics(&self) -> bool {
        self.pull.load(Ordering::Relaxed)
    }

    /// A new generation for `uri`; analyses of older generations are dropped.
    pub fn bump_generation(&self, uri: &Uri) -> u64 {
        let generation = self.next_generation.fetch_add(1, Ordering::Relaxed) + 1;
        self.generations
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(uri.clone(), generation);
        generation
    }

    pub fn verbose(&self) -> bool {
        self.verbose.load(Ordering::Relaxed)
    }

    /// True the first time it is asked about insertion `id`.
    pub fn first_summary(&self, id: u64) -> bool {
        self.summarized
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(id)
    }

    /// The lesson level for `rule` now (see [`lessons::SeenRules::level_for`]).
    pub fn lesson_level(&self, rule: &str) -> Option<lesson::Level> {
        let setting = self.config().lessons;
        let mut seen = self.seen_lessons.lock().unwrap_or_else(|e| e.into_inner());
        seen.get_or_insert_with(lessons::SeenRules::load_default)
            .level_for(rule, setting)
    }

    /// Look up, in the background, the package names analyses under
    /// `config` left unanswered (nothing when online checks are off).
    pub fn dispatch_lookups(&self, config: &Config, store: &mpsc::WeakUnboundedSender<store::Msg>) {
        if config.online_package_checks {
            online::dispatch(&self.online_permits, store);
        }
    }

    /// The lock held while `uri` is analysed.
    pub fn analysis_lock(&self, uri: &Uri) -> Arc<tokio::sync::Mutex<()>> {
        self.analysing
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(uri.clone())
            .or_default()
            .clone()
    }

    /// `uri` was closed.
    pub fn forget(&self, uri: &Uri) {
        self.analysing
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(uri);
    }

    pub fn is_current(&self, uri: &Uri, generation: u64) -> bool {
        self.generations
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(uri)
            == Some(&generation)
    }
}

pub struct Backend {
    client: Client,
    shared: Arc<Shared>,
    store: mpsc::UnboundedSender<store::Msg>,
    /// Problems with the settings found during `initialize`, shown once initialized.
    startup_problems: Mutex<Vec<String>>,
}

/// Exit code when the session ends without a `shutdown` request first
/// (`exit` too early, or the client vanished), as the protocol asks.
pub const EXIT_WITHOUT_SHUTDOWN: i32 = 1;

/// Serve LSP over stdin/stdout until the client exits or goes away. Returns
/// the exit code: 0 after `shutdown`, [`EXIT_WITHOUT_SHUTDOWN`] otherwise.
pub async fn serve_stdio() -> i32 {
    let shared = Arc::new(std::sync::OnceLock::<Arc<Shared>>::new());
    let slot = shared.clone();
    let (service, socket) = LspService::build(move |client| {
        let backend = Backend::new(client);
        let _ = slot.set(backend.shared.clone());
        backend
    })
    .custom_method("$/setTrace", Backend::set_trace)
    .finish();
    // Malformed frames are dropped here instead of ending the session.
    let (input, guard) = tokio::io::duplex(64 * 1024);
    tokio::spawn(transport::forward_wellformed(tokio::io::stdin(), guard));
    Server::new(input, tokio::io::stdout(), socket)
        .serve(service)
        .await;
    let orderly = shared
        .get()
        .is_some_and(|s| s.shut_down.load(Ordering::Relaxed));
    if orderly {
        0
    } else {
        EXIT_WITHOUT_SHUTDOWN
    }
}

impl Backend {
    pub fn new(client: Client) -> Backend {
        let shared = Arc::new(Shared::default());
        let (tx, rx) = mpsc::unbounded_channel();
        tokio::spawn(store::run(
            rx,
            tx.downgrade(),
            shared.clone(),
            client.clone(),
        ));
        Backend {
            client,
            shared,
            store: tx,
            startup_problems: Mutex::new(Vec::new()),
        }
    }

    /// Hand a message to the store. Called synchronously at the start of each
    /// notification handler, so the store sees notifications in arrival order.
    fn send(&self, msg: store::Msg) {
        let _ = self.store.send(msg);
    }

    async fn snapshot(&self, uri: &Uri) -> Option<Snapshot> {
        let (reply, rx) = oneshot::channel();
        self.send(store::Msg::Snapshot {
            uri: uri.clone(),
            reply,
        });
        rx.await.ok().flatten()
    }

    /// Defaults, then `suggestguard.toml`, then the client's settings.
    fn build_config(&self, client_settings: &Value) -> (Config, Vec<String>) {
        let mut config = Config::default();
        let mut problems = Vec::new();
        if let Some(root) = self
            .shared
            .root
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
        {
            problems.extend(config.apply_file(root));
        }
        problems.extend(
            config
                .apply(client_settings)
                .into_iter()
                .map(|p| format!("settings: {p}")),
        );
        (config, problems)
    }

    async fn set_trace(&self, params: SetTraceParams) {
        self.shared
            .verbose
            .store(params.value == TraceValue::Verbose, Ordering::Relaxed);
    }

    async fn report_problems(&self, problems: Vec<String>) {
        if problems.is_empty() {
            return;
        }
        let message = format!(
            "suggestguard: {} (the defaults stay in force for these)",
            problems.join("; ")
        );
        self.client
            .show_message(MessageType::WARNING, message)
            .await;
    }

    async fn apply_settings(&self, settings: Value) {
        let (config, problems) = self.build_config(&settings);
        *self
            .shared
            .config
            .write()
            .unwrap_or_else(|e| e.into_inner()) = config;
        self.shared.config_generation.fetch_add(1, Ordering::SeqCst);
        self.report_problems(problems).await;
        // Results computed under the old settings must not be served again.
        self.shared.published.lock().await.clear();
        self.send(store::Msg::RecheckAll);
        if self.shared.pull_diagnostics()
            && self
                .shared
                .supports_diagnostic_refresh
                .load(Ordering::Relaxed)
        {
            let _ = self.client.workspace_diagnostic_refresh().await;
        }
    }

    /// The findings for the document's current version (and their
    /// diagnostics, when `with_diagnostics`): those already published when
    /// they are current, else a fresh analysis (stored, so the next request is
    /// served from it).
    async fn current(
        &self,
        uri: &Uri,
        with_diagnostics: bool,
    ) -> Option<(Rope, Arc<[Finding]>, Vec<Diagnostic>)> {
        let snapshot = self.snapshot(uri).await?;
        self.current_of(uri, snapshot, with_diagnostics).await
    }

    /// [`Backend::current`] for a snapshot the caller already has.
    async fn current_of(
        &self,
        uri: &Uri,
        snapshot: Snapshot,
        with_diagnostics: bool,
    ) -> Option<(Rope, Arc<[Finding]>, Vec<Diagnostic>)> {
        {
            let published = self.shared.published.lock().await;
            let generation = self.shared.config_generation();
            let current = published.get(uri).filter(|p| {
                p.version == snapshot.version
                    && p.config_generation == generation
                    && (!with_diagnostics || p.diagnostics.is_some())
            });
            if let Some(p) = current {
                let diagnostics = p.diagnostics.clone().unwrap_or_default();
                return Some((p.rope.clone(), p.findings.clone(), diagnostics));
            }
        }
        let generation = self.shared.config_generation();
        let config = self.shared.config();
        let encoding = self.shared.encoding();
        let uri2 = uri.clone();
        let analysed = snapshot.clone();
        let online = config.clone();
        let (findings, diagnostics) = tokio::task::spawn_blocking(move || {
            let result = analysis::analyse(&analysed, &config);
            let diagnostics = convert::diagnostics(&result, &uri2, &analysed.rope, encoding);
            (result.shown, diagnostics)
        })
        .await
        .ok()?;
        self.shared
            .dispatch_lookups(&online, &self.store.downgrade());
        let mut published = self.shared.published.lock().await;
        let newer = published
            .get(uri)
            .is_some_and(|p| p.version > snapshot.version);
        if !newer {
            published.insert(
                uri.clone(),
                Published {
                    version: snapshot.version,
                    config_generation: generation,
                    rope: snapshot.rope.clone(),
                    findings: findings.clone(),
                    diagnostics: Some(diagnostics.clone()),
                },
            );
        }
        Some((snapshot.rope, findings, diagnostics))
    }
}

fn client_prefers_utf8(params: &InitializeParams) -> bool {
    params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref())
        .is_some_and(|encodings| encodings.contains(&PositionEncodingKind::UTF8))
}

fn workspace_root(params: &InitializeParams) -> Option<PathBuf> {
    let folder_uri = params
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .map(|f| f.uri.clone());
    #[allow(deprecated)]
    let uri = folder_uri.or_else(|| params.root_uri.clone())?;
    uri.to_file_path().map(|p| p.into_owned())
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let encoding = if client_prefers_utf8(&params) {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        *self
            .shared
            .encoding
            .write()
            .unwrap_or_else(|e| e.into_inner()) = encoding;
        let pull = params
            .capabilities
            .text_document
            .as_ref()
            .and_then(|t| t.diagnostic.as_ref())
            .is_some();
        self.shared.pull.store(pull, Ordering::Relaxed);
        let supports_refresh = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.diagnostic.as_ref())
            .and_then(|d| d.refresh_support)
            .unwrap_or(false);
        self.shared
            .supports_diagnostic_refresh
            .store(supports_refresh, Ordering::Relaxed);
        let supports_configuration = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.configuration)
            .unwrap_or(false);
        self.shared
            .supports_configuration
            .store(supports_configuration, Ordering::Relaxed);
        *self.shared.root.write().unwrap_or_else(|e| e.into_inner()) = workspace_root(&params);
        self.shared
            .verbose
            .store(params.trace == Some(TraceValue::Verbose), Ordering::Relaxed);
        let work_done_progress = params
            .capabilities
            .window
            .as_ref()
            .and_then(|w| w.work_done_progress)
            .unwrap_or(false);
        self.shared
            .work_done_progress
            .store(work_done_progress, Ordering::Relaxed);
        let options = params.initialization_options.unwrap_or(Value::Null);
        let (config, problems) = self.build_config(&options);
        *self
            .shared
            .config
            .write()
            .unwrap_or_else(|e| e.into_inner()) = config;
        *self
            .startup_problems
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = problems;

        let capabilities = ServerCapabilities {
            position_encoding: Some(match encoding {
                Encoding::Utf8 => PositionEncodingKind::UTF8,
                Encoding::Utf16 => PositionEncodingKind::UTF16,
            }),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                    ..Default::default()
                },
            )),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                ..Default::default()
            })),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            execute_command_provider: Some(ExecuteCommandOptions {
                commands: vec![
                    EXPLAIN_COMMAND.to_owned(),
                    CHECK_SNIPPET_COMMAND.to_owned(),
                    SCAN_WORKSPACE_COMMAND.to_owned(),
                ],
                ..Default::default()
            }),
            diagnostic_provider: pull.then(|| {
                DiagnosticServerCapabilities::Options(DiagnosticOptions {
                    identifier: Some(SOURCE.to_owned()),
                    inter_file_dependencies: false,
                    workspace_diagnostics: false,
                    ..Default::default()
                })
            }),
            ..Default::default()
        };
        Ok(InitializeResult {
            capabilities,
            server_info: Some(ServerInfo {
                name: "suggestguard".to_owned(),
                version: Some(env!("CARGO_PKG_VERSION").to_owned()),
            }),
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let problems = std::mem::take(
            &mut *self
                .startup_problems
                .lock()
                .unwrap_or_else(|e| e.into_inner()),
        );
        self.report_problems(problems).await;
        self.client
            .log_message(MessageType::INFO, "suggestguard ready")
            .await;
    }

    async fn shutdown(&self) -> Result<()> {
        self.shared.shut_down.store(true, Ordering::Relaxed);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        self.send(store::Msg::Open {
            uri: doc.uri,
            language_id: doc.language_id,
            version: doc.version,
            text: doc.text,
        });
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        self.send(store::Msg::Change {
            uri: params.text_document.uri,
            version: params.text_document.version,
            changes: params.content_changes,
        });
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        self.send(store::Msg::Save {
            uri: params.text_document.uri,
        });
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        self.send(store::Msg::Close {
            uri: params.text_document.uri,
        });
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let pushed = params.settings;
        let empty = pushed.is_null() || pushed.as_object().is_some_and(|o| o.is_empty());
        if empty && self.shared.supports_configuration.load(Ordering::Relaxed) {
            let items = vec![ConfigurationItem {
                scope_uri: None,
                section: Some("suggestguard".to_owned()),
            }];
            let pulled = self.client.configuration(items).await.ok();
            let settings = pulled
                .and_then(|mut v| (!v.is_empty()).then(|| v.remove(0)))
                .unwrap_or(Value::Null);
            self.apply_settings(settings).await;
        } else {
            self.apply_settings(pushed).await;
        }
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let uri = params.text_document_position_params.text_document.uri;
        let position = params.text_document_position_params.position;
        let Some((rope, findings, _)) = self.current(&uri, false).await else {
            return Ok(None);
        };
        let Some(byte) = position::to_byte(&rope, position, self.shared.encoding()) else {
            return Ok(None);
        };
        let rules = Engine::builtin().rules();
        let text = rope.to_string();
        let mut sections = Vec::new();
        let mut range = None;
        for f in findings
            .iter()
            .filter(|f| f.range.start <= byte && byte <= f.range.end)
        {
            let rule = rules.get(&f.rule_id).map(|r| &**r);
            let section = match self.shared.lesson_level(&f.rule_id) {
                Some(level) => lesson::render(rule, f, &text, level),
                None => f.message.clone(),
            };
            sections.push(section);
            range.get_or_insert_with(|| {
                position::to_range(&rope, f.range.clone(), self.shared.encoding())
            });
        }
        if sections.is_empty() {
            return Ok(None);
        }
        Ok(Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: sections.join("\n\n---\n\n"),
            }),
            range,
        }))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let snapshot = self.snapshot(&uri).await;
        let current = match &snapshot {
            Some(s) => self.current_of(&uri, s.clone(), false).await,
            None => None,
        };
        let encoding = self.shared.encoding();
        let mut actions = Vec::new();
        for diagnostic in &params.context.diagnostics {
            if diagnostic.source.as_deref() != Some(SOURCE) {
                continue;
            }
            let Some(data) = diagnostic
                .data
                .clone()
                .and_then(|d| serde_json::from_value::<DiagnosticData>(d).ok())
            else {
                continue;
            };
            // The finding the diagnostic shows: same rule, same range.
            let fix_data = current.as_ref().and_then(|(rope, findings, _)| {
                findings
                    .iter()
                    .filter(|f| f.rule_id == data.rule_id && f.fix.is_some())
                    .find(|f| {
                        position::to_range(rope, f.range.clone(), encoding) == diagnostic.range
                    })
                    .and_then(|f| convert::fix_data(f, rope, encoding))
            });
            if let Some(fix_data) = &fix_data {
                let target = fix_data.uri.as_ref().unwrap_or(&uri);
                let in_document = fix_data.uri.is_none();
                if !in_document || fix_parses(snapshot.as_ref(), fix_data, encoding) {
                    actions.push(quick_fix(
                        target,
                        diagnostic,
                        fix_data.title.clone(),
                        fix_data.edits.clone(),
                        true,
                    ));
                }
            }
            if let Some(snapshot) = &snapshot {
                if let Some(edit) = ignore_edit(
                    snapshot,
                    diagnostic.range.start.line as usize,
                    &data.rule_id,
                    encoding,
                ) {
                    let title = format!("Ignore `{}` on this line", data.rule_id);
                    actions.push(quick_fix(&uri, diagnostic, title, vec![edit], false));
                }
            }
        }
        Ok(Some(actions))
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let uri = params.text_document.uri;
        let items = match self.current(&uri, true).await {
            Some((_, _, diagnostics)) => diagnostics,
            None => Vec::new(),
        };
        Ok(DocumentDiagnosticReportResult::Report(
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: None,
                    items,
                },
            }),
        ))
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        match params.command.as_str() {
            EXPLAIN_COMMAND => {
                let id = params
                    .arguments
                    .first()
                    .and_then(|a| {
                        a.as_str()
                            .map(str::to_owned)
                            .or_else(|| a.get("ruleId")?.as_str().map(str::to_owned))
                    })
                    .ok_or_else(|| RpcError::invalid_params("expected a rule id"))?;
                let rule = Engine::builtin()
                    .rules()
                    .get(&id)
                    .ok_or_else(|| RpcError::invalid_params(format!("unknown rule `{id}`")))?;
                Ok(Some(Value::String(rule.explanation_markdown())))
            }
            CHECK_SNIPPET_COMMAND => self.check_snippet(params.arguments).await.map(Some),
            SCAN_WORKSPACE_COMMAND => self
                .scan_workspace(params.work_done_progress_params.work_done_token)
                .await
                .map(Some),
            other => Err(RpcError::invalid_params(format!(
                "unknown command `{other}`"
            ))),
        }
    }
}

fn quick_fix(
    uri: &Uri,
    diagnostic: &Diagnostic,
    title: String,
    edits: Vec<TextEdit>,
    preferred: bool,
) -> CodeActionOrCommand {
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic.clone()]),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..Default::default()
        }),
        is_preferred: Some(preferred),
        ..Default::default()
    })
}

/// Does the fix, applied to the current text, parse without new errors?
/// Without the document (not open), the precomputed check at analysis stands.
fn fix_parses(
    snapshot: Option<&Snapshot>,
    fix_data: &convert::FixData,
    encoding: Encoding,
) -> bool {
    let Some(snapshot) = snapshot else {
        return true;
    };
    let edits: Option<Vec<_>> = fix_data
        .edits
        .iter()
        .map(|e| {
            Some(crate::finding::TextEdit {
                range: position::to_byte_range(&snapshot.rope, e.range, encoding)?,
                new_text: e.new_text.clone(),
            })
        })
        .collect();
    let Some(edits) = edits else {
        return false;
    };
    let fix = crate::finding::Fix {
        title: fix_data.title.clone(),
        edits,
        file: None,
    };
    fix::fix_keeps_syntax_in(
        snapshot.language,
        &snapshot.text,
        snapshot.tree.as_ref(),
        &fix,
    )
}

/// The edit that silences `rule` on `line`: a trailing comment, or a comment
/// on its own line above when a trailing one would change the code (the line
/// ends inside a string or continues with a backslash).
fn ignore_edit(
    snapshot: &Snapshot,
    line: usize,
    rule: &str,
    encoding: Encoding,
) -> Option<TextEdit> {
    let rope = &snapshot.rope;
    if line >= rope.len_lines() {
        return None;
    }
    let marker = snapshot.language.line_comment();
    let directive = format!("{marker} suggestguard: ignore[{rule}]");
    let line_text = rope.line(line).to_string();
    let content = line_text.trim_end_matches(['\n', '\r']);
    let line_start = rope.line_to_byte(line);
    let end_byte = line_start + content.len();
    let trailing_breaks = content.trim_end().ends_with('\\')
        || snapshot.tree.as_ref().is_some_and(|tree| {
            let at = end_byte.saturating_sub(1).max(line_start);
            let mut node = tree.root_node().descendant_for_byte_range(at, at);
            while let Some(n) = node {
                if n.kind().contains("string") && n.end_byte() > end_byte {
                    return true;
                }
                node = n.parent();
            }
            false
        });
    if trailing_breaks {
        let indent: String = content.chars().take_while(|c| c.is_whitespace()).collect();
        let at = position::to_position(rope, line_start, encoding);
        return Some(TextEdit::new(
            Range::new(at, at),
            format!("{indent}{directive}\n"),
        ));
    }
    let at = position::to_position(rope, end_byte, encoding);
    Some(TextEdit::new(Range::new(at, at), format!("  {directive}")))
}
