use axum::{extract::Query, http::StatusCode};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Fetch {
    url: String,
}

pub async fn fetch_preview(Query(params): Query<Fetch>) -> Result<String, StatusCode> {
    let response = reqwest::get(&params.url) // expect: CWE-918
        .await
        .map_err(|_| StatusCode::BAD_GATEWAY)?;
    response.text().await.map_err(|_| StatusCode::BAD_GATEWAY)
}
