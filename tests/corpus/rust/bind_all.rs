use axum::{routing::get, Router};

#[tokio::main]
async fn main() {
    let app = Router::new().route("/", get(|| async { "hello" }));
    let listener = tokio::net::TcpListener::bind("0.0.0.0:8080").await.unwrap(); // expect: CWE-1327
    axum::serve(listener, app).await.unwrap();
}
