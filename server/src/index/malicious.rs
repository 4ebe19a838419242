//! Known-malicious package names, from OSV-style records (the format of the
//! OpenSSF malicious-packages data): `{"id": "MAL-...", "summary": ...,
//! "affected": [{"package": {"ecosystem": "PyPI", "name": "..."}}]}`.
//! The data is optional: a file `malicious.json` (one record, an array of
//! records or one record per line) or a directory `malicious/` of such files,
//! in the user data directory. A hit is reported as an error.

use super::names::Ecosystem;
use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

/// Why a name is known to be malicious.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Advisory {
    pub id: String,
    pub summary: String,
}

/// Normalised names per ecosystem -> advisory.
#[derive(Debug, Default)]
pub struct MaliciousDb {
    entries: HashMap<(Ecosystem, String), Advisory>,
}

impl MaliciousDb {
    /// The records in the user data directory, read once.
    pub fn global() -> &'static MaliciousDb {
        static DB: OnceLock<MaliciousDb> = OnceLock::new();
        DB.get_or_init(|| {
            let mut db = MaliciousDb::default();
            if let Some(dir) = super::user_data_dir() {
                db.load_path(&dir.join("malicious.json"));
                db.load_path(&dir.join("malicious"));
            }
            db
        })
    }

    /// Read a file or every `*.json` file of a directory; unreadable files are skipped.
    pub fn load_path(&mut self, path: &Path) {
        if path.is_dir() {
            let Ok(entries) = std::fs::read_dir(path) else {
                return;
            };
            for entry in entries.flatten() {
                let p = entry.path();
                if p.extension().is_some_and(|e| e == "json" || e == "jsonl") {
                    self.load_path(&p);
                }
            }
        } else if let Ok(text) = std::fs::read_to_string(path) {
            self.add_text(&text);
        }
    }

    /// Add the records in `text`; returns how many package names were added.
    pub fn add_text(&mut self, text: &str) -> usize {
        let before = self.entries.len();
        match serde_json::from_str::<serde_json::Value>(text) {
            Ok(serde_json::Value::Array(records)) => {
                records.iter().for_each(|r| self.add_record(r))
            }
            Ok(record) => self.add_record(&record),
            Err(_) => text
                .lines()
                .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
                .for_each(|r| self.add_record(&r)),
        }
        self.entries.len() - before
    }

    fn add_record(&mut self, record: &serde_json::Value) {
        let id = record
            .get("id")
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_owned();
        let summary = record
            .get("summary")
            .or_else(|| record.get("details"))
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_owned();
        let Some(affected) = record.get("affected").and_then(|a| a.as_array()) else {
            return;
        };
        for a in affected {
            let Some(package) = a.get("package") else {
                continue;
            };
            let eco = match package.get("ecosystem").and_then(|e| e.as_str()) {
                Some("PyPI") => Ecosystem::PyPI,
                // The crates registry's OSV ecosystem name starts with "crates".
                Some(e) if e.to_ascii_lowercase().starts_with("crates") => Ecosystem::Crates,
                _ => continue,
            };
            if let Some(name) = package.get("name").and_then(|n| n.as_str()) {
                self.entries.insert(
                    (eco, eco.normalize(name)),
                    Advisory {
                        id: id.clone(),
                        summary: summary.clone(),
                    },
                );
            }
        }
    }

    pub fn get(&self, eco: Ecosystem, normalized: &str) -> Option<&Advisory> {
        self.entries.get(&(eco, normalized.to_owned()))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_osv_records_in_all_shapes() {
        let mut db = MaliciousDb::default();
        let one = r#"{"id":"MAL-1","summary":"steals tokens","affected":[{"package":{"ecosystem":"PyPI","name":"Evil_Pkg"}}]}"#;
        assert_eq!(db.add_text(one), 1);
        let lines = "{\"id\":\"MAL-2\",\"affected\":[{\"package\":{\"ecosystem\":\"crates\",\"name\":\"bad_crate\"}}]}\n{\"id\":\"MAL-3\",\"affected\":[{\"package\":{\"ecosystem\":\"npm\",\"name\":\"x\"}}]}\n";
        assert_eq!(db.add_text(lines), 1);
        assert_eq!(db.get(Ecosystem::PyPI, "evil-pkg").unwrap().id, "MAL-1");
        assert!(db.get(Ecosystem::Crates, "bad-crate").is_some());
        assert!(db.get(Ecosystem::PyPI, "requests").is_none());
    }
}
