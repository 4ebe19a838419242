//! Values read from the file system, reused while the files and directories
//! they were read from keep their modification times: the project facts
//! (manifests, local modules, environments) are needed on every keystroke
//! but change rarely.

use std::collections::HashMap;
use std::hash::Hash;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// Paths with their modification times (`None`: missing).
pub type Stamp = Vec<(PathBuf, Option<SystemTime>)>;

pub fn stamp(paths: impl IntoIterator<Item = PathBuf>) -> Stamp {
    paths
        .into_iter()
        .map(|p| {
            let time = std::fs::metadata(&p).and_then(|m| m.modified()).ok();
            (p, time)
        })
        .collect()
}

/// Entries kept at most; emptied when full.
const MAX_ENTRIES: usize = 4096;

/// Values per key, each with the stamp of what it was read from.
pub struct StampCache<K, V> {
    entries: Mutex<HashMap<K, (Stamp, Arc<V>)>>,
}

impl<K, V> Default for StampCache<K, V> {
    fn default() -> Self {
        StampCache {
            entries: Mutex::new(HashMap::new()),
        }
    }
}

impl<K: Hash + Eq + Clone, V> StampCache<K, V> {
    /// The value for `key`: the cached one while every path of its stamp is
    /// unchanged, else `load()`, whose result names the paths to watch.
    pub fn get_or_load(&self, key: &K, load: impl FnOnce() -> (V, Vec<PathBuf>)) -> Arc<V> {
        let cached = {
            let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
            entries.get(key).cloned()
        };
        if let Some((old, value)) = cached {
            let paths = old.iter().map(|(p, _)| p.clone());
            if stamp(paths) == old {
                return value;
            }
        }
        let (value, watched) = load();
        let value = Arc::new(value);
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= MAX_ENTRIES {
            entries.clear();
        }
        entries.insert(key.clone(), (stamp(watched), value.clone()));
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reloads_when_a_watched_path_changes() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("requirements.txt");
        std::fs::write(&file, "a\n").unwrap();
        let cache: StampCache<u8, String> = StampCache::default();
        let load = || (std::fs::read_to_string(&file).unwrap(), vec![file.clone()]);
        assert_eq!(*cache.get_or_load(&0, load), "a\n");
        // Unchanged: the cached value, even if loading would differ.
        assert_eq!(*cache.get_or_load(&0, || ("other".into(), vec![])), "a\n");
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
        std::fs::write(&file, "b\n").unwrap();
        std::fs::File::options()
            .write(true)
            .open(&file)
            .unwrap()
            .set_modified(later)
            .unwrap();
        assert_eq!(*cache.get_or_load(&0, load), "b\n");
    }
}
