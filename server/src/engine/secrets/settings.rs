//! The `[secrets]` settings, compiled for one analysis: allowed values,
//! allowed paths, test paths; and the lockfiles whose hashes are never secrets.

use crate::config::SecretSettings;
use globset::{Glob, GlobSet, GlobSetBuilder};
use regex::Regex;
use std::path::Path;
use std::sync::{Arc, Mutex};

/// The compiled form of the settings last asked for.
#[derive(Default)]
pub struct Cache(Mutex<Option<(SecretSettings, Arc<Compiled>)>>);

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("settings::Cache")
    }
}

impl Cache {
    pub fn get(&self, settings: &SecretSettings) -> Arc<Compiled> {
        let mut last = self.0.lock().unwrap_or_else(|e| e.into_inner());
        match &*last {
            Some((seen, compiled)) if seen == settings => compiled.clone(),
            _ => {
                let compiled = Arc::new(Compiled::new(settings));
                *last = Some((settings.clone(), compiled.clone()));
                compiled
            }
        }
    }
}

pub struct Compiled {
    allow: Vec<Regex>,
    allow_paths: GlobSet,
    test_paths: GlobSet,
}

fn globs(patterns: &[String]) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for p in patterns {
        // Bad globs were reported when the settings were read.
        if let Ok(glob) = Glob::new(p) {
            builder.add(glob);
            // `fixtures/**` also matches below any directory.
            if !p.starts_with('/') && !p.starts_with("**/") {
                if let Ok(glob) = Glob::new(&format!("**/{p}")) {
                    builder.add(glob);
                }
            }
        }
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}

impl Compiled {
    pub fn new(settings: &SecretSettings) -> Compiled {
        Compiled {
            allow: settings
                .allow
                .iter()
                .filter_map(|p| Regex::new(&format!("^(?:{p})$")).ok())
                .collect(),
            allow_paths: globs(&settings.allow_paths),
            test_paths: globs(&settings.test_paths),
        }
    }

    pub fn value_allowed(&self, value: &str) -> bool {
        self.allow.iter().any(|r| r.is_match(value))
    }

    pub fn path_allowed(&self, path: &Path) -> bool {
        self.allow_paths.is_match(path)
    }

    pub fn is_test_path(&self, path: &Path) -> bool {
        self.test_paths.is_match(path)
    }
}

/// Dependency lockfiles: full of hashes, never of hand-written secrets.
pub fn is_lockfile(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    matches!(
        name,
        "package-lock.json"
            | "npm-shrinkwrap.json"
            | "yarn.lock"
            | "pnpm-lock.yaml"
            | "Cargo.lock"
            | "poetry.lock"
            | "Pipfile.lock"
            | "composer.lock"
            | "Gemfile.lock"
            | "go.sum"
            | "uv.lock"
            | "pdm.lock"
            | "flake.lock"
            | "packages.lock.json"
    ) || name.ends_with(".lock")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_values() {
        let settings = SecretSettings {
            allow: vec!["sk_live_fixture.*".into()],
            allow_paths: vec!["fixtures/**".into()],
            ..SecretSettings::default()
        };
        let c = Compiled::new(&settings);
        assert!(c.value_allowed("sk_live_fixture123"));
        assert!(!c.value_allowed("xsk_live_fixture123"));
        assert!(c.path_allowed(Path::new("repo/fixtures/a.env")));
        assert!(!c.path_allowed(Path::new("repo/src/a.env")));
        assert!(c.is_test_path(Path::new("pkg/test_settings.py")));
        assert!(!c.is_test_path(Path::new("pkg/settings.py")));
        assert!(is_lockfile(Path::new("a/poetry.lock")));
    }
}
