//! Walking the paths to scan and analysing files in parallel.

use crate::config::Config;
use crate::engine::Engine;
use crate::finding::Finding;
use crate::lang::Language;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Files larger than this are skipped with a note: they are generated or data.
pub const MAX_FILE_BYTES: u64 = 5 * 1024 * 1024;

/// The findings of one file, with its text for line/column conversion.
pub struct FileReport {
    pub path: PathBuf,
    pub text: String,
    pub language: Language,
    /// The parse of `text` (kept for files with findings: fix checks reuse it).
    pub tree: Option<tree_sitter::Tree>,
    pub findings: Vec<Finding>,
    /// Every in-file fix left in `findings` is known to keep the file
    /// parseable (a scan checks them on its worker threads, then drops the tree).
    pub fixes_checked: bool,
}

/// What a scan produced.
#[derive(Default)]
pub struct ScanResult {
    pub files: Vec<FileReport>,
    pub scanned: usize,
    /// Files not analysed, with the reason (too large, binary, unreadable).
    pub skipped: Vec<(PathBuf, String)>,
}

/// Directories never worth entering, even when not ignored.
fn is_vcs_dir(path: &Path) -> bool {
    matches!(
        path.file_name().and_then(|n| n.to_str()),
        Some(".git" | ".hg" | ".svn" | ".jj")
    )
}

/// Scan `paths` (files or directories), honouring `.gitignore` and friends.
/// Hidden files are scanned: `.env` files are where secrets hide.
pub fn scan(paths: &[PathBuf], config: &Config, engine: &Engine) -> std::io::Result<ScanResult> {
    scan_counted(paths, config, engine, &AtomicUsize::new(0))
}

/// [`scan`], counting the files looked at in `done` as it goes (for progress reports).
pub fn scan_counted(
    paths: &[PathBuf],
    config: &Config,
    engine: &Engine,
    done: &AtomicUsize,
) -> std::io::Result<ScanResult> {
    if paths.is_empty() {
        return Ok(ScanResult::default());
    }
    for path in paths {
        if !path.exists() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("{}: no such file or directory", path.display()),
            ));
        }
    }
    let mut builder = ignore::WalkBuilder::new(&paths[0]);
    for path in &paths[1..] {
        builder.add(path);
    }
    builder
        .hidden(false)
        .require_git(false)
        .filter_entry(|e| !is_vcs_dir(e.path()))
        .threads(std::thread::available_parallelism().map_or(2, |n| n.get()));
    let result = Mutex::new(ScanResult::default());
    builder.build_parallel().run(|| {
        let result = &result;
        Box::new(move |entry| {
            let Ok(entry) = entry else {
                return ignore::WalkState::Continue;
            };
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                return ignore::WalkState::Continue;
            }
            let outcome = scan_file(entry.path(), config, engine).map(|r| r.map(check_fixes));
            done.fetch_add(1, Ordering::Relaxed);
            let mut result = result.lock().unwrap_or_else(|e| e.into_inner());
            match outcome {
                Ok(Some(report)) => {
                    result.scanned += 1;
                    if !report.findings.is_empty() {
                        result.files.push(report);
                    }
                }
                Ok(None) => result.scanned += 1,
                Err(reason) => result.skipped.push((entry.path().to_path_buf(), reason)),
            }
            ignore::WalkState::Continue
        })
    });
    let mut result = result.into_inner().unwrap_or_else(|e| e.into_inner());
    result.files.sort_by(|a, b| a.path.cmp(&b.path));
    result.skipped.sort();
    Ok(result)
}

/// Drop the fixes that would break the file's syntax, here on the worker
/// thread rather than while the report is written, then the tree.
fn check_fixes(mut report: FileReport) -> FileReport {
    for f in &mut report.findings {
        let breaks = f.fix.as_ref().is_some_and(|fix| {
            fix.file.is_none()
                && !crate::engine::fix::fix_keeps_syntax_in(
                    report.language,
                    &report.text,
                    report.tree.as_ref(),
                    fix,
                )
        });
        if breaks {
            f.fix = None;
        }
    }
    report.tree = None;
    report.fixes_checked = true;
    report
}

/// Analyse one file. `Ok(None)`: read, nothing to report.
pub fn scan_file(
    path: &Path,
    config: &Config,
    engine: &Engine,
) -> Result<Option<FileReport>, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!(
            "larger than {} MB, skipped",
            MAX_FILE_BYTES / (1024 * 1024)
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    if bytes.iter().take(8192).any(|b| *b == 0) {
        return Err("binary file, skipped".into());
    }
    let Ok(text) = String::from_utf8(bytes) else {
        return Err("not UTF-8 text, skipped".into());
    };
    let language = Language::from_path(path);
    let tree = language.parse(&text);
    let findings = engine.analyze_guarded(
        &crate::engine::Source {
            text: &text,
            tree: tree.as_ref(),
            language,
            path: Some(path),
        },
        config,
    );
    Ok(Some(FileReport {
        path: path.to_path_buf(),
        text,
        language,
        tree,
        findings,
        fixes_checked: false,
    }))
}

/// After a scan with online package checks on: ask the user's package tools
/// about the names the scan left unanswered, a few at a time, then scan again
/// the files whose findings the answers change. Progress goes to standard
/// error unless `quiet`.
pub fn confirm_online(result: &mut ScanResult, config: &Config, engine: &Engine, quiet: bool) {
    use crate::index::online::{lookup, Answer, OnlineCache};
    let cache = OnlineCache::global();
    let queries = cache.take_pending();
    if queries.is_empty() {
        return;
    }
    let total = queries.len();
    if !quiet {
        eprintln!("suggestguard: asking the package tools about {total} names the local index does not know");
    }
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let files: Mutex<std::collections::BTreeSet<PathBuf>> = Mutex::default();
    std::thread::scope(|scope| {
        for _ in 0..lookup::CONCURRENCY.min(total) {
            scope.spawn(|| {
                while let Some(query) = queries.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let answer = lookup::lookup(query);
                    let waiters = cache.record(query, answer);
                    if answer != Answer::Unknown {
                        let mut files = files.lock().unwrap_or_else(|e| e.into_inner());
                        files.extend(waiters.into_iter().flatten());
                    }
                    let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                    if !quiet {
                        let said = match answer {
                            Answer::Exists => "exists",
                            Answer::Missing => "does not exist",
                            Answer::Unknown => "no answer",
                        };
                        eprintln!("suggestguard: [{n}/{total}] {}: {said}", query.name);
                    }
                }
            });
        }
    });
    let files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    for path in files {
        let Ok(Some(mut report)) = scan_file(&path, config, engine) else {
            continue;
        };
        result.files.retain(|r| r.path != path);
        if !report.findings.is_empty() {
            if !report.findings.iter().any(|f| f.fix.is_some()) {
                report.tree = None;
            }
            result.files.push(report);
        }
    }
    result.files.sort_by(|a, b| a.path.cmp(&b.path));
}
