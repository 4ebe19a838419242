//! `scan --diff REV`: only the files and lines changed since a git revision
//! (work tree against REV, untracked files included), for pre-commit hooks and
//! pull requests.

use super::scan::ScanResult;
use crate::gitdiff;
use crate::provenance::line_span;
use ropey::Rope;
use std::path::{Path, PathBuf};

/// The repository and revision a scan is narrowed to.
pub struct DiffScope {
    root: PathBuf,
    rev: String,
}

impl DiffScope {
    /// The repository holding `paths[0]`, checked to know `rev`.
    pub fn new(rev: &str, paths: &[PathBuf]) -> Result<DiffScope, String> {
        let first = paths.first().map_or(Path::new("."), |p| p.as_path());
        let dir = if first.is_dir() {
            first
        } else {
            first
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."))
        };
        let root = gitdiff::repo_root(dir).ok_or_else(|| {
            format!(
                "--diff needs a git repository; {} is not in one",
                dir.display()
            )
        })?;
        gitdiff::verify_commit(&root, rev)?;
        Ok(DiffScope {
            root,
            rev: rev.to_owned(),
        })
    }

    /// The changed files that lie under one of `paths`, named relative to the
    /// current directory when they are under it.
    pub fn files(&self, paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
        let under: Vec<PathBuf> = paths
            .iter()
            .map(|p| {
                p.canonicalize()
                    .map_err(|e| format!("{}: {e}", p.display()))
            })
            .collect::<Result<_, _>>()?;
        let cwd = std::env::current_dir()
            .ok()
            .and_then(|d| d.canonicalize().ok());
        let files = gitdiff::changed_files(&self.root, &self.rev)?
            .into_iter()
            .filter_map(|f| f.canonicalize().ok())
            .filter(|f| under.iter().any(|u| f.starts_with(u)))
            .map(
                |f| match cwd.as_ref().and_then(|c| f.strip_prefix(c).ok()) {
                    Some(rel) => rel.to_path_buf(),
                    None => f,
                },
            )
            .collect();
        Ok(files)
    }

    /// Drop findings on lines that did not change since the revision.
    pub fn retain_changed(&self, result: &mut ScanResult) -> Result<(), String> {
        for report in &mut result.files {
            let Some(old) = gitdiff::text_at(&self.root, &self.rev, &report.path)? else {
                continue; // new since the revision: every line changed
            };
            let Some(text) = report.text() else {
                return Err(format!(
                    "{}: the scan kept no text to compare",
                    report.path.display()
                ));
            };
            let changed = gitdiff::changed_lines(&old, text);
            let rope = Rope::from_str(text);
            report.findings.retain(|f| {
                line_span(&rope, &f.range).any(|l| changed.get(l).copied().unwrap_or(false))
            });
        }
        result.files.retain(|r| !r.findings.is_empty());
        Ok(())
    }
}
