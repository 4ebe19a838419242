//! What changed since a git revision: the committed text of a file (read with
//! the `git` command line, once per open or save, never on a timer) and a line
//! diff between two texts. Used by the editor's `changed-since-head` focus and
//! by `scan --diff`.
//!
//! Outside a repository, before the first commit, and for files the revision
//! does not hold, there is no committed version: every line counts as changed
//! (all of it is new to the repository).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Run git in `dir`; its standard output when it succeeds.
fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_owned())
    }
}

/// The top directory of the work tree holding `dir`, if any.
pub fn repo_root(dir: &Path) -> Option<PathBuf> {
    let out = git(dir, &["rev-parse", "--show-toplevel"]).ok()?;
    let text = String::from_utf8(out).ok()?;
    let root = PathBuf::from(text.trim_end_matches(['\n', '\r']));
    Some(root.canonicalize().unwrap_or(root))
}

/// Does `rev` name a commit in the repository at `root`?
pub fn verify_commit(root: &Path, rev: &str) -> Result<(), String> {
    git(
        root,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ],
    )
    .map(|_| ())
    .map_err(|_| format!("`{rev}` does not name a commit"))
}

/// `path` relative to `root`, with forward slashes, as git names it.
fn git_path(root: &Path, path: &Path) -> Option<String> {
    let path = path.canonicalize().ok()?;
    let rel = path.strip_prefix(root).ok()?;
    Some(rel.to_string_lossy().replace('\\', "/"))
}

/// The text of `path` at `rev`. `Ok(None)` when the revision does not hold
/// the file; an error when git fails otherwise.
pub fn text_at(root: &Path, rev: &str, path: &Path) -> Result<Option<String>, String> {
    let Some(rel) = git_path(root, path) else {
        return Ok(None);
    };
    if git(root, &["cat-file", "-e", &format!("{rev}:{rel}")]).is_err() {
        return Ok(None);
    }
    let bytes = git(root, &["show", &format!("{rev}:{rel}")])?;
    Ok(Some(String::from_utf8_lossy(&bytes).into_owned()))
}

/// The committed (HEAD) text of the file at `path`; `None` when there is none
/// (see the module documentation).
pub fn committed_text(path: &Path) -> Option<String> {
    let root = repo_root(path.parent()?)?;
    verify_commit(&root, "HEAD").ok()?;
    text_at(&root, "HEAD", path).ok().flatten()
}

/// Files (absolute) that differ between `rev` and the work tree, tracked or
/// untracked (ignored files excluded).
pub fn changed_files(root: &Path, rev: &str) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    let tracked = git(
        root,
        &["diff", "--name-only", "-z", "--no-renames", rev, "--"],
    )?;
    let untracked = git(root, &["ls-files", "--others", "--exclude-standard", "-z"])?;
    for name in tracked
        .split(|b| *b == 0)
        .chain(untracked.split(|b| *b == 0))
    {
        if name.is_empty() {
            continue;
        }
        let path = root.join(String::from_utf8_lossy(name).as_ref());
        if path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

/// Edit scripts longer than this are not worked out: the whole differing
/// middle counts as changed.
const MAX_EDITS: usize = 4000;

/// For each line of `new` (as ropey counts them: a text ending in a newline
/// has an empty last line), whether it differs from `old`. A deletion marks
/// the line that now stands where the deleted lines were.
pub fn changed_lines(old: &str, new: &str) -> Vec<bool> {
    let a: Vec<&str> = split_lines(old);
    let b: Vec<&str> = split_lines(new);
    let mut changed = vec![false; b.len()];
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a_mid, b_mid) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut mark = |i: usize| {
        if !changed.is_empty() {
            let last = changed.len() - 1;
            changed[(prefix + i).min(last)] = true;
        }
    };
    if a_mid.is_empty() && b_mid.is_empty() {
        return changed;
    }
    match myers(a_mid, b_mid) {
        Some(script) => script.into_iter().for_each(&mut mark),
        None => (0..b_mid.len().max(1)).for_each(&mut mark),
    }
    changed
}

/// Lines without their terminators; a final newline opens an empty last line.
fn split_lines(text: &str) -> Vec<&str> {
    text.split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect()
}

/// Indices into `b` of inserted lines and of the places where lines of `a`
/// were deleted, by Myers' O(ND) algorithm. `None` beyond [`MAX_EDITS`].
fn myers(a: &[&str], b: &[&str]) -> Option<Vec<usize>> {
    let (n, m) = (a.len() as isize, b.len() as isize);
    let max = (n + m) as usize;
    let limit = max.min(MAX_EDITS);
    let offset = max as isize + 1;
    let idx = |k: isize| (k + offset) as usize;
    let mut v = vec![0isize; 2 * max + 3];
    let mut trace = Vec::new();
    let mut found = None;
    'outer: for d in 0..=limit as isize {
        trace.push(v.clone());
        let mut k = -d;
        while k <= d {
            let mut x = if k == -d || (k != d && v[idx(k - 1)] < v[idx(k + 1)]) {
                v[idx(k + 1)]
            } else {
                v[idx(k - 1)] + 1
            };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            v[idx(k)] = x;
            if x >= n && y >= m {
                found = Some(d);
                break 'outer;
            }
            k += 2;
        }
    }
    let depth = found?;
    let mut out = Vec::new();
    let (mut x, mut y) = (n, m);
    for d in (1..=depth).rev() {
        let v = &trace[d as usize];
        let k = x - y;
        let prev_k = if k == -d || (k != d && v[idx(k - 1)] < v[idx(k + 1)]) {
            k + 1
        } else {
            k - 1
        };
        let prev_x = v[idx(prev_k)];
        let prev_y = prev_x - prev_k;
        while x > prev_x && y > prev_y {
            x -= 1;
            y -= 1;
        }
        // The step from (prev_x, prev_y): down is an inserted line of `b`,
        // right is a deleted line of `a`, which marks the line now at `y`.
        out.push(prev_y.max(0) as usize);
        x = prev_x;
        y = prev_y;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changed(old: &str, new: &str) -> Vec<usize> {
        changed_lines(old, new)
            .iter()
            .enumerate()
            .filter(|(_, c)| **c)
            .map(|(i, _)| i)
            .collect()
    }

    #[test]
    fn replaced_inserted_and_deleted_lines() {
        assert_eq!(changed("a\nb\nc\n", "a\nX\nc\n"), vec![1]);
        assert_eq!(changed("a\nb\nc\n", "a\nb\nc\n"), Vec::<usize>::new());
        assert_eq!(changed("a\nc\n", "a\nb1\nb2\nc\n"), vec![1, 2]);
        // A deletion marks the line that took the deleted lines' place.
        assert_eq!(changed("a\nb\nc\nd\n", "a\nd\n"), vec![1]);
        assert_eq!(changed("", "x\ny\n"), vec![0, 1]);
    }

    #[test]
    fn interleaved_changes_keep_matching_lines_unchanged() {
        let old = "1\n2\n3\n4\n5\n6\n7\n";
        let new = "1\nX\n3\n4\nY\nZ\n6\n7\n";
        assert_eq!(changed(old, new), vec![1, 4, 5]);
        let old = "a\nb\na\nb\n";
        let new = "b\na\nb\na\n";
        let c = changed(old, new);
        assert!(c.len() <= 2, "{c:?}");
    }

    #[test]
    fn committed_text_reads_head_and_absent_outside_a_repository() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.py");
        std::fs::write(&file, "x = 1\n").unwrap();
        assert_eq!(committed_text(&file), None);
        let run = |args: &[&str]| {
            let ok = Command::new("git")
                .arg("-C")
                .arg(dir.path())
                .args(args)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .unwrap()
                .success();
            assert!(ok, "git {args:?}");
        };
        run(&["init", "-q"]);
        assert_eq!(committed_text(&file), None, "no commit yet");
        run(&["add", "a.py"]);
        run(&[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "commit",
            "-q",
            "-m",
            "one",
        ]);
        std::fs::write(&file, "x = 2\n").unwrap();
        assert_eq!(committed_text(&file).as_deref(), Some("x = 1\n"));
        std::fs::write(dir.path().join("b.py"), "y = 1\n").unwrap();
        assert_eq!(committed_text(&dir.path().join("b.py")), None);
        let root = repo_root(dir.path()).unwrap();
        let files = changed_files(&root, "HEAD").unwrap();
        let names: Vec<_> = files
            .iter()
            .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec!["a.py", "b.py"]);
        assert!(verify_commit(&root, "no-such-ref").is_err());
    }
}
