use axum::{extract::State, Json};
use serde::Deserialize;
use sqlx::PgPool;

#[derive(Deserialize)]
pub struct Login {
    username: String,
    password: String,
}

pub async fn login(State(pool): State<PgPool>, Json(body): Json<Login>) -> Result<String, String> {
    let query = format!(
        "SELECT id FROM users WHERE username = '{}' AND password_hash = crypt('{}', password_hash)",
        body.username, body.password
    );
    let row: (i64,) = sqlx::query_as(&query) // expect: CWE-89
        .fetch_one(&pool)
        .await
        .map_err(|e| e.to_string())?;
    Ok(format!("user {}", row.0))
}
