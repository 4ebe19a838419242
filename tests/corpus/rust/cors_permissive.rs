use axum::{routing::get, Router};
use tower_http::cors::CorsLayer;

pub fn app() -> Router {
    Router::new()
        .route("/api/me", get(|| async { "me" }))
        .layer(CorsLayer::permissive()) // expect: CWE-942
}
