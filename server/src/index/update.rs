//! `suggestguard index update`: refresh the Python index from a registry's
//! project list (PEP 691 JSON, or names one a line) that the user supplies or
//! that the index configured in the user's pip settings serves. Popularity and
//! versions are carried over from the index in force for names it knows.

use super::build::{self, Entry, Listing};
use super::PackageIndex;
use std::path::{Path, PathBuf};

/// The package index URL from the user's pip configuration:
/// `PIP_INDEX_URL`, else `index-url` in the pip config files.
pub fn pip_index_url() -> Option<String> {
    if let Some(url) = std::env::var("PIP_INDEX_URL")
        .ok()
        .filter(|u| !u.is_empty())
    {
        return Some(url);
    }
    let mut files: Vec<PathBuf> = Vec::new();
    if let Some(f) = std::env::var_os("PIP_CONFIG_FILE") {
        files.push(PathBuf::from(f));
    }
    if let Some(v) = std::env::var_os("VIRTUAL_ENV") {
        files.push(PathBuf::from(v).join("pip.conf"));
    }
    if let Some(home) = super::home_dir() {
        let config = std::env::var_os("XDG_CONFIG_HOME")
            .map(PathBuf::from)
            .unwrap_or_else(|| home.join(".config"));
        files.push(config.join("pip").join("pip.conf"));
        files.push(home.join(".pip").join("pip.conf"));
    }
    files.push(PathBuf::from("/etc/pip.conf"));
    files
        .iter()
        .find_map(|f| index_url_in(&std::fs::read_to_string(f).ok()?))
}

/// `index-url` (or `index_url`) in the `[global]` or `[install]` section of a pip.conf.
pub fn index_url_in(conf: &str) -> Option<String> {
    let mut section = String::new();
    for line in conf.lines() {
        let t = line.trim();
        if t.starts_with('[') && t.ends_with(']') {
            section = t[1..t.len() - 1].trim().to_ascii_lowercase();
        } else if matches!(section.as_str(), "global" | "install") {
            if let Some((k, v)) = t.split_once('=') {
                if matches!(k.trim(), "index-url" | "index_url") && !v.trim().is_empty() {
                    return Some(v.trim().to_owned());
                }
            }
        }
    }
    None
}

/// Fetch the project list from `url` as PEP 691 JSON with the user's `curl`.
pub fn fetch(url: &str) -> Result<String, String> {
    let out = std::process::Command::new("curl")
        .args(["-sSfL", "--max-time", "300", "-H", "Accept: application/vnd.pypi.simple.v1+json", url])
        .output()
        .map_err(|e| format!("cannot run curl to fetch the project list ({e}); download it yourself and pass --from FILE"))?;
    if !out.status.success() {
        return Err(format!(
            "fetching the project list failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    String::from_utf8(out.stdout).map_err(|e| e.to_string())
}

/// Write a refreshed index built from `list_text` into `dir`, keeping what
/// `current` knows of each name. Returns a summary line.
pub fn update_from_text(
    current: &PackageIndex,
    list_text: &str,
    dir: &Path,
) -> Result<String, String> {
    let names = build::read_project_list(list_text)?;
    let mut listing = Listing::new();
    for name in names {
        let entry = current
            .pypi
            .get(&name)
            .map(|i| Entry {
                rank: i.rank.unwrap_or(0),
                month: i.month,
                version: i.version,
            })
            .unwrap_or_default();
        listing.insert(name, entry);
    }
    let added = listing.keys().filter(|n| !current.pypi.contains(n)).count();
    build::write_pypi(dir, &listing).map_err(|e| e.to_string())?;
    let today = super::today();
    build::write_meta(
        dir,
        &[
            ("source", "update".to_owned()),
            ("pypi_names", listing.len().to_string()),
            ("snapshot", today[..7].to_owned()),
            ("updated", today),
        ],
    )
    .map_err(|e| e.to_string())?;
    Ok(format!(
        "wrote {} Python project names ({added} new) to {}",
        listing.len(),
        dir.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pip_conf_sections() {
        let conf = "[install]\nno-cache-dir = true\n[global]\nindex-url = https://mirror.example.invalid/simple\n";
        assert_eq!(
            index_url_in(conf).as_deref(),
            Some("https://mirror.example.invalid/simple")
        );
        assert_eq!(index_url_in("[freeze]\nindex-url = x\n"), None);
    }

    #[test]
    fn update_keeps_known_facts_and_adds_names() {
        let dir = tempfile::tempdir().unwrap();
        let list = r#"{"meta":{"api-version":"1.1"},"projects":[{"name":"Requests"},{"name":"brand_new_project_xyz"}]}"#;
        let summary = update_from_text(PackageIndex::global(), list, dir.path()).unwrap();
        assert!(summary.contains("1 new"), "{summary}");
        let fresh = PackageIndex::from_dir(dir.path()).unwrap();
        assert_eq!(fresh.pypi.len(), 2);
        assert!(fresh.pypi.get("requests").unwrap().rank.is_some());
        assert!(fresh.pypi.contains("brand-new-project-xyz"));
        assert!(!fresh.pypi.contains("numpy"));
        assert!(fresh.status().contains("refreshed"));
    }
}
