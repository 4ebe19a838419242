use axum::{extract::Query, http::StatusCode};
use std::collections::HashMap;

pub async fn items(Query(q): Query<HashMap<String, String>>) -> Result<String, StatusCode> {
    let page: usize = q
        .get("page")
        .ok_or(StatusCode::BAD_REQUEST)?
        .parse()
        .map_err(|_| StatusCode::BAD_REQUEST)?;
    Ok(format!("page {page}"))
}

fn main_config() -> u16 {
    "8080".parse().unwrap()
}
