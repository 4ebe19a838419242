use axum::extract::{Query, State};
use std::collections::HashMap;
use std::sync::Arc;

pub struct AppState {
    cache: HashMap<String, String>,
}

pub async fn lookup(State(state): State<Arc<AppState>>, Query(q): Query<HashMap<String, String>>) -> String {
    let key = q.get("key").cloned().unwrap_or_default();
    state.cache.get(&key).cloned().unwrap_or_default()
}
