use axum::extract::Query;
use serde::Deserialize;
use std::process::Command;

#[derive(Deserialize)]
struct PingParams {
    host: String,
}

async fn ping(Query(params): Query<PingParams>) -> String {
    let output = Command::new("ping")
        .arg("-c")
        .arg("1")
        .arg(&params.host)
        .output()
        .expect("failed to run ping");
    String::from_utf8_lossy(&output.stdout).to_string()
}
