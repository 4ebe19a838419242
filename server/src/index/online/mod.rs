//! Online confirmation of names the local index does not know (setting
//! `onlinePackageChecks`, off by default). The bundled index is a snapshot:
//! a package registered since, or a crate outside the most downloaded ones,
//! is unknown to it. When the user allows it, the user's own package tools
//! are asked ([`lookup`]), and their answers are kept here, in memory and on
//! disk, each with an expiry.
//!
//! The cache is also the meeting point between the analysis, which may not
//! wait, and whoever runs the lookups (the language server, `scan`): the
//! analysis asks [`OnlineCache::ask`], which answers from the cache or notes
//! the name as wanted (with the file that wanted it); the runner takes the
//! wanted names with [`OnlineCache::take_pending`], looks them up, and hands
//! the answers to [`OnlineCache::record`], which says which files to analyse
//! again.

pub mod lookup;

use super::names::Ecosystem;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::{SystemTime, UNIX_EPOCH};

/// What the user's package tool said about a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Answer {
    /// The registry has it.
    Exists,
    /// The registry answered, and has no such name.
    Missing,
    /// No usable answer: the tool is absent, failed, timed out, or the
    /// registry could not be reached.
    Unknown,
}

impl Answer {
    /// How long an answer stays good. A package may be registered any day,
    /// so "missing" is asked again sooner than "exists"; a failed lookup is
    /// retried after an hour rather than on every edit.
    pub fn lifetime_secs(self) -> u64 {
        match self {
            Answer::Exists => 7 * 86_400,
            Answer::Missing => 86_400,
            Answer::Unknown => 3_600,
        }
    }
}

/// A name to look up.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Query {
    pub ecosystem: Ecosystem,
    /// The normalised name.
    pub name: String,
}

impl Query {
    fn key(&self) -> String {
        let eco = match self.ecosystem {
            Ecosystem::PyPI => "python",
            Ecosystem::Crates => "crate",
        };
        format!("{eco}:{}", self.name)
    }
}

/// A file that waits for an answer; `None` for a buffer with no file.
pub type Waiter = Option<PathBuf>;

#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
struct Entry {
    answer: Answer,
    /// Seconds since the Unix epoch when the answer was given.
    at: u64,
}

impl Entry {
    fn fresh(&self, now: u64) -> bool {
        now.saturating_sub(self.at) < self.answer.lifetime_secs() && self.at <= now + 60
    }
}

/// The file format: `{"version": 1, "answers": {"python:name": {...}}}`.
#[derive(Default, Serialize, Deserialize)]
struct Stored {
    version: u32,
    answers: HashMap<String, Entry>,
}

const FORMAT_VERSION: u32 = 1;

#[derive(Default)]
struct State {
    loaded: bool,
    answers: HashMap<String, Entry>,
    /// Wanted and not yet taken by a runner, with the files that want them.
    pending: HashMap<Query, HashSet<Waiter>>,
    /// Being looked up, with the files that wait for them.
    in_flight: HashMap<Query, HashSet<Waiter>>,
}

/// Answers about names, shared by every analysis of the process.
pub struct OnlineCache {
    /// Where answers are kept between runs; `None`: memory only.
    file: Option<PathBuf>,
    state: Mutex<State>,
    /// One write of the file at a time (lookups finish on several threads).
    writing: Mutex<()>,
}

/// Seconds since the Unix epoch.
pub fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl OnlineCache {
    /// A cache kept in `file` (read on first use, written after each answer).
    pub fn new(file: Option<PathBuf>) -> OnlineCache {
        OnlineCache {
            file,
            state: Mutex::new(State::default()),
            writing: Mutex::new(()),
        }
    }

    /// The process's cache, in [`cache_file`].
    pub fn global() -> &'static OnlineCache {
        static CACHE: OnceLock<OnlineCache> = OnceLock::new();
        CACHE.get_or_init(|| OnlineCache::new(cache_file()))
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if !state.loaded {
            state.loaded = true;
            state.answers = self.read_file();
        }
        state
    }

    fn read_file(&self) -> HashMap<String, Entry> {
        let Some(text) = self.file.as_ref().and_then(|f| std::fs::read(f).ok()) else {
            return HashMap::new();
        };
        match serde_json::from_slice::<Stored>(&text) {
            Ok(stored) if stored.version == FORMAT_VERSION => stored.answers,
            _ => HashMap::new(), // another format or damaged: start afresh
        }
    }

    /// The answer about `query` when a fresh one is known. Otherwise the
    /// name is noted as wanted by `waiter`, for a runner to look up, and
    /// `None` is returned: the caller judges without it for now.
    pub fn ask(&self, query: &Query, waiter: Option<&Path>) -> Option<Answer> {
        self.ask_at(query, waiter, now_secs())
    }

    pub fn ask_at(&self, query: &Query, waiter: Option<&Path>, now: u64) -> Option<Answer> {
        let mut state = self.state();
        if let Some(entry) = state.answers.get(&query.key()).filter(|e| e.fresh(now)) {
            return Some(entry.answer);
        }
        let waiter = waiter.map(Path::to_path_buf);
        if let Some(waiting) = state.in_flight.get_mut(query) {
            waiting.insert(waiter);
        } else {
            state
                .pending
                .entry(query.clone())
                .or_default()
                .insert(waiter);
        }
        None
    }

    /// The wanted names, now counted as being looked up: each is handed out
    /// once until its answer is recorded.
    pub fn take_pending(&self) -> Vec<Query> {
        let mut state = self.state();
        let pending = std::mem::take(&mut state.pending);
        let mut out = Vec::with_capacity(pending.len());
        for (query, waiters) in pending {
            out.push(query.clone());
            state.in_flight.insert(query, waiters);
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    /// Keep `answer` about `query` and write the cache file. Returns the
    /// files that waited for it (to analyse again).
    pub fn record(&self, query: &Query, answer: Answer) -> Vec<Waiter> {
        self.record_at(query, answer, now_secs())
    }

    pub fn record_at(&self, query: &Query, answer: Answer, now: u64) -> Vec<Waiter> {
        let mut state = self.state();
        state.answers.insert(query.key(), Entry { answer, at: now });
        let mut waiters: HashSet<Waiter> = state.in_flight.remove(query).unwrap_or_default();
        waiters.extend(state.pending.remove(query).unwrap_or_default());
        state.answers.retain(|_, e| e.fresh(now));
        let stored = Stored {
            version: FORMAT_VERSION,
            answers: state.answers.clone(),
        };
        drop(state);
        if let Some(file) = &self.file {
            let _one_writer = self.writing.lock().unwrap_or_else(|e| e.into_inner());
            if let Err(e) = write_atomically(file, &stored) {
                eprintln!(
                    "suggestguard: could not write the package answer cache {}: {e}",
                    file.display()
                );
            }
        }
        let mut waiters: Vec<Waiter> = waiters.into_iter().collect();
        waiters.sort();
        waiters
    }

    /// Names being looked up or waiting to be, for status and tests.
    pub fn outstanding(&self) -> usize {
        let state = self.state();
        state.pending.len() + state.in_flight.len()
    }
}

/// Write through a temporary file and a rename, so a reader never sees half
/// a file. Answers other processes wrote meanwhile are kept unless newer here.
fn write_atomically(file: &Path, stored: &Stored) -> std::io::Result<()> {
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut merged = Stored {
        version: FORMAT_VERSION,
        answers: HashMap::new(),
    };
    if let Ok(bytes) = std::fs::read(file) {
        if let Ok(old) = serde_json::from_slice::<Stored>(&bytes) {
            if old.version == FORMAT_VERSION {
                let now = now_secs();
                merged.answers = old.answers;
                merged.answers.retain(|_, e| e.fresh(now));
            }
        }
    }
    for (key, entry) in &stored.answers {
        let newer = merged.answers.get(key).is_none_or(|old| old.at <= entry.at);
        if newer {
            merged.answers.insert(key.clone(), *entry);
        }
    }
    let tmp = file.with_extension(format!("tmp{}", std::process::id()));
    std::fs::write(&tmp, serde_json::to_vec_pretty(&merged)?)?;
    std::fs::rename(&tmp, file)
}

/// Where answers are kept: `$SUGGESTGUARD_CACHE_DIR`, else
/// `$XDG_CACHE_HOME/suggestguard`, else `~/.cache/suggestguard`
/// (`%LOCALAPPDATA%\suggestguard` on Windows), file `online-packages.json`.
pub fn cache_file() -> Option<PathBuf> {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    let dir = if let Some(dir) = var("SUGGESTGUARD_CACHE_DIR") {
        PathBuf::from(dir)
    } else if let Some(dir) = var("XDG_CACHE_HOME") {
        PathBuf::from(dir).join("suggestguard")
    } else if let Some(dir) = var("LOCALAPPDATA").filter(|_| cfg!(windows)) {
        PathBuf::from(dir).join("suggestguard")
    } else {
        super::home_dir()?.join(".cache").join("suggestguard")
    };
    Some(dir.join("online-packages.json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(name: &str) -> Query {
        Query {
            ecosystem: Ecosystem::PyPI,
            name: name.to_owned(),
        }
    }

    #[test]
    fn answers_expire_by_kind() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("cache.json");
        let cache = OnlineCache::new(Some(file.clone()));
        let t0 = 1_700_000_000;
        cache.record_at(&q("real-pkg"), Answer::Exists, t0);
        cache.record_at(&q("made-up-pkg"), Answer::Missing, t0);
        cache.record_at(&q("offline-pkg"), Answer::Unknown, t0);
        let hour = 3_600;
        // Within an hour all three answers stand.
        for (name, answer) in [
            ("real-pkg", Answer::Exists),
            ("made-up-pkg", Answer::Missing),
            ("offline-pkg", Answer::Unknown),
        ] {
            assert_eq!(cache.ask_at(&q(name), None, t0 + hour - 1), Some(answer));
        }
        // After an hour a failed lookup is tried again; after a day, "missing" too.
        assert_eq!(cache.ask_at(&q("offline-pkg"), None, t0 + hour + 1), None);
        assert_eq!(
            cache.ask_at(&q("made-up-pkg"), None, t0 + 86_400 - 1),
            Some(Answer::Missing)
        );
        assert_eq!(cache.ask_at(&q("made-up-pkg"), None, t0 + 86_400 + 1), None);
        assert_eq!(
            cache.ask_at(&q("real-pkg"), None, t0 + 6 * 86_400),
            Some(Answer::Exists)
        );
        assert_eq!(
            cache.ask_at(&q("real-pkg"), None, t0 + 7 * 86_400 + 1),
            None
        );
        // The expired names are now wanted again.
        let wanted: Vec<String> = cache.take_pending().into_iter().map(|q| q.name).collect();
        assert_eq!(wanted, ["made-up-pkg", "offline-pkg", "real-pkg"]);
    }

    #[test]
    fn answers_survive_a_restart_through_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("sub").join("cache.json");
        let t0 = now_secs();
        OnlineCache::new(Some(file.clone())).record_at(&q("real-pkg"), Answer::Exists, t0);
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains("python:real-pkg"), "{text}");
        let again = OnlineCache::new(Some(file.clone()));
        assert_eq!(
            again.ask_at(&q("real-pkg"), None, t0 + 10),
            Some(Answer::Exists)
        );
        // A second process's answers are merged, not overwritten.
        let other = OnlineCache::new(Some(file.clone()));
        other.record_at(&q("other-pkg"), Answer::Missing, t0 + 20);
        let third = OnlineCache::new(Some(file));
        assert_eq!(
            third.ask_at(&q("real-pkg"), None, t0 + 30),
            Some(Answer::Exists)
        );
        assert_eq!(
            third.ask_at(&q("other-pkg"), None, t0 + 30),
            Some(Answer::Missing)
        );
    }

    #[test]
    fn answers_recorded_at_once_on_many_threads_all_reach_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("cache.json");
        let cache = OnlineCache::new(Some(file.clone()));
        std::thread::scope(|s| {
            for i in 0..8 {
                let cache = &cache;
                s.spawn(move || cache.record(&q(&format!("name-{i}")), Answer::Exists));
            }
        });
        let again = OnlineCache::new(Some(file));
        for i in 0..8 {
            assert_eq!(
                again.ask(&q(&format!("name-{i}")), None),
                Some(Answer::Exists)
            );
        }
    }

    #[test]
    fn a_damaged_file_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("cache.json");
        std::fs::write(&file, "{not json").unwrap();
        let cache = OnlineCache::new(Some(file));
        assert_eq!(cache.ask(&q("x"), None), None);
    }

    #[test]
    fn wanted_names_are_handed_out_once_with_their_files() {
        let cache = OnlineCache::new(None);
        let (a, b) = (Path::new("/p/a.py"), Path::new("/p/b.py"));
        assert_eq!(cache.ask(&q("ghost"), Some(a)), None);
        assert_eq!(cache.ask(&q("ghost"), Some(b)), None);
        assert_eq!(cache.take_pending(), vec![q("ghost")]);
        // In flight: asked again, it is not handed out twice, but the file waits.
        assert_eq!(cache.ask(&q("ghost"), None), None);
        assert!(cache.take_pending().is_empty());
        assert_eq!(cache.outstanding(), 1);
        let waiters = cache.record(&q("ghost"), Answer::Missing);
        assert_eq!(waiters, vec![None, Some(a.into()), Some(b.into())]);
        assert_eq!(cache.ask(&q("ghost"), Some(a)), Some(Answer::Missing));
        assert_eq!(cache.outstanding(), 0);
    }
}
