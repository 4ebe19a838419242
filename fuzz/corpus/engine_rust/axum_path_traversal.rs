use axum::{extract::Path, http::StatusCode};
use std::path::PathBuf;

pub async fn download(Path(filename): Path<String>) -> Result<Vec<u8>, StatusCode> {
    let mut path = PathBuf::from("/srv/app/uploads");
    path.push(&filename);
    tokio::fs::read(&path).await.map_err(|_| StatusCode::NOT_FOUND) // expect: CWE-22
}
