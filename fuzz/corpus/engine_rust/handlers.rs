//! An HTTP service fragment, as an assistant might suggest it.

use axum::extract::{Path, Query, State};
use serde::Deserialize;
use sqlx::PgPool;
use std::process::Command;

#[derive(Deserialize)]
pub struct Search {
    name: String,
}

pub async fn find_user(State(pool): State<PgPool>, Query(search): Query<Search>) -> String {
    let sql = format!("SELECT id, email FROM users WHERE name = '{}'", search.name);
    let rows = sqlx::query(&sql).fetch_all(&pool).await.unwrap();
    format!("{} users", rows.len())
}

pub async fn archive(Path(file): Path<String>) -> String {
    let output = Command::new("sh")
        .arg("-c")
        .arg(format!("tar czf /tmp/archive.tgz {}", file))
        .output()
        .expect("tar failed");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .danger_accept_invalid_certs(true)
        .build()
        .expect("client")
}
