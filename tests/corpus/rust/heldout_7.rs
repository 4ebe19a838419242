use axum::{extract::Json, response::IntoResponse};
use serde::Deserialize;
#[derive(Deserialize)]
struct Req { url: String }
async fn proxy(Json(req): Json<Req>) -> impl IntoResponse {
    let resp = reqwest::get(req.url).await.unwrap(); // expect: CWE-918
    resp.text().await.unwrap()
}
