use axum::extract::Query;
use std::collections::HashMap;
use std::path::Path;

pub async fn upload(Query(q): Query<HashMap<String, String>>, body: axum::body::Bytes) -> &'static str {
    let name = q.get("name").cloned().unwrap_or_else(|| "upload.bin".into());
    let dest = Path::new("uploads").join(name);
    std::fs::write(dest, &body).unwrap(); // expect: CWE-22
    "ok"
}
