//! Which rules' full lessons this developer has already seen, kept in one
//! small file in the user's data directory so the second meeting with a rule
//! shows the short form. Local only: nothing is ever sent anywhere.

use crate::config::Lessons;
use crate::lesson::Level;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Overrides the data directory (tests, portable installs).
pub const DATA_DIR_ENV: &str = "SUGGESTGUARD_DATA_DIR";

const SEEN_FILE: &str = "lessons-seen.txt";

/// `$SUGGESTGUARD_DATA_DIR`, else the platform's per-user data directory
/// (`$XDG_DATA_HOME` or `~/.local/share` on Linux) plus `suggestguard`.
pub fn data_dir() -> Option<PathBuf> {
    let env = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(dir) = env(DATA_DIR_ENV) {
        return Some(PathBuf::from(dir));
    }
    let base = if cfg!(windows) {
        env("APPDATA").map(PathBuf::from)
    } else if cfg!(target_os = "macos") {
        env("HOME").map(|h| PathBuf::from(h).join("Library/Application Support"))
    } else {
        env("XDG_DATA_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .or_else(|| env("HOME").map(|h| PathBuf::from(h).join(".local/share")))
    };
    base.map(|b| b.join("suggestguard"))
}

/// The seen rules, loaded once and written back on every change.
#[derive(Debug, Default)]
pub struct SeenRules {
    file: Option<PathBuf>,
    seen: BTreeSet<String>,
}

impl SeenRules {
    /// The store in the user's data directory (empty when there is none).
    pub fn load_default() -> SeenRules {
        SeenRules::load(data_dir().map(|d| d.join(SEEN_FILE)))
    }

    pub fn load(file: Option<PathBuf>) -> SeenRules {
        let seen = file
            .as_deref()
            .and_then(|f| std::fs::read_to_string(f).ok())
            .map(|text| {
                text.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with('#'))
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        SeenRules { file, seen }
    }

    /// The level of the lesson to show for `rule` now; under `auto` the first
    /// call for a rule answers `Full` and remembers it. `None`: lessons are off.
    pub fn level_for(&mut self, rule: &str, setting: Lessons) -> Option<Level> {
        match setting {
            Lessons::Off => None,
            Lessons::AlwaysFull => Some(Level::Full),
            Lessons::Auto => {
                if self.seen.insert(rule.to_owned()) {
                    self.save();
                    Some(Level::Full)
                } else {
                    Some(Level::Short)
                }
            }
        }
    }

    /// Write the file; a failure (read-only home) keeps the set in memory only.
    fn save(&self) {
        let Some(file) = &self.file else {
            return;
        };
        let mut text = String::from(
            "# Rules whose full lesson suggestguard has shown. Delete this file to see them again.\n",
        );
        for id in &self.seen {
            text.push_str(id);
            text.push('\n');
        }
        let _ = write_atomically(file, &text);
    }
}

fn write_atomically(file: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = file.with_extension(format!("tmp{}", std::process::id()));
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_meeting_is_full_then_short_and_it_survives_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("nested").join(SEEN_FILE);
        let mut seen = SeenRules::load(Some(file.clone()));
        assert_eq!(
            seen.level_for("py-yaml-load", Lessons::Auto),
            Some(Level::Full)
        );
        assert_eq!(
            seen.level_for("py-yaml-load", Lessons::Auto),
            Some(Level::Short)
        );
        assert_eq!(
            seen.level_for("py-yaml-load", Lessons::AlwaysFull),
            Some(Level::Full)
        );
        assert_eq!(seen.level_for("py-eval-injection", Lessons::Off), None);
        let mut again = SeenRules::load(Some(file));
        assert_eq!(
            again.level_for("py-yaml-load", Lessons::Auto),
            Some(Level::Short)
        );
        assert_eq!(
            again.level_for("py-eval-injection", Lessons::Auto),
            Some(Level::Full)
        );
    }
}
