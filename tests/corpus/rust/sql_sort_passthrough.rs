use axum::extract::{Query, State};
use axum::Json;
use serde::Deserialize;
use sqlx::PgPool;

#[derive(Deserialize)]
pub struct Listing {
    order: String,
    limit: i64,
}

const TABLE: &str = "listings";

fn order_by(key: &str) -> &str {
    match key {
        "price" => "price_cents",
        "date" => "posted_at",
        other => other,
    }
}

pub async fn listings(State(pool): State<PgPool>, Query(p): Query<Listing>) -> Json<Vec<(i64, String)>> {
    let sql = format!("SELECT id, title FROM {} ORDER BY {} LIMIT $1", TABLE, order_by(&p.order));
    let rows = sqlx::query_as::<_, (i64, String)>(&sql) // expect: CWE-89
        .bind(p.limit)
        .fetch_all(&pool)
        .await
        .unwrap_or_default();
    Json(rows)
}

pub async fn listings_in(pool: &PgPool, region: &str) -> sqlx::Result<Vec<(i64,)>> {
    let column = if region.is_empty() { "id" } else { region };
    sqlx::query_as(&format!("SELECT {column} FROM {TABLE}")) // expect: CWE-89
        .fetch_all(pool)
        .await
}
