//! `.env` files hold secrets by design; the danger is committing them. For a
//! finding in one, tell whether `.gitignore` keeps the file out of version
//! control.

use ignore::gitignore::GitignoreBuilder;
use std::path::Path;

/// `.env`, `.env.local`, `prod.env`: files whose purpose is local secrets.
/// Templates meant to be committed (`.env.example`) are not.
pub fn is_env_file(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let lower = name.to_ascii_lowercase();
    let env = lower == ".env" || lower.starts_with(".env.") || lower.ends_with(".env");
    let template = [
        "example", "sample", "template", "dist", "defaults", "tmpl", "tpl",
    ]
    .iter()
    .any(|t| lower.ends_with(t));
    env && !template
}

/// Is `path` ignored by a `.gitignore` between it and the repository root?
/// Files that do not exist on disk (unsaved buffers) count as not ignored.
pub fn is_git_ignored(path: &Path) -> bool {
    let Ok(path) = path.canonicalize() else {
        return false;
    };
    let mut dirs = Vec::new();
    let mut dir = path.parent();
    while let Some(d) = dir {
        dirs.push(d.to_path_buf());
        if d.join(".git").exists() {
            break;
        }
        dir = d.parent();
    }
    // Outermost first, so that inner files' rules win.
    for d in dirs.iter().rev() {
        let file = d.join(".gitignore");
        if !file.is_file() {
            continue;
        }
        let mut builder = GitignoreBuilder::new(d);
        if builder.add(&file).is_some() {
            continue;
        }
        if let Ok(gitignore) = builder.build() {
            let hit = gitignore.matched_path_or_any_parents(&path, false);
            if hit.is_ignore() {
                return true;
            }
        }
    }
    false
}

/// The sentence added to a finding in an env file that git would commit.
pub fn hint(path: Option<&Path>) -> Option<&'static str> {
    let path = path?;
    (is_env_file(path) && !is_git_ignored(path)).then_some(
        " This file is not covered by .gitignore: add it there so it never reaches version control.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_files() {
        assert!(is_env_file(Path::new("/a/.env")));
        assert!(is_env_file(Path::new(".env.production")));
        assert!(is_env_file(Path::new("prod.env")));
        assert!(!is_env_file(Path::new(".env.example")));
        assert!(!is_env_file(Path::new("environment.py")));
    }

    #[test]
    fn gitignore_is_honoured() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        let env = dir.path().join(".env");
        std::fs::write(&env, "A=1\n").unwrap();
        assert!(hint(Some(&env)).is_some());
        std::fs::write(dir.path().join(".gitignore"), ".env\n").unwrap();
        assert!(hint(Some(&env)).is_none());
    }
}
