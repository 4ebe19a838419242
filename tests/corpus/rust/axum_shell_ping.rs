use axum::{extract::Query, routing::get, Router};
use serde::Deserialize;
use std::process::Command;

#[derive(Deserialize)]
struct PingParams {
    host: String,
}

async fn ping(Query(params): Query<PingParams>) -> String {
    let output = Command::new("sh")
        .arg("-c")
        .arg(format!("ping -c 1 {}", params.host)) // expect: CWE-78
        .output()
        .expect("failed to run ping");
    String::from_utf8_lossy(&output.stdout).to_string()
}

pub fn router() -> Router {
    Router::new().route("/ping", get(ping))
}
