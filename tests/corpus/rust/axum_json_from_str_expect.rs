use axum::body::Bytes;
use serde::Deserialize;

#[derive(Deserialize)]
struct Event {
    kind: String,
}

pub async fn ingest(body: Bytes) -> String {
    let event: Event = serde_json::from_slice(&body).expect("valid event"); // expect: CWE-400
    event.kind
}
