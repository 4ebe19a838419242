//! Online package checks, server side: after an analysis, look up the names
//! it left in the answer cache (`index::online`) in the background, a few at
//! a time, and when an answer changes what a document shows, have the store
//! analyse that document again. An edit never waits for a lookup.

use super::store::Msg;
use crate::index::online::{lookup, Answer, OnlineCache};
use std::sync::Arc;
use tokio::sync::{mpsc, Semaphore};

/// Bounds the lookups running at once (each one starts pip or cargo).
pub struct Permits(Arc<Semaphore>);

impl Default for Permits {
    fn default() -> Permits {
        Permits(Arc::new(Semaphore::new(lookup::CONCURRENCY)))
    }
}

/// Start a lookup for every name an analysis wanted that nobody is looking
/// up yet. A name wanted again while in flight is not asked twice (the cache
/// hands each out once); its files wait for the one answer.
pub fn dispatch(permits: &Permits, store: &mpsc::WeakUnboundedSender<Msg>) {
    let cache = OnlineCache::global();
    for query in cache.take_pending() {
        let permits = permits.0.clone();
        let store = store.clone();
        tokio::spawn(async move {
            let permit = permits.acquire_owned().await.ok();
            let asked = query.clone();
            let answer = tokio::task::spawn_blocking(move || lookup::lookup(&asked))
                .await
                .unwrap_or(Answer::Unknown);
            drop(permit);
            let files = cache.record(&query, answer);
            // "Unknown" leaves the local verdict as it was: nothing to redo.
            if answer != Answer::Unknown && !files.is_empty() {
                if let Some(store) = store.upgrade() {
                    let _ = store.send(Msg::Reanalyse { files });
                }
            }
        });
    }
}
