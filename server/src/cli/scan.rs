//! Walking the paths to scan and analysing files in parallel.

use super::report::{LineIndex, Positions};
use crate::config::Config;
use crate::engine::Engine;
use crate::finding::Finding;
use crate::lang::Language;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Files larger than this are skipped with a note: they are generated or data.
pub const MAX_FILE_BYTES: u64 = 5 * 1024 * 1024;

/// The findings of one file, with what line/column conversion needs.
pub struct FileReport {
    pub path: PathBuf,
    pub content: Content,
    pub language: Language,
    /// The parse of `text` (kept for files with findings: fix checks reuse it).
    pub tree: Option<tree_sitter::Tree>,
    pub findings: Vec<Finding>,
    /// Every in-file fix left in `findings` is known to keep the file
    /// parseable (a scan checks them on its worker threads, then drops the tree).
    pub fixes_checked: bool,
}

/// What a report holds of a file's text.
pub enum Content {
    Text(String),
    /// The positions of every offset the findings' report needs, the text
    /// itself dropped (see [`Keep`]).
    Positions(Positions),
}

/// What a scan keeps of each file with findings until the report is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keep {
    /// Only line and column numbers: memory grows with the findings, not with
    /// the size of the tree.
    Positions,
    /// The whole text, for filters that compare it with another version
    /// (`--diff`).
    Text,
}

impl FileReport {
    /// The file's text, unless the scan kept only positions.
    pub fn text(&self) -> Option<&str> {
        match &self.content {
            Content::Text(text) => Some(text),
            Content::Positions(_) => None,
        }
    }

    pub fn index(&self) -> LineIndex<'_> {
        match &self.content {
            Content::Text(text) => LineIndex::new(text),
            Content::Positions(positions) => LineIndex::Kept(positions),
        }
    }

    /// Every offset a report of the findings may ask the position of.
    fn offsets(&self) -> impl Iterator<Item = usize> + '_ {
        self.findings.iter().flat_map(|f| {
            let edits = f
                .fix
                .iter()
                .filter(|fix| fix.file.is_none())
                .flat_map(|fix| &fix.edits)
                .map(|e| &e.range);
            std::iter::once(&f.range)
                .chain(f.related.iter().map(|r| &r.range))
                .chain(edits)
                .flat_map(|r| [r.start, r.end])
        })
    }
}

/// What a scan produced.
#[derive(Default)]
pub struct ScanResult {
    pub files: Vec<FileReport>,
    pub scanned: usize,
    /// Files not analysed, with the reason (too large, binary, unreadable).
    pub skipped: Vec<(PathBuf, String)>,
    /// Binary files that are not named as source (images, archives, compiled
    /// modules): skipped and only counted, since a tree holds many.
    pub binary: usize,
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
pub fn scan(
    paths: &[PathBuf],
    config: &Config,
    engine: &Engine,
    keep: Keep,
) -> std::io::Result<ScanResult> {
    scan_counted(paths, config, engine, keep, &AtomicUsize::new(0))
}

/// [`scan`], counting the files looked at in `done` as it goes (for progress reports).
pub fn scan_counted(
    paths: &[PathBuf],
    config: &Config,
    engine: &Engine,
    keep: Keep,
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
            let outcome =
                scan_file(entry.path(), config, engine).map(|r| r.map(|r| finish(r, keep)));
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
                Err(reason)
                    if reason == BINARY && Language::from_path(entry.path()) == Language::Text =>
                {
                    result.binary += 1
                }
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

/// On the worker thread rather than while the report is written: drop the
/// fixes that would break the file's syntax, then the tree, and (`keep`)
/// the text, once the positions the report needs are taken from it.
fn finish(mut report: FileReport, keep: Keep) -> FileReport {
    if let Content::Text(text) = &report.content {
        for f in &mut report.findings {
            let breaks = f.fix.as_ref().is_some_and(|fix| {
                fix.file.is_none()
                    && !crate::engine::fix::fix_keeps_syntax_in(
                        report.language,
                        text,
                        report.tree.as_ref(),
                        fix,
                    )
            });
            if breaks {
                f.fix = None;
            }
        }
        if keep == Keep::Positions {
            let positions = Positions::of(text, report.offsets());
            report.content = Content::Positions(positions);
        }
    }
    report.tree = None;
    report.fixes_checked = true;
    report
}

/// Does a Python file declare a one-byte Western encoding (PEP 263: a
/// `coding:` comment on line 1 or 2), as older code in Latin-1 or cp1252 does?
/// (cp1252's 0x80-0x9F are then read as Latin-1's control characters: the
/// positions of findings do not change.)
fn declares_latin1(bytes: &[u8]) -> bool {
    static DECLARATION: std::sync::LazyLock<regex::bytes::Regex> = std::sync::LazyLock::new(|| {
        regex::bytes::Regex::new(r"^[ \t\f]*#.*?coding[:=][ \t]*([-_.a-zA-Z0-9]+)").expect("valid")
    });
    bytes.split(|&b| b == b'\n').take(2).any(|line| {
        DECLARATION.captures(line).is_some_and(|c| {
            let name = String::from_utf8_lossy(&c[1])
                .to_ascii_lowercase()
                .replace('_', "-");
            matches!(
                name.as_str(),
                "latin-1"
                    | "latin1"
                    | "l1"
                    | "iso-8859-1"
                    | "iso8859-1"
                    | "iso-8859-15"
                    | "iso8859-15"
                    | "latin-9"
                    | "cp1252"
                    | "windows-1252"
            )
        })
    })
}

/// Why a file holding NUL bytes is skipped.
const BINARY: &str = "binary file, skipped";

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
        return Err(BINARY.into());
    }
    let language = Language::from_path(path);
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(not_utf8) => {
            let bytes = not_utf8.into_bytes();
            if language != Language::Python || !declares_latin1(&bytes) {
                return Err("not UTF-8 text, skipped".into());
            }
            // One byte, one character: lines and columns stay those of the file.
            bytes.iter().map(|&b| char::from(b)).collect()
        }
    };
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
        content: Content::Text(text),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{report, sarif};

    /// Reports written from the kept positions equal those written from the
    /// texts, over the Python and Rust corpora (fixes, related locations,
    /// multi-byte text) and a file of multi-byte lines.
    #[test]
    fn reports_from_kept_positions_equal_reports_from_texts() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("wide.py"),
            "# ünïcödé 🎉\nimport yaml\nnamé = '🎉'; data = yaml.load(open(namé))  # ✓\n",
        )
        .unwrap();
        let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
        let paths = [corpus, dir.path().to_owned()];
        let engine = Engine::builtin();
        let config = Config::default();
        let outputs = [Keep::Text, Keep::Positions].map(|keep| {
            let result = scan(&paths, &config, engine, keep).unwrap();
            let kept = result.files.iter().filter(|f| f.text().is_none()).count();
            let all: Vec<_> = report::json_findings(&result.files, |_| true).collect();
            let json = serde_json::to_string(&all);
            let mut sarif = Vec::new();
            sarif::write(&mut sarif, &result.files, engine.rules(), |_| true).unwrap();
            let sarif = String::from_utf8(sarif);
            (result.files.len(), kept, json.unwrap(), sarif.unwrap())
        });
        let [(files, texts_dropped, json, sarif), (files2, positions_only, json2, sarif2)] =
            outputs;
        assert!(files > 100, "{files} files with findings");
        assert_eq!((texts_dropped, positions_only), (0, files2));
        assert!(json.contains("\"column\""), "{json}");
        assert!(json == json2, "JSON reports differ");
        assert!(sarif == sarif2, "SARIF logs differ");
    }
}
