use axum::extract::{Query, State};
use axum::Json;
use serde::Deserialize;
use sqlx::SqlitePool;

#[derive(Deserialize)]
pub struct ListParams {
    sort: Option<String>,
    descending: Option<bool>,
    q: String,
}

fn sort_column(key: Option<&str>) -> &'static str {
    match key {
        Some("name") => "display_name",
        Some("joined") => "created_at",
        _ => "id",
    }
}

pub async fn list_members(
    State(pool): State<SqlitePool>,
    Query(params): Query<ListParams>,
) -> Json<Vec<(i64, String)>> {
    let direction = if params.descending.unwrap_or(false) { "DESC" } else { "ASC" };
    let sql = format!(
        "SELECT id, display_name FROM members WHERE display_name LIKE ?1 ORDER BY {} {}",
        sort_column(params.sort.as_deref()),
        direction
    );
    let rows = sqlx::query_as::<_, (i64, String)>(&sql)
        .bind(format!("%{}%", params.q))
        .fetch_all(&pool)
        .await
        .unwrap_or_default();
    Json(rows)
}

pub async fn by_status(pool: &SqlitePool, archived: bool) -> sqlx::Result<Vec<(i64,)>> {
    let table = match archived {
        true => "members_archive",
        false => "members",
    };
    sqlx::query_as(&format!("SELECT id FROM {table} ORDER BY id"))
        .fetch_all(pool)
        .await
}
