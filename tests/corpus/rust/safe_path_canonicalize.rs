use axum::{extract::Path, http::StatusCode};
use std::path::PathBuf;

pub async fn download(Path(filename): Path<String>) -> Result<Vec<u8>, StatusCode> {
    let base = PathBuf::from("/srv/app/uploads").canonicalize().map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    let path = base.join(&filename).canonicalize().map_err(|_| StatusCode::NOT_FOUND)?;
    if !path.starts_with(&base) {
        return Err(StatusCode::FORBIDDEN);
    }
    tokio::fs::read(&path).await.map_err(|_| StatusCode::NOT_FOUND)
}
