//! The local package index: which Python projects and crates exist, how
//! popular they are, and their latest version. Built from registry name lists
//! by [`build`] into compact fst files (data/index/, see docs/package-index.md),
//! embedded in the binary and loaded once, on first use. A refreshed index in
//! the user's data directory (written by `suggestguard index update`) takes
//! precedence over the embedded one.

pub mod build;
pub mod cargo_cache;
pub mod env;
pub mod fuzzy;
pub mod malicious;
pub mod manifests;
pub mod names;
pub mod online;
pub mod packed;
pub mod stamp;
pub mod stdlib;
pub mod update;
pub mod verdict;

pub use names::Ecosystem;

use packed::{month_text, Packed};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Bytes of one index file: embedded in the binary or read from disk.
pub enum Bytes {
    Static(&'static [u8]),
    Owned(Vec<u8>),
}

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        match self {
            Bytes::Static(b) => b,
            Bytes::Owned(b) => b,
        }
    }
}

macro_rules! embedded {
    ($file:literal) => {
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/index/", $file))
    };
}

/// What the index knows of one name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackageInfo {
    /// The name as the registry publishes it (normalised for Python).
    pub name: String,
    /// Download rank, 1 = most downloaded; `None` outside the ranked set.
    pub rank: Option<u32>,
    /// Month of the latest release (`2024-09`), when known.
    pub month: Option<String>,
    /// Latest version, when known.
    pub version: Option<String>,
}

/// The index of one registry.
pub struct Registry {
    map: fst::Map<Bytes>,
    /// Names that did-you-mean may suggest (Python: the ranked projects).
    /// `None`: every name of `map` is a candidate (crates: all are popular).
    popular: Option<fst::Set<Bytes>>,
    versions: Vec<String>,
    /// Published spelling by rank (crates), line n = rank n+1.
    display: Vec<String>,
    /// Most ranked entries: the ranked set holds ranks 1..=ranked.
    pub ranked: u32,
    tables: std::sync::OnceLock<fuzzy::Tables>,
}

impl Registry {
    fn load(
        map: Bytes,
        popular: Option<Bytes>,
        versions: &str,
        display: &str,
    ) -> Result<Registry, String> {
        let map = fst::Map::new(map).map_err(|e| e.to_string())?;
        let popular = match popular {
            Some(p) => Some(fst::Set::new(p).map_err(|e| e.to_string())?),
            None => None,
        };
        let display: Vec<String> = display.lines().map(str::to_owned).collect();
        let ranked = match &popular {
            Some(p) => p.len() as u32,
            None => display.len() as u32,
        };
        Ok(Registry {
            map,
            popular,
            versions: versions.lines().map(str::to_owned).collect(),
            display,
            ranked,
            tables: fuzzy::tables_cell(),
        })
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Is the normalised name known?
    pub fn contains(&self, normalized: &str) -> bool {
        self.map.contains_key(normalized)
    }

    /// What is known of a normalised name.
    pub fn get(&self, normalized: &str) -> Option<PackageInfo> {
        let packed = Packed::decode(self.map.get(normalized)?);
        let rank = (packed.rank > 0).then_some(packed.rank);
        let name = rank
            .and_then(|r| self.display.get(r as usize - 1))
            .cloned()
            .unwrap_or_else(|| normalized.to_owned());
        Some(PackageInfo {
            name,
            rank,
            month: month_text(packed.month),
            version: (packed.version > 0)
                .then(|| self.versions.get(packed.version as usize - 1).cloned())
                .flatten(),
        })
    }

    /// Rank of a normalised name, if ranked.
    pub fn rank(&self, normalized: &str) -> Option<u32> {
        let r = Packed::decode(self.map.get(normalized)?).rank;
        (r > 0).then_some(r)
    }

    /// Is the normalised name a did-you-mean candidate (a popular name)?
    pub fn is_popular(&self, normalized: &str) -> bool {
        match &self.popular {
            Some(set) => set.contains(normalized),
            None => self.map.contains_key(normalized),
        }
    }

    /// The rank of a popular name; `None` for names that are not candidates.
    pub fn rank_any(&self, normalized: &str) -> Option<u32> {
        if !self.is_popular(normalized) {
            return None;
        }
        self.rank(normalized)
    }

    /// Side tables of the fuzzy matcher, built on first use.
    pub fn tables(&self) -> &fuzzy::Tables {
        self.tables.get_or_init(|| fuzzy::build_tables(self))
    }

    /// The names did-you-mean may suggest within `distance` edits of `query`.
    pub fn popular_within(&self, query: &str, distance: u32) -> Vec<String> {
        use fst::{IntoStreamer, Streamer};
        let Ok(automaton) = fst::automaton::Levenshtein::new(query, distance) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        match &self.popular {
            Some(set) => {
                let mut stream = set.search(&automaton).into_stream();
                while let Some(key) = stream.next() {
                    out.push(String::from_utf8_lossy(key).into_owned());
                }
            }
            None => {
                let mut stream = self.map.search(&automaton).into_stream();
                while let Some((key, _)) = stream.next() {
                    out.push(String::from_utf8_lossy(key).into_owned());
                }
            }
        }
        out
    }

    /// Every did-you-mean candidate (normalised), for building side tables.
    pub fn popular_names(&self) -> Vec<String> {
        use fst::Streamer;
        let mut out = Vec::new();
        match &self.popular {
            Some(set) => {
                let mut stream = set.stream();
                while let Some(key) = stream.next() {
                    out.push(String::from_utf8_lossy(key).into_owned());
                }
            }
            None => {
                let mut stream = self.map.stream();
                while let Some((key, _)) = stream.next() {
                    out.push(String::from_utf8_lossy(key).into_owned());
                }
            }
        }
        out
    }
}

/// Where the loaded index came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Embedded,
    Directory(PathBuf),
}

/// The Python and crate indexes plus what they were built from.
pub struct PackageIndex {
    pub pypi: Registry,
    pub crates: Option<Registry>,
    pub origin: Origin,
    /// `key = value` pairs of meta.txt.
    pub meta: Vec<(String, String)>,
}

impl PackageIndex {
    /// The index in force: the user's refreshed one when present and valid,
    /// else the embedded one. Loaded once per process, on first use.
    pub fn global() -> &'static PackageIndex {
        static INDEX: OnceLock<PackageIndex> = OnceLock::new();
        INDEX.get_or_init(|| {
            if let Some(dir) = user_index_dir().filter(|d| d.join("pypi.fst").is_file()) {
                match PackageIndex::from_dir(&dir) {
                    Ok(index) => return index,
                    Err(e) => eprintln!(
                        "suggestguard: the package index in {} is unreadable ({e}); using the built-in one",
                        dir.display()
                    ),
                }
            }
            PackageIndex::embedded()
        })
    }

    /// The index compiled into the binary.
    pub fn embedded() -> PackageIndex {
        let pypi = Registry::load(
            Bytes::Static(embedded!("pypi.fst")),
            Some(Bytes::Static(embedded!("pypi-popular.fst"))),
            include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/data/index/pypi-versions.txt"
            )),
            "",
        )
        .expect("the embedded Python index is valid (checked by tests)");
        let crates = Registry::load(
            Bytes::Static(embedded!("crates.fst")),
            None,
            include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/data/index/crates-versions.txt"
            )),
            include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/data/index/crates-names.txt"
            )),
        )
        .ok();
        PackageIndex {
            pypi,
            crates,
            origin: Origin::Embedded,
            meta: parse_meta(include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/data/index/meta.txt"
            ))),
        }
    }

    /// An index written by [`build`] into `dir`. Files missing there (crates)
    /// are taken from the embedded index.
    pub fn from_dir(dir: &Path) -> Result<PackageIndex, String> {
        let read = |f: &str| std::fs::read(dir.join(f)).map_err(|e| format!("{f}: {e}"));
        let read_text = |f: &str| std::fs::read_to_string(dir.join(f)).unwrap_or_default();
        let pypi = Registry::load(
            Bytes::Owned(read("pypi.fst")?),
            Some(Bytes::Owned(read("pypi-popular.fst")?)),
            &read_text("pypi-versions.txt"),
            "",
        )?;
        let crates = match read("crates.fst") {
            Ok(bytes) => Some(Registry::load(
                Bytes::Owned(bytes),
                None,
                &read_text("crates-versions.txt"),
                &read_text("crates-names.txt"),
            )?),
            Err(_) => PackageIndex::embedded().crates,
        };
        Ok(PackageIndex {
            pypi,
            crates,
            origin: Origin::Directory(dir.to_path_buf()),
            meta: parse_meta(&read_text("meta.txt")),
        })
    }

    pub fn registry(&self, eco: Ecosystem) -> Option<&Registry> {
        match eco {
            Ecosystem::PyPI => Some(&self.pypi),
            Ecosystem::Crates => self.crates.as_ref(),
        }
    }

    /// A `meta.txt` value.
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.meta
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Human-readable summary for `suggestguard index status`.
    pub fn status(&self) -> String {
        let origin = match &self.origin {
            Origin::Embedded => "built into this binary".to_owned(),
            Origin::Directory(d) => format!("{} (refreshed)", d.display()),
        };
        let mut out = format!("package index: {origin}\n");
        out.push_str(&format!(
            "  Python projects: {} ({} ranked by downloads)\n",
            self.pypi.len(),
            self.pypi.ranked
        ));
        match &self.crates {
            Some(c) => out.push_str(&format!("  crates: {} (the most downloaded)\n", c.len())),
            None => out.push_str("  crates: none\n"),
        }
        if let Some(snapshot) = self.meta("snapshot").filter(|s| !s.is_empty()) {
            out.push_str(&format!("  snapshot: {snapshot}"));
            if let Some(age) = months_since(snapshot) {
                out.push_str(&format!(" ({age} months old)"));
            }
            out.push('\n');
        }
        if let Some(updated) = self.meta("updated") {
            out.push_str(&format!("  updated: {updated}\n"));
        }
        let cached = cargo_cache::known_crates().len();
        out.push_str(&format!(
            "  crates in cargo's local registry cache: {cached}\n"
        ));
        out
    }
}

fn parse_meta(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect()
}

/// Whole months between `YYYY-MM` and now.
fn months_since(month: &str) -> Option<i64> {
    let index = i64::from(packed::month_index(month));
    if index == 0 {
        return None;
    }
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs() as i64;
    // Days since 1970-01-01 -> civil year/month (Howard Hinnant's algorithm).
    let days = secs / 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    let now = (y - 2000) * 12 + m;
    Some((now - index).max(0))
}

/// Today's date as `YYYY-MM-DD` (UTC), for meta.txt.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let days = secs / 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Where `index update` writes and where a refreshed index is looked for:
/// `$SUGGESTGUARD_DATA_DIR`, else `$XDG_DATA_HOME/suggestguard`, else
/// `~/.local/share/suggestguard` (`%APPDATA%\suggestguard` on Windows).
pub fn user_data_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("SUGGESTGUARD_DATA_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    if let Some(dir) = std::env::var_os("XDG_DATA_HOME").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir).join("suggestguard"));
    }
    if cfg!(windows) {
        if let Some(dir) = std::env::var_os("APPDATA") {
            return Some(PathBuf::from(dir).join("suggestguard"));
        }
    }
    home_dir().map(|h| h.join(".local").join("share").join("suggestguard"))
}

/// The refreshed index's directory.
pub fn user_index_dir() -> Option<PathBuf> {
    user_data_dir().map(|d| d.join("index"))
}

/// The user's home directory, from the environment.
pub fn home_dir() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .or_else(|| std::env::var_os("USERPROFILE"))
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
}
